//! The session index: what is computed once at load and then looked up by time — pages, user
//! activity and the inactive spans between it, the pointer's path, clicks.
//!
//! Times here are offsets in ms from the session start.

use crate::event::{EventData, Incremental, NodeId};
use crate::session::Session;

/// Gaps longer than this without user activity are "inactive" (skip-inactivity jumps them).
pub const INACTIVITY_MS: f64 = 10_000.0;
/// Normal speed is kept this long after the last activity and before the next one.
pub const INACTIVITY_MARGIN_MS: f64 = 1_000.0;

#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Span {
    pub start: f64,
    pub end: f64,
}

impl Span {
    pub fn len(&self) -> f64 {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end <= self.start
    }

    pub fn contains(&self, t: f64) -> bool {
        t >= self.start && t < self.end
    }
}

/// One page of the session on the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct PageSpan {
    /// Offset of the page's full snapshot.
    pub start: f64,
    pub href: String,
    pub width: f64,
    pub height: f64,
}

/// Where the pointer was.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PointerSample {
    pub t: f64,
    pub x: f64,
    pub y: f64,
    pub touch: bool,
    /// The element under the pointer (hovered).
    pub id: Option<NodeId>,
}

/// A click (or tap) to show as a ripple.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClickMark {
    pub t: f64,
    pub x: f64,
    pub y: f64,
    pub id: NodeId,
}

#[derive(Debug, Clone, Default)]
pub struct SessionIndex {
    pub duration: f64,
    pub pages: Vec<PageSpan>,
    /// Offsets of user activity (rrweb sources 1–5), sorted.
    pub activity: Vec<f64>,
    pub inactive: Vec<Span>,
    pub pointer: Vec<PointerSample>,
    pub clicks: Vec<ClickMark>,
}

impl SessionIndex {
    pub fn new(session: &Session) -> SessionIndex {
        let mut index = SessionIndex::default();
        index.grow(session, 0);
        index
    }

    /// Adds the events of `session` from `from` on (a session that grew: the events before
    /// `from` were indexed already), and what depends on all of them again (pages, spans).
    pub fn grow(&mut self, session: &Session, from: usize) {
        let start = session.start;
        let index = self;
        index.duration = session.duration();
        index.pages = session
            .pages
            .iter()
            .map(|p| PageSpan {
                start: p.time - start,
                href: p.href.clone(),
                width: p.width,
                height: p.height,
            })
            .collect();
        for e in session.events.range(from..) {
            let t = e.timestamp - start;
            let EventData::Incremental(inc) = &e.data else { continue };
            if inc.is_user_activity() {
                index.activity.push(t);
            }
            match inc {
                Incremental::MouseMove(p) | Incremental::TouchMove(p) | Incremental::Drag(p) => {
                    let touch = matches!(inc, Incremental::TouchMove(_));
                    for pos in &p.positions {
                        if pos.x.is_finite() && pos.y.is_finite() {
                            let at = t + pos.time_offset.min(0.0);
                            index.pointer.push(PointerSample {
                                t: at,
                                x: pos.x,
                                y: pos.y,
                                touch,
                                id: pos.id,
                            });
                        }
                    }
                }
                Incremental::MouseInteraction(m) => {
                    if let (Some(x), Some(y)) = (m.x, m.y) {
                        if x.is_finite() && y.is_finite() {
                            // Every interaction with a position moves the pointer there.
                            index.pointer.push(PointerSample {
                                t,
                                x,
                                y,
                                touch: m.pointer_type == Some(2),
                                id: Some(m.id),
                            });
                            if m.kind == 2 || m.kind == 4 || m.kind == 7 {
                                index.clicks.push(ClickMark { t, x, y, id: m.id });
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        // Nearly sorted already (a sample's offset only reaches back a little): the sort finds
        // the runs and costs little more than a pass.
        index.pointer.sort_by(|a, b| a.t.total_cmp(&b.t));
        index.inactive = inactive_spans(&index.activity, index.duration);
    }

    /// The page shown at `t`.
    pub fn page_at(&self, t: f64) -> usize {
        self.pages.partition_point(|p| p.start <= t).saturating_sub(1)
    }

    /// The inactive span `t` is in, if any.
    pub fn inactive_at(&self, t: f64) -> Option<Span> {
        let i = self.inactive.partition_point(|s| s.end <= t);
        self.inactive.get(i).copied().filter(|s| s.contains(t))
    }

    /// Where the pointer is at `t`: between two samples of one movement it moves smoothly.
    /// None before the first sample of the current page.
    pub fn pointer_at(&self, t: f64) -> Option<PointerSample> {
        let i = self.pointer.partition_point(|p| p.t <= t);
        let prev = *self.pointer.get(i.checked_sub(1)?)?;
        let page_start = self.pages.get(self.page_at(t)).map_or(0.0, |p| p.start);
        if prev.t < page_start {
            return None;
        }
        match self.pointer.get(i) {
            Some(next) if next.t - prev.t > 0.0 && next.t - prev.t <= 1_000.0 => {
                let k = (t - prev.t) / (next.t - prev.t);
                Some(PointerSample {
                    t,
                    x: prev.x + (next.x - prev.x) * k,
                    y: prev.y + (next.y - prev.y) * k,
                    touch: prev.touch,
                    id: prev.id,
                })
            }
            _ => Some(PointerSample { t, ..prev }),
        }
    }

    /// Clicks in `(from, to]`.
    pub fn clicks_between(&self, from: f64, to: f64) -> &[ClickMark] {
        let a = self.clicks.partition_point(|c| c.t <= from);
        let b = self.clicks.partition_point(|c| c.t <= to);
        &self.clicks[a..b.max(a)]
    }
}

/// Gaps of more than [`INACTIVITY_MS`] between activity (and before the first and after the
/// last), minus a margin of normal speed on each side.
fn inactive_spans(activity: &[f64], duration: f64) -> Vec<Span> {
    let mut out = Vec::new();
    let mut marks = Vec::with_capacity(activity.len() + 2);
    marks.push(0.0);
    marks.extend_from_slice(activity);
    marks.push(duration);
    for w in marks.windows(2) {
        let (a, b) = (w[0], w[1]);
        if b - a > INACTIVITY_MS {
            let start = if a == 0.0 { 0.0 } else { a + INACTIVITY_MARGIN_MS };
            let end = if b == duration {
                duration
            } else {
                b - INACTIVITY_MARGIN_MS
            };
            if end > start {
                out.push(Span { start, end });
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inactive_spans_leave_margins() {
        let spans = inactive_spans(&[2_000.0, 3_000.0, 20_000.0, 21_000.0], 40_000.0);
        assert_eq!(
            spans,
            vec![
                Span {
                    start: 4_000.0,
                    end: 19_000.0
                },
                Span {
                    start: 22_000.0,
                    end: 40_000.0
                }
            ]
        );
        assert_eq!(inactive_spans(&[], 5_000.0), vec![]);
        assert_eq!(
            inactive_spans(&[15_000.0], 16_000.0),
            vec![Span {
                start: 0.0,
                end: 14_000.0
            }]
        );
    }
}
