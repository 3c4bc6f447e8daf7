use leptos::prelude::*;

use crate::components::{
    CopyLink, ErrorNav, ExportMenu, FullscreenToggle, InspectToggle, PlayToggle, ProblemsBadge, RemoteAssetsToggle,
    SkipToggle, SpeedSelect, StreamStatus, TimeDisplay, Timeline,
};
use crate::hooks::{turn, use_in_turn};
use crate::player::{Controller, PlayerSignals};

/// The control bar under the replay: the timeline, then the playback controls and, after them,
/// the secondary ones, which wrap to a second row when the window is narrow (and show icons
/// only on a phone; their names stay for screen readers and tooltips).
#[component]
pub fn Controls(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    // Built once the player is ready (or the load failed), the timeline and then the controls
    // each in a task of its own: building the bar first would hold the first frame back, and
    // at once it was one long task. The empty bar keeps its place.
    let timeline = use_in_turn(move || signals.settled().then_some(turn::TIMELINE));
    let row = use_in_turn(move || signals.settled().then_some(turn::CONTROLS));
    let ctl = StoredValue::new_local(controller);
    view! {
        <div class="controls" role="toolbar" aria-label="Playback">
            {move || timeline.get().then(|| view! { <Timeline signals=signals controller=ctl.get_value()/> })}
            {move || row.get().then(|| controls_row(signals, ctl.get_value()))}
        </div>
    }
}

/// The rows of controls under the timeline.
fn controls_row(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    view! {
        <div class="controls-row" data-testid="controls-row">
            <div class="controls-main">
                <PlayToggle signals=signals controller=controller.clone()/>
                <TimeDisplay signals=signals/>
                <ErrorNav signals=signals controller=controller.clone()/>
                <StreamStatus signals=signals/>
            </div>
            <div class="controls-extra">
                <SpeedSelect signals=signals controller=controller.clone()/>
                <SkipToggle signals=signals controller=controller.clone()/>
                <RemoteAssetsToggle signals=signals controller=controller.clone()/>
                <InspectToggle signals=signals controller=controller.clone()/>
                <CopyLink signals=signals/>
                <ExportMenu signals=signals controller=controller.clone()/>
                <FullscreenToggle signals=signals/>
                <ProblemsBadge signals=signals/>
            </div>
        </div>
    }
}
