//! Taking the moment elsewhere: a clip of a range, the moment as HTML, a bug report — made by
//! the core, saved or copied here.

use leptos::prelude::*;
use tapedeck_core::export::{bug_report, clip, moment_html, ClipOptions, ReportInput};

use super::Controller;
use crate::components::copy_link::{copy_text, moment_link};
use crate::download::{save, slug, stamp};
use crate::player::signals::Selected;

/// The default clip: this long before the moment…
pub const LEAD_UP_MS: f64 = 30_000.0;
/// …and this long after it.
pub const AFTER_MS: f64 = 5_000.0;

impl Controller {
    /// The range a clip takes unless the user chose one: the selected error's lead-up (30 s
    /// before it, 5 s after), else the playhead's.
    pub fn default_export_range(&self) -> (f64, f64) {
        let d = self.signals.duration();
        let at = match self.signals.selected.get_untracked() {
            Selected::Error(i) => self
                .signals
                .analysis
                .with_untracked(|a| a.as_ref().and_then(|a| a.errors.get(i).map(|e| e.t))),
            _ => None,
        }
        .unwrap_or_else(|| self.signals.time_ms.get_untracked());
        ((at - LEAD_UP_MS).max(0.0), (at + AFTER_MS).min(d))
    }

    /// Opens the export panel on `range`, or the default one.
    pub fn open_export(&self, range: Option<(f64, f64)>) {
        let r = range.unwrap_or_else(|| self.default_export_range());
        self.signals.export.set(Some(r));
    }

    /// Saves `from`..`to` (offsets, ms) as a recording of its own.
    pub fn download_clip(&self, from: f64, to: f64, options: ClipOptions) {
        let made = {
            let mut inner = self.inner.borrow_mut();
            let Some(p) = inner.as_mut() else { return };
            clip(&mut p.replay, from.min(to), from.max(to), options)
        };
        match made {
            Ok(c) => {
                let name = format!(
                    "{}_{}-{}.rrweb.json",
                    slug(&self.signals.name.get_untracked()),
                    stamp(c.from),
                    stamp(c.to)
                );
                let saved = save(&name, "application/json", &c.json);
                self.signals.notice.set(Some(if saved {
                    format!("Clip saved: {name} ({} events)", c.events)
                } else {
                    "The browser refused the download.".to_owned()
                }));
            }
            Err(why) => self.signals.notice.set(Some(format!("No clip: {why}"))),
        }
    }

    /// Saves the page at the playhead as one static HTML file.
    pub fn download_moment_html(&self) {
        let ms = self.signals.time_ms.get_untracked();
        let remote = !self.signals.block_remote.get_untracked();
        let html = {
            let mut inner = self.inner.borrow_mut();
            let Some(p) = inner.as_mut() else { return };
            moment_html(&mut p.replay, ms, remote)
        };
        let Some(html) = html else {
            self.signals
                .notice
                .set(Some("No page is shown at this moment.".to_owned()));
            return;
        };
        let name = format!("{}_{}.html", slug(&self.signals.name.get_untracked()), stamp(ms));
        if save(&name, "text/html", &html) {
            self.signals.notice.set(Some(format!("Page saved: {name}")));
        }
    }

    /// Copies the moment as a Markdown bug report: the link, the selected error (or the one at
    /// the playhead), the steps before it, the requests that failed.
    pub fn copy_bug_report(&self) {
        let ms = self.signals.time_ms.get_untracked();
        let Some(analysis) = self.signals.analysis.get_untracked() else {
            return;
        };
        let error = match self.signals.selected.get_untracked() {
            Selected::Error(i) => Some(i),
            _ => analysis.error_near(ms, 1_000.0),
        };
        let link = moment_link(&self.signals).unwrap_or_default();
        let href = self.signals.href.get_untracked();
        let title = self.signals.name.get_untracked();
        let md = bug_report(&ReportInput {
            analysis: &analysis,
            at: ms,
            error,
            link: &link,
            href: &href,
            title: &title,
        });
        copy_text(self.signals, "Bug report", md);
    }
}
