use leptos::html::Div;
use leptos::prelude::*;
use tapedeck_core::analysis::{NetKind, NetworkEntry};

use crate::components::{FollowButton, JsonTree, WindowedRows};
use crate::format;
use crate::hooks::{use_element_size, use_filtered_row_window, use_follow_playhead, use_panel_rows};
use crate::player::{Controller, Panel, PlayerSignals, Selected};

#[derive(Clone, Copy, PartialEq)]
enum Filter {
    All,
    Kind(NetKind),
    Failed,
}

const FILTERS: [(Filter, &str); 8] = [
    (Filter::All, "All"),
    (Filter::Kind(NetKind::Fetch), "Fetch/XHR"),
    (Filter::Kind(NetKind::Document), "Doc"),
    (Filter::Kind(NetKind::Script), "JS"),
    (Filter::Kind(NetKind::Style), "CSS"),
    (Filter::Kind(NetKind::Image), "Img"),
    (Filter::Kind(NetKind::Other), "Other"),
    (Filter::Failed, "Failed"),
];

/// Path and host of a URL, path first ("/api/pay", "127.0.0.1:8377"). A long path keeps its end
/// (the file name is what tells requests apart).
fn split_url(url: &str) -> (String, String) {
    const KEEP: usize = 34;
    let rest = url.split_once("://").map_or(url, |(_, r)| r);
    let (path, host) = match rest.find('/') {
        Some(i) => (&rest[i..], &rest[..i]),
        None => ("/", rest),
    };
    let n = path.chars().count();
    let path = if n > KEEP {
        format!("…{}", path.chars().skip(n - (KEEP - 1)).collect::<String>())
    } else {
        path.to_owned()
    };
    (path, host.to_owned())
}

/// Every request of the session: method, path and host, status, type, start, duration, size,
/// and a waterfall. A selected request shows its headers and bodies.
#[component]
pub fn NetworkPanel(signals: PlayerSignals, ctl: StoredValue<Controller, LocalStorage>) -> impl IntoView {
    let (filter, set_filter) = signal(Filter::All);
    let (query, set_query) = signal(String::new());
    let list = NodeRef::<Div>::new();
    let current = Memo::new(move |_| {
        let t = signals.time_ms.get();
        signals
            .analysis
            .with(|a| a.as_ref().map_or(0, |a| a.network.partition_point(|n| n.t <= t)))
    });
    let visible = signals.panel_shown(Panel::Network);
    let (_, list_px) = use_element_size(list);
    // The requests that pass the filters (indices), and the window of them that is rendered.
    let shown = Memo::new(move |_| {
        let (f, q) = (filter.get(), query.get().to_lowercase());
        signals.analysis.with(|a| {
            a.as_ref()
                .map(|a| {
                    a.network
                        .iter()
                        .enumerate()
                        .filter(|(_, n)| match f {
                            Filter::All => true,
                            Filter::Kind(k) => n.kind == k,
                            Filter::Failed => n.failed(),
                        })
                        .filter(|(_, n)| q.is_empty() || n.url.to_lowercase().contains(&q))
                        .map(|(i, _)| i)
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let window = use_filtered_row_window(visible, signals.row_budget(list_px.into()), shown, current);
    // The rows, and the span of time their waterfall shows (from, length).
    let rows = use_panel_rows(visible, move || {
        let w = window.get();
        let picked: Vec<usize> = shown.with(|s| s.get(w.rows.clone()).map(<[usize]>::to_vec).unwrap_or_default());
        signals.analysis.with_untracked(|a| {
            let Some(a) = a.as_ref() else {
                return (Vec::new(), 0.0, 1.0);
            };
            let rows: Vec<(usize, NetworkEntry)> = picked
                .iter()
                .filter_map(|i| Some((*i, a.network.get(*i)?.clone())))
                .collect();
            let from = rows.iter().map(|(_, n)| n.t).fold(f64::INFINITY, f64::min);
            let to = rows.iter().map(|(_, n)| n.end).fold(f64::NEG_INFINITY, f64::max);
            (rows, from, (to - from).max(1.0))
        })
    });
    let (following, set_following) = use_follow_playhead(list, current, rows, visible, signals.scrubbing.into());
    let selected = move || match signals.selected.get() {
        Selected::Network(i) => signals
            .analysis
            .with(|a| a.as_ref().and_then(|a| a.network.get(i).cloned())),
        _ => None,
    };
    view! {
        <section
            class="panel"
            id="panel-network"
            role="tabpanel"
            aria-labelledby="tab-network"
            data-testid="network-panel"
            hidden=move || !visible.get()
        >
            <div class="panel-toolbar">
                <div class="chips" role="group" aria-label="Type">
                    {FILTERS
                        .into_iter()
                        .map(|(f, label)| {
                            view! {
                                <button class="chip" class:chip-failed=f == Filter::Failed aria-pressed=move || (filter.get() == f).to_string() on:click=move |_| set_filter.set(f)>
                                    {label}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
                <input
                    class="search"
                    type="search"
                    placeholder="Filter URLs"
                    aria-label="Filter requests by URL"
                    prop:value=query
                    on:input=move |ev| set_query.set(event_target_value(&ev))
                />
            </div>
            <div class="net-head" aria-hidden="true">
                <span>"Request"</span><span>"Status"</span><span>"Type"</span><span>"Start"</span><span>"Time"</span><span>"Waterfall"</span>
            </div>
            <div
                class="rows"
                role="list"
                aria-label="Requests"
                tabindex="0"
                node_ref=list
            >
                {move || {
                    let (rows, from, span) = rows.get();
                    if rows.is_empty() {
                        return view! { <p class="empty" role="listitem">"No requests."</p> }.into_any();
                    }
                    view! {
                        <WindowedRows window=window what="requests">
                            {rows.into_iter()
                            .map(|(i, n)| view! { <NetworkRow index=i entry=n from=from span=span signals=signals current=current ctl=ctl/> })
                            .collect_view()}
                        </WindowedRows>
                    }
                    .into_any()
                }}
            </div>
            <FollowButton following=following set_following=set_following/>
            {move || selected().map(|n| view! { <RequestDetails entry=n signals=signals/> })}
        </section>
    }
}

#[component]
fn NetworkRow(
    index: usize,
    entry: NetworkEntry,
    from: f64,
    span: f64,
    signals: PlayerSignals,
    current: Memo<usize>,
    ctl: StoredValue<Controller, LocalStorage>,
) -> impl IntoView {
    let t = entry.t;
    let (path, host) = split_url(&entry.url);
    let failed = entry.failed();
    let choose = move || {
        signals.selected.set(Selected::Network(index));
        ctl.with_value(|c| c.jump(t));
    };
    let left = (entry.t - from) / span * 100.0;
    let width = (entry.duration() / span * 100.0).max(0.6);
    view! {
        <div
            class="row net-row"
            class:failed=failed
            class:future={move || index >= current.get()}
            class:latest=move || index + 1 == current.get()
            role="listitem"
            tabindex="0"
            data-testid="network-row"
            aria-current=move || (signals.selected.get() == Selected::Network(index)).to_string()
            title=entry.url.clone()
            on:click=move |_| choose()
            on:keydown=move |ev: web_sys::KeyboardEvent| {
                if crate::components::activates_row(&ev) {
                    choose();
                }
            }
        >
            <span class="net-name">
                <span class="net-method">{entry.method.clone()}</span>
                <span class="net-path">{path}</span>
                <span class="net-host">{host}</span>
            </span>
            <span class="net-status">{if entry.status == 0 { "failed".to_owned() } else { entry.status.to_string() }}</span>
            <span class="net-type">{entry.kind.label()}</span>
            <span class="row-time">{format::offset(t)}</span>
            <span class="net-duration">
                {format::duration(entry.duration())}
                {entry.size.map(|s| view! { <span class="dim">" · "{format::bytes(s)}</span> })}
            </span>
            <span class="waterfall"><span class="bar" style:left=format!("{left}%") style:width=format!("{width}%")></span></span>
        </div>
    }
}

fn pretty(body: &str) -> Option<serde_json::Value> {
    if body.len() > tapedeck_core::analysis::MAX_TREE_BYTES {
        return None;
    }
    serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .filter(|v| v.is_object() || v.is_array())
}

#[component]
fn RequestDetails(entry: NetworkEntry, signals: PlayerSignals) -> impl IntoView {
    let headers = |list: std::sync::Arc<[(String, String)]>| {
        if list.is_empty() {
            return view! { <p class="dim small">"Not recorded."</p> }.into_any();
        }
        view! {
            <dl class="headers">
                {list.iter().map(|(k, v)| view! { <dt>{k.clone()}</dt><dd>{v.clone()}</dd> }).collect_view()}
            </dl>
        }
        .into_any()
    };
    let body = |b: Option<std::sync::Arc<str>>| match b {
        None => view! { <p class="dim small">"Not recorded."</p> }.into_any(),
        Some(b) => match pretty(&b) {
            Some(v) => view! { <div class="body-tree"><JsonTree value=v expanded=true/></div> }.into_any(),
            // Recorded bodies can be megabytes: the first 20,000 characters.
            None => view! { <pre class="body-text">{format::clip(&b, 20_000)}</pre> }.into_any(),
        },
    };
    view! {
        <div class="details" data-testid="request-details" role="region" aria-label="Request details">
            <div class="details-head">
                <strong>{entry.method.clone()}" "</strong>
                <span class="details-url">{entry.url.clone()}</span>
                <button class="close" aria-label="Close details" on:click=move |_| signals.selected.set(Selected::None)>"×"</button>
            </div>
            <div class="details-facts">
                <span class:failed=entry.failed()>{format!("Status {}", if entry.status == 0 { "failed".to_owned() } else { entry.status.to_string() })}</span>
                <span>{format!("Started {}", format::offset(entry.t))}</span>
                <span>{format!("Took {}", format::duration(entry.duration()))}</span>
                <span>{entry.initiator.clone()}</span>
            </div>
            <h4>"Request headers"</h4>
            {headers(entry.request_headers.clone())}
            <h4>"Request body"</h4>
            {body(entry.request_body.clone())}
            <h4>"Response headers"</h4>
            {headers(entry.response_headers.clone())}
            <h4>"Response body"</h4>
            {body(entry.response_body.clone())}
        </div>
    }
}
