use leptos::prelude::*;

use crate::components::ThemeToggle;

/// The top bar: the product name, home link, (optionally) where you are, and the theme switch.
#[component]
pub fn AppHeader(#[prop(optional, into)] title: Option<String>) -> impl IntoView {
    view! {
        <header class="app-header">
            <a class="brand" href="/" aria-label="Tapedeck home">
                <svg class="brand-mark" viewBox="0 0 32 32" aria-hidden="true">
                    <rect x="2" y="6" width="28" height="20" rx="4" fill="currentColor" opacity="0.18"/>
                    <rect x="6" y="10" width="20" height="9" rx="2" fill="#f59e0b"/>
                    <circle cx="11" cy="14.5" r="2.5" fill="#111827"/>
                    <circle cx="21" cy="14.5" r="2.5" fill="#111827"/>
                </svg>
                <span class="brand-name">"Tapedeck"</span>
            </a>
            {title.map(|t| view! { <span class="crumb-sep">"/"</span><span class="crumb">{t}</span> })}
            <nav class="header-nav">
                <a href="/">"Recordings"</a>
            </nav>
            <ThemeToggle/>
        </header>
    }
}
