use leptos::prelude::*;

use crate::format;
use crate::player::{Controller, PlayerSignals};

/// The life of the selected node: every event that touched it, in time order. A row jumps
/// there (the node stays selected); ‹ › step to its previous and next change.
#[component]
pub fn NodeHistoryView(signals: PlayerSignals, ctl: StoredValue<Controller, LocalStorage>) -> impl IntoView {
    let sig = signals.inspect;
    // The last entry at or before the playhead.
    let current = Memo::new(move |_| {
        let t = signals.time_ms.get();
        sig.history.with(|h| h.partition_point(|e| e.t <= t).checked_sub(1))
    });
    let step = move |forward: bool| {
        let t = signals.time_ms.get_untracked();
        let target = sig.history.with_untracked(|h| {
            let changes = || h.iter().filter(|e| e.change.is_change());
            if forward {
                changes().find(|e| e.t > t + 0.5).map(|e| e.t)
            } else {
                changes().rev().find(|e| e.t < t - 0.5).map(|e| e.t)
            }
        });
        if let Some(t) = target {
            ctl.with_value(|c| c.jump_in_history(t));
        }
    };
    move || {
        sig.selected.get()?;
        let history = sig.history.get();
        Some(view! {
            <div class="node-history" data-testid="node-history" aria-label="Life of the selected node">
                <div class="node-history-head">
                    <h3>{format!("Life of this node · {} events", history.len())}</h3>
                    <button class="toggle" data-testid="history-prev" title="Previous change of this node" aria-label="Previous change of this node" on:click=move |_| step(false)>"‹"</button>
                    <button class="toggle" data-testid="history-next" title="Next change of this node" aria-label="Next change of this node" on:click=move |_| step(true)>"›"</button>
                </div>
                <div class="rows" role="list">
                    {history.iter().enumerate().take(2_000).map(|(i, e)| {
                        let t = e.t;
                        view! {
                            <div
                                class="row history-row"
                                role="listitem"
                                tabindex="0"
                                data-testid="node-history-row"
                                data-ms=t
                                data-kind=e.change.name()
                                aria-current=move || (current.get() == Some(i)).then_some("true")
                                class:past=move || current.get().is_some_and(|c| i <= c)
                                on:click=move |_| ctl.with_value(|c| c.jump_in_history(t))
                                on:keydown=move |ev: web_sys::KeyboardEvent| {
                                    if crate::components::activates_row(&ev) {
                                        ctl.with_value(|c| c.jump_in_history(t));
                                    }
                                }
                            >
                                <span class="row-time">{format::clock(t)}</span>
                                <span class=format!("history-kind kind-{}", e.change.name())>{e.change.name()}</span>
                                <span class="msg">{e.what.clone()}</span>
                            </div>
                        }
                    }).collect_view()}
                </div>
            </div>
        })
    }
}
