use leptos::prelude::*;

use crate::player::{Controller, PlayState, PlayerSignals};

/// At the end: replay from the start.
#[component]
pub fn EndOverlay(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    view! {
        <div class="end-overlay" class:hidden=move || signals.state.get() != PlayState::Ended>
            <button class="button replay-button" data-testid="replay-button" on:click=move |_| controller.play()>
                <svg viewBox="0 0 24 24" aria-hidden="true" width="16" height="16">
                    <path d="M12 5V2L7 6l5 4V7a5 5 0 1 1-5 5H5a7 7 0 1 0 7-7z" fill="currentColor"/>
                </svg>
                "Replay from the start"
            </button>
        </div>
    }
}
