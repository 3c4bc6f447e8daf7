use leptos::prelude::*;

use crate::components::{
    CopyLink, ErrorNav, ExportMenu, FullscreenToggle, InspectToggle, PlayToggle, ProblemsBadge, RemoteAssetsToggle,
    SkipToggle, SpeedSelect, StreamStatus, TimeDisplay, Timeline,
};
use crate::player::{Controller, PlayerSignals};

/// The control bar under the replay: the timeline, then the playback controls and, after them,
/// the secondary ones, which wrap to a second row when the window is narrow (and show icons
/// only on a phone; their names stay for screen readers and tooltips).
#[component]
pub fn Controls(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    // Built with the player ready, a task after the first frame (or once the load failed):
    // building the bar first would hold the first frame back. The empty bar keeps its place.
    let shown = Memo::new(move |_| signals.settled());
    let ctl = StoredValue::new_local(controller);
    view! {
        <div class="controls" role="toolbar" aria-label="Playback">
            {move || shown.get().then(|| bar(signals, ctl.get_value()))}
        </div>
    }
}

/// The bar itself: the timeline, then the rows of controls.
fn bar(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    view! {
        <Timeline signals=signals controller=controller.clone()/>
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
