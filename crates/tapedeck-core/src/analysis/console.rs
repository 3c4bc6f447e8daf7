//! Console messages: the `rrweb/console@1` plugin and the legacy Log source.

use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;

/// Objects and arrays larger than this (JSON text, bytes) are shown as text, not as trees.
pub const MAX_TREE_BYTES: usize = 256 * 1024;

/// One argument of a console call. Each recorded argument is JSON text: objects and arrays are
/// kept as their JSON text, and parsed into a tree only when a panel shows them (a recorded
/// object of a million keys costs nothing until then); everything else is plain text.
#[derive(Debug, Clone, PartialEq)]
pub enum ConsoleArg {
    Text(String),
    Tree(String),
}

impl ConsoleArg {
    pub fn parse(raw: &str) -> ConsoleArg {
        if raw.trim_start().starts_with(['{', '[']) {
            // Checked without building it: valid JSON stays a tree to show later.
            return match serde_json::from_str::<serde::de::IgnoredAny>(raw) {
                Ok(_) => ConsoleArg::Tree(raw.trim().to_owned()),
                Err(_) => ConsoleArg::Text(raw.to_owned()),
            };
        }
        match serde_json::from_str::<Value>(raw) {
            Ok(Value::String(s)) => ConsoleArg::Text(s),
            Ok(Value::Null) => ConsoleArg::Text("null".to_owned()),
            Ok(v) => ConsoleArg::Text(v.to_string()),
            Err(_) => ConsoleArg::Text(raw.to_owned()),
        }
    }

    /// The argument as one line of text.
    pub fn text(&self) -> String {
        match self {
            ConsoleArg::Text(s) | ConsoleArg::Tree(s) => s.clone(),
        }
    }

    /// An object or array as a tree to show; `None` for text, and for trees larger than
    /// [`MAX_TREE_BYTES`] (shown as their text instead).
    pub fn tree(&self) -> Option<Value> {
        match self {
            ConsoleArg::Tree(json) if json.len() <= MAX_TREE_BYTES => serde_json::from_str(json).ok(),
            _ => None,
        }
    }
}

/// A console message (consecutive identical ones grouped).
#[derive(Debug, Clone, PartialEq)]
pub struct ConsoleEntry {
    /// Offset of the first occurrence, ms.
    pub t: f64,
    /// Offset of the last occurrence (equal to `t` when not repeated).
    pub last: f64,
    /// Level, arguments and trace are shared by every analysis of a growing session.
    pub level: Arc<str>,
    pub args: Arc<[ConsoleArg]>,
    /// Stack frames, innermost first.
    pub trace: Arc<[String]>,
    /// How many times it was logged in a row.
    pub count: u32,
    pub page: usize,
}

impl ConsoleEntry {
    /// All arguments as one line.
    pub fn message(&self) -> String {
        self.args.iter().map(ConsoleArg::text).collect::<Vec<_>>().join(" ")
    }

    /// The arguments as one line of at most `max` characters (then "…"), without copying more of
    /// them than that: a row glanced at while the playhead is dragged (arguments can be megabytes).
    pub fn glance(&self, max: usize) -> String {
        let mut out = String::new();
        let mut left = max;
        for (i, arg) in self.args.iter().enumerate() {
            let (ConsoleArg::Text(s) | ConsoleArg::Tree(s)) = arg;
            if i > 0 {
                if left == 0 {
                    out.push('…');
                    return out;
                }
                out.push(' ');
                left -= 1;
            }
            let (kept, cut) = crate::text::head(s, left);
            out.push_str(kept);
            if cut {
                out.push('…');
                return out;
            }
            left -= kept.chars().count();
        }
        out
    }

    /// An uncaught exception or unhandled rejection (the console plugin's error hook).
    pub fn is_uncaught(&self) -> bool {
        &*self.level == "error" && matches!(self.args.first(), Some(ConsoleArg::Text(s)) if s.starts_with("Uncaught"))
    }
}

/// The console plugin's payload (also the legacy Log source's data).
#[derive(Debug, Deserialize)]
pub(super) struct ConsolePayload {
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub trace: Vec<String>,
    #[serde(default)]
    pub payload: Vec<String>,
}

/// Adds a message, grouping it with the previous one when identical.
pub(super) fn push(list: &mut Vec<ConsoleEntry>, t: f64, page: usize, p: ConsolePayload) {
    let args: Vec<ConsoleArg> = p.payload.iter().map(|a| ConsoleArg::parse(a)).collect();
    let level = if p.level.is_empty() { "log" } else { p.level.as_str() };
    if let Some(last) = list.last_mut() {
        if &*last.level == level && *last.args == args[..] && *last.trace == p.trace[..] && last.page == page {
            last.count += 1;
            last.last = t;
            return;
        }
    }
    list.push(ConsoleEntry {
        t,
        last: t,
        level: level.into(),
        args: args.into(),
        trace: p.trace.into(),
        count: 1,
        page,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn entry(args: Vec<ConsoleArg>) -> ConsoleEntry {
        ConsoleEntry {
            t: 0.0,
            last: 0.0,
            level: "log".into(),
            args: args.into(),
            trace: Arc::from(Vec::new()),
            count: 1,
            page: 0,
        }
    }

    #[test]
    fn a_glance_is_the_message_when_it_is_short() {
        let e = entry(vec![
            ConsoleArg::Text("cart loaded".into()),
            ConsoleArg::Tree("{\"items\":[]}".into()),
        ]);
        assert_eq!(e.glance(80), "cart loaded {\"items\":[]}");
        assert_eq!(e.glance(80), e.message());
        assert_eq!(entry(Vec::new()).glance(10), "");
    }

    #[test]
    fn a_glance_is_clipped_on_characters_not_bytes() {
        let e = entry(vec![
            ConsoleArg::Text("héllo wörld".into()),
            ConsoleArg::Text("日本語".into()),
        ]);
        assert_eq!(e.glance(5), "héllo…");
        assert_eq!(e.glance(11), "héllo wörld…");
        assert_eq!(e.glance(12), "héllo wörld …");
        assert_eq!(e.glance(14), "héllo wörld 日本…");
        assert_eq!(e.glance(15), "héllo wörld 日本語");
        assert_eq!(e.glance(0), "…");
    }

    #[test]
    fn a_glance_at_a_megabyte_argument_copies_only_its_start() {
        let e = entry(vec![ConsoleArg::Text("x".repeat(4 << 20))]);
        let g = e.glance(200);
        assert_eq!(g.chars().count(), 201);
        assert!(g.capacity() < 4096, "copied {} bytes", g.capacity());
    }

    proptest! {
        /// Any arguments, any limit: the glance is the message's first `max` characters, with "…"
        /// when the message was longer.
        #[test]
        fn a_glance_is_a_prefix_of_the_message(
            args in proptest::collection::vec(any::<String>(), 0..5),
            max in 0usize..40,
        ) {
            let e = entry(args.into_iter().map(ConsoleArg::Text).collect());
            let message = e.message();
            let g = e.glance(max);
            let n = message.chars().count();
            if n <= max {
                prop_assert_eq!(g, message);
            } else {
                let start: String = message.chars().take(max).collect();
                prop_assert_eq!(g, format!("{start}…"));
            }
        }
    }
}
