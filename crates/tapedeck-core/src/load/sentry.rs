//! Sentry Replay bodies as the SDK sends them and Sentry stores them, unframed into the JSON the
//! splitter reads:
//! - a recording segment: `{"segment_id":N}`, a newline, then the segment's events as a JSON
//!   array, zlib-compressed (or not, when the SDK's worker did not load); several segments may
//!   follow one another;
//! - an envelope: a header line, then items, each a header line (`{"type":…,"length":N}`) and
//!   a payload of `length` bytes (or up to the end of the line). `replay_recording` payloads are
//!   segments; `event` payloads are the errors the SDK sent (uncaught exceptions, captured
//!   messages), which become `sentry.error` custom events; other items are not replay data.
//!   Several envelopes may follow one another.
//!
//! The body is framed text around binary payloads, so it is read whole; the events come out
//! decompressed in slices, so a segment is never held decompressed.

use std::io::Read;

use flate2::read::ZlibDecoder;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::Problems;

/// Keys of an envelope's header line (none of them is required).
const ENVELOPE_HEADER_KEYS: [&str; 5] = ["event_id", "sent_at", "sdk", "dsn", "trace"];

/// Decompressed bytes handed on at a time.
const SLICE: usize = 64 * 1024;

/// What the first line of a body says: `Some(true)` for a Sentry segment or envelope, `None`
/// when the line is not complete yet (and the body may have more).
pub fn sniff(head: &[u8], complete: bool) -> Option<bool> {
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    if head.get(start) != Some(&b'{') {
        return Some(false);
    }
    // The first key decides at once for anything else (an rrweb event, `{"events": …}`), so
    // those bodies stream from their first byte.
    let rest = &head[start + 1..];
    let key_at = rest.iter().position(|b| !b.is_ascii_whitespace());
    match key_at.map(|i| (i, rest[i])) {
        Some((i, b'"')) => {
            let key = &rest[i + 1..];
            let known = |k: &[u8]| k.starts_with(key) || key.starts_with(&[k, b"\""].concat());
            let keys = ENVELOPE_HEADER_KEYS.iter().chain(&["segment_id"]).map(|k| k.as_bytes());
            if !keys.clone().any(known) {
                return Some(false);
            }
        }
        Some((_, b'}')) => {}
        Some(_) => return Some(false),
        None if complete => return Some(false),
        None => return None,
    }
    let Some(end) = head[start..].iter().position(|&b| b == b'\n') else {
        return if complete {
            Some(header_line(&head[start..]).is_some_and(|h| h != Header::Empty))
        } else {
            None
        };
    };
    match header_line(&head[start..start + end]) {
        None => Some(false),
        // The SDK sends client reports under an empty header (`{}`), but an empty first line
        // of events looks the same: an envelope only when an item header follows.
        Some(Header::Empty) => {
            let rest = &head[start + end + 1..];
            match rest.iter().position(|&b| b == b'\n') {
                Some(n) => Some(item_header(&rest[..n])),
                None if complete => Some(item_header(rest)),
                None => None,
            }
        }
        Some(_) => Some(true),
    }
}

/// Whether `line` is an envelope item's header: an object whose `type` is a string (an rrweb
/// event's is a number).
fn item_header(line: &[u8]) -> bool {
    super::json_of::<Map<String, Value>>(line).is_some_and(|m| m.get("type").is_some_and(Value::is_string))
}

/// A line that opens a segment (`{"segment_id":N}`) or an envelope (`{}` included).
#[derive(Debug, PartialEq)]
enum Header {
    Segment,
    Envelope,
    /// `{}`: an envelope's header when an item header follows.
    Empty,
}

fn header_line(line: &[u8]) -> Option<Header> {
    let map: Map<String, Value> = super::json_of(line)?;
    if map.len() == 1 && map.get("segment_id").is_some_and(Value::is_u64) {
        return Some(Header::Segment);
    }
    if map.is_empty() {
        return Some(Header::Empty);
    }
    map.keys()
        .all(|k| ENVELOPE_HEADER_KEYS.contains(&k.as_str()))
        .then_some(Header::Envelope)
}

#[derive(Deserialize)]
struct ItemHeader {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    length: Option<usize>,
}

/// Unframes a whole Sentry body: `out` gets JSON text the splitter reads (event arrays and
/// event objects, separated by newlines). What cannot be read is reported and skipped.
pub fn unframe(body: &[u8], problems: &mut Problems, out: &mut dyn FnMut(&[u8])) {
    let mut pos = 0;
    while pos < body.len() {
        let start = pos;
        let (line, next) = line_at(body, pos);
        pos = next;
        if line.iter().all(u8::is_ascii_whitespace) {
            continue;
        }
        match header_line(line) {
            Some(Header::Segment) => pos = segment(body, pos, problems, out),
            Some(Header::Envelope | Header::Empty) => pos = envelope(body, pos, problems, out),
            None => {
                problems.push(
                    None,
                    format!(
                        "Sentry body: a line that is neither a segment's nor an envelope's header (at byte {start}); the rest of the body is skipped",
                    ),
                );
                return;
            }
        }
    }
}

/// The line at `pos` (without its newline), and where the next one starts.
fn line_at(body: &[u8], pos: usize) -> (&[u8], usize) {
    match body[pos..].iter().position(|&b| b == b'\n') {
        Some(n) => (&body[pos..pos + n], pos + n + 1),
        None => (&body[pos..], body.len()),
    }
}

/// A segment's events from `pos`: plain JSON, or a zlib stream. Returns where they end.
fn segment(body: &[u8], pos: usize, problems: &mut Problems, out: &mut dyn FnMut(&[u8])) -> usize {
    let rest = &body[pos..];
    let start = rest.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(rest.len());
    let data = &rest[start..];
    if data.first() == Some(&b'[') {
        // Uncompressed: one JSON value, then whatever follows it.
        // Read past from the bytes, not through `&str`: a Latin-1 byte inside a string (which
        // `IgnoredAny` does not check) must not cut the value short.
        let mut values = serde_json::Deserializer::from_slice(data).into_iter::<serde::de::IgnoredAny>();
        let len = match values.next() {
            Some(Ok(_)) => values.byte_offset(),
            _ => data.iter().position(|&b| b == b'\n').unwrap_or(data.len()),
        };
        out(&data[..len]);
        out(b"\n");
        return pos + start + len;
    }
    let mut z = ZlibDecoder::new(data);
    let mut buf = vec![0; SLICE];
    loop {
        match z.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => out(&buf[..n]),
            Err(e) => {
                problems.push(
                    None,
                    format!("Sentry segment: its compressed events could not be read ({e}); what came before is kept"),
                );
                out(b"\n");
                return body.len();
            }
        }
    }
    out(b"\n");
    pos + start + z.total_in() as usize
}

/// An envelope's items from `pos` (after its header line). Returns where the envelope ends:
/// at the end of the body, or at the next envelope's header line.
fn envelope(body: &[u8], mut pos: usize, problems: &mut Problems, out: &mut dyn FnMut(&[u8])) -> usize {
    while pos < body.len() {
        let (line, next) = line_at(body, pos);
        if line.iter().all(u8::is_ascii_whitespace) {
            pos = next;
            continue;
        }
        let Some(item) = super::json_of::<ItemHeader>(line) else {
            // The next envelope (or something unreadable, which `unframe` reports).
            return pos;
        };
        let payload_start = next;
        let payload_end = match item.length {
            Some(n) => payload_start.saturating_add(n).min(body.len()),
            None => payload_start + line_at(body, payload_start).0.len(),
        };
        let payload = &body[payload_start.min(body.len())..payload_end];
        match item.kind.as_str() {
            "replay_recording" => {
                let (header, after) = line_at(payload, 0);
                if header_line(header) == Some(Header::Segment) {
                    segment(payload, after, problems, out);
                } else {
                    problems.push(
                        None,
                        "Sentry envelope: a replay_recording item without its segment header; skipped",
                    );
                }
            }
            "event" => match error_event(payload) {
                Some(text) => {
                    out(text.as_bytes());
                    out(b"\n");
                }
                None => problems.push(None, "Sentry envelope: an error event that could not be read; skipped"),
            },
            _ => {}
        }
        pos = payload_end;
        if body.get(pos) == Some(&b'\n') {
            pos += 1;
        }
    }
    pos
}

/// A Sentry error event as a `sentry.error` custom event (JSON text), at its time in ms.
fn error_event(payload: &[u8]) -> Option<String> {
    let e: Value = super::json_of(payload)?;
    let seconds = e.get("timestamp")?.as_f64().filter(|t| t.is_finite())?;
    let mut out = Map::new();
    for key in ["event_id", "level", "message", "exception", "transaction", "tags"] {
        if let Some(v) = e.get(key) {
            out.insert(key.to_owned(), v.clone());
        }
    }
    let event = serde_json::json!({
        "type": 5,
        "timestamp": seconds * 1000.0,
        "data": { "tag": SENTRY_ERROR_TAG, "payload": Value::Object(out) },
    });
    Some(event.to_string())
}

/// The custom event tag of an error read from a Sentry envelope.
pub const SENTRY_ERROR_TAG: &str = "sentry.error";

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::write::ZlibEncoder;
    use std::io::Write;

    fn zlib(text: &str) -> Vec<u8> {
        let mut z = ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        z.write_all(text.as_bytes()).unwrap();
        z.finish().unwrap()
    }

    fn run(body: &[u8]) -> (String, Problems) {
        let mut problems = Problems::default();
        let mut text = Vec::new();
        unframe(body, &mut problems, &mut |b| text.extend_from_slice(b));
        (String::from_utf8(text).unwrap(), problems)
    }

    mod properties {
        use super::super::*;
        use proptest::prelude::*;

        const HEADS: [&[u8]; 4] = [
            b"",
            b"{\"segment_id\":0}\n",
            b"{\"event_id\":\"e\"}\n",
            b"{}\n{\"type\":\"event\",\"length\":",
        ];

        proptest! {
            #![proptest_config(ProptestConfig::with_cases(3000))]

            /// Any bytes after any header: no panic, and the output is never larger than what a
            /// decompressed body could be (every path moves forward).
            #[test]
            fn any_body_unframes_without_panic(head in 0usize..4, tail in proptest::collection::vec(any::<u8>(), 0..600)) {
                let mut body = HEADS[head].to_vec();
                body.extend(tail);
                let _ = sniff(&body, true);
                let mut problems = Problems::default();
                let mut out = 0usize;
                unframe(&body, &mut problems, &mut |b| out += b.len());
                prop_assert!(out <= 1032 * body.len() + 4096);
            }
        }
    }

    /// JSON lines whose first line is an empty object are events (one of them broken), not
    /// an envelope: an envelope's `{}` header is followed by an item header.
    #[test]
    fn an_empty_first_line_is_not_taken_for_an_envelope() {
        assert_eq!(sniff(b"{}\n{\"type\":4,\"data\":{}}\n", false), Some(false));
        assert_eq!(sniff(b"{}\n{\"type\":4,\"da", false), None);
        // What the SDK sends its client reports under.
        assert_eq!(sniff(b"{}\n{\"type\":\"client_report\"}\n{", false), Some(true));
        assert_eq!(sniff(b"{ }\n", true), Some(false));
        assert_eq!(sniff(b"{}", true), Some(false));
        let body = b"{}\n{\"type\":4,\"data\":{\"href\":\"https://a.test/\",\"width\":800,\"height\":600},\"timestamp\":1}\n{\"type\":2,\"data\":{\"node\":{\"type\":0,\"id\":1,\"childNodes\":[]},\"initialOffset\":{\"top\":0,\"left\":0}},\"timestamp\":2}\n";
        let loaded = crate::load::load(body).unwrap();
        assert_eq!(loaded.session.format, crate::load::Format::Rrweb);
        assert_eq!(loaded.session.events.len(), 2);
        assert_eq!(loaded.problems.skipped_events, 1);
    }

    #[test]
    fn sniffs_only_what_opens_a_segment_or_an_envelope() {
        assert_eq!(sniff(b"{\"segment_id\":3}\nxx", false), Some(true));
        assert_eq!(
            sniff(b"{\"event_id\":\"a\",\"sent_at\":\"b\",\"sdk\":{}}\n{", false),
            Some(true)
        );
        assert_eq!(sniff(b"{\"segment_id\":3", false), None);
        assert_eq!(sniff(b"{\"segm", false), None);
        assert_eq!(sniff(b"{", false), None);
        // Anything else is decided by its first key, before its line ends.
        assert_eq!(sniff(b"{\"events\":[", false), Some(false));
        assert_eq!(sniff(b"{\"type\":2,\"data\":{", false), Some(false));
        assert_eq!(sniff(b"{ \"x", false), Some(false));
        assert_eq!(sniff(b"{ \"ev", false), None);
        for plain in [
            &b"[{\"type\":4}]"[..],
            b"{\"events\":[]}\n",
            b"{\"type\":4,\"data\":{},\"timestamp\":1}\n",
            b"{\n  \"events\": [",
            b"{\"segment_id\":\"x\"}\n",
            b"{\"segment_id\":1,\"events\":[]}\n",
        ] {
            assert_eq!(sniff(plain, true), Some(false), "{}", String::from_utf8_lossy(plain));
        }
    }

    #[test]
    fn a_plain_segment_over_several_lines_with_a_latin1_byte_keeps_the_next_one() {
        let a: &[u8] = b"[{\"type\":4,\"data\":{\"x\":\"caf\xe9\"},\n\"timestamp\":1}]";
        let b = r#"[{"type":0,"data":{},"timestamp":2}]"#;
        let mut body = b"{\"segment_id\":0}\n".to_vec();
        body.extend(a);
        body.extend(b"\n{\"segment_id\":1}\n");
        body.extend(b.as_bytes());
        let mut problems = Problems::default();
        let mut out = Vec::new();
        unframe(&body, &mut problems, &mut |t| out.extend_from_slice(t));
        let mut want = a.to_vec();
        want.push(b'\n');
        want.extend(b.as_bytes());
        want.push(b'\n');
        assert_eq!(out, want);
        assert!(problems.is_empty(), "{problems:?}");
    }

    #[test]
    fn segments_compressed_plain_and_concatenated() {
        let a = r#"[{"type":4,"data":{},"timestamp":1}]"#;
        let b = r#"[{"type":0,"data":{},"timestamp":2}]"#;
        let mut body = b"{\"segment_id\":0}\n".to_vec();
        body.extend(zlib(a));
        body.extend(b"{\"segment_id\":1}\n");
        body.extend(b.as_bytes());
        body.extend(b"\n{\"segment_id\":2}\n");
        body.extend(zlib(b));
        let (text, problems) = run(&body);
        assert_eq!(text, format!("{a}\n{b}\n{b}\n"));
        assert!(problems.is_empty());
    }

    #[test]
    fn envelopes_give_their_segments_and_errors() {
        let events = r#"[{"type":4,"data":{},"timestamp":1}]"#;
        let mut payload = b"{\"segment_id\":0}\n".to_vec();
        payload.extend(zlib(events));
        let mut body = br#"{"event_id":"r","sent_at":"2026-12-01T00:00:00Z"}
{"type":"replay_event"}
{"type":"replay_event","replay_id":"r","segment_id":0}
"#
        .to_vec();
        body.extend(format!("{{\"type\":\"replay_recording\",\"length\":{}}}\n", payload.len()).as_bytes());
        body.extend(&payload);
        // A second envelope, with an error event and an item this player does not read.
        body.extend(
            br#"
{"event_id":"e"}
{"type":"event"}
{"timestamp":1796110000.5,"level":"error","exception":{"values":[{"type":"TypeError","value":"x is undefined"}]}}
{"type":"client_report","length":2}
{}
{"event_id":"f"}
{"type":"event"}
{"timestamp":1796110001,"message":"last, without a newline"}"#,
        );
        let (text, problems) = run(&body);
        assert!(problems.is_empty(), "{problems:?}");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], events);
        let error: Value = serde_json::from_str(lines[1]).unwrap();
        assert_eq!(error["timestamp"], 1796110000500.0);
        assert_eq!(error["data"]["tag"], SENTRY_ERROR_TAG);
        assert_eq!(error["data"]["payload"]["exception"]["values"][0]["type"], "TypeError");
        let last: Value = serde_json::from_str(lines[2]).unwrap();
        assert_eq!(last["data"]["payload"]["message"], "last, without a newline");
        assert_eq!(lines.len(), 3);
    }

    #[test]
    fn broken_parts_are_reported_and_the_rest_kept() {
        let events = r#"[{"type":4,"data":{},"timestamp":1}]"#;
        let mut body = b"{\"segment_id\":0}\n".to_vec();
        body.extend(zlib(events));
        body.extend(b"{\"segment_id\":1}\n\x78\x9cgarbage");
        let (text, problems) = run(&body);
        assert!(text.starts_with(events));
        assert_eq!(problems.total, 1);
        assert!(problems.details[0].message.contains("could not be read"));
        // A length past the end of the body, and a line that is no header.
        let (_, problems) = run(b"{\"event_id\":\"e\"}\n{\"type\":\"event\",\"length\":99999}\n{}");
        assert_eq!(problems.total, 1);
        let (_, problems) = run(b"{\"segment_id\":0}\n[]\nnot a header\n");
        assert!(problems.details[0].message.contains("neither"));
    }
}
