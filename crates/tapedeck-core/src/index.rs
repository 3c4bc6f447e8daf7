//! The session index: what is computed once at load and then looked up by time — pages, user
//! activity and the inactive spans between it, the pointer's path, clicks.
//!
//! Times here are offsets in ms from the session start.

use crate::chunked::Chunked;
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
    /// In chunks: four hours hold a million samples, whose doubling `Vec` was one long task.
    pub pointer: Chunked<PointerSample>,
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
        let (old_activity, old_pointer) = (index.activity.len(), index.pointer.len());
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
        sort_tail(&mut index.pointer, old_pointer);
        index.grow_inactive(old_activity);
    }

    /// The inactive spans again after activity was added from `old` on: only those that the
    /// new activity or the new duration can change (a session that grows for hours must not
    /// pass over all its activity at each delivery).
    fn grow_inactive(&mut self, old: usize) {
        let known = &self.activity[..old];
        // The spans up to the last activity before the old last one depend on neither the
        // new activity nor the duration (an activity equal to the old duration did).
        let last = known.last().copied().unwrap_or(0.0);
        let i = known.partition_point(|&x| x < last);
        if i == 0 {
            self.inactive.clear();
            inactive_spans(0.0, &self.activity, self.duration, &mut self.inactive);
            return;
        }
        let from = known[i - 1];
        let keep = self.inactive.partition_point(|s| s.end <= from);
        self.inactive.truncate(keep);
        inactive_spans(from, &self.activity[i..], self.duration, &mut self.inactive);
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

/// Sorts samples by time that were sorted up to `old`: the new ones only reach back a little (a
/// sample's offset), so only the old ones later than the earliest new one move. A stable sort of
/// that tail orders the whole exactly as a stable sort of all of it would.
fn sort_tail(samples: &mut Chunked<PointerSample>, old: usize) {
    let Some(first) = samples.range(old..).map(|p| p.t).min_by(f64::total_cmp) else {
        return;
    };
    // The first of the (sorted) old samples after `first`.
    let (mut lo, mut hi) = (0, old.min(samples.len()));
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if samples[mid].t.total_cmp(&first).is_le() {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    let from = lo;
    samples.sort_from(from, |a| a.t);
}

/// Gaps of more than [`INACTIVITY_MS`] between activity (and before the first and after the
/// last), minus a margin of normal speed on each side, added to `out`: the gaps between `first`
/// (0.0: the session's start), each of `activity` and `duration`.
fn inactive_spans(first: f64, activity: &[f64], duration: f64, out: &mut Vec<Span>) {
    let marks = std::iter::once(first).chain(activity.iter().copied()).chain([duration]);
    for (a, b) in marks.clone().zip(marks.skip(1)) {
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
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn inactive(activity: &[f64], duration: f64) -> Vec<Span> {
        let mut out = Vec::new();
        inactive_spans(0.0, activity, duration, &mut out);
        out
    }

    #[test]
    fn inactive_spans_leave_margins() {
        let spans = inactive(&[2_000.0, 3_000.0, 20_000.0, 21_000.0], 40_000.0);
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
        assert_eq!(inactive(&[], 5_000.0), vec![]);
        assert_eq!(
            inactive(&[15_000.0], 16_000.0),
            vec![Span {
                start: 0.0,
                end: 14_000.0
            }]
        );
    }

    proptest! {
        /// Activity arriving in parts (repeated times, activity at 0 and at the session's end
        /// at the time, a duration that grows) gives the spans of all of it at once.
        #[test]
        fn inactive_spans_grown_in_parts_are_those_of_the_whole(
            gaps in prop::collection::vec(prop_oneof![Just(0.0), Just(1_000.0), Just(12_000.0), 0.0..40_000.0f64], 0..40),
            cuts in prop::collection::vec(0usize..40, 0..6),
            tails in prop::collection::vec(prop_oneof![Just(0.0), 0.0..30_000.0f64], 6),
        ) {
            let mut all = Vec::new();
            let mut t = 0.0;
            for g in gaps {
                t += g;
                all.push(t);
            }
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(all.len())).collect();
            cuts.push(all.len());
            cuts.sort_unstable();
            let mut index = SessionIndex::default();
            for (k, &cut) in cuts.iter().enumerate() {
                let old = index.activity.len();
                index.activity.extend_from_slice(&all[old..cut]);
                let last = index.activity.last().copied().unwrap_or(0.0);
                index.duration = index.duration.max(last + tails[k]);
                index.grow_inactive(old);
                prop_assert_eq!(&index.inactive, &inactive(&index.activity, index.duration), "after {} of {:?}", cut, all);
            }
        }

        /// Samples arriving in parts, each part reaching back a little, end ordered as one
        /// stable sort of all of them would order them.
        #[test]
        fn samples_sorted_in_parts_are_sorted_like_the_whole(
            times in prop::collection::vec(prop_oneof![Just(0.0), 0.0..50.0f64], 0..60),
            back in prop::collection::vec(0.0..20.0f64, 60),
            cuts in prop::collection::vec(0usize..60, 0..6),
        ) {
            let mut t = 0.0;
            let samples: Vec<PointerSample> = times.iter().zip(&back).enumerate().map(|(i, (dt, b))| {
                t += dt;
                PointerSample { t: (t - b).max(0.0), x: i as f64, y: 0.0, touch: false, id: None }
            }).collect();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(samples.len())).collect();
            cuts.push(samples.len());
            cuts.sort_unstable();
            let mut grown = Chunked::new();
            for cut in cuts {
                let old = grown.len();
                grown.extend(samples[old..cut].iter().copied());
                sort_tail(&mut grown, old);
                let mut whole = samples[..cut].to_vec();
                whole.sort_by(|a, b| a.t.total_cmp(&b.t));
                let order = |v: &[PointerSample]| v.iter().map(|p| p.x).collect::<Vec<_>>();
                prop_assert_eq!(order(&grown.iter().copied().collect::<Vec<_>>()), order(&whole));
            }
        }
    }
}
