//! The player's runtime settings (`config.json`) and the home page's session index, as data:
//! parsing and the values derived from them. Any text gives settings or a clear message.

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
    /// The click-analysis thresholds: a value out of range (negative, not finite, absurd) gives
    /// the default instead.
    pub fn click_options(&self) -> crate::analysis::ClickOptions {
        let d = crate::analysis::ClickOptions::default();
        let ms = |v: f64, default: f64| {
            if (0.0..=86_400_000.0).contains(&v) {
                v
            } else {
                default
            }
        };
        crate::analysis::ClickOptions {
            rage_min_clicks: self.rage_click_min.clamp(2, 1_000),
            rage_interval_ms: ms(self.rage_click_interval_ms, d.rage_interval_ms),
            rage_distance_px: ms(self.rage_click_distance_px, d.rage_distance_px),
            dead_wait_ms: ms(self.dead_click_ms, d.dead_wait_ms),
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

/// Parses `config.json`: the settings, or why they are not valid (then the defaults are used).
pub fn parse(text: &str) -> Result<Config, String> {
    serde_json::from_str::<Config>(text).map_err(|e| format!("config.json is not valid ({e}); using the defaults"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn odd_settings_fall_back() {
        let c = parse(r#"{"rage_click_min":0,"rage_click_interval_ms":-5,"dead_click_ms":1e300,"unknown":1}"#).unwrap();
        let o = c.click_options();
        assert_eq!(
            (o.rage_min_clicks, o.rage_interval_ms, o.dead_wait_ms),
            (2, 1_000.0, 7_000.0)
        );
        assert!(parse("{").unwrap_err().contains("not valid"));
        assert!(parse(r#"{"rage_click_min":-1}"#).is_err());
        assert_eq!(Config::default().session_url("a b/é"), "sessions/a%20b%2F%C3%A9.json");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn any_config_text_gives_settings_or_a_message(s in ".*") {
            if let Ok(c) = parse(&s) {
                let _ = c.click_options();
            }
        }

        #[test]
        fn any_numbers_give_usable_thresholds(min in any::<u64>(), a in any::<f64>(), b in any::<f64>(), c in any::<f64>()) {
            let text = format!(
                r#"{{"rage_click_min":{min},"rage_click_interval_ms":{a:?},"rage_click_distance_px":{b:?},"dead_click_ms":{c:?}}}"#
            );
            if let Ok(cfg) = parse(&text) {
                let o = cfg.click_options();
                prop_assert!((2..=1_000).contains(&o.rage_min_clicks));
                for v in [o.rage_interval_ms, o.rage_distance_px, o.dead_wait_ms] {
                    prop_assert!(v.is_finite() && v >= 0.0);
                }
            }
        }

        #[test]
        fn any_session_id_makes_one_path_segment(id in ".*") {
            let url = Config::default().session_url(&id);
            let seg = url.strip_prefix("sessions/").and_then(|u| u.strip_suffix(".json")).unwrap();
            prop_assert!(seg.bytes().all(|b| b.is_ascii_alphanumeric() || b"-_.~%".contains(&b)));
        }
    }
}
