use leptos::prelude::*;

use crate::player::{Controller, PlayState, PlayerSignals};

/// Play / pause (space).
#[component]
pub fn PlayToggle(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    let playing = move || signals.state.get() == PlayState::Playing;
    view! {
        <button
            class="icon-button play-toggle"
            data-testid="play-toggle"
            aria-label=move || if playing() { "Pause (space)" } else { "Play (space)" }
            title=move || if playing() { "Pause (space)" } else { "Play (space)" }
            disabled=move || matches!(signals.state.get(), PlayState::Loading | PlayState::Error)
            on:click=move |_| controller.toggle()
        >
            <Show
                when=playing
                fallback=|| view! {
                    <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M8 5.5v13l11-6.5z" fill="currentColor"/></svg>
                }
            >
                <svg viewBox="0 0 24 24" aria-hidden="true">
                    <rect x="6.5" y="5" width="4" height="14" rx="1" fill="currentColor"/>
                    <rect x="13.5" y="5" width="4" height="14" rx="1" fill="currentColor"/>
                </svg>
            </Show>
        </button>
    }
}
