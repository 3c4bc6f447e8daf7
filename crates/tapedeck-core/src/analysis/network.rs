//! Network requests: the `rrweb/network@1` plugin (Sentry's spans are read in `sentry`).

use serde::Deserialize;
use serde_json::Value;

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
    pub method: String,
    pub url: String,
    /// HTTP status; 0 when the request failed without one (blocked, network error).
    pub status: u16,
    pub initiator: String,
    pub kind: NetKind,
    pub request_headers: Vec<(String, String)>,
    pub request_body: Option<String>,
    pub response_headers: Vec<(String, String)>,
    pub response_body: Option<String>,
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

pub(super) fn headers(v: &Option<Value>) -> Vec<(String, String)> {
    match v {
        Some(Value::Object(m)) => m
            .iter()
            .map(|(k, v)| (k.clone(), v.as_str().map_or_else(|| v.to_string(), str::to_owned)))
            .collect(),
        _ => Vec::new(),
    }
}

pub(super) fn body(v: &Option<Value>) -> Option<String> {
    match v {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(s.clone()),
        Some(other) => Some(other.to_string()),
    }
}
