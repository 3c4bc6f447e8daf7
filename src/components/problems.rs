use leptos::prelude::*;

use crate::format;
use crate::player::PlayerSignals;

/// "N events skipped": what the loader could not use, with the details on demand. "Loaded in
/// part" when loading was stopped before the body's end (the reason comes first).
#[component]
pub fn ProblemsBadge(signals: PlayerSignals) -> impl IntoView {
    let (open, set_open) = signal(false);
    let problems = signals.problems;
    let label = move || {
        problems.with(|p| {
            if p.cut_short.is_some() && p.skipped_events > 0 {
                format!(
                    "Loaded in part · {} skipped",
                    format::count(p.skipped_events, "event", "events")
                )
            } else if p.cut_short.is_some() {
                "Loaded in part".to_owned()
            } else if p.skipped_events > 0 {
                format!("{} skipped", format::count(p.skipped_events, "event", "events"))
            } else {
                format::count(p.total, "warning", "warnings")
            }
        })
    };
    view! {
        <Show when=move || problems.with(|p| !p.is_empty())>
            <div class="problems">
                <button
                    class="badge badge-warn"
                    data-testid="problems"
                    aria-expanded=move || open.get().to_string()
                    aria-controls="problems-details"
                    on:click=move |_| set_open.update(|o| *o = !*o)
                >
                    {label}
                </button>
                <Show when=move || open.get()>
                    <div class="problems-details" id="problems-details" data-testid="problems-details" role="region" aria-label="Problems in this recording">
                        <div class="problems-head">
                            <strong>"What could not be used"</strong>
                            <span class="dim">
                                {move || if problems.with(|p| p.cut_short.is_some()) {
                                    " — the part loaded plays"
                                } else {
                                    " — the rest of the session plays"
                                }}
                            </span>
                        </div>
                        {move || problems.with(|p| p.cut_short.clone()).map(|why| view! {
                            <p class="problems-cut" data-testid="problems-cut">{why}</p>
                        })}
                        <ul>
                            {move || problems.with(|p| p.details.iter().map(|d| view! { <li>{d.to_string()}</li> }).collect_view())}
                        </ul>
                        {move || problems.with(|p| (p.total > p.details.len()).then(|| view! {
                            <p class="dim">{format!("… and {} more", p.total - p.details.len())}</p>
                        }))}
                    </div>
                </Show>
            </div>
        </Show>
    }
}
