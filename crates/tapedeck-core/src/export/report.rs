//! "Copy as bug report": the moment in Markdown — the link to it, the error, the steps that led
//! there, the requests that failed before it.

use crate::analysis::{ActivityKind, Analysis};

/// Steps of the activity trail listed before the moment.
pub const REPORT_STEPS: usize = 10;

pub struct ReportInput<'a> {
    pub analysis: &'a Analysis,
    /// The moment (offset ms).
    pub at: f64,
    /// The error reported (an index into `analysis.errors`), if any.
    pub error: Option<usize>,
    /// A link to the moment.
    pub link: &'a str,
    /// The page's URL at the moment.
    pub href: &'a str,
    pub title: &'a str,
}

/// `m:ss.s`.
fn offset(ms: f64) -> String {
    let total = (ms.max(0.0) / 100.0).floor() as u64;
    format!("{}:{:02}.{}", total / 600, (total / 10) % 60, total % 10)
}

/// Recorded text in Markdown: one line, inline code, never breaking out of its backticks.
fn code(s: &str) -> String {
    let one_line: String = s
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .take(300)
        .collect();
    let ticks = (1..).find(|n| !one_line.contains(&"`".repeat(*n))).unwrap_or(1);
    let fence = "`".repeat(ticks);
    format!("{fence} {} {fence}", one_line.trim())
}

/// Recorded text as plain Markdown text: one line, every character Markdown or HTML reads
/// escaped.
fn plain(s: &str) -> String {
    let mut out = String::new();
    for c in s.chars().filter(|c| !c.is_control()).take(200) {
        if "\\`*_[](){}<>#+-.!|~&".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn bug_report(r: &ReportInput) -> String {
    let a = r.analysis;
    let error = r.error.and_then(|i| a.errors.get(i));
    let at = error.map_or(r.at, |e| e.t);
    let mut md = String::new();
    let heading = match error {
        Some(e) => format!("{}: {}", e.kind.label(), code(&e.message)),
        None => format!("Replay moment at {}", offset(at)),
    };
    md.push_str(&format!("### {heading}\n\n"));
    md.push_str(&format!(
        "- **Replay:** [{} at {}](<{}>)\n",
        plain(r.title),
        offset(at),
        r.link.replace(['<', '>', ' '], "")
    ));
    if !r.href.is_empty() {
        md.push_str(&format!("- **Page:** {}\n", code(r.href)));
    }
    if let Some(e) = error {
        md.push_str(&format!("- **Error:** {} at {}\n", code(&e.message), offset(e.t)));
        if let Some(d) = &e.detail {
            md.push_str(&format!("- **Where:** {}\n", code(d)));
        }
    }
    let steps: Vec<_> = a.activity.iter().filter(|s| s.t <= at).collect();
    let steps = &steps[steps.len().saturating_sub(REPORT_STEPS)..];
    md.push_str("\n#### Steps before it\n\n");
    if steps.is_empty() {
        md.push_str("(no recorded activity before this moment)\n");
    }
    for (k, s) in steps.iter().enumerate() {
        let what = match &s.kind {
            ActivityKind::Navigation { href } => format!("navigated to {}", code(href)),
            ActivityKind::Click { target } => format!("clicked {}", code(target)),
            ActivityKind::RageClick { count, target } => format!("rage-clicked {} ×{count}", code(target)),
            ActivityKind::DeadClick { target } => format!("clicked {} (nothing happened)", code(target)),
            ActivityKind::Input { target } => format!("typed into {}", code(target)),
            ActivityKind::Error { message } => format!("error {}", code(message)),
        };
        md.push_str(&format!("{}. {} — {what}\n", k + 1, offset(s.t)));
    }
    let failed: Vec<_> = a.network.iter().filter(|n| n.t <= at && n.failed()).collect();
    md.push_str("\n#### Failed requests before it\n\n");
    if failed.is_empty() {
        md.push_str("(none)\n");
    }
    for n in failed.iter().rev().take(REPORT_STEPS).rev() {
        let status = if n.status == 0 {
            "failed".to_owned()
        } else {
            n.status.to_string()
        };
        md.push_str(&format!(
            "- {} — {} → {status}\n",
            offset(n.t),
            code(&format!("{} {}", n.method, n.url))
        ));
    }
    md
}
