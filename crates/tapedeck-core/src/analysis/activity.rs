//! The activity trail: a row per navigation, click, rage or dead click, typing and error, in
//! time order.

use std::sync::Arc;

use super::{Activity, ActivityKind, Click, DeadClick, ErrorEntry, RageClick, Targets};
use crate::event::NodeId;
use crate::session::Session;

/// Typing into one field is one row: inputs on one element less than this apart (ms).
const TYPING_GAP_MS: f64 = 3_000.0;

/// The rows that only grow with the session (a click's, a typing's) are described once and
/// kept; the others (navigations, rage and dead clicks, errors) are few and made again.
#[derive(Debug, Default)]
pub(super) struct Trail {
    /// Where each run of typing began (offset, page, element), and the last input read.
    typing: Vec<(f64, usize, NodeId)>,
    last_input: Option<(NodeId, f64)>,
    clicks: Vec<Activity>,
    inputs: Vec<Activity>,
}

/// The element's description, once `targets` prepared it; its id when it has none.
fn describe(targets: &Targets, page: usize, id: NodeId) -> Arc<str> {
    targets
        .description(page, id)
        .unwrap_or_else(|| format!("node {id}").into())
}

impl Trail {
    /// Reads the input event at offset `t` on `page` (events are read in order).
    pub fn input(&mut self, t: f64, page: usize, id: NodeId) {
        let same = self
            .last_input
            .is_some_and(|(last, at)| last == id && t - at < TYPING_GAP_MS);
        if !same {
            self.typing.push((t, page, id));
        }
        self.last_input = Some((id, t));
    }

    /// Describes the clicks and typing read since the last call (`clicks` only grows), and
    /// makes the few rows made again each time: the navigations and pages (the trail's head)
    /// and the rage and dead clicks (its middle). The whole trail, in order, is the head, then
    /// [`Trail::clicks`], the middle, [`Trail::inputs`] and the errors' rows, sorted stably by
    /// time (rows at one time keep that order).
    pub fn update(
        &mut self,
        session: &Session,
        clicks: &[Click],
        rage: &[RageClick],
        dead: &[DeadClick],
        targets: &Targets,
        navigations: &[(f64, String)],
    ) -> (Vec<Activity>, Vec<Activity>) {
        let new_clicks = clicks.get(self.clicks.len()..).unwrap_or_default();
        let new_typing = &self.typing[self.inputs.len()..];
        // Every element named below described at once: each event that added one is read once.
        let clicked = new_clicks.iter().map(|c| (c.page, c.id));
        let raged = rage.iter().map(|r| (r.page, r.id));
        let deadened = dead.iter().map(|d| (d.page, d.id));
        let typed = new_typing.iter().map(|&(_, page, id)| (page, id));
        targets.prepare(session, clicked.chain(raged).chain(deadened).chain(typed));
        self.clicks.extend(new_clicks.iter().map(|c| Activity {
            t: c.t,
            kind: ActivityKind::Click {
                target: describe(targets, c.page, c.id),
            },
            node: Some(c.id),
        }));
        self.inputs.extend(new_typing.iter().map(|&(t, page, id)| Activity {
            t,
            kind: ActivityKind::Input {
                target: describe(targets, page, id),
            },
            node: Some(id),
        }));

        let navigated = navigations.iter().map(|(t, href)| Activity {
            t: *t,
            kind: ActivityKind::Navigation { href: href.clone() },
            node: None,
        });
        let pages = session.pages.iter().enumerate().map(|(i, p)| Activity {
            t: p.time - session.start,
            kind: ActivityKind::Navigation {
                href: if p.href.is_empty() {
                    format!("page {}", i + 1)
                } else {
                    p.href.clone()
                },
            },
            node: None,
        });
        let raged = rage.iter().map(|r| Activity {
            t: r.t,
            kind: ActivityKind::RageClick {
                count: r.count,
                target: describe(targets, r.page, r.id),
            },
            node: Some(r.id),
        });
        let deadened = dead.iter().map(|d| Activity {
            t: d.t,
            kind: ActivityKind::DeadClick {
                target: describe(targets, d.page, d.id),
            },
            node: Some(d.id),
        });
        (navigated.chain(pages).collect(), raged.chain(deadened).collect())
    }

    /// Every click's row, in time order.
    pub fn clicks(&self) -> &[Activity] {
        &self.clicks
    }

    /// Every run of typing's row, in time order.
    pub fn inputs(&self) -> &[Activity] {
        &self.inputs
    }
}

/// The trail's row of an error.
pub(super) fn error_row(e: &ErrorEntry) -> Activity {
    Activity {
        t: e.t,
        kind: ActivityKind::Error {
            message: e.message.clone(),
        },
        node: None,
    }
}
