use leptos::prelude::*;

use crate::components::{PlayToggle, ProblemsBadge, SkipToggle, SpeedSelect, TimeDisplay, Timeline};
use crate::player::{Controller, PlayerSignals};

/// The control bar under the replay.
#[component]
pub fn Controls(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    view! {
        <div class="controls" role="toolbar" aria-label="Playback">
            <PlayToggle signals=signals controller=controller.clone()/>
            <TimeDisplay signals=signals/>
            <Timeline signals=signals controller=controller.clone()/>
            <SpeedSelect signals=signals controller=controller.clone()/>
            <SkipToggle signals=signals controller=controller/>
            <ProblemsBadge signals=signals/>
        </div>
    }
}
