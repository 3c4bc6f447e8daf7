use leptos::html::Div;
use leptos::prelude::*;
use tapedeck_core::analysis::{ConsoleArg, ConsoleEntry};

use crate::components::{FollowButton, JsonTree, WindowedRows};
use crate::format;
use crate::hooks::{use_element_size, use_filtered_row_window, use_follow_playhead, use_panel_rows};
use crate::player::{Controller, Panel, PlayerSignals, Selected};

const LEVELS: [(&str, &str); 5] = [
    ("all", "All"),
    ("error", "Errors"),
    ("warn", "Warnings"),
    ("info", "Info"),
    ("log", "Logs"),
];

fn level_group(level: &str) -> &'static str {
    match level {
        "error" | "assert" => "error",
        "warn" => "warn",
        "info" => "info",
        "debug" | "trace" => "debug",
        _ => "log",
    }
}

fn icon(level: &str) -> &'static str {
    match level_group(level) {
        "error" => "✕",
        "warn" => "!",
        "info" => "i",
        "debug" => "·",
        _ => "›",
    }
}

/// Console messages of the session: level, time, arguments (objects as trees), stack traces,
/// repeats grouped. Past rows are plain, future ones dim, the latest marked; click to seek.
/// Characters of one text argument shown in a row (recorded strings can be megabytes).
const MAX_ARG_CHARS: usize = 500;

#[component]
pub fn ConsolePanel(signals: PlayerSignals, ctl: StoredValue<Controller, LocalStorage>) -> impl IntoView {
    let (level, set_level) = signal("all");
    let (query, set_query) = signal(String::new());
    let list = NodeRef::<Div>::new();
    let current = Memo::new(move |_| {
        let t = signals.time_ms.get();
        signals
            .analysis
            .with(|a| a.as_ref().map_or(0, |a| a.console.partition_point(|c| c.t <= t)))
    });
    let visible = signals.panel_shown(Panel::Console);
    let (_, list_px) = use_element_size(list);
    // The messages that pass the filters (indices), and the window of them that is rendered.
    let shown = Memo::new(move |_| {
        let (level, q) = (level.get(), query.get().to_lowercase());
        signals.analysis.with(|a| {
            a.as_ref()
                .map(|a| {
                    a.console
                        .iter()
                        .enumerate()
                        .filter(|(_, c)| level == "all" || level_group(&c.level) == level)
                        .filter(|(_, c)| q.is_empty() || c.message().to_lowercase().contains(&q))
                        .map(|(i, _)| i)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let window = use_filtered_row_window(visible, signals.row_budget(list_px.into()), shown, current);
    // While the playhead is dragged, rows are glanced at: one line each (see `ConsoleRow`).
    let rows = use_panel_rows(visible, move || {
        let glance = signals.scrubbing.get();
        let w = window.get();
        let picked: Vec<usize> = shown.with(|s| s.get(w.rows.clone()).map(<[usize]>::to_vec).unwrap_or_default());
        let picked = signals.analysis.with_untracked(|a| {
            a.as_ref()
                .map(|a| {
                    picked
                        .iter()
                        .filter_map(|i| Some((*i, a.console.get(*i)?.clone())))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        });
        (glance, picked)
    });
    let (following, set_following) = use_follow_playhead(list, current, rows, visible, signals.scrubbing.into());
    view! {
        <section
            class="panel"
            id="panel-console"
            role="tabpanel"
            aria-labelledby="tab-console"
            data-testid="console-panel"
            hidden=move || !visible.get()
        >
            <div class="panel-toolbar">
                <div class="chips" role="group" aria-label="Level">
                    {LEVELS
                        .into_iter()
                        .map(|(key, label)| {
                            view! {
                                <button class="chip" aria-pressed=move || (level.get() == key).to_string() on:click=move |_| set_level.set(key)>
                                    {label}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <input
                    class="search"
                    type="search"
                    placeholder="Filter messages"
                    aria-label="Filter console messages"
                    prop:value=query
                    on:input=move |ev| set_query.set(event_target_value(&ev))
                />
            </div>
            <div
                class="rows"
                role="list"
                aria-label="Console messages"
                tabindex="0"
                node_ref=list
            >
                {move || {
                    let (glance, rows) = rows.get();
                    if rows.is_empty() {
                        return view! { <p class="empty" role="listitem">"No console messages."</p> }.into_any();
                    }
                    view! {
                        <WindowedRows window=window what="messages">
                            {rows.into_iter()
                            .map(|(i, c)| view! { <ConsoleRow index=i entry=c glance signals=signals current=current ctl=ctl/> })
                            .collect_view()}
                        </WindowedRows>
                    }
                    .into_any()
                }}
            </div>
            <FollowButton following=following set_following=set_following/>
        </section>
    }
}

/// Characters of a row glanced at while the playhead is dragged.
const GLANCE_CHARS: usize = 160;

/// One message. `glance`: while the playhead is dragged the row is drawn every frame, so it is one
/// line: its arguments as text, no trees, no trace (a fifth of the elements, and as many rows as
/// fill the list, `analysis::scrub_rows`; the full row is drawn when the drag ends).
#[component]
fn ConsoleRow(
    index: usize,
    entry: ConsoleEntry,
    glance: bool,
    signals: PlayerSignals,
    current: Memo<usize>,
    ctl: StoredValue<Controller, LocalStorage>,
) -> impl IntoView {
    let t = entry.t;
    let group = level_group(&entry.level);
    let selected = move || signals.selected.get() == Selected::Console(index);
    let choose = move || {
        signals.selected.set(Selected::Console(index));
        ctl.with_value(|c| c.jump(t));
    };
    let trace = entry.trace.clone();
    view! {
        <div
            class=format!("row console-row level-{group}")
            class:future={move || index >= current.get()}
            class:latest=move || index + 1 == current.get()
            role="listitem"
            tabindex="0"
            data-testid="console-row"
            aria-current=move || selected().to_string()
            on:click=move |_| choose()
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if crate::components::activates_row(&ev) {
                    choose();
                }
            }
        >
            <span class="level-icon" role="img" aria-label=entry.level.clone()>{icon(&entry.level)}</span>
            <span class="row-time">{format::offset(t)}</span>
            <div class="row-main">
                <div class="console-args" class:glance-line=glance>
                    {if glance {
                        view! { <span class="arg-text glance">{entry.glance(GLANCE_CHARS)}</span> }.into_any()
                    } else {
                        entry.args.iter().map(arg_view).collect_view().into_any()
                    }}
                    {(entry.count > 1).then(|| view! { <span class="repeat" title="Repeated">{entry.count}</span> })}
                </div>
                {(!glance && !trace.is_empty()).then(|| view! { <Trace first=format::clip(&trace[0], 300) trace/> })}
            </div>
        </div>
    }
}

/// One argument: text, or an object as a tree (as text when too large to expand).
fn arg_view(arg: &ConsoleArg) -> AnyView {
    match arg {
        ConsoleArg::Text(s) => view! { <span class="arg-text">{format::clip(s, MAX_ARG_CHARS)}</span> }.into_any(),
        tree @ ConsoleArg::Tree(_) => match tree.tree() {
            Some(v) => view! { <JsonTree value=v/> }.into_any(),
            None => {
                let text = tree.text();
                let size = format::bytes(text.len() as u64);
                view! {
                    <span class="arg-text">{format::clip(&text, 120)}</span>
                    <span class="dim">{format!(" ({size}, too large to expand)")}</span>
                }
                .into_any()
            }
        },
    }
}

/// A recorded stack trace, folded to its first frame. A trace can be thousands of frames of any
/// length: when opened, the first 50, each clipped, and a count of the rest — built only then.
#[component]
fn Trace(first: String, trace: std::sync::Arc<[String]>) -> impl IntoView {
    let open = RwSignal::new(false);
    let frames = move || {
        open.get().then(|| {
            let more = trace.len().saturating_sub(50);
            view! {
                <ol>
                    {trace.iter().take(50).map(|f| view! { <li>{format::clip(f, 300)}</li> }).collect_view()}
                    {(more > 0).then(|| view! { <li class="dim">{format!("… {more} more")}</li> })}
                </ol>
            }
        })
    };
    view! {
        <details class="trace" on:toggle=move |ev| {
            let el: web_sys::HtmlDetailsElement = event_target(&ev);
            open.set(el.open());
        }>
            <summary>{first}</summary>
            {frames}
        </details>
    }
}
