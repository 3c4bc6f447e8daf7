//! Runtime configuration: `config.json`, served next to `index.html`, so an operator can point a
//! built player at their own storage without rebuilding. The settings themselves (and their
//! parsing) are the core's `settings`.

use wasm_bindgen::JsCast;

pub use tapedeck_core::settings::{encode_component, parse_index, Config, IndexEntry};

/// Fetches `config.json` from the player's own address. A missing file gives the defaults;
/// a broken one gives the defaults and a console warning.
pub async fn load() -> (Config, Option<String>) {
    let url = crate::fetch::absolute_url("config.json");
    // `boot.js` asks for it beside the engine's own download (`tapedeckConfig`, a fetch's
    // promise); without it, it is asked for now.
    let request = web_sys::window()
        .and_then(|w| js_sys::Reflect::get(&w, &"tapedeckConfig".into()).ok())
        .and_then(|p| p.dyn_into::<js_sys::Promise>().ok())
        .map(wasm_bindgen_futures::JsFuture::from)
        .unwrap_or_else(|| crate::fetch::request(&url));
    match crate::fetch::text_of(&url, request).await {
        Ok(text) => match tapedeck_core::settings::parse(&text) {
            Ok(c) => (c, None),
            Err(msg) => {
                crate::console_warn(&msg);
                (Config::default(), Some(msg))
            }
        },
        Err(crate::fetch::OpenError::Status { status: 404, .. }) => (Config::default(), None),
        Err(e) => {
            let msg = format!("config.json could not be read ({e}); using the defaults");
            crate::console_warn(&msg);
            (Config::default(), Some(msg))
        }
    }
}

/// A query string (without its `?`) of `params`, each name and value encoded.
pub fn search(params: &[(String, String)]) -> String {
    params
        .iter()
        .map(|(k, v)| format!("{}={}", encode_component(k), encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// An index entry's events URL (its own `src`, or the `sessions_url` template), absolute.
pub fn entry_url(config: &Config, id: &str, entry: Option<&IndexEntry>) -> String {
    let url = entry
        .and_then(|e| e.src.clone())
        .unwrap_or_else(|| config.session_url(id));
    crate::fetch::absolute_url(&url)
}
