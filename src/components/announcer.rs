use leptos::prelude::*;

use crate::player::{PlayState, PlayerSignals};

/// What a screen reader hears: loading, failing, and where a jump or a link landed. Visually
/// hidden; the same facts are on screen elsewhere.
#[component]
pub fn Announcer(signals: PlayerSignals) -> impl IntoView {
    let text = move || match signals.state.get() {
        PlayState::Loading => "Loading the recording…".to_owned(),
        PlayState::Error => signals
            .error
            .with(|e| {
                e.as_ref()
                    .map(|e| format!("The recording could not be opened: {}", e.title))
            })
            .unwrap_or_else(|| "The recording could not be opened".to_owned()),
        _ => signals.announce.get(),
    };
    view! {
        <div class="sr-only" role="status" aria-live="polite" aria-atomic="true" data-testid="announcer">{text}</div>
    }
}
