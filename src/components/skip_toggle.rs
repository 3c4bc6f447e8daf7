use leptos::prelude::*;

use crate::player::{Controller, PlayerSignals};

/// Skip inactivity on/off (`k`); says when it is fast-forwarding.
#[component]
pub fn SkipToggle(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    view! {
        <button
            class="toggle"
            class:on=move || signals.skip_inactive.get()
            class:skipping=move || signals.skipping.get()
            data-testid="skip-inactive"
            aria-pressed=move || signals.skip_inactive.get().to_string()
            title="Fast-forward through gaps of more than 10 s without user activity (k)"
            on:click=move |_| controller.toggle_skip()
        >
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 6l8 6-8 6zM12 6l8 6-8 6z" fill="currentColor"/></svg>
            <span class="label">{move || if signals.skipping.get() { "Skipping inactivity…" } else { "Skip inactivity" }}</span>
        </button>
    }
}
