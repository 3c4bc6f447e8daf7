//! Rage clicks and dead clicks, detected from the raw clicks of any recording.

use super::targets::Targets;
use crate::event::{EventData, Incremental, NodeId};
use crate::session::Session;

/// Thresholds of the click analysis (defaults: PostHog's rage rule, Sentry's dead-click wait).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClickOptions {
    /// A rage click is at least this many clicks…
    pub rage_min_clicks: usize,
    /// …each within this many ms of the previous…
    pub rage_interval_ms: f64,
    /// …and within this many px of it (Manhattan distance).
    pub rage_distance_px: f64,
    /// A click on something clickable after which nothing happens for this long is dead.
    pub dead_wait_ms: f64,
}

impl Default for ClickOptions {
    fn default() -> Self {
        ClickOptions {
            rage_min_clicks: 3,
            rage_interval_ms: 1_000.0,
            rage_distance_px: 30.0,
            dead_wait_ms: 7_000.0,
        }
    }
}

/// A click (pointer or tap).
#[derive(Debug, Clone, PartialEq)]
pub struct Click {
    pub t: f64,
    pub x: f64,
    pub y: f64,
    pub id: NodeId,
    pub page: usize,
    /// Index of the event in the session.
    pub event: usize,
    /// Activated from the keyboard (Enter or space on a focused control): recorded at 0,0.
    pub keyboard: bool,
}

/// Several fast clicks in one spot.
#[derive(Debug, Clone, PartialEq)]
pub struct RageClick {
    pub t: f64,
    pub end: f64,
    pub count: usize,
    pub x: f64,
    pub y: f64,
    pub id: NodeId,
    pub page: usize,
}

/// A click on something clickable after which nothing happened.
#[derive(Debug, Clone, PartialEq)]
pub struct DeadClick {
    pub t: f64,
    pub x: f64,
    pub y: f64,
    pub id: NodeId,
    pub page: usize,
}

/// Every click of the session. Keyboard-activated clicks (recorded at 0,0) are marked: they are
/// not clicks a user aimed, and rage and dead clicks leave them out.
/// The click event `i` records, on `page`.
pub(super) fn click_of(session: &Session, i: usize, page: usize) -> Option<Click> {
    let e = session.events.get(i)?;
    match &e.data {
        EventData::Incremental(Incremental::MouseInteraction(m)) if m.kind == 2 => {
            let (x, y) = (m.x.unwrap_or(0.0), m.y.unwrap_or(0.0));
            Some(Click {
                keyboard: x == 0.0 && y == 0.0,
                t: e.timestamp - session.start,
                x,
                y,
                id: m.id,
                page,
                event: i,
            })
        }
        _ => None,
    }
}

/// Runs of clicks, each close in time and space to the previous one, long enough to be rage.
pub fn rage_clicks(clicks: &[Click], o: &ClickOptions) -> Vec<RageClick> {
    let clicks: Vec<&Click> = clicks.iter().filter(|c| !c.keyboard).collect();
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=clicks.len() {
        let continues = i < clicks.len() && {
            let (a, b) = (clicks[i - 1], clicks[i]);
            b.page == a.page
                && b.t - a.t <= o.rage_interval_ms
                && (b.x - a.x).abs() + (b.y - a.y).abs() <= o.rage_distance_px
        };
        if !continues {
            let run = &clicks[start..i];
            if run.len() >= o.rage_min_clicks.max(2) {
                let first = run[0];
                out.push(RageClick {
                    t: first.t,
                    end: run[run.len() - 1].t,
                    count: run.len(),
                    x: first.x,
                    y: first.y,
                    id: first.id,
                    page: first.page,
                });
            }
            start = i;
        }
    }
    out
}

/// Clicks on links, buttons and clickable inputs followed by no mutation, navigation, scroll or
/// input for `dead_wait_ms`. A click too close to the end of the session to tell (its wait
/// reaching the end) is not dead yet: it is decided once the session has grown past its wait.
/// Whether its element is clickable is judged then, on the elements known then. The clicks of a burst on one
/// element (each within `rage_interval_ms` of the one before) are one dead click, at the first.
///
/// Decided as the session grows: a click's fate depends only on the events within its wait, so
/// each is read once.
#[derive(Debug, Default)]
pub(super) struct DeadClicks {
    pub found: Vec<DeadClick>,
    /// The first click not decided yet.
    next: usize,
    /// The last click of the burst the last dead click began.
    burst: Option<usize>,
}

impl DeadClicks {
    /// Decides the clicks the session now covers (`clicks` only grows, in time order).
    pub fn advance(&mut self, session: &Session, clicks: &[Click], targets: &Targets, o: &ClickOptions) {
        while let Some(c) = clicks.get(self.next) {
            // Events at the session's end time may still come: decided once it has passed.
            if c.t + o.dead_wait_ms >= session.duration() {
                return;
            }
            let i = self.next;
            self.next += 1;
            if c.keyboard || !targets.clickable(c.page, c.id) {
                continue;
            }
            if let Some(b) = self.burst.map(|b| &clicks[b]) {
                if b.id == c.id && b.page == c.page && c.t - b.t <= o.rage_interval_ms {
                    self.burst = Some(i);
                    continue;
                }
            }
            self.burst = None;
            let until = session.start + c.t + o.dead_wait_ms;
            let reaction = session
                .events
                .range(c.event + 1..)
                .take_while(|e| e.timestamp <= until)
                .any(|e| match &e.data {
                    EventData::Meta(_) | EventData::FullSnapshot(_) => true,
                    EventData::Incremental(Incremental::Mutation(m)) => {
                        !(m.adds.is_empty() && m.removes.is_empty() && m.texts.is_empty() && m.attributes.is_empty())
                    }
                    EventData::Incremental(Incremental::Scroll(_) | Incremental::Input(_)) => true,
                    _ => false,
                });
            if !reaction {
                self.burst = Some(i);
                self.found.push(DeadClick {
                    t: c.t,
                    x: c.x,
                    y: c.y,
                    id: c.id,
                    page: c.page,
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn click(t: f64, x: f64) -> Click {
        Click {
            t,
            x,
            y: 100.0,
            id: 1,
            page: 0,
            event: 0,
            keyboard: false,
        }
    }

    #[test]
    fn rage_needs_three_fast_close_clicks() {
        let o = ClickOptions::default();
        let clicks = [
            click(0.0, 10.0),
            click(500.0, 15.0),
            click(900.0, 20.0),
            click(5_000.0, 20.0),
            click(5_400.0, 200.0),
        ];
        let rage = rage_clicks(&clicks, &o);
        assert_eq!(rage.len(), 1);
        assert_eq!(rage[0].count, 3);
        assert_eq!(rage[0].end, 900.0);
        // Too slow, or too far apart, is not rage.
        assert!(rage_clicks(&[click(0.0, 0.0), click(1_100.0, 0.0), click(2_200.0, 0.0)], &o).is_empty());
        assert!(rage_clicks(&[click(0.0, 0.0), click(100.0, 40.0), click(200.0, 80.0)], &o).is_empty());
        // Sentry's threshold of 5 is a setting.
        let five = ClickOptions {
            rage_min_clicks: 5,
            ..o
        };
        assert!(rage_clicks(&clicks, &five).is_empty());
    }
}
