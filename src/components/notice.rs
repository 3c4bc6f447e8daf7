use leptos::prelude::*;

use crate::player::PlayerSignals;

/// A passing message over the replay (a deep link that could not be followed, a copied link).
#[component]
pub fn Notice(signals: PlayerSignals) -> impl IntoView {
    move || {
        signals.notice.get().map(|text| {
            view! {
                <div class="player-notice" role="status" data-testid="notice">
                    <span>{text}</span>
                    <button class="close" aria-label="Dismiss" on:click=move |_| signals.notice.set(None)>"×"</button>
                </div>
            }
        })
    }
}
