use leptos::prelude::*;

use crate::format;
use crate::player::PlayerSignals;

/// Current time / duration.
#[component]
pub fn TimeDisplay(signals: PlayerSignals) -> impl IntoView {
    view! {
        <span class="time">
            <span data-testid="current-time" data-ms=move || signals.time_ms.get().round()>{move || format::clock(signals.time_ms.get())}</span>
            <span class="dim">" / "</span>
            <span data-testid="duration" class="dim">
                {move || signals.info.with(|i| i.as_ref().map(|i| format::clock(i.duration_ms)).unwrap_or_else(|| "–:––".into()))}
            </span>
        </span>
    }
}
