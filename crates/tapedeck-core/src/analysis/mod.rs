//! What a developer reads beside the picture, computed once at load: console, network, errors,
//! clicks (rage and dead), and the activity trail. Times are offsets (ms) from the session start.
//! Panels and markers are views of this; nothing here is replayed.

mod activity;
mod analyser;
mod assembly;
mod clicks;
mod console;
mod network;
mod sentry;
mod targets;
mod window;

use std::sync::Arc;

use serde_json::Value;

pub use analyser::Analyser;
pub use clicks::{Click, ClickOptions, DeadClick, RageClick};
pub use console::{ConsoleArg, ConsoleEntry, MAX_TREE_BYTES};
pub use network::{NetKind, NetworkEntry};
pub use sentry::{MemorySample, Vital};
pub use targets::{Target, Targets};
pub use window::{
    row_window, scrub_rows, timeline_marks, Mark, GLANCE_ROW_PX, MAX_MARKERS, MAX_ROWS, MIN_SCRUB_ROWS, SCRUB_ROWS,
};

use crate::event::NodeId;
use crate::order::sort_by_time;
use crate::session::Session;

/// Kinds of errors, as the errors panel shows them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// An uncaught exception (the console plugin's error hook).
    Uncaught,
    /// An unhandled promise rejection.
    Rejection,
    /// A `console.error` call.
    ConsoleError,
    /// A request that failed (status ≥ 400 or none).
    FailedRequest,
    /// An error breadcrumb (Sentry).
    Breadcrumb,
    /// An error the Sentry SDK captured (handled, or reported by the app).
    Captured,
}

impl ErrorKind {
    pub fn label(self) -> &'static str {
        match self {
            ErrorKind::Uncaught => "Uncaught exception",
            ErrorKind::Rejection => "Unhandled rejection",
            ErrorKind::ConsoleError => "console.error",
            ErrorKind::FailedRequest => "Failed request",
            ErrorKind::Breadcrumb => "Error breadcrumb",
            ErrorKind::Captured => "Captured error",
        }
    }
}

/// One error.
#[derive(Debug, Clone, PartialEq)]
pub struct ErrorEntry {
    pub t: f64,
    pub kind: ErrorKind,
    /// Shared with the activity trail's row.
    pub message: Arc<str>,
    /// Where it came from: the first stack frame, or the request's method and status.
    pub detail: Option<Arc<str>>,
    /// The console or network entry it is.
    pub console: Option<usize>,
    pub network: Option<usize>,
}

/// One row of the activity trail.
#[derive(Debug, Clone, PartialEq)]
pub enum ActivityKind {
    Navigation { href: String },
    Click { target: Arc<str> },
    RageClick { count: usize, target: Arc<str> },
    DeadClick { target: Arc<str> },
    Input { target: Arc<str> },
    Error { message: Arc<str> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub t: f64,
    pub kind: ActivityKind,
    /// The element acted on (clicks, typing), on the page of `t`.
    pub node: Option<NodeId>,
}

/// Everything the panels show.
#[derive(Debug, Clone, Default)]
pub struct Analysis {
    pub console: Vec<ConsoleEntry>,
    pub network: Vec<NetworkEntry>,
    pub errors: Vec<ErrorEntry>,
    pub clicks: Vec<Click>,
    pub rage_clicks: Vec<RageClick>,
    pub dead_clicks: Vec<DeadClick>,
    pub activity: Vec<Activity>,
    /// Web vitals, in time order (Sentry).
    pub vitals: Vec<Vital>,
    /// The page's heap over time (Sentry).
    pub memory: Vec<MemorySample>,
    /// The recorder's settings as it recorded them (Sentry's `options` event), JSON text.
    pub recorder_options: Option<String>,
}

/// What a vendor's recorder said beside the events: clicks it judged rage or dead, navigations
/// within a page, errors it captured.
#[derive(Debug, Clone, Default)]
struct Reported {
    rage: Vec<(f64, NodeId, usize, usize)>,
    dead: Vec<(f64, NodeId, usize)>,
    navigations: Vec<(f64, String)>,
    breadcrumbs: Vec<(f64, sentry::Breadcrumb)>,
    errors: Vec<ErrorEntry>,
}

impl Analysis {
    /// The analysis of a whole session at once (see [`Analyser`] for one that grows).
    pub fn new(session: &Session, options: &ClickOptions) -> Analysis {
        Analyser::default().analyse(session, options)
    }

    /// The page's heap at offset `t`: the last sample at or before it.
    pub fn memory_at(&self, t: f64) -> Option<&MemorySample> {
        let i = self.memory.partition_point(|m| m.t <= t);
        i.checked_sub(1).map(|i| &self.memory[i])
    }

    /// The error at `t` (within `tolerance` ms), nearest first.
    pub fn error_near(&self, t: f64, tolerance: f64) -> Option<usize> {
        self.errors
            .iter()
            .enumerate()
            .filter(|(_, e)| (e.t - t).abs() <= tolerance)
            .min_by(|a, b| (a.1.t - t).abs().total_cmp(&(b.1.t - t).abs()))
            .map(|(i, _)| i)
    }
}

/// A Sentry breadcrumb at offset `t`: a console message, a click judged rage or dead, a
/// navigation, or an error.
fn read_breadcrumb(a: &mut Analysis, reported: &mut Reported, b: sentry::Breadcrumb, t: f64, page: usize) {
    if let Some(payload) = sentry::console(&b) {
        console::push(&mut a.console, t, page, payload);
        return;
    }
    match b.category.as_str() {
        "ui.multiClick" => {
            if let Some((id, count)) = sentry::click_target(&b) {
                reported.rage.push((t, id, count, page));
            }
        }
        "ui.slowClickDetected" => {
            if let Some((id, _)) = sentry::click_target(&b) {
                reported.dead.push((t, id, page));
            }
        }
        "navigation" => {
            if let Some(to) = b.data.get("to").and_then(Value::as_str) {
                reported.navigations.push((t, to.to_owned()));
            }
        }
        _ => {}
    }
    if matches!(b.level.as_str(), "error" | "fatal") {
        reported.breadcrumbs.push((t, b));
    }
}

/// The rage and dead clicks a recorder reported that the analysis did not find itself (on
/// the same element within a second), placed where the recorded click on it was.
fn add_reported_clicks(clicks: &[Click], rage: &mut Vec<RageClick>, dead: &mut Vec<DeadClick>, reported: &Reported) {
    // Clicks and dead clicks are in time order: each report looks only at the second around it.
    let near = |t: f64, id: NodeId, page: usize| {
        let from = clicks.partition_point(|c| c.t < t - 1_000.0);
        let to = clicks.partition_point(|c| c.t <= t + 1_000.0);
        clicks[from..to.max(from)]
            .iter()
            .filter(|c| c.id == id && c.page == page && (c.t - t).abs() <= 1_000.0)
            .min_by(|x, y| (x.t - t).abs().total_cmp(&(y.t - t).abs()))
            .cloned()
    };
    let mut more_rage = Vec::new();
    for &(t, id, count, page) in &reported.rage {
        let found = rage
            .iter()
            .any(|r| r.id == id && r.page == page && r.t - 1_000.0 <= t && t <= r.end + 1_000.0);
        if let (false, Some(c)) = (found, near(t, id, page)) {
            more_rage.push(RageClick {
                t: c.t,
                end: t.max(c.t),
                count,
                x: c.x,
                y: c.y,
                id,
                page,
            });
        }
    }
    let mut more_dead = Vec::new();
    for &(t, id, page) in &reported.dead {
        let from = dead.partition_point(|d| d.t < t - 1_000.0);
        let found = dead[from..]
            .iter()
            .take_while(|d| d.t <= t + 1_000.0)
            .any(|d| d.id == id && d.page == page && (d.t - t).abs() <= 1_000.0);
        if let (false, Some(c)) = (found, near(t, id, page)) {
            more_dead.push(DeadClick {
                t: c.t,
                x: c.x,
                y: c.y,
                id,
                page,
            });
        }
    }
    rage.extend(more_rage);
    sort_by_time(rage, |x| x.t);
    dead.extend(more_dead);
    sort_by_time(dead, |x| x.t);
}

/// The error console row `i` is, when it logged one.
fn console_error(i: usize, c: &ConsoleEntry) -> Option<ErrorEntry> {
    if &*c.level != "error" {
        return None;
    }
    let message = c.message();
    let kind = if message.starts_with("Uncaught (in promise)") {
        ErrorKind::Rejection
    } else if c.is_uncaught() {
        ErrorKind::Uncaught
    } else {
        ErrorKind::ConsoleError
    };
    Some(ErrorEntry {
        t: c.t,
        kind,
        message: message.into(),
        detail: c.trace.first().map(|f| f.as_str().into()),
        console: Some(i),
        network: None,
    })
}

/// The error request `i` is, when it failed.
fn failed_request(i: usize, n: &NetworkEntry) -> Option<ErrorEntry> {
    if !n.failed() {
        return None;
    }
    let outcome = if n.status == 0 {
        "failed".to_owned()
    } else {
        n.status.to_string()
    };
    Some(ErrorEntry {
        t: n.end,
        kind: ErrorKind::FailedRequest,
        message: format!("{} {} → {outcome}", n.method, n.url).into(),
        detail: Some(n.kind.label().into()),
        console: None,
        network: Some(i),
    })
}

/// The error an error breadcrumb at offset `t` is.
fn breadcrumb_error(t: f64, b: &sentry::Breadcrumb) -> ErrorEntry {
    ErrorEntry {
        t,
        kind: ErrorKind::Breadcrumb,
        message: b.message.as_str().into(),
        detail: Some(b.category.as_str().into()),
        console: None,
        network: None,
    }
}
