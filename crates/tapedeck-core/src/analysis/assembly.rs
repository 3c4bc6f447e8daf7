//! Putting an analysis's rows together, a budget of rows at a time.
//!
//! The analysis a growing session publishes holds every row read so far: on four hours that
//! is hundreds of thousands of rows, each copied with the texts it shares (a reference count
//! touched a row). Done at once, that copy held the main thread for up to 100 ms at the end
//! of a long session; done here in slices, the player interleaves it with everything else.
//! The rows come in the order the whole analysis has always had: console; network (Sentry's
//! requests, then the network plugin's, sorted by time); errors (captured, console, failed
//! requests, breadcrumbs, sorted); clicks; the activity trail (head, clicks, middle, typing,
//! errors, sorted). Sorts are stable: rows at one time keep that order.

use super::activity::{error_row, Trail};
use super::network::RecordedNetwork;
use super::NetworkEntry;
use super::{breadcrumb_error, failed_request, sentry, Activity, Analysis, Click, ConsoleEntry, ErrorEntry};
use crate::order::sort_by_time;

/// What the rows are copied from: the analyser's, untouched while an assembly runs.
pub(super) struct Sources<'a> {
    pub console: &'a [ConsoleEntry],
    /// Sentry's requests, in the order read.
    pub spans: &'a [NetworkEntry],
    pub recorded: &'a RecordedNetwork,
    /// The session start the network plugin's requests are anchored to (epoch ms).
    pub start: f64,
    pub captured: &'a [ErrorEntry],
    pub console_errors: &'a [ErrorEntry],
    pub breadcrumbs: &'a [(f64, sentry::Breadcrumb)],
    pub clicks: &'a [Click],
    pub trail: &'a Trail,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Stage {
    Console,
    Spans,
    Recorded,
    Captured,
    ConsoleErrors,
    FailedRequests,
    Breadcrumbs,
    Clicks,
    Head,
    TrailClicks,
    Middle,
    Inputs,
    ErrorRows,
    Done,
}

impl Stage {
    fn next(self) -> Stage {
        use Stage::*;
        match self {
            Console => Spans,
            Spans => Recorded,
            Recorded => Captured,
            Captured => ConsoleErrors,
            ConsoleErrors => FailedRequests,
            FailedRequests => Breadcrumbs,
            Breadcrumbs => Clicks,
            Clicks => Head,
            Head => TrailClicks,
            TrailClicks => Middle,
            Middle => Inputs,
            Inputs => ErrorRows,
            ErrorRows | Done => Done,
        }
    }
}

/// An analysis being put together.
#[derive(Debug)]
pub(super) struct Assembly {
    a: Analysis,
    stage: Stage,
    /// Rows of the stage's source copied so far.
    at: usize,
    /// The trail's rows made again for this analysis: navigations and pages; rage and dead
    /// clicks.
    head: Vec<Activity>,
    middle: Vec<Activity>,
}

impl Assembly {
    /// An assembly onto `a`, which holds what was made at once (rage and dead clicks, vitals,
    /// memory, the recorder's options).
    pub fn new(a: Analysis, head: Vec<Activity>, middle: Vec<Activity>) -> Assembly {
        Assembly {
            a,
            stage: Stage::Console,
            at: 0,
            head,
            middle,
        }
    }

    /// Copies up to `budget` more rows from `s` (at least one stage's end is always reached
    /// with a budget of zero rows left): whether the analysis is complete.
    pub fn step(&mut self, s: &Sources, mut budget: usize) -> bool {
        while self.stage != Stage::Done {
            let len = self.source_len(s);
            let end = self.at.saturating_add(budget).min(len);
            self.copy(s, self.at..end);
            budget -= end - self.at;
            self.at = end;
            if end < len {
                return false;
            }
            self.end_stage(s);
        }
        true
    }

    /// The complete analysis.
    pub fn finish(self) -> Analysis {
        debug_assert_eq!(self.stage, Stage::Done);
        self.a
    }

    fn source_len(&self, s: &Sources) -> usize {
        match self.stage {
            Stage::Console => s.console.len(),
            Stage::Spans => s.spans.len(),
            Stage::Recorded => s.recorded.len(),
            Stage::Captured => s.captured.len(),
            Stage::ConsoleErrors => s.console_errors.len(),
            Stage::FailedRequests => self.a.network.len(),
            Stage::Breadcrumbs => s.breadcrumbs.len(),
            Stage::Clicks => s.clicks.len(),
            Stage::Head => self.head.len(),
            Stage::TrailClicks => s.trail.clicks().len(),
            Stage::Middle => self.middle.len(),
            Stage::Inputs => s.trail.inputs().len(),
            Stage::ErrorRows => self.a.errors.len(),
            Stage::Done => 0,
        }
    }

    /// Copies the rows `range` of the stage's source.
    fn copy(&mut self, s: &Sources, range: std::ops::Range<usize>) {
        let a = &mut self.a;
        match self.stage {
            Stage::Console => a.console.extend_from_slice(&s.console[range]),
            Stage::Spans => a.network.extend_from_slice(&s.spans[range]),
            Stage::Recorded => a.network.extend(s.recorded.anchored_range(range, s.start)),
            Stage::Captured => a.errors.extend_from_slice(&s.captured[range]),
            Stage::ConsoleErrors => a.errors.extend_from_slice(&s.console_errors[range]),
            Stage::FailedRequests => {
                let network = &a.network;
                a.errors.extend(range.filter_map(|i| failed_request(i, &network[i])));
            }
            Stage::Breadcrumbs => a
                .errors
                .extend(s.breadcrumbs[range].iter().map(|(t, b)| breadcrumb_error(*t, b))),
            Stage::Clicks => a.clicks.extend_from_slice(&s.clicks[range]),
            Stage::Head => a.activity.extend_from_slice(&self.head[range]),
            Stage::TrailClicks => a.activity.extend_from_slice(&s.trail.clicks()[range]),
            Stage::Middle => a.activity.extend_from_slice(&self.middle[range]),
            Stage::Inputs => a.activity.extend_from_slice(&s.trail.inputs()[range]),
            Stage::ErrorRows => a.activity.extend(a.errors[range].iter().map(error_row)),
            Stage::Done => {}
        }
    }

    /// What is done once a stage's rows are all copied, and the next stage begun.
    fn end_stage(&mut self, s: &Sources) {
        let a = &mut self.a;
        match self.stage {
            Stage::Console => a.network.reserve_exact(s.spans.len() + s.recorded.len()),
            Stage::Recorded => sort_by_time(&mut a.network, |x| x.t),
            Stage::Breadcrumbs => {
                sort_by_time(&mut a.errors, |x| x.t);
                // Rows pushed one by one leave up to half their room unused.
                a.errors.shrink_to_fit();
            }
            Stage::Clicks => a.activity.reserve_exact(
                self.head.len() + s.trail.clicks().len() + self.middle.len() + s.trail.inputs().len() + a.errors.len(),
            ),
            Stage::ErrorRows => sort_by_time(&mut a.activity, |x| x.t),
            _ => {}
        }
        self.stage = self.stage.next();
        self.at = 0;
    }
}
