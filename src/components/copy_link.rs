use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::player::PlayerSignals;
use tapedeck_core::deeplink::{Query, MOMENT_PARAMS};

/// The address of this moment: this page, `?t=` the playhead (and the open panel).
pub fn moment_link(signals: &PlayerSignals) -> Option<String> {
    let loc = web_sys::window()?.location();
    let query = Query::parse(&loc.search().ok()?);
    let search = moment_search(&query, signals.time_ms.get_untracked(), signals);
    Some(format!("{}{}?{search}", loc.origin().ok()?, loc.pathname().ok()?))
}

/// The query of a link to `ms` made from an address whose query is `query`: the old moment
/// (under any name), `play` and the node replaced by `t`, the open panel and the selected node.
/// A copied link and a jump's history entry are made alike.
pub fn moment_search(query: &Query, ms: f64, signals: &PlayerSignals) -> String {
    let mut params = query.without(MOMENT_PARAMS);
    params.push(("t".to_owned(), ((ms / 100.0).round() / 10.0).to_string()));
    params.push(("panel".to_owned(), signals.panel.get_untracked().name().to_owned()));
    if let Some(id) = signals.inspect.selected.get_untracked() {
        params.push(("node".to_owned(), id.to_string()));
    }
    crate::config::search(&params)
}

/// Puts `text` on the clipboard and says so (or shows it, where the clipboard is refused):
/// `what` names it ("Link", "Selector").
pub fn copy_text(signals: PlayerSignals, what: &'static str, text: String) {
    let clipboard = web_sys::window().map(|w| w.navigator().clipboard());
    wasm_bindgen_futures::spawn_local(async move {
        let copied = match clipboard {
            Some(c) => JsFuture::from(c.write_text(&text)).await.is_ok(),
            None => false,
        };
        let shown = crate::format::clip(&text, 200);
        signals.notice.set(Some(if copied {
            format!("{what} copied: {shown}")
        } else {
            format!("{what}: {shown}")
        }));
    });
}

/// "Copy link to this moment".
#[component]
pub fn CopyLink(signals: PlayerSignals) -> impl IntoView {
    view! {
        <button
            class="toggle"
            data-testid="copy-moment-link"
            title="Copy a link to this moment"
            on:click=move |_| {
                if let Some(link) = moment_link(&signals) {
                    copy_text(signals, "Link", link);
                }
            }
        >
            <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M10 14a4 4 0 0 0 5.7 0l3-3a4 4 0 0 0-5.7-5.7l-1 1M14 10a4 4 0 0 0-5.7 0l-3 3a4 4 0 0 0 5.7 5.7l1-1" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round"/></svg>
            <span class="label">"Copy link"</span>
        </button>
    }
}
