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
    /// The most memory the player's engine may hold while a recording loads, in MB (default
    /// 2048; from 32 to 3072: WebAssembly's memory ends at 4 GB, and loading takes more between
    /// two checks). Past it, loading stops and the part loaded plays, with the reason shown.
    pub max_memory_mb: f64,
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
            max_memory_mb: DEFAULT_MAX_MEMORY_MB,
        }
    }
}

/// The default of [`Config::max_memory_mb`].
pub const DEFAULT_MAX_MEMORY_MB: f64 = 2048.0;

impl Config {
    /// [`Config::max_memory_mb`] in bytes: a value out of range gives the nearest bound, one
    /// that is not a number the default.
    pub fn memory_limit(&self) -> usize {
        let mb = if self.max_memory_mb.is_nan() {
            DEFAULT_MAX_MEMORY_MB
        } else {
            self.max_memory_mb.clamp(32.0, 3072.0)
        };
        (mb * 1_048_576.0) as usize
    }

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

/// A session index read: its sessions, and what could not be read in it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Index {
    pub entries: Vec<IndexEntry>,
    /// One line per entry left out (not an object, no id, an id given before) or field left out
    /// of an entry (of the wrong type), naming the entry by its place in the list.
    pub problems: Vec<String>,
}

impl Index {
    /// The entry of session `id`.
    pub fn entry(&self, id: &str) -> Option<&IndexEntry> {
        self.entries.iter().find(|e| e.id == id)
    }
}

/// Reads a session index: a JSON list of sessions. Nothing readable is lost: an entry without a
/// usable id is left out, a field of the wrong type is left out of its entry (which is listed),
/// and each is said; an integer id is taken as its digits. Text that is not a JSON list gives why.
pub fn parse_index(text: &str) -> Result<Index, String> {
    use serde_json::Value;
    let list = match serde_json::from_str::<Value>(text) {
        Ok(Value::Array(list)) => list,
        Ok(other) => {
            let what = match other {
                Value::Object(_) => "an object",
                Value::String(_) => "a string",
                Value::Number(_) => "a number",
                Value::Bool(_) => "a boolean",
                _ => "null",
            };
            return Err(format!("it is {what}, not a list of sessions"));
        }
        Err(e) => return Err(format!("it is not JSON ({e})")),
    };
    let mut index = Index::default();
    // Ids listed so far (an index can list a hundred thousand sessions).
    let mut seen = std::collections::HashSet::new();
    let mut problems = 0usize;
    let mut say = |index: &mut Index, line: String| {
        problems += 1;
        if index.problems.len() < MAX_INDEX_PROBLEMS {
            index.problems.push(line);
        }
    };
    for (i, value) in list.into_iter().enumerate() {
        let place = i + 1;
        let Value::Object(mut fields) = value else {
            say(&mut index, format!("entry {place} is not an object; left out"));
            continue;
        };
        let id = match fields.remove("id") {
            // Only dots would name the sessions folder or its parent in a link or an address.
            Some(Value::String(s)) if s.bytes().all(|b| b == b'.') => {
                let why = if s.is_empty() { "is empty" } else { "is only dots" };
                say(&mut index, format!("entry {place}: its id {why}; left out"));
                continue;
            }
            Some(Value::String(s)) => s,
            Some(Value::Number(n)) if n.is_i64() || n.is_u64() => n.to_string(),
            Some(_) => {
                say(
                    &mut index,
                    format!("entry {place}: its id is not a string or an integer; left out"),
                );
                continue;
            }
            None => {
                say(&mut index, format!("entry {place} has no id; left out"));
                continue;
            }
        };
        if !seen.insert(id.clone()) {
            say(
                &mut index,
                format!("entry {place}: id \"{}\" is given before; left out", clip(&id)),
            );
            continue;
        }
        // Each field taken out of the entry (not copied), kept when of its kind.
        let mut field = |key: &str, kind: Kind| -> Option<Value> {
            let v = fields.remove(key).filter(|v| !v.is_null())?;
            if kind.holds(&v) {
                return Some(v);
            }
            let line = format!(
                "entry {place} (\"{}\"): its {key} is not {}; left out",
                clip(&id),
                kind.name()
            );
            say(&mut index, line);
            None
        };
        let text = |v: Option<Value>| match v {
            Some(Value::String(s)) => Some(s),
            _ => None,
        };
        let title = text(field("title", Kind::Text));
        let url = text(field("url", Kind::Text));
        let src = text(field("src", Kind::Text));
        let start = field("start", Kind::Time).and_then(|v| v.as_f64());
        let duration_ms = field("duration_ms", Kind::Duration).and_then(|v| v.as_f64());
        let errors = field("errors", Kind::Count)
            .and_then(|v| v.as_u64())
            .map(|n| n.min(u32::MAX as u64) as u32);
        let events = field("events", Kind::Count).and_then(|v| v.as_u64());
        index.entries.push(IndexEntry {
            id,
            title,
            url,
            start,
            duration_ms,
            errors,
            events,
            src,
        });
    }
    if problems > index.problems.len() {
        let more = problems - index.problems.len();
        index.problems.push(format!("… and {more} more"));
    }
    Ok(index)
}

/// Most sessions the home page shows at once (an index can list a hundred thousand).
pub const MAX_CARDS: usize = 200;

/// An index's entries with what a filter looks in (id, title and recorded URL, lowercased once,
/// not at every keystroke: an index can list a hundred thousand sessions).
pub struct EntryFinder {
    entries: Vec<IndexEntry>,
    haystacks: Vec<String>,
}

/// Between the fields of a haystack, so that a query cannot match across two of them.
const FIELD_SEP: char = '\u{1f}';

impl EntryFinder {
    pub fn new(entries: Vec<IndexEntry>) -> Self {
        let haystacks = entries
            .iter()
            .map(|e| {
                [Some(&e.id), e.title.as_ref(), e.url.as_ref()]
                    .into_iter()
                    .flatten()
                    .map(|s| s.to_lowercase())
                    .collect::<Vec<_>>()
                    .join(&FIELD_SEP.to_string())
            })
            .collect();
        EntryFinder { entries, haystacks }
    }

    /// The entries whose id, title or recorded URL contain `query` (any case; every entry for
    /// an empty query), at most `max` of them in the index's order, and how many match in all.
    pub fn find(&self, query: &str, max: usize) -> (Vec<&IndexEntry>, usize) {
        let q = query.trim().to_lowercase();
        let hits = |i: &usize| q.is_empty() || (!q.contains(FIELD_SEP) && self.haystacks[*i].contains(&q));
        let mut total = 0;
        let mut shown = Vec::new();
        for i in (0..self.entries.len()).filter(hits) {
            total += 1;
            if shown.len() < max {
                shown.push(&self.entries[i]);
            }
        }
        (shown, total)
    }
}

/// Lines about an index's problems kept (then a count of the rest): an index of a million
/// broken entries is not a million messages.
pub const MAX_INDEX_PROBLEMS: usize = 100;

/// What an index entry's field must hold.
#[derive(Clone, Copy)]
enum Kind {
    Text,
    Count,
    /// Epoch ms a date can show (JavaScript's Date range).
    Time,
    /// Ms, from 0 to the Date range.
    Duration,
}

impl Kind {
    fn holds(self, v: &serde_json::Value) -> bool {
        const DATE_RANGE_MS: f64 = 8.64e15;
        match self {
            Kind::Text => v.is_string(),
            Kind::Count => v.as_u64().is_some(),
            Kind::Time => v.as_f64().is_some_and(|t| t.abs() <= DATE_RANGE_MS),
            Kind::Duration => v.as_f64().is_some_and(|d| (0.0..=DATE_RANGE_MS).contains(&d)),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Kind::Text => "a text",
            Kind::Count => "a count",
            Kind::Time => "a time",
            Kind::Duration => "a duration",
        }
    }
}

/// An id as shown in a message (recorded ids can be any length).
fn clip(s: &str) -> String {
    crate::text::clip(s, 60)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_memory_limit_is_read_and_bounded() {
        let mb = |text: &str| parse(text).unwrap().memory_limit() >> 20;
        assert_eq!(mb("{}"), 2048);
        assert_eq!(mb(r#"{"max_memory_mb": 64}"#), 64);
        assert_eq!(mb(r#"{"max_memory_mb": 1}"#), 32);
        assert_eq!(mb(r#"{"max_memory_mb": -5}"#), 32);
        assert_eq!(mb(r#"{"max_memory_mb": 1e300}"#), 3072);
        assert_eq!(mb(r#"{"max_memory_mb": 100.5}"#), 100);
        let nan = Config {
            max_memory_mb: f64::NAN,
            ..Config::default()
        };
        assert_eq!(nan.memory_limit() >> 20, 2048);
        assert!(parse(r#"{"max_memory_mb": "lots"}"#).is_err());
    }

    #[test]
    fn an_index_keeps_the_entries_it_can_read() {
        let text = r#"[
            {"id": "checkout", "title": "Checkout", "src": "a.json.gz", "duration_ms": 70000},
            {"id": 5, "start": 1795762134328},
            {"title": "no id"},
            "not an object",
            {"id": "café 1/2", "errors": "three", "title": ["not", "text"], "events": 12},
            {"id": ""},
            {"id": "checkout", "title": "again"},
            {"id": "CHECKOUT", "unknown": [1, 2], "url": null},
            {"id": 1.5},
            {"id": "café 1/2"},
            {"id": "..", "title": "up"},
            {"id": "late", "start": 1e300, "duration_ms": -5},
            {"id": 18446744073709551615}
        ]"#;
        let index = parse_index(text).unwrap();
        let ids: Vec<&str> = index.entries.iter().map(|e| e.id.as_str()).collect();
        // Ids are compared exactly: another case is another session. An integer id is its digits.
        assert_eq!(
            ids,
            ["checkout", "5", "café 1/2", "CHECKOUT", "late", "18446744073709551615"]
        );
        let late = index.entry("late").unwrap();
        assert_eq!((late.start, late.duration_ms), (None, None));
        assert_eq!(index.entry("checkout").unwrap().title.as_deref(), Some("Checkout"));
        assert_eq!(index.entry("checkout").unwrap().src.as_deref(), Some("a.json.gz"));
        assert_eq!(index.entry("checkout").unwrap().duration_ms, Some(70_000.0));
        assert_eq!(index.entry("5").unwrap().start, Some(1_795_762_134_328.0));
        assert!(index.entry("Checkout").is_none());
        // A field of the wrong type is left out of an entry that is still listed.
        let odd = index.entry("café 1/2").unwrap();
        assert_eq!((odd.errors, odd.title.as_deref(), odd.events), (None, None, Some(12)));
        let expected = [
            "entry 3 has no id",
            "entry 4 is not an object",
            "entry 5 (\"café 1/2\"): its title is not a text",
            "entry 5 (\"café 1/2\"): its errors is not a count",
            "entry 6: its id is empty",
            "entry 7: id \"checkout\" is given before",
            "entry 9: its id is not a string or an integer",
            "entry 10: id \"café 1/2\" is given before",
            "entry 11: its id is only dots",
            "entry 12 (\"late\"): its start is not a time",
            "entry 12 (\"late\"): its duration_ms is not a duration",
        ];
        assert_eq!(index.problems.len(), expected.len(), "{:?}", index.problems);
        for start in expected {
            assert!(
                index.problems.iter().any(|p| p.starts_with(start)),
                "{start}: {:?}",
                index.problems
            );
        }
    }

    #[test]
    fn an_index_that_is_not_a_list_says_what_it_is() {
        assert!(parse_index(r#"{"sessions": []}"#)
            .unwrap_err()
            .contains("an object, not a list"));
        assert!(parse_index("null").unwrap_err().contains("null"));
        assert!(parse_index("<html>").unwrap_err().contains("not JSON"));
        assert!(parse_index("").unwrap_err().contains("not JSON"));
        assert_eq!(parse_index("[]").unwrap(), Index::default());
        // A long id is cut in the message.
        let long = "x".repeat(10_000);
        let text = format!(r#"[{{"id":"{long}"}},{{"id":"{long}"}}]"#);
        assert!(parse_index(&text).unwrap().problems[0].len() < 200);
    }

    #[test]
    fn a_million_broken_entries_are_a_hundred_lines_and_a_count() {
        let text = format!("[{}]", vec!["1"; 1_000_000].join(","));
        let index = parse_index(&text).unwrap();
        assert!(index.entries.is_empty());
        assert_eq!(index.problems.len(), MAX_INDEX_PROBLEMS + 1);
        let last = format!("… and {} more", 1_000_000 - MAX_INDEX_PROBLEMS);
        assert_eq!(index.problems.last(), Some(&last));
    }

    #[test]
    fn sessions_are_found_by_id_title_or_address_in_any_case() {
        let index = parse_index(
            r#"[{"id":"checkout","title":"Checkout FAILS","url":"https://shop.example/pay"},
                {"id":"Café-1","title":"Menu"},{"id":"rust-book"}]"#,
        )
        .unwrap();
        let finder = EntryFinder::new(index.entries);
        let ids = |q: &str, max: usize| {
            let (shown, total) = finder.find(q, max);
            (shown.iter().map(|e| e.id.as_str()).collect::<Vec<_>>(), total)
        };
        assert_eq!(ids("", 10), (vec!["checkout", "Café-1", "rust-book"], 3));
        assert_eq!(ids("  fails ", 10), (vec!["checkout"], 1));
        assert_eq!(ids("SHOP.example", 10), (vec!["checkout"], 1));
        assert_eq!(ids("CAFÉ", 10), (vec!["Café-1"], 1));
        assert_eq!(ids("o", 1), (vec!["checkout"], 2));
        assert_eq!(ids("nothing", 10), (vec![], 0));
        // A query does not match across two fields ("Café-1" then "Menu").
        assert_eq!(ids("1menu", 10), (vec![], 0));
        assert_eq!(ids("1\u{1f}menu", 10), (vec![], 0));
        assert_eq!(finder.find("", usize::MAX).1, 3, "an empty query: every entry");
    }

    #[test]
    fn a_long_index_is_read_whole() {
        // Duplicates are found by a set, not by a scan of the entries so far.
        let mut list: Vec<String> = (0..100_000)
            .map(|i| format!(r#"{{"id":"s{i}","duration_ms":{i}}}"#))
            .collect();
        list.push(r#"{"id":"s99999"}"#.to_owned());
        let index = parse_index(&format!("[{}]", list.join(","))).unwrap();
        assert_eq!(index.entries.len(), 100_000);
        assert_eq!(
            index.problems,
            [r#"entry 100001: id "s99999" is given before; left out"#]
        );
        assert_eq!(index.entry("s99999").unwrap().duration_ms, Some(99_999.0));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(500))]

        /// Any list of JSON values: every element is listed or said to be left out, and no id
        /// is listed twice.
        #[test]
        fn any_index_lists_or_skips_each_entry(
            items in proptest::collection::vec(
                prop_oneof![
                    any::<String>().prop_map(|id| serde_json::json!({ "id": id })),
                    any::<i64>().prop_map(|n| serde_json::json!({ "id": n })),
                    any::<String>().prop_map(serde_json::Value::from),
                    (any::<String>(), any::<f64>()).prop_map(|(id, d)| serde_json::json!({ "id": id, "duration_ms": d })),
                ],
                0..12,
            )
        ) {
            let text = serde_json::Value::Array(items.clone()).to_string();
            let index = parse_index(&text).unwrap();
            // A field's problem reads `entry N ("id"): …`; an entry's, `entry N: …` or `entry N has…`.
            let field_level = |p: &String| {
                p.strip_prefix("entry ")
                    .map(|r| r.trim_start_matches(|c: char| c.is_ascii_digit()))
                    .is_some_and(|r| r.starts_with(" (\""))
            };
            let left_out = index.problems.iter().filter(|p| !field_level(p)).count();
            prop_assert_eq!(index.entries.len() + left_out, items.len());
            let mut ids: Vec<&str> = index.entries.iter().map(|e| e.id.as_str()).collect();
            ids.sort_unstable();
            ids.dedup();
            prop_assert_eq!(ids.len(), index.entries.len());
        }

        #[test]
        fn any_index_text_gives_an_index_or_a_message(s in ".*") {
            let _ = parse_index(&s);
        }
    }

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
