use leptos::prelude::*;

use crate::components::ProblemsBadge;
use crate::controller::PlayerSignals;
use crate::format;

/// Below the replay: where the playhead is, and what the session holds.
#[component]
pub fn StatusBar(signals: PlayerSignals) -> impl IntoView {
    let info = signals.info;
    view! {
        <div class="status-bar">
            <span class="time">
                <span data-testid="current-time">{move || format::clock(signals.time_ms.get())}</span>
                " / "
                <span data-testid="duration">{move || info.with(|i| i.as_ref().map(|i| format::clock(i.duration_ms)).unwrap_or_else(|| "–:––".into()))}</span>
            </span>
            <span class="status-facts dim">
                {move || info.with(|i| i.as_ref().map(|i| format!(
                    "{} · {} · {}×{}",
                    format::count(i.events, "event", "events"),
                    format::count(i.pages, "page", "pages"),
                    i.width,
                    i.height
                )))}
            </span>
            <span class="spacer"></span>
            <ProblemsBadge signals=signals/>
        </div>
    }
}
