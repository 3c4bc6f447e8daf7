use leptos::prelude::*;
use tapedeck_core::order::sort_by_time;

use crate::format;
use crate::player::{Controller, PlayerSignals};

/// Compare the playhead with another moment (an error, a click, or a moment pinned earlier):
/// the tree marks what was added, removed and changed between the two, with counts.
#[component]
pub fn CompareBar(signals: PlayerSignals, ctl: StoredValue<Controller, LocalStorage>) -> impl IntoView {
    let sig = signals.inspect;
    // Moments worth comparing with: errors, rage and dead clicks, clicks.
    let moments = Memo::new(move |_| {
        signals.analysis.with(|a| {
            let Some(a) = a.as_ref() else { return Vec::new() };
            let mut out: Vec<(f64, String)> = Vec::new();
            out.extend(
                a.errors
                    .iter()
                    .map(|e| (e.t, format!("Error: {}", format::clip(&e.message, 50)))),
            );
            out.extend(a.rage_clicks.iter().map(|r| (r.t, format!("Rage click ×{}", r.count))));
            out.extend(a.dead_clicks.iter().map(|d| (d.t, "Dead click".to_owned())));
            out.extend(
                a.clicks
                    .iter()
                    .filter(|c| !c.keyboard)
                    .map(|c| (c.t, "Click".to_owned())),
            );
            sort_by_time(&mut out, |x| x.0);
            out.dedup_by(|x, y| (x.0 - y.0).abs() < 1.0);
            out.truncate(500);
            out
        })
    });
    let on_change = move |ev: web_sys::Event| {
        let v = event_target_value(&ev);
        let at = v.parse::<f64>().ok();
        ctl.with_value(|c| c.compare_with(at));
    };
    view! {
        <div class="compare-bar">
            <label>
                <span>"Compare with"</span>
                <select data-testid="compare-select" on:change=on_change>
                    <option value="" selected=move || sig.compare.with(|c| c.is_none())>"(no other moment)"</option>
                    {move || {
                        let at = sig.compare.with(|c| c.as_ref().map(|c| c.at));
                        let list = moments.get();
                        // A pinned moment that is none of the listed ones gets its own option.
                        let pinned = at.filter(|a| !list.iter().any(|(t, _)| t == a));
                        pinned
                            .map(|t| (t, "pinned".to_owned()))
                            .into_iter()
                            .chain(list)
                            .map(|(t, what)| view! {
                                <option value=t.to_string() selected=move || at == Some(t)>
                                    {format!("{} · {}", format::clock(t), what)}
                                </option>
                            })
                            .collect_view()
                    }}
                </select>
            </label>
            <button
                class="toggle"
                data-testid="compare-pin"
                title="Compare later moments with this one: pin the playhead, then move it"
                on:click=move |_| {
                    let now = signals.time_ms.get_untracked();
                    ctl.with_value(|c| c.compare_with(Some(now)));
                }
            >"Pin this moment"</button>
            {move || sig.compare.get().map(|c| view! {
                <span class="compare-summary" data-testid="compare-summary">
                    {format!(
                        "{} · {} added · {} removed · {} changed",
                        format::clock(c.at), c.added, c.removed, c.changed
                    )}
                </span>
                <details class="compare-list">
                    <summary>"List"</summary>
                    <ul data-testid="compare-list" tabindex="0" aria-label="Nodes that differ">
                        {c.list.iter().cloned().map(|(id, d, what)| view! {
                            <li data-node-id=id data-diff=d.name()>
                                <span class=format!("diff-badge diff-{}", d.name())>{d.name()}</span>
                                " "{what}
                            </li>
                        }).collect_view()}
                    </ul>
                </details>
            })}
        </div>
    }
}
