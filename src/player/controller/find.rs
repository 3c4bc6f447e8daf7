//! Find: the screen's text indexed in the background beside the checkpoints once Find is first
//! opened, queries run in the core, a result shown — the playhead at its moment, its element
//! outlined or its row selected.

use std::sync::{Arc, Weak};

use leptos::prelude::*;
use tapedeck_core::event::NodeId;
use tapedeck_core::find::{Finder, Kind, Query, Results, ScreenIndex};

use super::{Controller, Playing};
use crate::player::signals::{Panel, Rect, Selected};

/// Find's part of a playing session.
pub(super) struct Finding {
    pub screen: ScreenIndex,
    /// The panels' rows made searchable, for this analysis. A weak pointer, so its address is
    /// not reused by a later analysis while it is kept (its rows are freed with it).
    finder: Option<(Weak<tapedeck_core::analysis::Analysis>, Finder)>,
    /// The element of the result shown (page, node), outlined while its page is shown.
    target: Option<(usize, NodeId)>,
    /// A link's `?q=` waits for the whole index: then lands on the result nearest this time
    /// (ms), or the first.
    pending: Option<Option<f64>>,
}

impl Default for Finding {
    fn default() -> Self {
        Finding {
            screen: ScreenIndex::new(),
            finder: None,
            target: None,
            pending: None,
        }
    }
}

impl Finding {
    fn search(
        &mut self,
        p_session: &tapedeck_core::session::Session,
        analysis: &Arc<tapedeck_core::analysis::Analysis>,
        q: &Query,
    ) -> Results {
        // The rows are a lower-cased copy of the panels' text (tens of MB on an hour's
        // session): made only once there is something to look for.
        if q.is_empty() {
            self.finder = None;
            return Results::of_warnings(q);
        }
        if self
            .finder
            .as_ref()
            .is_none_or(|f| f.0.as_ptr() != Arc::as_ptr(analysis))
        {
            self.finder = Some((Arc::downgrade(analysis), Finder::new(p_session, analysis, &self.screen)));
        }
        let finder = &self.finder.as_ref().expect("built above").1;
        finder.search(&self.screen, q)
    }
}

impl Controller {
    /// Runs `text` as the query: results listed, none chosen yet.
    pub fn find(&self, text: &str) {
        let sig = self.signals.find;
        self.want_screen_text();
        sig.query.set(text.to_owned());
        sig.current.set(None);
        if let Some(p) = self.inner.borrow_mut().as_mut() {
            p.finding.target = None;
        }
        sig.outline.set(None);
        self.refresh_find();
    }

    /// Runs the query again (the index or the analysis grew); a `?q=` link lands once the
    /// index is whole.
    pub(super) fn refresh_find(&self) {
        let sig = self.signals.find;
        let text = sig.query.get_untracked();
        let (results, land) = {
            let Ok(mut inner) = self.inner.try_borrow_mut() else {
                return;
            };
            let Some(p) = inner.as_mut() else { return };
            let q = Query::parse(&text);
            let results = p.finding.search(&p.replay.session, &p.analysis, &q);
            let whole = !sig.indexing.get_untracked();
            let land = if whole { p.finding.pending.take() } else { None };
            (Arc::new(results), land)
        };
        // The result shown stays chosen when it is still found.
        let current = sig.current.get_untracked().and_then(|c| {
            let old = sig.results.with_untracked(|r| r.hits.get(c).cloned())?;
            results
                .hits
                .iter()
                .position(|h| h.kind == old.kind && h.t == old.t && h.node == old.node && h.row == old.row)
        });
        sig.results.set(Arc::clone(&results));
        sig.current.set(current);
        if let Some(near) = land {
            let best = match near {
                Some(t) => results.nearest(t),
                None => results.in_time_order().first().copied(),
            };
            match best {
                Some(i) => self.show_result(i),
                None => self
                    .signals
                    .notice
                    .set(Some(format!("Nothing in this session matches “{text}”."))),
            }
        }
    }

    /// Shows the search box and gives it the keyboard.
    pub fn open_find(&self) {
        let sig = self.signals.find;
        self.want_screen_text();
        sig.open.set(true);
        sig.focus.update(|n| *n += 1);
    }

    /// Opens Find with `text` from a link: lands on the result nearest `near` (ms) or the first,
    /// once the screen's text is indexed.
    pub fn find_from_link(&self, text: &str, near: Option<f64>) {
        self.signals.find.open.set(true);
        if let Some(p) = self.inner.borrow_mut().as_mut() {
            p.finding.pending = Some(near);
        }
        self.find(text);
    }

    /// The next result in time (`forward`) or the one before, from the one shown, else from
    /// the playhead; wraps around.
    pub fn find_step(&self, forward: bool) {
        let sig = self.signals.find;
        let order = sig.results.with_untracked(|r| r.in_time_order());
        if order.is_empty() {
            return;
        }
        let next = match sig
            .current
            .get_untracked()
            .and_then(|c| order.iter().position(|&i| i == c))
        {
            Some(k) if forward => order[(k + 1) % order.len()],
            Some(k) => order[(k + order.len() - 1) % order.len()],
            None => {
                let now = self.signals.time_ms.get_untracked();
                let times = sig
                    .results
                    .with_untracked(|r| order.iter().map(|&i| r.hits[i].t).collect::<Vec<_>>());
                if forward {
                    order[times.iter().position(|&t| t > now + 1.0).unwrap_or(0)]
                } else {
                    order[times.iter().rposition(|&t| t < now - 1.0).unwrap_or(order.len() - 1)]
                }
            }
        };
        self.show_result(next);
    }

    /// Shows result `i`: the playhead at its moment (paused, in the history), its element
    /// outlined, or its row selected in its panel.
    pub fn show_result(&self, i: usize) {
        let sig = self.signals.find;
        let Some(hit) = sig.results.with_untracked(|r| r.hits.get(i).cloned()) else {
            return;
        };
        sig.current.set(Some(i));
        if let Some(p) = self.inner.borrow_mut().as_mut() {
            p.finding.target = match (hit.kind, hit.node) {
                (Kind::Screen, Some(n)) => Some((hit.page, n)),
                _ => None,
            };
        }
        let row = match (hit.kind, hit.row) {
            (Kind::Console, Some(r)) => Some((Panel::Console, Selected::Console(r))),
            (Kind::Network, Some(r)) => Some((Panel::Network, Selected::Network(r))),
            (Kind::Activity, Some(r)) => Some((Panel::Activity, Selected::Activity(r))),
            _ => None,
        };
        if let Some((panel, selected)) = row {
            self.signals.panel.set(panel);
            self.signals.selected.set(selected);
        }
        self.jump(hit.t);
        let total = sig.results.with_untracked(|r| r.hits.len());
        let order = sig.results.with_untracked(|r| r.in_time_order());
        let k = order.iter().position(|&o| o == i).unwrap_or(0) + 1;
        self.signals.announce.set(format!(
            "Result {k} of {total}: {} “{}” at {}",
            hit.kind.title(),
            crate::format::clip(&hit.context, 80),
            crate::format::offset(hit.t)
        ));
    }

    /// Closes Find: the query stays for next time, the outline goes.
    pub fn close_find(&self) {
        self.signals.find.open.set(false);
        self.signals.find.outline.set(None);
        if let Some(p) = self.inner.borrow_mut().as_mut() {
            p.finding.target = None;
        }
    }

    /// Outlines the chosen result's element while its page is shown and it is laid out.
    pub(super) fn show_find(&self, p: &Playing, ms: f64) {
        let rect = p.finding.target.and_then(|(page, node)| {
            if p.replay.index.page_at(ms) != page {
                return None;
            }
            let shown = p.replay.shown()?;
            let (x, y, w, h) = p.renderer.node_box(shown, node)?;
            Some(Rect { x, y, w, h })
        });
        if self.signals.find.outline.get_untracked() != rect {
            self.signals.find.outline.set(rect);
        }
    }

    /// One slice of indexing the screen's text: whether it is all read.
    pub(super) fn index_slice(&self, p: &mut Playing, events: usize) -> bool {
        p.finding.screen.extend(&p.replay.session, events)
    }

    /// The whole screen text is indexed: the panels' rows are made again (page titles are
    /// the index's) and the query runs on everything.
    pub(super) fn index_complete(&self) {
        if let Some(p) = self.inner.borrow_mut().as_mut() {
            p.finding.finder = None;
            self.signals.find.full.set(p.finding.screen.full);
        }
        self.refresh_find();
    }

    /// The session was read again from the start (its body needed repairs): so is its text.
    pub(super) fn reset_find_index(&self, p: &mut Playing) {
        p.finding = Finding {
            pending: p.finding.pending.take(),
            ..Finding::default()
        };
        self.signals.find.indexing.set(true);
    }
}
