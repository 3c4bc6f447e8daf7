use leptos::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::player::PlayerSignals;

/// The address of this moment: this page, `?t=` the playhead (and the open panel).
pub fn moment_link(signals: &PlayerSignals) -> Option<String> {
    let loc = web_sys::window()?.location();
    let params = web_sys::UrlSearchParams::new_with_str(&loc.search().ok()?).ok()?;
    for k in tapedeck_core::deeplink::MOMENT_PARAMS {
        params.delete(k);
    }
    let secs = (signals.time_ms.get_untracked() / 100.0).round() / 10.0;
    params.set("t", &secs.to_string());
    params.set("panel", signals.panel.get_untracked().name());
    if let Some(id) = signals.inspect.selected.get_untracked() {
        params.set("node", &id.to_string());
    }
    Some(format!(
        "{}{}?{}",
        loc.origin().ok()?,
        loc.pathname().ok()?,
        String::from(params.to_string())
    ))
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
