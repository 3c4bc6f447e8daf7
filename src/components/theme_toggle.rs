use leptos::prelude::*;

use crate::theme::{self, Theme};

/// Light or dark: starts as the system's, and a click picks the other one for good.
#[component]
pub fn ThemeToggle() -> impl IntoView {
    let current = use_context::<RwSignal<Theme>>().unwrap_or_else(|| RwSignal::new(theme::current()));
    let label = move || format!("Switch to {} theme", current.get().other().name());
    view! {
        <button
            class="icon-button quiet"
            data-testid="theme-toggle"
            data-theme=move || current.get().name()
            title=label
            aria-label=label
            on:click=move |_| {
                let next = current.get_untracked().other();
                theme::choose(next);
                current.set(next);
            }
        >
            {move || match current.get() {
                // The icon shows what a click gives.
                Theme::Dark => view! {
                    <svg viewBox="0 0 24 24" aria-hidden="true"><circle cx="12" cy="12" r="4.5" fill="currentColor"/><path d="M12 2v2.5M12 19.5V22M2 12h2.5M19.5 12H22M4.9 4.9l1.8 1.8M17.3 17.3l1.8 1.8M4.9 19.1l1.8-1.8M17.3 6.7l1.8-1.8" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>
                }.into_any(),
                Theme::Light => view! {
                    <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M20 14.5A8.5 8.5 0 0 1 9.5 4a8.5 8.5 0 1 0 10.5 10.5z" fill="currentColor"/></svg>
                }.into_any(),
            }}
        </button>
    }
}
