use leptos::prelude::*;

use crate::components::{
    CopyLink, ErrorNav, PlayToggle, ProblemsBadge, RemoteAssetsToggle, SkipToggle, SpeedSelect, StreamStatus,
    TimeDisplay, Timeline,
};
use crate::player::{Controller, PlayerSignals};

/// The control bar under the replay.
#[component]
pub fn Controls(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    view! {
        <div class="controls" role="toolbar" aria-label="Playback">
            <Timeline signals=signals controller=controller.clone()/>
            <div class="controls-row">
            <PlayToggle signals=signals controller=controller.clone()/>
            <TimeDisplay signals=signals/>
            <StreamStatus signals=signals/>
            <span class="spacer"></span>
            <SpeedSelect signals=signals controller=controller.clone()/>
            <SkipToggle signals=signals controller=controller.clone()/>
            <ErrorNav signals=signals controller=controller.clone()/>
            <RemoteAssetsToggle signals=signals controller=controller.clone()/>
            <CopyLink signals=signals/>
            <ProblemsBadge signals=signals/>
            </div>
        </div>
    }
}
