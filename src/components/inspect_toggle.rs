use leptos::prelude::*;

use crate::player::{Controller, PlayerSignals};

/// "Inspect": pick an element in the replay (`i`); Escape leaves.
#[component]
pub fn InspectToggle(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    let picking = signals.inspect.picking;
    let label = move || {
        if picking.get() {
            "Stop picking (Escape)"
        } else {
            "Inspect an element of the replay (i)"
        }
    };
    view! {
        <button
            class="toggle"
            data-testid="inspect-toggle"
            aria-pressed=move || picking.get().to_string()
            title=label
            aria-label=label
            on:click=move |_| controller.set_picking(!picking.get_untracked())
        >
            <svg viewBox="0 0 24 24" aria-hidden="true">
                <path d="M4 4h10v3M4 4v10h3M11 11l9 4-4 1.5L14.5 20z" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/>
            </svg>
            <span class="label">"Inspect"</span>
        </button>
    }
}
