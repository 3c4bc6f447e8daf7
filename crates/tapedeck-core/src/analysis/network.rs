//! Network requests: the `rrweb/network@1` plugin (Sentry's spans are read in `sentry`).

use serde::Deserialize;
use serde_json::Value;
use std::sync::Arc;

/// What kind of request, for the panel's filters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NetKind {
    Fetch,
    Document,
    Script,
    Style,
    Image,
    Other,
}

impl NetKind {
    pub fn from_initiator(initiator: &str, url: &str) -> NetKind {
        let path = url.split(['?', '#']).next().unwrap_or("").to_ascii_lowercase();
        match initiator {
            "fetch" | "xmlhttprequest" | "xhr" | "beacon" => NetKind::Fetch,
            "navigation" | "iframe" | "frame" => NetKind::Document,
            "script" => NetKind::Script,
            "img" | "image" | "imageset" | "video" | "audio" => NetKind::Image,
            _ if is_image(&path) => NetKind::Image,
            "link" => NetKind::Style,
            _ if path.ends_with(".css") => NetKind::Style,
            _ if path.ends_with(".js") || path.ends_with(".mjs") => NetKind::Script,
            _ => NetKind::Other,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            NetKind::Fetch => "fetch/xhr",
            NetKind::Document => "document",
            NetKind::Script => "script",
            NetKind::Style => "style",
            NetKind::Image => "image",
            NetKind::Other => "other",
        }
    }
}

fn is_image(path: &str) -> bool {
    [
        ".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp", ".avif", ".ico", ".bmp",
    ]
    .iter()
    .any(|e| path.ends_with(e))
}

/// One request.
#[derive(Debug, Clone, PartialEq)]
pub struct NetworkEntry {
    /// Start and end, offsets in ms from the session start.
    pub t: f64,
    pub end: f64,
    /// Texts are shared by every analysis of a growing session.
    pub method: Arc<str>,
    pub url: Arc<str>,
    /// HTTP status; 0 when the request failed without one (blocked, network error).
    pub status: u16,
    pub initiator: Arc<str>,
    pub kind: NetKind,
    pub request_headers: Arc<[(String, String)]>,
    pub request_body: Option<Arc<str>>,
    pub response_headers: Arc<[(String, String)]>,
    pub response_body: Option<Arc<str>>,
    /// Bytes transferred, when recorded.
    pub size: Option<u64>,
    pub page: usize,
}

impl NetworkEntry {
    pub fn failed(&self) -> bool {
        self.status >= 400 || self.status == 0
    }

    pub fn duration(&self) -> f64 {
        (self.end - self.t).max(0.0)
    }
}

#[derive(Debug, Deserialize)]
pub(super) struct NetworkPayload {
    #[serde(default)]
    pub requests: Vec<RecordedRequest>,
}

/// A request as the network plugin records it: times relative to the page's time origin.
#[derive(Debug, Deserialize)]
pub(super) struct RecordedRequest {
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub method: Option<String>,
    #[serde(default, rename = "initiatorType")]
    pub initiator_type: String,
    #[serde(default)]
    pub status: Option<f64>,
    /// The status as the browser's resource timing gives it (PostHog records both).
    #[serde(default, rename = "responseStatus")]
    pub response_status: Option<f64>,
    /// The page's time origin, epoch ms, when the recorder wrote it (PostHog).
    #[serde(default, rename = "timeOrigin")]
    pub time_origin: Option<f64>,
    #[serde(default, rename = "startTime")]
    pub start_time: f64,
    #[serde(default, rename = "endTime")]
    pub end_time: f64,
    #[serde(default, rename = "requestHeaders")]
    pub request_headers: Option<Value>,
    #[serde(default, rename = "requestBody")]
    pub request_body: Option<Value>,
    #[serde(default, rename = "responseHeaders")]
    pub response_headers: Option<Value>,
    #[serde(default, rename = "responseBody")]
    pub response_body: Option<Value>,
    #[serde(default, rename = "transferSize")]
    pub transfer_size: Option<f64>,
}

pub(super) fn headers(v: &Option<Value>) -> Arc<[(String, String)]> {
    match v {
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
            .collect(),
        _ => Arc::new([]),
    }
}

pub(super) fn body(v: &Option<Value>) -> Option<Arc<str>> {
    match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.as_str().into()),
        Some(other) => Some(other.to_string().into()),
    }
}

/// The network plugin's requests read so far, each converted once (headers and bodies made
/// text as it arrives), anchored on every analysis: plugin times are relative to the page's
/// time origin, which is not recorded. Every entry is reported after it ended, so
/// `event time - endTime` is at or after the origin, and the smallest value over a page is the
/// best estimate of it — a request read later can move its page's estimate earlier.
#[derive(Debug, Default)]
pub(super) struct RecordedNetwork {
    /// Per page, the smallest `event time - endTime` so far.
    origin: std::collections::HashMap<usize, f64>,
    rows: Vec<Recorded>,
}

#[derive(Debug)]
struct Recorded {
    /// The plugin event's time (epoch ms).
    ts: f64,
    /// The recorder's own time origin, when it wrote a plausible one.
    own_origin: Option<f64>,
    start_time: f64,
    end_time: f64,
    /// Everything but the times.
    entry: NetworkEntry,
}

impl RecordedNetwork {
    /// Adds one plugin event's requests, recorded at `ts` on `page`.
    pub(super) fn push(&mut self, page: usize, ts: f64, requests: Vec<RecordedRequest>) {
        for r in requests {
            if r.end_time.is_finite() && r.end_time > 0.0 {
                let o = ts - r.end_time;
                let cur = self.origin.entry(page).or_insert(o);
                *cur = cur.min(o);
            }
            let entry = NetworkEntry {
                t: 0.0,
                end: 0.0,
                method: r.method.as_deref().unwrap_or("GET").to_ascii_uppercase().into(),
                kind: NetKind::from_initiator(&r.initiator_type, &r.name),
                status: r
                    .status
                    .or(r.response_status)
                    .filter(|s| s.is_finite() && *s >= 0.0)
                    .map_or(0, |s| s.min(999.0) as u16),
                request_headers: headers(&r.request_headers),
                request_body: body(&r.request_body),
                response_headers: headers(&r.response_headers),
                response_body: body(&r.response_body),
                size: r.transfer_size.filter(|s| *s > 0.0).map(|s| s as u64),
                initiator: r.initiator_type.into(),
                url: r.name.into(),
                page,
            };
            self.rows.push(Recorded {
                ts,
                own_origin: r.time_origin.filter(|o| o.is_finite() && (o - ts).abs() < 86_400_000.0),
                start_time: r.start_time,
                end_time: r.end_time,
                entry,
            });
        }
    }

    /// How many requests were read.
    pub(super) fn len(&self) -> usize {
        self.rows.len()
    }

    /// Every request read, its times offsets (ms) from `start`.
    #[cfg(test)]
    pub(super) fn anchored(&self, start: f64) -> impl Iterator<Item = NetworkEntry> + '_ {
        self.anchored_range(0..self.rows.len(), start)
    }

    /// The requests `range` of those read, their times offsets (ms) from `start`.
    pub(super) fn anchored_range(
        &self,
        range: std::ops::Range<usize>,
        start: f64,
    ) -> impl Iterator<Item = NetworkEntry> + '_ {
        self.rows[range].iter().map(move |r| {
            let estimate = self.origin.get(&r.entry.page).copied().unwrap_or(r.ts);
            let o = r.own_origin.unwrap_or(estimate);
            let begin = o + r.start_time.max(0.0);
            let end = if r.end_time > 0.0 { o + r.end_time } else { r.ts };
            NetworkEntry {
                t: begin - start,
                end: end.max(begin) - start,
                ..r.entry.clone()
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(json: &str) -> Vec<RecordedRequest> {
        vec![serde_json::from_str(json).unwrap()]
    }

    #[test]
    fn a_later_request_moves_its_pages_origin_and_every_row_with_it() {
        let mut net = RecordedNetwork::default();
        // Reported 50 ms after it ended at 100 ms: the origin is at most 1,000,050.
        net.push(0, 1_000_150.0, request(r#"{"name":"/a","startTime":40,"endTime":100}"#));
        let first: Vec<_> = net.anchored(1_000_000.0).collect();
        assert_eq!((first[0].t, first[0].end), (90.0, 150.0));
        // Reported as soon as it ended: the origin is 1,000,010, and /a moves 40 ms earlier.
        net.push(
            0,
            1_000_210.0,
            request(r#"{"name":"/b","method":"post","startTime":150,"endTime":200}"#),
        );
        // Another page keeps its own origin; a recorder's own origin wins over the estimate.
        net.push(1, 1_000_400.0, request(r#"{"name":"/c","startTime":10,"endTime":20}"#));
        net.push(
            1,
            1_000_500.0,
            request(r#"{"name":"/d","timeOrigin":1000300,"startTime":5,"endTime":0}"#),
        );
        let rows: Vec<_> = net
            .anchored(1_000_000.0)
            .map(|e| (e.url.to_string(), e.method.to_string(), e.t, e.end))
            .collect();
        assert_eq!(
            rows,
            vec![
                ("/a".to_owned(), "GET".to_owned(), 50.0, 110.0),
                ("/b".to_owned(), "POST".to_owned(), 160.0, 210.0),
                ("/c".to_owned(), "GET".to_owned(), 390.0, 400.0),
                // No end time: it ends when it was reported.
                ("/d".to_owned(), "GET".to_owned(), 305.0, 500.0),
            ]
        );
    }
}
