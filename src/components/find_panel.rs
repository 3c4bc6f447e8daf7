use leptos::html::Input;
use leptos::prelude::*;
use tapedeck_core::find::{Hit, Kind};

use crate::format;
use crate::player::{Controller, PlayerSignals};

/// Results of one kind rendered at most (the rest are counted: narrow the search).
const SHOWN_PER_KIND: usize = 100;

/// Find: one box for the whole session (`/` or Ctrl/Cmd+F, Escape closes), its results grouped
/// by where they were found, each with its moment; Enter / Shift+Enter step through them.
#[component]
pub fn FindPanel(signals: PlayerSignals, ctl: StoredValue<Controller, LocalStorage>) -> impl IntoView {
    let sig = signals.find;
    let input = NodeRef::<Input>::new();
    // `/` and Ctrl/Cmd+F ask for the box, also before the panels were built (the key pressed
    // the moment the player is ready).
    Effect::new(move |prev: Option<u32>| {
        let n = sig.focus.get();
        if prev.map_or(n > 0, |p| p != n) {
            if let Some(el) = input.get_untracked() {
                let _ = el.focus();
                el.select();
            }
        }
        n
    });
    // The result shown stays in view in the list.
    Effect::new(move |_| {
        if let Some(i) = sig.current.get() {
            let doc = web_sys::window().and_then(|w| w.document());
            if let Some(el) = doc.and_then(|d| d.query_selector(&format!("[data-find-index=\"{i}\"]")).ok().flatten()) {
                let opts = web_sys::ScrollIntoViewOptions::new();
                opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                el.scroll_into_view_with_scroll_into_view_options(&opts);
            }
        }
    });
    let status = move || {
        let q = sig.query.get();
        if q.trim().is_empty() {
            return String::new();
        }
        let indexing = if sig.indexing.get() {
            " (still reading the session)"
        } else {
            ""
        };
        sig.results.with(|r| {
            let total = r.total();
            match (total, sig.current.get()) {
                (0, _) => format!("No results{indexing}"),
                (n, Some(c)) => {
                    let k = r.in_time_order().iter().position(|&o| o == c).unwrap_or(0) + 1;
                    format!("{k} of {n}{indexing}")
                }
                (n, None) => format!("{}{indexing}", format::count(n, "result", "results")),
            }
        })
    };
    let on_key = move |ev: web_sys::KeyboardEvent| match ev.key().as_str() {
        "Enter" => {
            ev.prevent_default();
            ctl.with_value(|c| c.find_step(!ev.shift_key()));
        }
        "Escape" => {
            ev.prevent_default();
            ev.stop_propagation();
            ctl.with_value(|c| c.close_find());
            if let Some(el) = input.get_untracked() {
                let _ = el.blur();
            }
        }
        _ => {}
    };
    let groups = move || {
        if !sig.open.get() {
            return Vec::new();
        }
        // The result shown is marked by its row alone: stepping does not render the list again.
        sig.results.with(|r| {
            let mut out = Vec::new();
            for (kind, count) in r.counts.iter().copied() {
                let rows: Vec<_> = r
                    .hits
                    .iter()
                    .enumerate()
                    .filter(|(_, h)| h.kind == kind)
                    .take(SHOWN_PER_KIND)
                    .map(|(i, h)| result_row(i, h, sig.current, ctl))
                    .collect();
                let more = count.saturating_sub(rows.len());
                out.push(view! {
                    <li class="find-group" data-testid="find-group" data-kind=kind.name()>
                        <h3 class="find-group-title">{kind.title()} <span class="find-group-count">{count}</span></h3>
                        <ul class="find-rows">{rows}</ul>
                        {(more > 0).then(|| view! { <p class="find-more">{format!("and {more} more: narrow the search")}</p> })}
                    </li>
                });
            }
            out
        })
    };
    let has_results = move || sig.results.with(|r| !r.hits.is_empty());
    view! {
        <section class="find" data-testid="find" class:open=move || sig.open.get() data-indexed=move || (!sig.indexing.get()).to_string() aria-label="Find in this session">
            <div class="find-row">
                <input
                    node_ref=input
                    type="search"
                    class="find-input"
                    data-testid="find-input"
                    placeholder="Find in session  ( / )"
                    aria-label="Find in this session: words, \"a phrase\", in:screen, in:console, in:network, in:pages, in:activity, status:5xx, level:error"
                    autocomplete="off"
                    spellcheck="false"
                    prop:value=move || sig.query.get()
                    on:focus=move |_| {
                        sig.open.set(true);
                        ctl.with_value(|c| c.want_screen_text());
                    }
                    on:input=move |ev| {
                        sig.open.set(true);
                        let v = event_target_value(&ev);
                        ctl.with_value(|c| c.find(&v));
                    }
                    on:keydown=on_key
                />
                <span class="find-status" data-testid="find-status" aria-live="polite">{status}</span>
                <button class="find-step" data-testid="find-prev" title="Previous result (Shift+Enter, N)" aria-label="Previous result"
                    disabled=move || !has_results() on:click=move |_| ctl.with_value(|c| c.find_step(false))>"‹"</button>
                <button class="find-step" data-testid="find-next" title="Next result (Enter, n)" aria-label="Next result"
                    disabled=move || !has_results() on:click=move |_| ctl.with_value(|c| c.find_step(true))>"›"</button>
                <button class="find-close" data-testid="find-close" title="Close (Escape)" aria-label="Close the results"
                    class:hidden=move || !sig.open.get() on:click=move |_| ctl.with_value(|c| c.close_find())>"×"</button>
            </div>
            {move || sig.results.with(|r| r.warnings.clone()).into_iter().map(|w| view! { <p class="find-warning" role="status">{w}</p> }).collect_view()}
            <ul class="find-results" data-testid="find-results" aria-label="Results">{groups}</ul>
        </section>
    }
}

/// One result: its time, what it is, the text around the match (matches marked), and for
/// screen text the span it was visible.
fn result_row(
    i: usize,
    h: &Hit,
    current: RwSignal<Option<usize>>,
    ctl: StoredValue<Controller, LocalStorage>,
) -> impl IntoView {
    let current = move || current.get() == Some(i);
    let mut parts = Vec::new();
    let mut at = 0;
    for &(a, b) in &h.marks {
        if a >= at && b <= h.context.len() && h.context.is_char_boundary(a) && h.context.is_char_boundary(b) {
            parts.push(view! { <span>{h.context[at..a].to_owned()}</span> }.into_any());
            parts.push(view! { <mark>{h.context[a..b].to_owned()}</mark> }.into_any());
            at = b;
        }
    }
    parts.push(view! { <span>{h.context[at..].to_owned()}</span> }.into_any());
    let span = (h.kind == Kind::Screen).then(|| {
        let until = h.until.map_or("the end".to_owned(), format::offset);
        view! { <span class="find-span" data-testid="find-span">{format!("shown {} → {until}", format::offset(h.t))}</span> }
    });
    let t = h.t;
    view! {
        <li>
            <button
                class="find-result"
                class:current=current
                data-testid="find-result"
                data-find-index=i
                data-ms=format!("{}", t.round())
                data-kind=h.kind.name()
                aria-current=move || current().to_string()
                on:click=move |_| ctl.with_value(|c| c.show_result(i))
            >
                <span class="find-time">{format::offset(t)}</span>
                <span class="find-label">{h.label.clone()}</span>
                <span class="find-context">{parts}</span>
                {span}
            </button>
        </li>
    }
}
