use leptos::prelude::*;

use crate::config::{encode_component, parse_index, Config, IndexEntry};
use crate::fetch;
use crate::format;
use tapedeck_core::settings::{EntryFinder, MAX_CARDS};

/// The sessions listed in the configured index (`index_url`).
#[component]
pub fn SessionList() -> impl IntoView {
    let config = expect_context::<Config>();
    let url = fetch::absolute_url(&config.index_url);
    let shown_url = url.clone();
    let index = LocalResource::new(move || {
        let url = url.clone();
        async move {
            let text = fetch::fetch_text(&url).await.map_err(|e| e.to_string())?;
            parse_index(&text).map_err(|e| format!("The session index at {url} could not be read: {e}."))
        }
    });
    view! {
        <section class="session-list" aria-labelledby="sessions-heading">
            <h2 id="sessions-heading">"Recordings"</h2>
            <Suspense fallback=|| view! { <p class="dim">"Loading the session index…"</p> }>
                {move || {
                    let shown_url = shown_url.clone();
                    index.get().map(move |r| match r {
                        Err(e) => view! {
                            <div class="notice notice-error" data-testid="index-error" role="alert">
                                <strong>"Could not list the sessions. "</strong>{e}
                                <div class="dim">{format!("Set index_url in config.json to a JSON list of sessions (now: {shown_url}).")}</div>
                            </div>
                        }.into_any(),
                        Ok(index) => {
                            let problems = (!index.problems.is_empty()).then(|| view! { <IndexProblems lines=index.problems/> });
                            let list = if index.entries.is_empty() {
                                view! { <p class="dim">"The index lists no sessions. Open a recording file instead."</p> }.into_any()
                            } else {
                                view! { <SessionCards entries=index.entries/> }.into_any()
                            };
                            view! { {problems}{list} }.into_any()
                        }
                    })
                }}
            </Suspense>
        </section>
    }
}

/// Sessions listed more than this get a filter box.
const FILTER_FROM: usize = 10;

/// The index's sessions as cards: at most [`MAX_CARDS`], with a filter (id, title, address)
/// when there are many, and how many more match.
#[component]
fn SessionCards(entries: Vec<IndexEntry>) -> impl IntoView {
    let many = entries.len() > FILTER_FROM;
    let finder = StoredValue::new(EntryFinder::new(entries));
    let (query, set_query) = signal(String::new());
    let found = Memo::new(move |_| {
        query.with(|q| {
            finder.with_value(|f| {
                let (shown, total) = f.find(q, MAX_CARDS);
                (shown.into_iter().cloned().collect::<Vec<_>>(), total)
            })
        })
    });
    view! {
        {many.then(|| view! {
            <input
                class="search session-filter"
                type="search"
                placeholder="Filter sessions by title, id or address"
                aria-label="Filter sessions"
                data-testid="session-filter"
                prop:value=query
                on:input=move |ev| set_query.set(event_target_value(&ev))
            />
        })}
        {move || {
            let (shown, total) = found.get();
            let more = total - shown.len();
            view! {
                {(total == 0).then(|| view! { <p class="dim">"No session matches."</p> })}
                <ul class="cards">
                    {shown.into_iter().map(|e| view! { <SessionCard entry=e/> }).collect_view()}
                </ul>
                {(more > 0).then(|| view! {
                    <p class="dim" data-testid="sessions-not-shown">
                        {format!("{} not shown — filter to find one.", format::count(more, "more session", "more sessions"))}
                    </p>
                })}
            }
        }}
    }
}

/// What of the index could not be read (entries or fields left out; the rest is listed): how
/// much, and the first few lines.
#[component]
fn IndexProblems(lines: Vec<String>) -> impl IntoView {
    const SHOWN: usize = 5;
    let n = lines.len();
    let more = n.saturating_sub(SHOWN);
    view! {
        <div class="notice notice-warn index-problems" data-testid="index-problems" role="status">
            <strong>"Part of the session index could not be read"</strong>
            {format!(" ({}); the rest is listed.", format::count(n, "problem", "problems"))}
            <ul>
                {lines.into_iter().take(SHOWN).map(|l| view! { <li>{l}</li> }).collect_view()}
                {(more > 0).then(|| view! { <li>{format!("… and {more} more")}</li> })}
            </ul>
        </div>
    }
}

/// One session of the index.
#[component]
fn SessionCard(entry: IndexEntry) -> impl IntoView {
    let href = format!("/sessions/{}", encode_component(&entry.id));
    let title = entry.title.clone().unwrap_or_else(|| entry.id.clone());
    let errors = entry.errors.unwrap_or(0);
    view! {
        <li>
            <a class="card session-card" href=href data-testid="session-card">
                <div class="card-main">
                    <div class="card-title">{title}</div>
                    <div class="card-url dim">{entry.url.clone()}</div>
                </div>
                <div class="card-facts">
                    {entry.start.and_then(format::date_time).map(|d| view! { <span class="fact">{d}</span> })}
                    {entry.duration_ms.map(|d| view! { <span class="fact fact-duration" title="Duration">{format::clock(d)}</span> })}
                    {entry.events.map(|n| view! { <span class="fact dim">{format!("{n} events")}</span> })}
                    {(errors > 0).then(|| view! {
                        <span class="badge badge-error" title="Errors in this session">{format::count(errors as usize, "error", "errors")}</span>
                    })}
                </div>
            </a>
        </li>
    }
}
