use leptos::prelude::*;

use crate::format;
use crate::player::PlayerSignals;

/// Download progress: bytes loaded (of the total when known) and events decoded so far.
#[component]
pub fn LoadProgress(signals: PlayerSignals) -> impl IntoView {
    let p = signals.progress;
    let percent = move || {
        p.with(|p| {
            p.total
                .filter(|t| *t > 0)
                .map(|t| (p.loaded as f64 / t as f64 * 100.0).min(100.0))
        })
    };
    view! {
        <div class="overlay-card" data-testid="load-progress" role="status" aria-live="off">
            <div class="overlay-title">"Loading recording…"</div>
            <div class="progress" class:indeterminate=move || percent().is_none()>
                <div class="progress-fill" style:width=move || format!("{}%", percent().unwrap_or(30.0))></div>
            </div>
            <div class="overlay-detail" data-testid="load-bytes">
                {move || p.with(|p| match p.total {
                    Some(t) => format!("{} of {}", format::bytes(p.loaded), format::bytes(t)),
                    None => format!("{} loaded", format::bytes(p.loaded)),
                })}
                {move || p.with(|p| (p.events > 0).then(|| format!(" · {} events", p.events)))}
            </div>
        </div>
    }
}
