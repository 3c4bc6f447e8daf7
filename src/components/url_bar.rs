use leptos::prelude::*;

use crate::components::SessionInfo;
use crate::player::PlayerSignals;

/// The recorded page's address, shown above the replay like a browser's address bar, and the
/// recorder's format the session was read in.
#[component]
pub fn UrlBar(signals: PlayerSignals) -> impl IntoView {
    let href = move || signals.href.get();
    let secure = move || href().starts_with("https:");
    view! {
        <div class="url-bar" data-testid="url-bar" title=href>
            <span class="url-dots" aria-hidden="true"><i></i><i></i><i></i></span>
            <span class="url-field">
                <svg class="url-lock" class:secure=secure viewBox="0 0 16 16" aria-hidden="true">
                    <rect x="3.5" y="7" width="9" height="6.5" rx="1.5" fill="currentColor"/>
                    <path d="M5.5 7V5.2a2.5 2.5 0 0 1 5 0V7" fill="none" stroke="currentColor" stroke-width="1.4"/>
                </svg>
                <span class="url-text">{href}</span>
            </span>
            <SessionInfo signals=signals/>
        </div>
    }
}
