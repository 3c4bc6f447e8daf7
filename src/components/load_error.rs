use leptos::prelude::*;

use crate::player::PlayerSignals;

/// Why the recording cannot be shown, and what to try.
#[component]
pub fn LoadError(signals: PlayerSignals) -> impl IntoView {
    move || {
        signals.error.get().map(|e| {
            view! {
                <div class="overlay-card overlay-error" data-testid="load-error" role="alert">
                    <div class="overlay-icon" aria-hidden="true">"!"</div>
                    <div class="overlay-title">{e.title}</div>
                    <p class="overlay-message" data-testid="load-error-message">{e.message}</p>
                    <div class="overlay-actions">
                        <a class="button" href="/">"All recordings"</a>
                        <button class="button button-quiet" on:click=|_| {
                            let _ = web_sys::window().map(|w| w.location().reload());
                        }>"Try again"</button>
                    </div>
                </div>
            }
        })
    }
}
