use leptos::prelude::*;

use crate::player::PlayerSignals;

/// Theater: the replay and its controls take the window (and the screen, where the Fullscreen
/// API is allowed). `f` toggles, Escape leaves.
#[component]
pub fn FullscreenToggle(signals: PlayerSignals) -> impl IntoView {
    let label = move || {
        if signals.theater.get() {
            "Leave full screen (f)"
        } else {
            "Full screen (f)"
        }
    };
    view! {
        <button
            class="toggle icon-only"
            data-testid="fullscreen"
            aria-pressed=move || signals.theater.get().to_string()
            aria-label=label
            title=label
            on:click=move |_| signals.theater.update(|t| *t = !*t)
        >
            <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d=move || if signals.theater.get() { "M9 4v5H4M15 4v5h5M9 20v-5H4M15 20v-5h5" } else { "M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" }
                    fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>
            </svg>
        </button>
    }
}
