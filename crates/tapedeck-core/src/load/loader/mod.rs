//! The incremental loader: a body pushed in chunks (plain, gzip, a Sentry envelope or a form
//! post), split into events, decoded and checked as they arrive.

use std::io::Write;

use flate2::write::MultiGzDecoder;

mod finish;

use super::split::{Piece, Splitter};
use super::{decode_event, posthog, sentry, split, Format, LoadError, Loaded, Problems, Windows};
use crate::event::{Event, EventData};
use crate::session::Session;

/// Sentry writes the time of some custom events in seconds: a time below this (2286 in
/// seconds, 1970-04-26 in ms) near a session in ms is read as seconds.
const MAX_SECONDS: f64 = 1e10;

enum Decoder {
    /// Not enough bytes yet to tell plain from gzip.
    Sniffing(Vec<u8>),
    Plain,
    Gzip(Box<MultiGzDecoder<Vec<u8>>>),
    /// A Sentry segment or envelope, read whole at the end (see [`sentry`]).
    Sentry(Vec<u8>),
    /// A form post (`data=<base64>`), as PostHog's SDK sends with `sendBeacon`: read whole at
    /// the end, then loaded like any body.
    Form(Vec<u8>),
}

/// What a form-encoded body starts with.
const FORM_PREFIX: &[u8] = b"data=";

/// Compressed bytes inflated at a time (at most about 8 MB of text).
const GZIP_STEP: usize = 8 * 1024;

/// Bytes read to find a Sentry header line before taking the body as plain JSON.
const SNIFF_LINE: usize = 64 * 1024;

/// Incremental loader: push chunks as they arrive, then `finish`.
pub struct Loader {
    decoder: Decoder,
    splitter: Splitter,
    events: Vec<Event>,
    problems: Problems,
    count: usize,
    bytes_in: u64,
    error: Option<LoadError>,
    /// Events already handed out by `take_events`.
    taken: usize,
    /// A full snapshot has been decoded.
    snapshot_seen: bool,
    format: Format,
    /// The time of the last event in ms (not in seconds), to read Sentry's seconds against.
    last_ms: Option<f64>,
    /// Windows (tabs, frames) a vendor's wrapper named, in order of appearance (PostHog).
    windows: Vec<String>,
    /// The window of the events that follow (a `[windowId, event]` line's label).
    label: u32,
    /// The window shown: the one of the first full snapshot.
    main_window: Option<u32>,
    /// Events of other windows, left out.
    other_windows: usize,
    /// Events of each window (by index), all of them.
    window_events: Vec<usize>,
    /// The window asked for by name, instead of the first page's.
    wanted: Option<String>,
    /// The body is read no further ([`Loader::stop`]).
    stopped: bool,
}

/// The end of a body loaded while it was being played: the events not yet taken, and every
/// problem of the load.
#[derive(Debug)]
pub struct Rest {
    pub events: Vec<Event>,
    pub problems: Problems,
    /// The format of the whole body (a vendor's events may come late).
    pub format: Format,
    /// Every window of the body.
    pub windows: Windows,
}

impl Default for Loader {
    fn default() -> Self {
        Self::new()
    }
}

impl Loader {
    pub fn new() -> Self {
        Loader {
            decoder: Decoder::Sniffing(Vec::new()),
            splitter: Splitter::new(),
            events: Vec::new(),
            problems: Problems::default(),
            count: 0,
            bytes_in: 0,
            error: None,
            taken: 0,
            snapshot_seen: false,
            format: Format::Rrweb,
            last_ms: None,
            windows: Vec::new(),
            label: 0,
            main_window: None,
            other_windows: 0,
            window_events: Vec::new(),
            wanted: None,
            stopped: false,
        }
    }

    /// A loader that shows the window named `name` (of a body that recorded several) rather
    /// than the first page's. Without a page of that window, the first page's is shown, and
    /// that is reported.
    pub fn for_window(name: Option<String>) -> Self {
        Loader {
            wanted: name.filter(|n| !n.is_empty()),
            ..Loader::new()
        }
    }

    /// The windows seen so far, with their events counted.
    pub fn windows(&self) -> Windows {
        Windows {
            list: self
                .windows
                .iter()
                .enumerate()
                .map(|(i, name)| (name.clone(), self.window_events.get(i).copied().unwrap_or(0)))
                .collect(),
            shown: self.main_window.map(|w| w as usize).filter(|&w| w < self.windows.len()),
        }
    }

    /// Bytes received so far (before decompression).
    pub fn bytes_in(&self) -> u64 {
        self.bytes_in
    }

    /// Events decoded so far.
    pub fn events_so_far(&self) -> usize {
        self.taken + self.events.len()
    }

    /// Whether a full snapshot has been decoded: from then on there is something to show.
    pub fn has_snapshot(&self) -> bool {
        self.snapshot_seen
    }

    /// Moves out the events decoded since the last call, to play them while the rest of the body
    /// is still arriving (the loader then holds neither them nor the text they came from).
    pub fn take_events(&mut self) -> Vec<Event> {
        self.taken += self.events.len();
        let events = std::mem::take(&mut self.events);
        self.main_window_only(events)
    }

    /// The events of the window shown (a replay shows one window; PostHog records each tab and
    /// frame as its own).
    fn main_window_only(&mut self, mut events: Vec<Event>) -> Vec<Event> {
        if let Some(main) = self.main_window.filter(|_| self.windows.len() > 1) {
            let before = events.len();
            events.retain(|e| e.window == main);
            self.other_windows += before - events.len();
        }
        events
    }

    /// The session so far, once it has a page to show (a full snapshot at a sane time): to play
    /// while the rest of the body arrives. The events are moved out; later ones are taken with
    /// [`Loader::take_events`] and the end with [`Loader::finish_rest`].
    pub fn take_playable(&mut self) -> Option<Loaded> {
        if !self.snapshot_seen || !crate::session::has_page(&self.events) {
            return None;
        }
        let mut problems = Problems::default();
        let session = Session::read(self.take_events(), self.format, &mut problems);
        Some(Loaded {
            session,
            problems,
            windows: self.windows(),
        })
    }

    /// The format the body is in, as far as it has been read.
    pub fn format(&self) -> Format {
        self.format
    }

    /// Problems found so far.
    pub fn problems(&self) -> &Problems {
        &self.problems
    }

    /// Reads the body no further (the player stops its download, e.g. when it holds as much
    /// memory as it may): the events decoded so far are kept, with those the bytes already in
    /// give; an event half read is dropped, without a complaint; and `why` is said
    /// ([`Problems::cut_short`]; the first reason given stays). Later chunks are ignored. A
    /// body read whole before it is decoded (Sentry's framing, a form post) is dropped: a part
    /// of it cannot be read. With no page to show, [`Loader::finish`] fails with `why`.
    pub fn stop(&mut self, why: impl Into<String>) {
        if matches!(self.decoder, Decoder::Sentry(_) | Decoder::Form(_)) {
            self.decoder = Decoder::Plain;
        }
        self.stopped = true;
        self.problems.cut_short.get_or_insert_with(|| why.into());
    }

    /// Feeds the next chunk of the body.
    pub fn push(&mut self, chunk: &[u8]) {
        if !self.stopped {
            self.take_in(chunk);
        }
    }

    fn take_in(&mut self, chunk: &[u8]) {
        if self.error.is_some() {
            return;
        }
        self.bytes_in += chunk.len() as u64;
        match &mut self.decoder {
            Decoder::Sniffing(head) => {
                head.extend_from_slice(chunk);
                if head.len() < 2 {
                    return;
                }
                if FORM_PREFIX.starts_with(&head[..head.len().min(FORM_PREFIX.len())]) {
                    if head.len() < FORM_PREFIX.len() {
                        return;
                    }
                    self.decoder = Decoder::Form(std::mem::take(head));
                    return;
                }
                let sentry = if head.len() < SNIFF_LINE {
                    let Some(sentry) = sentry::sniff(head, false) else {
                        return;
                    };
                    sentry
                } else {
                    false
                };
                let head = std::mem::take(head);
                if sentry {
                    self.format = Format::Sentry;
                    self.decoder = Decoder::Sentry(head);
                    return;
                }
                if head[0] == 0x1f && head[1] == 0x8b {
                    self.decoder = Decoder::Gzip(Box::new(MultiGzDecoder::new(Vec::new())));
                } else {
                    self.decoder = Decoder::Plain;
                }
                self.bytes_in -= head.len() as u64;
                self.take_in(&head);
            }
            Decoder::Plain => self.feed(chunk),
            Decoder::Sentry(body) | Decoder::Form(body) => body.extend_from_slice(chunk),
            Decoder::Gzip(_) => {
                // A little compressed text at a time: deflate inflates up to a thousandfold, so a
                // whole chunk of a gzip bomb would be tens of MB at once.
                for part in chunk.chunks(GZIP_STEP) {
                    let (None, Decoder::Gzip(gz)) = (&self.error, &mut self.decoder) else {
                        return;
                    };
                    if let Err(e) = gz.write_all(part) {
                        self.error = Some(LoadError::Gzip(e.to_string()));
                        return;
                    }
                    let mut out = std::mem::take(gz.get_mut());
                    self.feed(&out);
                    // The buffer is used again.
                    out.clear();
                    if let Decoder::Gzip(gz) = &mut self.decoder {
                        *gz.get_mut() = out;
                    }
                }
            }
        }
    }

    fn feed(&mut self, bytes: &[u8]) {
        if !self.splitter.started() {
            let first = bytes
                .iter()
                .position(|b| !b.is_ascii_whitespace() && *b != 0xEF && *b != 0xBB && *b != 0xBF);
            if let Some(i) = first {
                // `["window", {event}]` lines: PostHog's snapshot API.
                let next = bytes[i + 1..].iter().find(|b| !b.is_ascii_whitespace());
                if bytes[i] == b'[' && next == Some(&b'"') {
                    self.format = Format::PostHog;
                }
                if bytes[i] != b'[' && bytes[i] != b'{' {
                    let end = bytes.len().min(i + 40);
                    self.error = Some(LoadError::NotJson {
                        starts_with: String::from_utf8_lossy(&bytes[i..end]).into_owned(),
                    });
                    return;
                }
                self.splitter.push(&bytes[i..]);
            }
        } else {
            self.splitter.push(bytes);
        }
        let pieces: Vec<Piece> = self.splitter.drain().collect();
        for piece in pieces {
            self.count += 1;
            match piece {
                Piece::Event { text, pruned } => match decode_event(&text) {
                    Ok(event) => {
                        if pruned {
                            self.problems.push(
                                Some(self.count),
                                format!(
                                    "nested more than {} levels deep; the deeper part was cut",
                                    split::MAX_DEPTH / 2
                                ),
                            );
                        }
                        let window = self.label;
                        self.accept(event, window);
                    }
                    Err(message) => match posthog::unwrap(&text) {
                        Some(Ok(events)) => {
                            self.format = Format::PostHog;
                            for (window, raw) in events {
                                let window = self.window_index(window);
                                match decode_event(raw.get().as_bytes()) {
                                    Ok(event) => self.accept(event, window),
                                    Err(message) => self.problems.skip(self.count, message),
                                }
                            }
                        }
                        Some(Err(why)) => self.problems.skip(self.count, why),
                        None => self.problems.skip(self.count, message),
                    },
                },
                Piece::Label(text) if self.format == Format::PostHog => {
                    let name = super::json_of::<String>(&text);
                    self.label = self.window_index(name);
                }
                Piece::Label(_) => self.problems.skip(
                    self.count,
                    "not an event object (a bare value where an event was expected)",
                ),
                Piece::Bad(message) => self.problems.skip(self.count, message),
            }
        }
    }

    /// The index of a window by its name (0 for none, or the first).
    fn window_index(&mut self, name: Option<String>) -> u32 {
        let Some(name) = name else { return 0 };
        let i = match self.windows.iter().position(|w| *w == name) {
            Some(i) => i,
            None => {
                self.windows.push(name);
                self.window_events.push(0);
                self.windows.len() - 1
            }
        };
        i as u32
    }

    /// Keeps a decoded event (of `window`).
    fn accept(&mut self, mut event: Event, window: u32) {
        event.window = window;
        if let Some(n) = self.window_events.get_mut(window as usize) {
            *n += 1;
        }
        let wanted = match &self.wanted {
            Some(name) => self.windows.get(window as usize) == Some(name),
            None => true,
        };
        if matches!(event.data, EventData::FullSnapshot(_)) && wanted {
            self.snapshot_seen = true;
            self.main_window.get_or_insert(window);
        }
        let event = self.read_vendor(event);
        self.events.push(event);
    }

    /// What a vendor's recorder changed in an event: Sentry's times in seconds become ms (nothing
    /// is skipped for it), and its events say the body is Sentry's.
    fn read_vendor(&mut self, mut event: Event) -> Event {
        let t = event.timestamp;
        if t < MAX_SECONDS {
            // Seconds, when that puts it within half a day of the session's times in ms.
            // Before any time in ms, only Sentry's custom events (by the SDK's own rule).
            let custom = matches!(event.data, EventData::Custom(_));
            let near = self
                .last_ms
                .map_or(custom && t > 1e8, |ms| (t * 1000.0 - ms).abs() <= 12.0 * 3_600_000.0);
            if t > 0.0 && near {
                event.timestamp = t * 1000.0;
            }
        } else {
            self.last_ms = Some(t);
        }
        if self.format == Format::Rrweb {
            if let EventData::Custom(c) = &event.data {
                if matches!(c.tag.as_str(), "breadcrumb" | "performanceSpan") {
                    self.format = Format::Sentry;
                }
            }
        }
        event
    }
}
