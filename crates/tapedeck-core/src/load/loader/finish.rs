//! The end of a body: the decoder and the splitter flushed, the windows not shown left out,
//! the session built.

use super::{Decoder, Loader, Rest};
use crate::event::EventData;
use crate::load::split::End;
use crate::load::{sentry, Format, LoadError, Loaded, Problems};
use crate::session::Session;

impl Loader {
    /// Ends a body whose first events were taken with [`Loader::take_events`]: the events not
    /// yet taken, and the problems. Fails only for errors of the body itself (not JSON, gzip).
    pub fn finish_rest(mut self) -> Result<Rest, LoadError> {
        self.end_body()?;
        self.end_windows();
        let windows = self.windows();
        Ok(Rest {
            events: self.events,
            problems: self.problems,
            format: self.format,
            windows,
        })
    }

    /// Ends the body and builds the session.
    pub fn finish(self) -> Result<Loaded, LoadError> {
        let stopped = self.problems.cut_short.clone();
        // Nothing to play because reading stopped: that is why. A body that is not a recording
        // (not JSON, broken gzip) says so whatever was read of it.
        self.finish_whole().map_err(|e| match (stopped, e) {
            (Some(why), LoadError::Empty | LoadError::NotRrweb { .. } | LoadError::NoFullSnapshot { .. }) => {
                LoadError::Stopped(why)
            }
            (_, e) => e,
        })
    }

    fn finish_whole(mut self) -> Result<Loaded, LoadError> {
        self.end_body()?;
        self.end_windows();
        if self.events.is_empty() {
            return Err(if self.count == 0 {
                LoadError::Empty
            } else {
                LoadError::NotRrweb {
                    problems: self.problems,
                }
            });
        }
        let windows = self.windows();
        let session = Session::read(self.events, self.format, &mut self.problems);
        if session.pages.is_empty() {
            return Err(LoadError::NoFullSnapshot {
                events: session.events.len(),
            });
        }
        Ok(Loaded {
            session,
            problems: self.problems,
            windows,
        })
    }

    /// Leaves out the events of the windows not shown, and says so.
    fn end_windows(&mut self) {
        if let (None, Some(name)) = (self.main_window, &self.wanted) {
            // The window asked for has no page: the first page's window is shown.
            let first = self
                .events
                .iter()
                .find(|e| matches!(e.data, EventData::FullSnapshot(_)))
                .map(|e| e.window);
            self.main_window = first;
            self.snapshot_seen |= first.is_some();
            self.problems.push(
                None,
                format!(
                    "the recording has no page of window {:?}; the window of its first page is shown",
                    crate::deeplink::shown(name)
                ),
            );
        }
        let events = std::mem::take(&mut self.events);
        self.events = self.main_window_only(events);
        if self.other_windows > 0 {
            let others = self.windows.len() - 1;
            self.problems.push(
                None,
                format!(
                    "{} events of {others} other window{} (tabs or frames recorded on their own) are not shown: a replay shows one window at a time (choose another under the format, beside the address)",
                    self.other_windows,
                    if others == 1 { "" } else { "s" }
                ),
            );
        }
    }

    /// Flushes the decoder and the splitter at the end of the body.
    fn end_body(&mut self) -> Result<(), LoadError> {
        if let Decoder::Form(body) = &mut self.decoder {
            let body = std::mem::take(body);
            match form_data(&body) {
                Ok(inner) => {
                    self.decoder = Decoder::Sniffing(Vec::new());
                    let outer = self.bytes_in;
                    self.take_in(&inner);
                    self.bytes_in = outer;
                }
                Err(e) => return Err(LoadError::Form(e)),
            }
        }
        if let Decoder::Sniffing(head) = &mut self.decoder {
            let head = std::mem::take(head);
            if sentry::sniff(&head, true) == Some(true) {
                self.format = Format::Sentry;
                self.decoder = Decoder::Sentry(head);
            } else {
                self.decoder = Decoder::Plain;
                self.feed(&head);
            }
        }
        if let Decoder::Sentry(body) = &mut self.decoder {
            let body = std::mem::take(body);
            let mut framing = Problems::default();
            sentry::unframe(&body, &mut framing, &mut |text| self.feed(text));
            self.problems.merge(framing);
        }
        if let Decoder::Gzip(gz) = &mut self.decoder {
            let finished = gz.try_finish();
            // What was inflated is read even when the stream broke off: its complete events
            // are kept.
            let out = std::mem::take(gz.get_mut());
            self.feed(&out);
            match finished {
                Ok(()) => {}
                // Stopped on purpose: the stream is incomplete, and that was said.
                Err(_) if self.stopped => {}
                Err(e) => self.problems.push(
                    None,
                    format!("the gzip stream is incomplete ({e}): the download was cut short"),
                ),
            }
        }
        if let Some(e) = self.error.take() {
            return Err(e);
        }
        if self.splitter.finish() == End::Truncated && !self.stopped {
            self.problems.push(
                None,
                format!(
                    "the body ends in the middle of event #{}: the recording was truncated; the {} complete events before it are kept",
                    self.count + 1,
                    self.events_so_far()
                ),
            );
        }
        Ok(())
    }
}

/// The body inside a form post `data=<value>`: the value URL-decoded, then base64-decoded
/// unless it is JSON already (posthog-js sends base64 of the JSON text).
fn form_data(body: &[u8]) -> Result<Vec<u8>, String> {
    let value = url::form_urlencoded::parse(body)
        .find(|(k, _)| k == "data")
        .map(|(_, v)| v.into_owned())
        .ok_or("no data field")?;
    let value = value.trim();
    if value.is_empty() {
        return Err("the data field is empty".to_owned());
    }
    if value.starts_with(['[', '{']) {
        return Ok(value.as_bytes().to_vec());
    }
    use base64::Engine;
    let compact: String = value.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    base64::engine::general_purpose::STANDARD
        .decode(compact.trim_end_matches('='))
        .or_else(|_| base64::engine::general_purpose::STANDARD_NO_PAD.decode(compact.trim_end_matches('=')))
        .map_err(|e| format!("the data field is neither JSON nor base64 ({e})"))
}
