//! A streaming splitter that cuts a body into the JSON text of each event.
//!
//! It accepts every shape a session is stored in — a JSON array of events, `{"events": [...]}`,
//! NDJSON (one event per line), arrays of arrays (segments) — and works on chunks as they
//! arrive, holding only the event being cut. Each event is then decoded on its own, so one
//! broken event never takes its neighbours with it.

/// Deepest JSON nesting kept inside one event (about 500 levels of DOM). Anything deeper is
/// cut (replaced by `null`) and reported, so the decoder's stack is never at risk and the rest
/// of the event is kept.
pub const MAX_DEPTH: usize = 1000;

/// The most bytes of JSON one event may take (256 MiB). A bigger one is skipped and reported,
/// never held: a body that is one endless string (a gzip bomb) costs time, not memory.
pub const MAX_EVENT_BYTES: usize = 256 << 20;

/// The size cap of one event; [`MAX_EVENT_BYTES`] unless a test asks for less.
#[derive(Debug, Clone, Copy)]
struct EventCap(usize);

impl Default for EventCap {
    fn default() -> Self {
        EventCap(MAX_EVENT_BYTES)
    }
}

/// What the splitter found.
#[derive(Debug, PartialEq)]
pub enum Piece {
    /// The JSON text of one event object; `pruned` when parts nested deeper than [`MAX_DEPTH`]
    /// were replaced by `null`.
    Event { text: Vec<u8>, pruned: bool },
    /// Something in event position that cannot be an event.
    Bad(String),
    /// A short string where an event was expected, as JSON text (PostHog's `[windowId, event]`
    /// lines name the window this way; elsewhere it is a bad value).
    Label(Vec<u8>),
}

/// The most of a root object's key kept: longer than `events` written with every letter escaped
/// (`\u0065\u0076…`, 36 bytes), so a longer key never equals it.
const MAX_KEY: usize = 40;

/// Whether a root object's key, as written between its quotes (escapes and all), is `events`:
/// JSON may write any letter of it as an escape (`"ev\u0065nts"`), and a parser reads the same key.
fn is_events_key(raw: &[u8]) -> bool {
    if !raw.contains(&b'\\') {
        return raw == b"events";
    }
    let mut quoted = Vec::with_capacity(raw.len() + 2);
    quoted.push(b'"');
    quoted.extend_from_slice(raw);
    quoted.push(b'"');
    super::json_of::<String>(&quoted).is_some_and(|key| key == "events")
}

/// The longest string kept as a [`Piece::Label`]; longer ones are bad values.
const MAX_LABEL: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Frame {
    /// An array; `events` when its items are events (or arrays of events).
    Array {
        events: bool,
    },
    Object,
}

#[derive(Debug, Default, Clone, Copy, PartialEq)]
enum RootKey {
    /// Not in the root object, or it is being read as an event.
    #[default]
    Idle,
    /// In the root object, a key is expected next.
    ExpectKey,
    /// Reading a key of the root object.
    InKey,
    /// After the key's colon: a value is expected.
    ExpectValue,
    /// Reading a value of the root object.
    InValue,
}

/// Where the body stands when the input ends.
#[derive(Debug, PartialEq)]
pub enum End {
    /// Everything that was opened was closed.
    Complete,
    /// The body stopped in the middle of a value.
    Truncated,
}

#[derive(Debug, Default)]
pub struct Splitter {
    stack: Vec<Frame>,
    in_string: bool,
    escape: bool,
    /// Stack depth (length) at which the event being captured was opened.
    capture: Option<usize>,
    /// Inside a value nested too deep: bytes are dropped until the stack is back below this.
    prune_at: Option<usize>,
    /// The event being cut had a part removed for depth.
    pruned: bool,
    cap: EventCap,
    /// The event being cut went over the cap: its bytes are dropped until it ends.
    oversize: bool,
    buf: Vec<u8>,
    root: RootKey,
    key: Vec<u8>,
    /// The root object turned out to be a `{"events": [...]}` wrapper.
    wrapper: bool,
    /// Inside a scalar that sits where an event was expected.
    bad_scalar: bool,
    /// Capturing a string in event position (a label).
    label: bool,
    seen_value: bool,
    pieces: Vec<Piece>,
}

impl Splitter {
    pub fn new() -> Self {
        Self::default()
    }

    /// A splitter that skips events of more than `bytes` bytes (instead of [`MAX_EVENT_BYTES`]).
    pub fn with_max_event(bytes: usize) -> Self {
        Splitter {
            cap: EventCap(bytes),
            ..Self::default()
        }
    }

    /// Whether anything other than whitespace has been seen.
    pub fn started(&self) -> bool {
        self.seen_value
    }

    /// Takes the pieces found so far.
    pub fn drain(&mut self) -> std::vec::Drain<'_, Piece> {
        self.pieces.drain(..)
    }

    /// Feeds the next chunk of the body.
    pub fn push(&mut self, chunk: &[u8]) {
        let mut i = 0;
        while i < chunk.len() {
            // Fast path: copy runs of string bytes while capturing.
            if self.in_string && !self.escape {
                let rest = &chunk[i..];
                let run = rest.iter().position(|&b| b == b'"' || b == b'\\').unwrap_or(rest.len());
                if run > 0 {
                    self.keep(&rest[..run]);
                    if self.root == RootKey::InKey {
                        self.key_more(&rest[..run]);
                    }
                    i += run;
                    continue;
                }
            }
            self.byte(chunk[i]);
            i += 1;
        }
    }

    /// More of a root object's key: only its beginning is kept (enough to tell `events`), so a
    /// key of any length costs nothing.
    fn key_more(&mut self, bytes: &[u8]) {
        let room = MAX_KEY.saturating_sub(self.key.len());
        self.key.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    fn keep(&mut self, bytes: &[u8]) {
        if self.label && self.buf.len() > MAX_LABEL {
            return;
        }
        if self.capture.is_none() || self.prune_at.is_some() || self.oversize {
            return;
        }
        if !self.label && self.buf.len() + bytes.len() > self.cap.0 {
            // Too big to hold: what was kept is freed, the rest is only scanned for its end.
            self.oversize = true;
            self.buf = Vec::new();
            return;
        }
        extend_capped(&mut self.buf, bytes, self.cap.0);
    }

    fn byte(&mut self, b: u8) {
        if self.in_string {
            self.keep(&[b]);
            if self.escape {
                self.escape = false;
            } else if b == b'\\' {
                self.escape = true;
            } else if b == b'"' {
                self.in_string = false;
                if self.root == RootKey::InKey {
                    self.root = RootKey::ExpectValue;
                }
                if self.label {
                    self.label = false;
                    self.capture = None;
                    let text = std::mem::take(&mut self.buf);
                    self.pieces.push(if text.len() <= MAX_LABEL {
                        Piece::Label(text)
                    } else {
                        Piece::Bad("not an event object (a bare value where an event was expected)".to_owned())
                    });
                }
            }
            if self.root == RootKey::InKey && self.in_string {
                self.key_more(&[b]);
            }
            return;
        }
        match b {
            b' ' | b'\t' | b'\n' | b'\r' => {
                self.bad_scalar = false;
                self.keep(&[b]);
            }
            b'"' => {
                self.seen_value = true;
                if self.root == RootKey::ExpectKey && self.stack.len() == 1 {
                    self.root = RootKey::InKey;
                    self.key.clear();
                } else {
                    self.value_start(false);
                }
                self.in_string = true;
                self.keep(&[b]);
            }
            b'{' | b'[' => {
                self.seen_value = true;
                let parent_events = matches!(self.stack.last(), None | Some(Frame::Array { events: true }));
                let is_events_value =
                    self.stack.len() == 1 && self.root == RootKey::ExpectValue && b == b'[' && is_events_key(&self.key);
                if self.root == RootKey::ExpectValue && self.stack.len() == 1 {
                    self.root = RootKey::InValue;
                }
                if b == b'{' {
                    if self.capture.is_none() && parent_events {
                        self.capture = Some(self.stack.len());
                        self.pruned = false;
                        self.oversize = false;
                        self.buf.clear();
                        if self.stack.is_empty() {
                            self.root = RootKey::ExpectKey;
                            self.wrapper = false;
                        }
                    }
                    self.stack.push(Frame::Object);
                } else {
                    let events = if is_events_value {
                        // `{"events": [...]}`: the root object is a wrapper, not an event.
                        self.capture = None;
                        self.oversize = false;
                        self.buf = Vec::new();
                        self.wrapper = true;
                        true
                    } else {
                        self.capture.is_none() && parent_events
                    };
                    self.stack.push(Frame::Array { events });
                }
                if let Some(start) = self.capture {
                    if self.prune_at.is_none() && self.stack.len() - start > MAX_DEPTH {
                        // Too deep: this value becomes `null`, its content is skipped.
                        self.keep(b"null");
                        self.prune_at = Some(self.stack.len());
                        self.pruned = true;
                        return;
                    }
                }
                self.keep(&[b]);
            }
            b'}' | b']' => {
                self.bad_scalar = false;
                self.keep(&[b]);
                self.stack.pop();
                if self.prune_at.is_some_and(|p| self.stack.len() < p) {
                    self.prune_at = None;
                }
                if self.stack.len() == 1 && self.root == RootKey::InValue {
                    self.root = RootKey::ExpectKey;
                }
                if self.stack.is_empty() {
                    self.root = RootKey::Idle;
                }
                if self.capture == Some(self.stack.len()) {
                    self.capture = None;
                    if self.oversize {
                        let cap = match self.cap.0 {
                            b if b >= 1 << 20 => format!("{} MB", b >> 20),
                            b => format!("{b} bytes"),
                        };
                        self.pieces.push(Piece::Bad(format!(
                            "larger than {cap}, the most one event may take: left out"
                        )));
                    } else if !(self.stack.is_empty() && self.wrapper) {
                        self.pieces.push(Piece::Event {
                            text: std::mem::take(&mut self.buf),
                            pruned: self.pruned,
                        });
                    }
                    self.pruned = false;
                    self.oversize = false;
                }
            }
            b',' => {
                self.bad_scalar = false;
                self.keep(&[b]);
                if self.stack.len() == 1 && self.root == RootKey::InValue {
                    self.root = RootKey::ExpectKey;
                }
            }
            b':' => {
                self.keep(&[b]);
            }
            _ => {
                self.seen_value = true;
                self.value_start(true);
                self.keep(&[b]);
            }
        }
    }

    /// A string or scalar begins: in event position that is not an event.
    fn value_start(&mut self, scalar: bool) {
        if self.root == RootKey::ExpectValue && self.stack.len() == 1 {
            self.root = RootKey::InValue;
        }
        let in_event_position =
            self.capture.is_none() && matches!(self.stack.last(), None | Some(Frame::Array { events: true }));
        if in_event_position && !scalar {
            // A string: cut as a label (the caller decides whether it names a window).
            self.label = true;
            self.capture = Some(self.stack.len());
            self.buf.clear();
            return;
        }
        if in_event_position && !self.bad_scalar {
            self.bad_scalar = scalar;
            self.pieces.push(Piece::Bad(
                "not an event object (a bare value where an event was expected)".to_owned(),
            ));
        }
    }

    /// Ends the input; says whether it stopped in the middle of something.
    pub fn finish(&mut self) -> End {
        if self.stack.is_empty() && !self.in_string && self.capture.is_none() {
            End::Complete
        } else {
            End::Truncated
        }
    }

    /// Bytes held for the event being cut (for memory accounting and tests).
    pub fn buffered(&self) -> usize {
        self.buf.capacity() + self.key.capacity()
    }
}

/// One JSON object's text with whatever is nested deeper than [`MAX_DEPTH`] cut (as a body's
/// events are), for text that did not come through a body's splitter (inflated data).
pub fn prune(text: &[u8]) -> Option<Vec<u8>> {
    // No size cap: the text is in memory already, its size bounded by its maker.
    let mut s = Splitter::with_max_event(usize::MAX);
    s.push(text);
    let piece = s.drain().next();
    match piece {
        Some(Piece::Event { text, .. }) if s.finish() == End::Complete => Some(text),
        _ => None,
    }
}

/// Appends `bytes` to `buf`, growing it by doubling but never past `cap` (a buffer just under
/// the cap would double to twice it), or to just what is needed when that is more.
pub(crate) fn extend_capped(buf: &mut Vec<u8>, bytes: &[u8], cap: usize) {
    let need = buf.len().saturating_add(bytes.len());
    if need > buf.capacity() {
        let want = need.max(buf.capacity() * 2).min(cap).max(need);
        buf.reserve_exact(want - buf.len());
    }
    buf.extend_from_slice(bytes);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn split(body: &str, chunk: usize) -> (Vec<String>, usize, End) {
        let mut s = Splitter::new();
        let mut out = Vec::new();
        let mut bad = 0;
        for c in body.as_bytes().chunks(chunk.max(1)) {
            s.push(c);
            for p in s.drain() {
                match p {
                    Piece::Event { text, .. } => out.push(String::from_utf8(text).unwrap()),
                    Piece::Bad(_) | Piece::Label(_) => bad += 1,
                }
            }
        }
        let end = s.finish();
        (out, bad, end)
    }

    #[test]
    fn a_capped_buffer_doubles_up_to_its_cap_and_never_past_it() {
        for cap in [1usize, 7, 100, 1000, 4096, 5000] {
            let mut buf = Vec::new();
            let mut caps = Vec::new();
            while buf.len() < cap {
                let step = (cap - buf.len()).min(3);
                extend_capped(&mut buf, &vec![b'x'; step], cap);
                caps.push(buf.capacity());
                assert!(buf.capacity() <= cap, "cap {cap}: capacity {} past it", buf.capacity());
            }
            assert_eq!(buf.len(), cap);
            // Doubling: a handful of growths, not one per step.
            caps.dedup();
            assert!(
                caps.len() <= 2 + cap.ilog2() as usize,
                "cap {cap}: {} growths",
                caps.len()
            );
        }
        // More than the cap at once still fits what is needed.
        let mut buf = Vec::new();
        extend_capped(&mut buf, b"0123456789", 4);
        assert_eq!(buf, b"0123456789");
    }

    #[test]
    fn only_the_events_key_is_a_wrapper() {
        let a = r#"{"type":0,"data":{},"timestamp":1}"#;
        // Keys that are not `events` once read: another letter escaped, a longer key, a prefix,
        // a broken escape, and a key longer than what is kept of it.
        for key in [
            r"ev\u0066nts",
            r"events\u0073",
            r"event",
            r"ev\u00",
            r"\u0065vents\u0020\u0020\u0020\u0020",
        ] {
            let body = format!("{{\"{key}\": [{a},{a}]}}");
            for chunk in [1, 3, 1000] {
                let (events, _, _) = split(&body, chunk);
                assert_ne!(events, vec![a.to_owned(), a.to_owned()], "{body} in chunks of {chunk}");
            }
        }
        assert!(is_events_key(br"\u0065\u0076\u0065\u006e\u0074\u0073"));
        assert!(!is_events_key(br"\u0065\u0076\u0065\u006e\u0074\u0073\u0073"));
    }

    #[test]
    fn every_shape_gives_the_same_events() {
        let a = r#"{"type":0,"data":{},"timestamp":1}"#;
        let b = r#"{"type":4,"data":{"href":"x]}[","width":1,"height":2},"timestamp":2}"#;
        let shapes = [
            format!("[{a},{b}]"),
            format!("  [ {a} ,\n {b} ]  "),
            format!("{{\"events\": [{a},{b}]}}"),
            // The same key, escaped as JSON allows: one letter, or all (36 bytes, hex in both cases).
            format!("{{\"ev\\u0065nts\": [{a},{b}]}}"),
            format!("{{\"x\":1,\"\\u0065\\u0076\\u0065\\u006E\\u0074\\u0073\":[{a},{b}]}}"),
            format!("{{\"id\":\"s\",\"meta\":{{\"x\":[1,2]}},\"events\":[{a},{b}],\"more\":[{{\"y\":1}}]}}"),
            format!("{a}\n{b}\n"),
            format!("[[{a}],[{b}]]"),
            format!("[{a}]\n[{b}]"),
        ];
        for shape in &shapes {
            for chunk in [1, 2, 7, 1000] {
                let (events, bad, end) = split(shape, chunk);
                assert_eq!(events, vec![a.to_owned(), b.to_owned()], "{shape} in chunks of {chunk}");
                assert_eq!(bad, 0, "{shape}");
                assert_eq!(end, End::Complete);
            }
        }
    }

    #[test]
    fn strings_with_escapes_and_brackets() {
        let e = r#"{"type":5,"data":{"tag":"a\"}{[\\","payload":"\\\""},"timestamp":3}"#;
        let (events, _, end) = split(&format!("[{e}]"), 3);
        assert_eq!(events, vec![e.to_owned()]);
        assert_eq!(end, End::Complete);
    }

    #[test]
    fn bare_values_are_reported() {
        let (events, bad, _) = split(r#"[1, "x", null, {"type":0,"data":{},"timestamp":1}, true]"#, 4);
        assert_eq!(events.len(), 1);
        assert_eq!(bad, 4);
    }

    #[test]
    fn truncated_body_keeps_complete_events() {
        let (events, _, end) = split(r#"[{"type":0,"data":{},"timestamp":1},{"type":1,"da"#, 5);
        assert_eq!(events.len(), 1);
        assert_eq!(end, End::Truncated);
    }

    #[test]
    fn too_deep_parts_are_cut_and_the_event_kept() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 10), "]".repeat(MAX_DEPTH + 10));
        let body = format!(
            r#"[{{"type":3,"data":{{"x":{deep},"y":1}},"timestamp":1}},{{"type":0,"data":{{}},"timestamp":2}}]"#
        );
        let mut s = Splitter::new();
        s.push(body.as_bytes());
        let pieces: Vec<Piece> = s.drain().collect();
        assert_eq!(pieces.len(), 2);
        let Piece::Event { text, pruned } = &pieces[0] else {
            panic!()
        };
        assert!(pruned);
        let v: serde_json::Value = {
            let mut de = serde_json::Deserializer::from_slice(text);
            de.disable_recursion_limit();
            serde::Deserialize::deserialize(&mut de).unwrap()
        };
        assert_eq!(v["data"]["y"], 1);
        assert!(text.len() < 4 * MAX_DEPTH, "the cut part is not held");
        assert_eq!(s.finish(), End::Complete);
    }

    /// Splits `body` in chunks of `chunk` bytes with a cap of `cap` bytes an event: the events'
    /// texts, the messages of the bad pieces, the most bytes held at once.
    fn split_capped(body: &str, chunk: usize, cap: usize) -> (Vec<String>, Vec<String>, usize) {
        let mut s = Splitter::with_max_event(cap);
        let (mut events, mut bad, mut held) = (Vec::new(), Vec::new(), 0);
        for c in body.as_bytes().chunks(chunk) {
            s.push(c);
            held = held.max(s.buffered());
            for p in s.drain() {
                match p {
                    Piece::Event { text, .. } => events.push(String::from_utf8(text).unwrap()),
                    Piece::Bad(m) => bad.push(m),
                    Piece::Label(_) => bad.push("label".to_owned()),
                }
            }
        }
        assert_eq!(s.finish(), End::Complete);
        (events, bad, held)
    }

    #[test]
    fn an_event_over_the_cap_is_skipped_without_being_held() {
        let big = "x".repeat(5_000);
        let small = r#"{"type":0,"data":{},"timestamp":1}"#;
        // The big event as one string, as many keys, and nested (its end is still found).
        let shapes = [
            format!(r#"{{"type":3,"data":{{"t":"{big}"}},"timestamp":2}}"#),
            format!(
                r#"{{"type":3,"data":{{{}"z":1}},"timestamp":2}}"#,
                r#""k":"\"}","#.repeat(700)
            ),
            format!(
                r#"{{"type":3,"data":{{"a":[{}]}},"timestamp":2}}"#,
                r#"{"b":"}]\""},"#.repeat(500) + "1"
            ),
        ];
        for (n, bigger) in shapes.iter().enumerate() {
            assert!(bigger.len() > 4_000, "shape {n}");
            serde_json::from_str::<serde_json::Value>(bigger).expect("valid JSON");
            for chunk in [1, 7, 4096, usize::MAX] {
                let body = format!("[{small},{bigger},{small}]");
                let (events, bad, held) = split_capped(&body, chunk, 4_000);
                assert_eq!(events, [small, small], "shape {n}, chunks of {chunk}");
                assert_eq!(bad, ["larger than 4000 bytes, the most one event may take: left out"]);
                assert!(held <= 8_192, "shape {n}: {held} bytes held");
                // Under a cap it fits in, it is kept whole.
                let (events, bad, _) = split_capped(&body, chunk, bigger.len());
                assert_eq!((events.len(), bad.len()), (3, 0), "shape {n}");
                assert_eq!(events[1], *bigger);
            }
        }
    }

    #[test]
    fn a_wrapper_bigger_than_the_cap_still_gives_its_events() {
        // `{"meta": <big>, "events": [...]}`: the root object is read as an event until its
        // `events` key says it is a wrapper.
        let small = r#"{"type":0,"data":{},"timestamp":1}"#;
        let body = format!(r#"{{"meta":"{}","events":[{small},{small}]}}"#, "m".repeat(10_000));
        let (events, bad, _) = split_capped(&body, 64, 1_000);
        assert_eq!(events, [small, small]);
        assert!(bad.is_empty(), "{bad:?}");
    }

    #[test]
    fn the_default_cap_is_256_mib() {
        assert_eq!(Splitter::new().cap.0, 256 << 20);
        assert_eq!(MAX_EVENT_BYTES, 268_435_456);
    }

    #[test]
    fn the_buffer_never_grows_past_the_cap() {
        // Chunks of 3,000 bytes: doubling would give capacities of 6,000 then 12,000.
        let body = format!(r#"[{{"type":3,"data":{{"t":"{}"}},"timestamp":2}}]"#, "x".repeat(9_400));
        let mut s = Splitter::with_max_event(10_000);
        let mut events = 0;
        for c in body.as_bytes().chunks(3_000) {
            s.push(c);
            assert!(s.buffered() <= 10_000, "{} bytes held", s.buffered());
            events += s.drain().filter(|p| matches!(p, Piece::Event { .. })).count();
        }
        assert_eq!(events, 1, "kept whole under the cap");
    }

    #[test]
    fn a_root_key_of_any_length_is_not_held() {
        let small = r#"{"type":0,"data":{},"timestamp":1}"#;
        // NDJSON whose first line is an object with a 100 KB key: over the cap, skipped; its key
        // is not kept either.
        let body = format!("{{\"{}\":1}}\n{small}\n", "k".repeat(100_000));
        let (events, bad, held) = split_capped(&body, 1_000, 4_000);
        assert_eq!(events, [small]);
        assert_eq!(bad.len(), 1);
        assert!(held <= 8_192, "{held} bytes held");
        // Under a big cap the object is an event like any (decoding says what is wrong with
        // it); the key's copy stays short.
        let mut s = Splitter::new();
        s.push(body.as_bytes());
        assert!(s.key.capacity() <= 64, "{} bytes of key", s.key.capacity());
        assert_eq!(s.drain().filter(|p| matches!(p, Piece::Event { .. })).count(), 2);
    }

    #[test]
    fn a_cut_for_depth_at_the_cap_makes_the_event_oversize() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 5), "]".repeat(MAX_DEPTH + 5));
        let small = r#"{"type":0,"data":{},"timestamp":1}"#;
        let body = format!(
            r#"[{{"type":3,"data":{{"a":"{}","b":{deep}}},"timestamp":2}},{small}]"#,
            "x".repeat(3_000)
        );
        let whole = {
            let mut s = Splitter::new();
            s.push(body.as_bytes());
            let first = s.drain().next();
            match first {
                Some(Piece::Event { text, pruned: true }) => text,
                _ => panic!("the first event, cut for depth"),
            }
        };
        // Caps where the `null` that replaces the cut part does not fit: byte by byte, the
        // buffer never goes past the cap, and the event is left out. With room for all of it,
        // the event is kept.
        let null_at = whole.windows(4).position(|w| w == b"null").unwrap();
        for cap in (null_at..null_at + 4).chain([whole.len()]) {
            let mut s = Splitter::with_max_event(cap);
            for c in body.as_bytes().chunks(1) {
                s.push(c);
                assert!(s.buffered() <= cap, "cap {cap}: {} bytes held", s.buffered());
            }
            let pieces: Vec<Piece> = s.drain().collect();
            assert_eq!(pieces.len(), 2, "cap {cap}");
            assert_eq!(
                matches!(pieces[0], Piece::Event { .. }),
                cap == whole.len(),
                "cap {cap}"
            );
        }
    }
}
