use leptos::prelude::*;

use crate::format;
use crate::player::PlayerSignals;

/// While the rest of a recording downloads under a session already playing: how far it is.
#[component]
pub fn StreamStatus(signals: PlayerSignals) -> impl IntoView {
    let text = move || {
        let p = signals.progress.get();
        match p.total.filter(|t| *t > 0) {
            Some(t) => format!(
                "Loading… {:.0} % of {}",
                (100.0 * p.loaded as f64 / t as f64).min(100.0),
                format::bytes(t)
            ),
            None => format!("Loading… {}", format::bytes(p.loaded)),
        }
    };
    view! {
        <Show when=move || signals.streaming.get()>
            <span class="stream-status" data-testid="still-loading" role="status" aria-live="off">
                <span class="spinner" aria-hidden="true"></span>
                {text}
            </span>
        </Show>
    }
}
