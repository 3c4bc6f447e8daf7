use leptos::html::Div;
use leptos::prelude::*;
use tapedeck_core::analysis::{Activity, ActivityKind};

use crate::components::{FollowButton, WindowedRows};
use crate::format;
use crate::hooks::{use_element_size, use_follow_playhead, use_panel_rows, use_row_window};
use crate::player::{Controller, Panel, PlayerSignals, Selected};

fn describe(kind: &ActivityKind) -> (&'static str, &'static str, String) {
    match kind {
        ActivityKind::Navigation { href } => ("nav", "↗", format!("Opened {href}")),
        ActivityKind::Click { target } => ("click", "●", format!("Clicked {target}")),
        ActivityKind::RageClick { count, target } => ("rage", "✸", format!("Rage click ×{count} on {target}")),
        ActivityKind::DeadClick { target } => {
            ("dead", "○", format!("Dead click on {target}: nothing happened for 7 s"))
        }
        ActivityKind::Input { target } => ("input", "⌨", format!("Typed into {target}")),
        ActivityKind::Error { message } => ("error", "✕", message.to_string()),
    }
}

/// The breadcrumb trail: navigations, clicks (rage and dead ones marked), typing, errors.
#[component]
pub fn ActivityPanel(signals: PlayerSignals, ctl: StoredValue<Controller, LocalStorage>) -> impl IntoView {
    let list = NodeRef::<Div>::new();
    let current = Memo::new(move |_| {
        let t = signals.time_ms.get();
        signals
            .analysis
            .with(|a| a.as_ref().map_or(0, |a| a.activity.partition_point(|x| x.t <= t)))
    });
    let visible = signals.panel_shown(Panel::Activity);
    let (_, list_px) = use_element_size(list);
    let window = use_row_window(visible, signals.row_budget(list_px.into()), move || {
        let cur = current.get();
        (
            signals.analysis.with(|a| a.as_ref().map_or(0, |a| a.activity.len())),
            cur,
        )
    });
    let rows = use_panel_rows(visible, move || {
        let w = window.get();
        signals.analysis.with_untracked(|a| {
            a.as_ref()
                .map(|a| {
                    w.rows
                        .clone()
                        .filter_map(|i| Some((i, a.activity.get(i)?.clone())))
                        .collect::<Vec<(usize, Activity)>>()
                })
                .unwrap_or_default()
        })
    });
    let (following, set_following) = use_follow_playhead(list, current, rows, visible, signals.scrubbing.into());
    view! {
        <section
            class="panel"
            id="panel-activity"
            role="tabpanel"
            aria-labelledby="tab-activity"
            data-testid="activity-panel"
            hidden=move || !visible.get()
        >
            <div
                class="rows"
                role="list"
                aria-label="Activity"
                tabindex="0"
                node_ref=list
            >
                {move || {
                    let rows = rows.get();
                    view! {
                        <WindowedRows window=window what="actions">
                            {rows.into_iter().map(|(i, a)| view! { <ActivityRow index=i entry=a signals=signals current=current ctl=ctl/> }).collect_view()}
                        </WindowedRows>
                    }
                }}
            </div>
            <FollowButton following=following set_following=set_following/>
        </section>
    }
}

#[component]
fn ActivityRow(
    index: usize,
    entry: Activity,
    signals: PlayerSignals,
    current: Memo<usize>,
    ctl: StoredValue<Controller, LocalStorage>,
) -> impl IntoView {
    let (class, icon, text) = describe(&entry.kind);
    let t = entry.t;
    let choose = move || {
        signals.selected.set(Selected::Activity(index));
        ctl.with_value(|c| c.jump(t));
    };
    view! {
        <div
            class=format!("row activity-row activity-{class}")
            class:future={move || index >= current.get()}
            class:latest=move || index + 1 == current.get()
            role="listitem"
            tabindex="0"
            data-testid="activity-row"
            aria-current=move || (signals.selected.get() == Selected::Activity(index)).to_string()
            on:click=move |_| choose()
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if crate::components::activates_row(&ev) {
                    choose();
                }
            }
        >
            <span class="level-icon">{icon}</span>
            <span class="row-time">{format::offset(t)}</span>
            <div class="row-main">{text}</div>
            {entry.node.map(|id| view! {
                <button
                    class="row-action"
                    data-testid="activity-inspect"
                    title="Inspect this element at this moment"
                    on:click=move |ev| {
                        ev.stop_propagation();
                        signals.selected.set(Selected::Activity(index));
                        ctl.with_value(|c| c.inspect_at(t, id));
                    }
                >"inspect"</button>
            })}
        </div>
    }
}
