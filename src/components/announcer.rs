use leptos::prelude::*;

use crate::player::{PlayState, PlayerSignals};

/// What a screen reader hears: loading and where a jump or a link landed (a failure is the error
/// card's alert). Visually hidden; the same facts are on screen elsewhere.
#[component]
pub fn Announcer(signals: PlayerSignals) -> impl IntoView {
    let text = move || match signals.state.get() {
        PlayState::Loading => "Loading the recording…".to_owned(),
        // The error card is an alert of its own.
        PlayState::Error => String::new(),
        _ => signals.announce.get(),
    };
    view! {
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">{text}</div>
    }
}
