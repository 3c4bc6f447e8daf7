//! PostHog's recordings as its users have them:
//! - `$snapshot` events as the SDK posts them (`properties.$snapshot_data`, `$window_id`);
//! - the snapshot API's lines: `[windowId, event]` (read by the splitter, the window as a
//!   label) or `{"window_id": …, "data": [events]}`;
//! - "export to file": `{"version": "2023-04-28", "data": {"snapshots": [event + windowId]}}`
//!   and `{"version": "2022-12-02", "data": {"snapshotsByWindowId": {window: [events]}}}`;
//! - `cv: "2024-10"` compression, undone per event: a full snapshot's `data`, a mutation's
//!   `texts`, `attributes`, `removes` and `adds`, a style rule event's `adds` and `removes`,
//!   each gzip-compressed JSON carried as a latin-1 string.

use std::collections::BTreeMap;
use std::io::Read;

use flate2::read::GzDecoder;
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

/// The compression version PostHog writes in `cv`.
pub const CV: &str = "2024-10";

/// The most one event's compressed fields may become, all together (a gzip bomb is refused, not
/// inflated): the most one event may take (`split::MAX_EVENT_BYTES`).
pub const MAX_FIELD_BYTES: u64 = super::split::MAX_EVENT_BYTES as u64;

/// Events found in a value that is not an rrweb event, each with the window it was recorded
/// in (when the wrapper says).
pub type Unwrapped = Vec<(Option<String>, Box<RawValue>)>;

#[derive(Deserialize)]
struct SnapshotEvent {
    event: String,
    properties: SnapshotProperties,
}

#[derive(Deserialize)]
struct SnapshotProperties {
    #[serde(rename = "$snapshot_data")]
    data: Vec<Box<RawValue>>,
    #[serde(rename = "$window_id", default)]
    window: Option<Value>,
}

#[derive(Deserialize)]
struct WindowLine {
    #[serde(alias = "windowId")]
    window_id: Option<Value>,
    data: Vec<Box<RawValue>>,
}

#[derive(Deserialize)]
struct Export {
    version: String,
    data: ExportData,
}

#[derive(Deserialize)]
struct ExportData {
    #[serde(default)]
    snapshots: Option<Vec<Box<RawValue>>>,
    #[serde(default, rename = "snapshotsByWindowId")]
    by_window: Option<BTreeMap<String, Vec<Box<RawValue>>>>,
}

#[derive(Deserialize)]
struct WindowOf {
    #[serde(rename = "windowId", default)]
    window: Option<Value>,
}

/// A window id as text (PostHog writes UUIDs, newer exports numbers).
fn window_name(v: Option<Value>) -> Option<String> {
    match v? {
        Value::String(s) => Some(s),
        Value::Null => None,
        other => Some(other.to_string()),
    }
}

/// The rrweb events inside a PostHog wrapper (`text` is one JSON value the splitter cut), or
/// `None` when it is none of PostHog's wrappers.
pub fn unwrap(text: &[u8]) -> Option<Result<Unwrapped, String>> {
    let s = std::str::from_utf8(text).ok()?;
    let head = s.get(..200).unwrap_or(s);
    if s.contains("\"$snapshot_data\"") {
        let e: SnapshotEvent = match serde_json::from_str(s) {
            Ok(e) => e,
            Err(e) => return Some(Err(format!("a PostHog $snapshot event that could not be read ({e})"))),
        };
        if e.event != "$snapshot" {
            return None;
        }
        let window = window_name(e.properties.window);
        return Some(Ok(e.properties.data.into_iter().map(|d| (window.clone(), d)).collect()));
    }
    if head.contains("\"version\"") && (s.contains("\"snapshots\"") || s.contains("\"snapshotsByWindowId\"")) {
        let export: Export = match serde_json::from_str(s) {
            Ok(e) => e,
            Err(e) => return Some(Err(format!("a PostHog export that could not be read ({e})"))),
        };
        if !export.version.starts_with("20") {
            return Some(Err(format!("a PostHog export of unknown version {:?}", export.version)));
        }
        let mut out = Vec::new();
        if let Some(snapshots) = export.data.snapshots {
            for raw in snapshots {
                let window = serde_json::from_str::<WindowOf>(raw.get())
                    .ok()
                    .and_then(|w| window_name(w.window));
                out.push((window, raw));
            }
        }
        for (window, events) in export.data.by_window.unwrap_or_default() {
            out.extend(events.into_iter().map(|e| (Some(window.clone()), e)));
        }
        return Some(Ok(out));
    }
    if head.contains("\"window_id\"") || head.contains("\"windowId\"") {
        if let Ok(line) = serde_json::from_str::<WindowLine>(s) {
            let window = window_name(line.window_id);
            return Some(Ok(line.data.into_iter().map(|d| (window.clone(), d)).collect()));
        }
    }
    None
}

/// An event's `data` with `cv` compression undone, as JSON text. `kind` is the event's type.
/// The text is put together, not parsed: the caller cuts what is nested too deep (see
/// `split::prune`) before parsing it, as for any event.
pub fn decompress(kind: i64, data: &str) -> Result<String, String> {
    match kind {
        2 => {
            let packed: String =
                serde_json::from_str(data).map_err(|e| format!("compressed data is not a string ({e})"))?;
            gunzip_text(&packed, MAX_FIELD_BYTES)
        }
        3 => {
            let fields: BTreeMap<String, Box<RawValue>> =
                serde_json::from_str(data).map_err(|e| format!("compressed event data is not an object ({e})"))?;
            let mut out = String::from("{");
            // What the fields may still become.
            let mut left = MAX_FIELD_BYTES;
            for (i, (key, raw)) in fields.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&Value::String(key.clone()).to_string());
                out.push(':');
                let packed = ["texts", "attributes", "removes", "adds"]
                    .contains(&key.as_str())
                    .then(|| serde_json::from_str::<String>(raw.get()).ok())
                    .flatten();
                match packed {
                    Some(p) => {
                        let text = gunzip_text(&p, left).map_err(|e| format!("{key}: {e}"))?;
                        left -= text.len() as u64;
                        out.push_str(&text);
                    }
                    None => out.push_str(raw.get()),
                }
            }
            out.push('}');
            Ok(out)
        }
        _ => Ok(data.to_owned()),
    }
}

/// A latin-1 string of gzip bytes, inflated to text of at most `limit` bytes.
fn gunzip_text(packed: &str, limit: u64) -> Result<String, String> {
    let bytes: Vec<u8> = packed
        .chars()
        .map(|c| u8::try_from(u32::from(c)).map_err(|_| "compressed data is not a latin-1 byte string".to_owned()))
        .collect::<Result<_, _>>()?;
    if bytes.starts_with(&[0x28, 0xb5, 0x2f, 0xfd]) {
        return Err("zstd-compressed data, which this player does not read".to_owned());
    }
    if !bytes.starts_with(&[0x1f, 0x8b]) {
        return Err("compressed data that is not gzip".to_owned());
    }
    // Read a block at a time into a buffer that grows by doubling up to `limit`, never past it
    // (reading to the end would double it once more, and asks the allocator whether it may).
    let mut decoder = GzDecoder::new(&bytes[..]);
    let mut out: Vec<u8> = Vec::new();
    let mut block = vec![0u8; 64 * 1024];
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    loop {
        let n = decoder
            .read(&mut block)
            .map_err(|e| format!("compressed data could not be read ({e})"))?;
        if n == 0 {
            break;
        }
        let need = out.len().saturating_add(n);
        if need > limit {
            return Err(format!(
                "compressed data larger than {} MB once inflated (the most one event's fields may become)",
                MAX_FIELD_BYTES >> 20
            ));
        }
        super::split::extend_capped(&mut out, &block[..n], limit);
    }
    String::from_utf8(out).map_err(|e| format!("compressed data that is not UTF-8 text ({e})"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::GzEncoder;
    use std::io::Write;

    /// What posthog-js writes: gzip bytes as a latin-1 string.
    fn pack(text: &str) -> String {
        let mut z = GzEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(text.as_bytes()).unwrap();
        z.finish().unwrap().into_iter().map(char::from).collect()
    }

    #[test]
    fn full_snapshots_and_mutations_are_inflated() {
        let node = r#"{"node":{"type":0,"id":1,"childNodes":[]},"initialOffset":{"top":0,"left":0}}"#;
        let data = serde_json::to_string(&pack(node)).unwrap();
        assert_eq!(decompress(2, &data).unwrap(), node);
        let m = serde_json::json!({
            "source": 0,
            "texts": pack(r#"[{"id":3,"value":"é"}]"#),
            "attributes": pack("[]"),
            "removes": pack("[]"),
            "adds": pack(r#"[{"parentId":1,"nextId":null,"node":{"type":3,"textContent":"x","id":4}}]"#),
        });
        let out: Value = serde_json::from_str(&decompress(3, &m.to_string()).unwrap()).unwrap();
        assert!(decompress(3, "[]").unwrap_err().contains("not an object"));
        assert_eq!(out["texts"][0]["value"], "é");
        assert_eq!(out["adds"][0]["node"]["id"], 4);
        assert_eq!(out["source"], 0);
    }

    #[test]
    fn what_cannot_be_inflated_says_why() {
        assert!(decompress(2, r#""\u0100abc""#).unwrap_err().contains("latin-1"));
        assert!(decompress(2, r#""(\u00b5/\u00fd""#).unwrap_err().contains("zstd"));
        assert!(decompress(2, r#""plain""#).unwrap_err().contains("not gzip"));
        assert!(decompress(2, "{}").unwrap_err().contains("not a string"));
        let truncated: String = pack("[1,2,3]").chars().take(12).collect();
        let m = serde_json::json!({"source": 0, "texts": truncated});
        assert!(decompress(3, &m.to_string()).unwrap_err().starts_with("texts"));
    }

    /// Inflated data never reaches the parser deeper than a body's events may be.
    #[test]
    fn deep_inflated_data_is_cut_like_any_event() {
        let depth = 100_000;
        let node = format!(
            r#"{{"node":{{"type":0,"id":1,"childNodes":[]}},"initialOffset":{{"top":0,"left":0}},"deep":{}{}}}"#,
            "[".repeat(depth),
            "]".repeat(depth)
        );
        let event = format!(
            r#"{{"type":2,"timestamp":5,"cv":"2024-10","data":{}}}"#,
            serde_json::to_string(&pack(&node)).unwrap()
        );
        let e = super::super::decode_event(event.as_bytes()).unwrap();
        assert_eq!(e.timestamp, 5.0);
        let m = serde_json::json!({"source": 0, "adds": pack(&format!("{}{}", "[".repeat(depth), "]".repeat(depth)))});
        let event = format!(r#"{{"type":3,"timestamp":6,"cv":"2024-10","data":{m}}}"#);
        // Cut, then not a list of adds: a reason, not a crash.
        assert!(super::super::decode_event(event.as_bytes()).is_err());
    }

    #[test]
    fn a_gzip_bomb_is_refused() {
        let mut z = GzEncoder::new(Vec::new(), flate2::Compression::best());
        let zeros = vec![b' '; 1 << 20];
        for _ in 0..(MAX_FIELD_BYTES >> 20) + 1 {
            z.write_all(&zeros).unwrap();
        }
        let packed: String = z.finish().unwrap().into_iter().map(char::from).collect();
        let data = serde_json::to_string(&packed).unwrap();
        assert!(decompress(2, &data).unwrap_err().contains("larger than"));
        // Fields each under the cap, together over it.
        let mut z = GzEncoder::new(Vec::new(), flate2::Compression::best());
        for _ in 0..(MAX_FIELD_BYTES >> 20) / 2 + 1 {
            z.write_all(&zeros).unwrap();
        }
        let half: String = z.finish().unwrap().into_iter().map(char::from).collect();
        let half = serde_json::to_string(&half).unwrap();
        let fields = format!(r#"{{"source":0,"texts":{half},"adds":{half}}}"#);
        let why = decompress(3, &fields).unwrap_err();
        assert!(why.contains("larger than 256 MB once inflated"), "{why}");
    }

    #[test]
    fn wrappers_give_their_events_and_windows() {
        let e = r#"{"type":4,"data":{},"timestamp":1}"#;
        let post = format!(
            r#"{{"uuid":"u","event":"$snapshot","properties":{{"$snapshot_data":[{e},{e}],"$window_id":"w1"}}}}"#
        );
        let got = unwrap(post.as_bytes()).unwrap().unwrap();
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0.as_deref(), Some("w1"));
        assert_eq!(got[0].1.get(), e);
        let v2 = r#"{"version":"2023-04-28","data":{"id":"x","snapshots":[{"type":4,"data":{},"timestamp":1,"windowId":2}]}}"#;
        let got = unwrap(v2.as_bytes()).unwrap().unwrap();
        assert_eq!(got[0].0.as_deref(), Some("2"));
        let v1 = format!(r#"{{"version":"2022-12-02","data":{{"snapshotsByWindowId":{{"a":[{e}],"b":[{e},{e}]}}}}}}"#);
        let got = unwrap(v1.as_bytes()).unwrap().unwrap();
        assert_eq!(got.iter().filter(|(w, _)| w.as_deref() == Some("b")).count(), 2);
        let line = format!(r#"{{"window_id":"w","data":[{e}]}}"#);
        assert_eq!(unwrap(line.as_bytes()).unwrap().unwrap().len(), 1);
        // Not PostHog's: left to the rrweb reader (and its message).
        assert!(unwrap(br#"{"type":4,"data":{},"timestamp":1}"#).is_none());
        assert!(unwrap(br#"{"hello":"world"}"#).is_none());
        assert!(unwrap(br#"{"version":"x","data":{"snapshots":[]}}"#).unwrap().is_err());
    }
}
