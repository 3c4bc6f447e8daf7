//! Runtime configuration: `config.json`, served next to `index.html`, so an operator can point a
//! built player at their own storage without rebuilding.

use serde::Deserialize;

/// The player's runtime configuration.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(default)]
pub struct Config {
    /// Where a session's events are, `{id}` replaced by the session id. Relative URLs are
    /// relative to the player's own address (where `config.json` is).
    pub sessions_url: String,
    /// A JSON list of sessions for the home page.
    pub index_url: String,
    /// Rage click: at least this many clicks… (default 3; Sentry uses 5)
    pub rage_click_min: usize,
    /// …each within this many ms of the previous… (default 1000)
    pub rage_click_interval_ms: f64,
    /// …and within this many px of it, Manhattan distance (default 30).
    pub rage_click_distance_px: f64,
    /// Dead click: nothing happens for this many ms after a click on something clickable (7000).
    pub dead_click_ms: f64,
    /// Never load the recorded page's images, fonts and style sheets from other servers
    /// (privacy-sensitive deployments; users can still switch it in the player). Default false.
    pub block_remote_assets: bool,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            sessions_url: "sessions/{id}.json".to_owned(),
            index_url: "sessions/index.json".to_owned(),
            rage_click_min: 3,
            rage_click_interval_ms: 1_000.0,
            rage_click_distance_px: 30.0,
            dead_click_ms: 7_000.0,
            block_remote_assets: false,
        }
    }
}

impl Config {
    /// The click-analysis thresholds.
    pub fn click_options(&self) -> tapedeck_core::analysis::ClickOptions {
        tapedeck_core::analysis::ClickOptions {
            rage_min_clicks: self.rage_click_min.max(2),
            rage_interval_ms: self.rage_click_interval_ms,
            rage_distance_px: self.rage_click_distance_px,
            dead_wait_ms: self.dead_click_ms,
        }
    }

    /// The URL of session `id`'s events (the id is percent-encoded).
    pub fn session_url(&self, id: &str) -> String {
        self.sessions_url.replace("{id}", &encode_component(id))
    }
}

/// One session of the index.
#[derive(Debug, Clone, PartialEq, Deserialize)]
pub struct IndexEntry {
    pub id: String,
    #[serde(default)]
    pub title: Option<String>,
    /// The recorded page's URL.
    #[serde(default)]
    pub url: Option<String>,
    /// Start time: epoch milliseconds.
    #[serde(default)]
    pub start: Option<f64>,
    #[serde(default)]
    pub duration_ms: Option<f64>,
    #[serde(default)]
    pub errors: Option<u32>,
    #[serde(default)]
    pub events: Option<u64>,
    /// Where this session's events are, when not at `sessions_url` (e.g. a `.json.gz`).
    #[serde(default)]
    pub src: Option<String>,
}

/// Percent-encodes everything but unreserved characters.
pub fn encode_component(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Fetches `config.json` from the player's own address. A missing file gives the defaults;
/// a broken one gives the defaults and a console warning.
pub async fn load() -> (Config, Option<String>) {
    let url = crate::fetch::absolute_url("config.json");
    match crate::fetch::fetch_text(&url).await {
        Ok(text) => match serde_json::from_str::<Config>(&text) {
            Ok(c) => (c, None),
            Err(e) => {
                let msg = format!("config.json is not valid ({e}); using the defaults");
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

impl Config {
    /// An index entry's events URL (its own `src`, or the `sessions_url` template), absolute.
    pub fn entry_url(&self, id: &str, entry: Option<&IndexEntry>) -> String {
        let url = entry
            .and_then(|e| e.src.clone())
            .unwrap_or_else(|| self.session_url(id));
        crate::fetch::absolute_url(&url)
    }
}
