use leptos::prelude::*;

use crate::player::{Controller, PlayerSignals};

/// Previous / next error from the playhead.
#[component]
pub fn ErrorNav(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    let c2 = controller.clone();
    let count = move || signals.analysis.with(|a| a.as_ref().map_or(0, |a| a.errors.len()));
    view! {
        <div class="error-nav" role="group" aria-label="Errors" class:hidden=move || count() == 0>
            <button class="icon-button small" data-testid="prev-error" title="Previous error" aria-label="Previous error" on:click=move |_| controller.step_error(false)>
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M15 6l-6 6 6 6" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/></svg>
            </button>
            <span class="error-count">{move || crate::format::count(count(), "error", "errors")}</span>
            <button class="icon-button small" data-testid="next-error" title="Next error" aria-label="Next error" on:click=move |_| c2.step_error(true)>
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M9 6l6 6-6 6" fill="none" stroke="currentColor" stroke-width="2.4" stroke-linecap="round"/></svg>
            </button>
        </div>
    }
}
