use leptos::prelude::*;

use crate::format;
use crate::player::{Controller, PlayerSignals};

/// Web vitals and the page's heap (recorded by Sentry), following the playhead: a strip above
/// the panels, shown only when the recording has them. A vital still to come is dimmed;
/// choosing one jumps to it.
#[component]
pub fn PerformanceStrip(signals: PlayerSignals, ctl: StoredValue<Controller, LocalStorage>) -> impl IntoView {
    let has = move || {
        signals
            .analysis
            .with(|a| a.as_ref().is_some_and(|a| !a.vitals.is_empty() || !a.memory.is_empty()))
    };
    let vitals = move || {
        signals.analysis.with(|a| {
            a.as_ref().map(|a| {
                a.vitals
                    .iter()
                    .map(|v| {
                        let t = v.t;
                        let title = format!("{} {} ({}) at {}", v.name, v.value_text(), v.rating, format::clock(t));
                        view! {
                            <button
                                class=format!("vital rating-{}", v.rating_class())
                                class:future=move || signals.time_ms.get() < t
                                data-testid="vital"
                                title=title.clone()
                                aria-label=title
                                on:click=move |_| ctl.with_value(|c| c.jump(t))
                            >
                                <b>{v.short().to_owned()}</b>
                                {v.value_text()}
                            </button>
                        }
                    })
                    .collect_view()
            })
        })
    };
    let heap = move || {
        let t = signals.time_ms.get();
        signals.analysis.with(|a| {
            a.as_ref()
                .and_then(|a| a.memory_at(t))
                .map(|m| format!("{} of {}", format::bytes(m.used as u64), format::bytes(m.total as u64)))
        })
    };
    view! {
        <Show when=has>
            <div class="perf-strip" data-testid="performance" role="group" aria-label="Performance">
                {vitals}
                <span class="heap" data-testid="heap" title="The page's JavaScript heap at this moment (used of allocated)">
                    "Heap " {move || heap().unwrap_or_else(|| "–".to_owned())}
                </span>
            </div>
        </Show>
    }
}
