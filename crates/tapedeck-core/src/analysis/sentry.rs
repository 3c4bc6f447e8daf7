//! Sentry Replay's custom events, read into what the panels show:
//! - `breadcrumb`: console messages (`console`), navigations (`navigation`), the clicks Sentry
//!   judged rage (`ui.multiClick`) or dead (`ui.slowClickDetected`), and error breadcrumbs;
//! - `performanceSpan`: requests (`resource.*`), page loads (`navigation.navigate|reload|
//!   back_forward`), web vitals (`web-vital`, or the vital's name as the op in older SDKs) and
//!   memory samples (`memory`);
//! - `options`: the SDK's recording settings;
//! - `sentry.error`: an error event read from an envelope (see `load::sentry`).
//!
//! Payload times are seconds (a value above 1e10 is taken as ms, by the SDK's own rule).

use serde::Deserialize;
use serde_json::Value;

use super::console::ConsolePayload;
use super::network::{body, headers, NetKind, NetworkEntry};
use super::{ErrorEntry, ErrorKind};
use crate::event::NodeId;

/// Sentry's rule for its timestamps: seconds, unless the value is too large to be.
pub(super) fn to_ms(t: f64) -> f64 {
    if t > 1e10 {
        t
    } else {
        t * 1000.0
    }
}

/// A breadcrumb's payload.
#[derive(Debug, Clone, Default, Deserialize)]
pub(super) struct Breadcrumb {
    #[serde(default)]
    pub category: String,
    #[serde(default)]
    pub level: String,
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub timestamp: Option<f64>,
    #[serde(default)]
    pub data: Value,
}

/// A `performanceSpan` payload.
#[derive(Debug, Deserialize)]
pub(super) struct Span {
    #[serde(default)]
    pub op: String,
    #[serde(default)]
    pub description: String,
    #[serde(default, rename = "startTimestamp")]
    pub start: f64,
    #[serde(default, rename = "endTimestamp")]
    pub end: f64,
    #[serde(default)]
    pub data: Value,
}

/// A web vital, as the SDK rated it.
#[derive(Debug, Clone, PartialEq)]
pub struct Vital {
    /// Offset, ms.
    pub t: f64,
    /// `largest-contentful-paint`, `cumulative-layout-shift`, `interaction-to-next-paint`,
    /// `first-input-delay`.
    pub name: String,
    /// ms, or a unitless score for layout shift.
    pub value: f64,
    /// `good`, `needs-improvement` or `poor`.
    pub rating: String,
    /// The elements it is about (ids in the page's snapshot).
    pub nodes: Vec<NodeId>,
}

impl Vital {
    pub fn is_poor(&self) -> bool {
        self.rating == "poor"
    }

    /// Its value as a user reads it: a layout shift score to three decimals, the others in ms.
    pub fn value_text(&self) -> String {
        if self.name == "cumulative-layout-shift" {
            format!("{:.3}", self.value)
        } else {
            format!("{} ms", self.value.round())
        }
    }

    /// The rating as one of `good`, `meh` (needs improvement), `poor`, `unknown` (for styles).
    pub fn rating_class(&self) -> &'static str {
        match self.rating.as_str() {
            "good" => "good",
            "needs-improvement" => "meh",
            "poor" => "poor",
            _ => "unknown",
        }
    }

    /// Its short name (`LCP`, `CLS`, `INP`, `FID`).
    pub fn short(&self) -> &str {
        match self.name.as_str() {
            "largest-contentful-paint" => "LCP",
            "cumulative-layout-shift" => "CLS",
            "interaction-to-next-paint" => "INP",
            "first-input-delay" => "FID",
            other => other,
        }
    }
}

/// The page's JavaScript heap at one moment, bytes.
#[derive(Debug, Clone, PartialEq)]
pub struct MemorySample {
    pub t: f64,
    pub used: f64,
    pub total: f64,
    pub limit: f64,
}

const VITALS: [&str; 4] = [
    "largest-contentful-paint",
    "cumulative-layout-shift",
    "interaction-to-next-paint",
    "first-input-delay",
];

/// A console breadcrumb as the console plugin's payload (each argument as JSON text).
pub(super) fn console(b: &Breadcrumb) -> Option<ConsolePayload> {
    if b.category != "console" {
        return None;
    }
    let level = match b.level.as_str() {
        "warning" => "warn",
        "fatal" => "error",
        "" => "log",
        other => other,
    };
    let payload = match b.data.get("arguments").and_then(Value::as_array) {
        Some(args) if !args.is_empty() => args.iter().map(Value::to_string).collect(),
        _ => vec![Value::String(b.message.clone()).to_string()],
    };
    Some(ConsolePayload {
        level: level.to_owned(),
        trace: Vec::new(),
        payload,
    })
}

/// The node a click breadcrumb is about, and how many clicks it counts.
pub(super) fn click_target(b: &Breadcrumb) -> Option<(NodeId, usize)> {
    let id = b.data.get("nodeId").and_then(Value::as_i64)?;
    let count = b.data.get("clickCount").and_then(Value::as_u64).unwrap_or(1);
    Some((
        id.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as NodeId,
        count as usize,
    ))
}

/// What a span is.
pub(super) enum SpanKind {
    Request(NetworkEntry),
    Vital(Vital),
    Memory(MemorySample),
    Other,
}

/// Reads a span; `start` is the session's start (epoch ms), `href` the page's address (to
/// resolve relative request URLs against).
pub(super) fn span(s: &Span, start: f64, page: usize, href: &str) -> SpanKind {
    let t = to_ms(s.start) - start;
    let end = to_ms(s.end.max(s.start)) - start;
    let num = |v: &Value| v.as_f64().or_else(|| v.as_str().and_then(|s| s.parse().ok()));
    let name = if s.op == "web-vital" {
        s.description.as_str()
    } else {
        s.op.as_str()
    };
    if VITALS.contains(&name) {
        return SpanKind::Vital(Vital {
            t,
            name: name.to_owned(),
            value: num(&s.data["value"]).unwrap_or(0.0),
            rating: s.data["rating"].as_str().unwrap_or("").to_owned(),
            nodes: s.data["nodeIds"]
                .as_array()
                .map(|ids| ids.iter().filter_map(|v| v.as_i64()).map(|v| v as NodeId).collect())
                .unwrap_or_default(),
        });
    }
    if s.op == "memory" {
        let m = &s.data["memory"];
        return SpanKind::Memory(MemorySample {
            t,
            used: num(&m["usedJSHeapSize"]).unwrap_or(0.0),
            total: num(&m["totalJSHeapSize"]).unwrap_or(0.0),
            limit: num(&m["jsHeapSizeLimit"]).unwrap_or(0.0),
        });
    }
    let kind = match s.op.as_str() {
        "resource.fetch" | "resource.xhr" => NetKind::Fetch,
        "navigation.navigate" | "navigation.reload" | "navigation.back_forward" => NetKind::Document,
        "resource.script" => NetKind::Script,
        "resource.css" | "resource.link" => NetKind::Style,
        "resource.img" => NetKind::Image,
        op if op.starts_with("resource.") => NetKind::Other,
        _ => return SpanKind::Other,
    };
    let request = &s.data["request"];
    let response = &s.data["response"];
    let status = ["statusCode", "status_code"].iter().find_map(|k| num(&s.data[*k]));
    // A document or asset span without a status loaded (Sentry records failures of fetch/xhr).
    let status = status.unwrap_or(if kind == NetKind::Fetch { 0.0 } else { 200.0 });
    let size = num(&response["size"]).or_else(|| {
        ["size", "responseBodySize", "encodedBodySize", "response_body_size"]
            .iter()
            .find_map(|k| num(&s.data[*k]))
    });
    let field = |v: &Value| (!v.is_null()).then(|| v.clone());
    SpanKind::Request(NetworkEntry {
        t,
        end,
        method: s.data["method"].as_str().unwrap_or("GET").to_ascii_uppercase().into(),
        url: resolve(href, &s.description).into(),
        status: status.clamp(0.0, 999.0) as u16,
        initiator: s.op.as_str().into(),
        kind,
        request_headers: headers(&field(&request["headers"])),
        request_body: body(&field(&request["body"])),
        response_headers: headers(&field(&response["headers"])),
        response_body: body(&field(&response["body"])),
        size: size.filter(|s| s.is_finite() && *s > 0.0).map(|s| s as u64),
        page,
    })
}

/// A request's URL as the page would have resolved it (Sentry records same-origin requests by
/// their path).
fn resolve(href: &str, url: &str) -> String {
    match url::Url::parse(href).and_then(|base| base.join(url)) {
        Ok(u) if url.starts_with('/') => u.to_string(),
        _ => url.to_owned(),
    }
}

/// An error event read from an envelope (`sentry.error`), at offset `t`.
pub(super) fn error_event(payload: &Value, t: f64) -> ErrorEntry {
    // The outermost exception is the last of `values` (Sentry's order: cause first).
    let exception = payload["exception"]["values"].as_array().and_then(|v| v.last());
    let message = match exception {
        Some(e) => {
            let kind = e["type"].as_str().unwrap_or("Error");
            match e["value"].as_str() {
                Some(v) => format!("{kind}: {v}"),
                None => kind.to_owned(),
            }
        }
        None => payload["message"]
            .as_str()
            .or_else(|| payload["message"]["formatted"].as_str())
            .unwrap_or("Error")
            .to_owned(),
    };
    let handled = exception.and_then(|e| e["mechanism"]["handled"].as_bool());
    // The innermost frame is the last of `frames`.
    let detail = exception
        .and_then(|e| e["stacktrace"]["frames"].as_array())
        .and_then(|f| f.last())
        .map(|f| {
            let func = f["function"].as_str().unwrap_or("?");
            let file = f["filename"].as_str().or_else(|| f["abs_path"].as_str()).unwrap_or("?");
            format!("{func} ({file}:{}:{})", f["lineno"], f["colno"])
        });
    ErrorEntry {
        t,
        kind: if handled == Some(false) {
            ErrorKind::Uncaught
        } else {
            ErrorKind::Captured
        },
        message: message.into(),
        detail: detail.map(Into::into),
        console: None,
        network: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vitals_read_as_a_user_reads_them() {
        let v = |name: &str, value: f64, rating: &str| Vital {
            t: 0.0,
            name: name.to_owned(),
            value,
            rating: rating.to_owned(),
            nodes: Vec::new(),
        };
        assert_eq!(v("largest-contentful-paint", 5108.299, "poor").value_text(), "5108 ms");
        assert_eq!(
            v("cumulative-layout-shift", 0.1234, "needs-improvement").value_text(),
            "0.123"
        );
        assert_eq!(
            v("cumulative-layout-shift", 0.0, "needs-improvement").rating_class(),
            "meh"
        );
        assert_eq!(v("x", 1.0, "<b>").rating_class(), "unknown");
        assert!(v("x", 1.0, "poor").is_poor());
        assert_eq!(v("interaction-to-next-paint", 1.0, "good").short(), "INP");
    }

    #[test]
    fn times_in_seconds_or_ms() {
        assert_eq!(to_ms(1_796_110_661.5), 1_796_110_661_500.0);
        assert_eq!(to_ms(1_796_110_661_500.0), 1_796_110_661_500.0);
    }

    #[test]
    fn relative_request_urls_resolve_against_the_page() {
        assert_eq!(
            resolve("https://shop.example/cart?x=1", "/api/cart"),
            "https://shop.example/api/cart"
        );
        assert_eq!(
            resolve("https://shop.example/", "https://cdn.example/a.js"),
            "https://cdn.example/a.js"
        );
        assert_eq!(resolve("", "/api/cart"), "/api/cart");
        assert_eq!(resolve("https://shop.example/", "not a url at all"), "not a url at all");
    }

    #[test]
    fn console_levels_and_arguments() {
        let b: Breadcrumb = serde_json::from_str(
            r#"{"category":"console","level":"warning","message":"a [object Object]","data":{"arguments":["a",{"k":1}]}}"#,
        )
        .unwrap();
        let p = console(&b).unwrap();
        assert_eq!(p.level, "warn");
        assert_eq!(p.payload, vec![r#""a""#.to_owned(), r#"{"k":1}"#.to_owned()]);
        let b: Breadcrumb = serde_json::from_str(r#"{"category":"console","level":"fatal","message":"m"}"#).unwrap();
        assert_eq!(console(&b).unwrap().payload, vec![r#""m""#.to_owned()]);
        let b: Breadcrumb = serde_json::from_str(r#"{"category":"ui.click"}"#).unwrap();
        assert!(console(&b).is_none());
    }
}
