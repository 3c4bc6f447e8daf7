//! Loading: bytes in (whole or in chunks, plain or gzip), events and problems out.
//!
//! ```
//! use tapedeck_core::load::Loader;
//! let mut loader = Loader::new();
//! loader.push(br#"[{"type":4,"data":{"href":"https://example.com/","width":800,"height":600},"timestamp":1},"#);
//! loader.push(br#"{"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[]},"initialOffset":{"top":0,"left":0}},"timestamp":2}]"#);
//! let loaded = loader.finish().unwrap();
//! assert_eq!(loaded.session.events.len(), 2);
//! assert!(loaded.problems.is_empty());
//! ```

pub(crate) mod decode;
mod loader;
pub mod posthog;
pub mod sentry;
pub mod split;

use std::fmt;

use crate::session::Session;
pub use decode::decode_event;
pub use loader::{Loader, Rest};

/// At most this many problems are kept with their details; the rest are only counted.
pub const MAX_PROBLEM_DETAILS: usize = 500;

/// Something in the recording that was skipped or repaired, with the reason.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// 1-based position of the event in the body, when the problem is about one event.
    pub event: Option<usize>,
    pub message: String,
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self.event {
            Some(n) => write!(f, "event #{n}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// Problems of one load: the first details, and how many there were in all.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Problems {
    pub details: Vec<Problem>,
    /// Events that were skipped (each counted once).
    pub skipped_events: usize,
    /// All problems, including those whose details were not kept.
    pub total: usize,
    /// Why the body was not read to its end, when the player stopped reading it
    /// ([`Loader::stop`]): the session is the part before.
    pub cut_short: Option<String>,
}

impl Problems {
    pub fn push(&mut self, event: Option<usize>, message: impl Into<String>) {
        self.total += 1;
        if self.details.len() < MAX_PROBLEM_DETAILS {
            self.details.push(Problem {
                event,
                message: message.into(),
            });
        }
    }

    /// Records an event that could not be used at all.
    pub fn skip(&mut self, event: usize, message: impl Into<String>) {
        self.skipped_events += 1;
        self.push(Some(event), message);
    }

    pub fn is_empty(&self) -> bool {
        self.total == 0 && self.cut_short.is_none()
    }

    /// Adds every problem of `other` (its skipped events too).
    pub fn merge(&mut self, other: Problems) {
        let uncounted = other.total - other.details.len();
        for d in other.details {
            self.push(d.event, d.message);
        }
        self.total += uncounted;
        self.skipped_events += other.skipped_events;
        self.cut_short = self.cut_short.take().or(other.cut_short);
    }
}

/// Why a body could not be played at all.
#[derive(Debug, Clone, PartialEq)]
pub enum LoadError {
    Empty,
    NotJson {
        starts_with: String,
    },
    Gzip(String),
    Form(String),
    NotRrweb {
        problems: Problems,
    },
    NoFullSnapshot {
        events: usize,
    },
    /// The player stopped reading the body before it had a page to show (see [`Loader::stop`]):
    /// why.
    Stopped(String),
}

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        match self {
            LoadError::Empty => f.write_str(
                "The recording is empty: the body has no events. Check that the URL points at a session's event stream.",
            ),
            LoadError::NotJson { starts_with } => write!(
                f,
                "The body is not JSON (it starts with {starts_with:?}). If that is an HTML page, the URL probably points at a web page or an error page rather than at a recording."
            ),
            LoadError::Gzip(e) => write!(f, "The body looks gzip-compressed but could not be decompressed: {e}. The file may be truncated or corrupt."),
            LoadError::Form(e) => write!(f, "The body is a form post (data=…), as PostHog's SDK sends when a page closes, but its data could not be read: {e}."),
            LoadError::NotRrweb { problems } => {
                write!(f, "The body is JSON but not an rrweb recording: none of its {} values is an rrweb event", problems.total)?;
                if let Some(p) = problems.details.first() {
                    write!(f, " (first: {p})")?;
                }
                f.write_str(". Expected a list of events like {\"type\": 2, \"data\": {…}, \"timestamp\": …}.")
            }
            LoadError::Stopped(why) => f.write_str(why),
            LoadError::NoFullSnapshot { events } => write!(
                f,
                "The recording has {events} events but no full snapshot, so there is no page to show. The recorder may have started after the page loaded, or the start of the session is missing."
            ),
        }
    }
}

/// Which recorder's format a body was read in (said in the player, beside the session).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Format {
    #[default]
    Rrweb,
    Sentry,
    PostHog,
}

impl Format {
    pub fn label(self) -> &'static str {
        match self {
            Format::Rrweb => "rrweb",
            Format::Sentry => "Sentry Replay",
            Format::PostHog => "PostHog",
        }
    }
}

/// A session that can be played, and what was wrong with its body.
#[derive(Debug)]
pub struct Loaded {
    pub session: Session,
    pub problems: Problems,
    /// The windows the body recorded, as far as it was read.
    pub windows: Windows,
}

/// The windows (tabs, frames) a body recorded on their own, PostHog's way. A replay shows
/// one of them; the others can be chosen by name ([`Loader::for_window`]).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Windows {
    /// Each window's name and how many of the body's events are its own, in order of
    /// appearance. Empty when the body names no window.
    pub list: Vec<(String, usize)>,
    /// The window shown (an index into `list`).
    pub shown: Option<usize>,
}

impl Windows {
    /// Whether there is a choice to make (more than one window).
    pub fn several(&self) -> bool {
        self.list.len() > 1
    }
}

/// `bytes` read as one JSON value. The loader parses through `&str` (serde_json's `from_str`),
/// not `from_slice`: each reader type compiles serde_json's parser and every type it reads once
/// more (the app's download is measured in KB). Bytes that are not UTF-8 are not JSON either,
/// as `from_slice` would say. (Only a Sentry segment's end is found in bytes: `sentry.rs`.)
pub(crate) fn json_of<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Option<T> {
    serde_json::from_str(std::str::from_utf8(bytes).ok()?).ok()
}

/// Loads a whole body at once.
pub fn load(body: &[u8]) -> Result<Loaded, LoadError> {
    let mut loader = Loader::new();
    loader.push(body);
    loader.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_is_read_from_utf8_only() {
        assert_eq!(json_of::<String>(br#""ev\u0065nts""#).as_deref(), Some("events"));
        // Not UTF-8, inside a string or outside: not JSON, as serde_json's from_slice says.
        assert_eq!(json_of::<String>(b"\"caf\xe9\""), None);
        assert!(serde_json::from_slice::<String>(b"\"caf\xe9\"").is_err());
        assert_eq!(json_of::<serde_json::Value>(b"[1]\xff"), None);
    }
}
