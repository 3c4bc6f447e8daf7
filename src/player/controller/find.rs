//! Find: the screen's text indexed and the panels' rows made searchable in the background,
//! beside the checkpoints, once Find is first opened; queries run in the core; a result shown —
//! the playhead at its moment, its element outlined or its row selected.

use std::sync::{Arc, Weak};

use leptos::prelude::*;
use tapedeck_core::analysis::Analysis;
use tapedeck_core::event::NodeId;
use tapedeck_core::find::{Finder, Kind, Query, Results, ScreenIndex};
use tapedeck_core::session::Session;

use super::{Controller, Playing};
use crate::player::signals::{Panel, Rect, Selected};

/// Find's part of a playing session.
pub(super) struct Finding {
    pub screen: ScreenIndex,
    /// The panels' rows made searchable, for this analysis. A weak pointer, so its address is
    /// not reused by a later analysis while it is kept (its rows are freed with it).
    finder: Option<(Weak<Analysis>, Finder)>,
    /// The element of the result shown (page, node), outlined while its page is shown.
    target: Option<(usize, NodeId)>,
    /// A link's `?q=` waits for the whole index: then lands on the result nearest `near` (ms),
    /// or the first, unless the viewer has moved from `from` (ms) or played meanwhile.
    pending: Option<LinkQuery>,
}

/// A `?q=` link waiting for the whole index.
#[derive(Clone, Copy)]
struct LinkQuery {
    near: Option<f64>,
    from: f64,
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
    /// Runs `q` on the panels' rows of `analysis` and the screen's text. The rows not yet made
    /// are made first when `finish`; otherwise (an analysis published while loading) nothing
    /// runs until the background builder has made them all, and then the query runs again.
    fn search(&mut self, session: &Session, analysis: &Arc<Analysis>, q: &Query, finish: bool) -> Option<Results> {
        if q.is_empty() {
            return Some(Results::of_warnings(q));
        }
        let finder = finder_for(&mut self.finder, session, analysis);
        if !finder.is_whole() {
            if !finish {
                return None;
            }
            finder.extend(session, analysis, &self.screen, usize::MAX);
        }
        Some(finder.search(&self.screen, q))
    }

    /// Every panel row of `analysis` is searchable.
    fn rows_made(&self, analysis: &Arc<Analysis>) -> bool {
        self.finder
            .as_ref()
            .is_some_and(|(a, f)| made_for(a, analysis) && f.is_whole())
    }

    /// Makes about `budget` bytes more of the panels' rows searchable: whether they all are.
    fn extend_finder(&mut self, session: &Session, analysis: &Arc<Analysis>, budget: usize) -> bool {
        finder_for(&mut self.finder, session, analysis).extend(session, analysis, &self.screen, budget)
    }
}

/// Rows kept with `made` were made from `analysis`.
fn made_for(made: &Weak<Analysis>, analysis: &Arc<Analysis>) -> bool {
    made.as_ptr() == Arc::as_ptr(analysis)
}

/// The rows being made for `analysis`: begun again when the analysis is another.
fn finder_for<'a>(
    slot: &'a mut Option<(Weak<Analysis>, Finder)>,
    session: &Session,
    analysis: &Arc<Analysis>,
) -> &'a mut Finder {
    if !slot.as_ref().is_some_and(|f| made_for(&f.0, analysis)) {
        *slot = Some((Arc::downgrade(analysis), Finder::empty(session)));
    }
    &mut slot.as_mut().expect("made above").1
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
        self.refresh_find(true);
    }

    /// Runs the query again (the index or the analysis grew); a `?q=` link lands once the
    /// index is whole. Unless `finish`, a query waits for the background builder to make the
    /// panels' rows of a new analysis (its results stay until then).
    pub(super) fn refresh_find(&self, finish: bool) {
        let sig = self.signals.find;
        let text = sig.query.get_untracked();
        let (results, land) = {
            let Ok(mut inner) = self.inner.try_borrow_mut() else {
                return;
            };
            let Some(p) = inner.as_mut() else { return };
            let q = Query::parse(&text);
            let Some(results) = p.finding.search(&p.replay.session, &p.analysis, &q, finish) else {
                return;
            };
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
        if let Some(link) = land {
            let best = match link.near {
                Some(t) => results.nearest(t),
                None => results.in_time_order().first().copied(),
            };
            // Moved or played while the index was made: the results are listed, the replay
            // stays where the viewer took it.
            let moved = self.moved_since(link.from);
            match best {
                Some(i) if !moved => self.show_result(i),
                Some(_) => {}
                // Said after what the rest of the link could not do.
                None => self.signals.notice.update(|n| {
                    let said = format!(
                        "Nothing in this session matches “{}”.",
                        tapedeck_core::deeplink::shown_within(&text, 80)
                    );
                    *n = Some(match n.take() {
                        Some(before) => format!("{before} {said}"),
                        None => said,
                    });
                }),
            }
        }
    }

    /// Shows the search box and gives it the keyboard.
    pub fn open_find(&self) {
        let sig = self.signals.find;
        sig.open.set(true);
        self.want_screen_text();
        sig.focus.update(|n| *n += 1);
    }

    /// Opens Find with `text` from a link: lands on the result nearest `near` (ms) or the first,
    /// once the screen's text is indexed.
    pub fn find_from_link(&self, text: &str, near: Option<f64>) {
        self.signals.find.open.set(true);
        if let Some(p) = self.inner.borrow_mut().as_mut() {
            p.finding.pending = Some(LinkQuery {
                near,
                from: self.signals.time_ms.get_untracked(),
            });
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

    /// Closes Find: the query stays for next time (its results too), the outline goes. With no
    /// query, so do the panels' searchable rows (tens of MB on an hour's session; made again
    /// when Find opens).
    pub fn close_find(&self) {
        self.signals.find.open.set(false);
        self.signals.find.outline.set(None);
        let query = !self.signals.find.query.with_untracked(String::is_empty);
        if let Some(p) = self.inner.borrow_mut().as_mut() {
            p.finding.target = None;
            if !query {
                p.finding.finder = None;
            }
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

    /// One slice of making the panels' rows of the current analysis searchable, while Find is
    /// open: whether they all are (at once, an hour's 58,000 rows held the first keystroke
    /// for about 50 ms).
    pub(super) fn finder_slice(&self, p: &mut Playing, bytes: usize) -> bool {
        !self.finder_wanted() || p.finding.extend_finder(&p.replay.session, &p.analysis, bytes)
    }

    /// Find is open, or holds a query (its results on the timeline follow the analysis).
    pub(super) fn finder_wanted(&self) -> bool {
        let sig = self.signals.find;
        sig.open.get_untracked() || !sig.query.with_untracked(String::is_empty)
    }

    /// The panels' rows are wanted and those of the current analysis are not all searchable.
    pub(super) fn finder_due(&self) -> bool {
        self.inner
            .try_borrow()
            .is_ok_and(|i| i.as_ref().is_some_and(|p| self.finder_due_in(p)))
    }

    /// [`Controller::finder_due`] inside a slice that holds the player.
    pub(super) fn finder_due_in(&self, p: &Playing) -> bool {
        self.finder_wanted() && !p.finding.rows_made(&p.analysis)
    }

    /// The whole screen text is indexed: the pages' rows take its titles and the query runs
    /// on everything.
    pub(super) fn index_complete(&self) {
        if let Some(p) = self.inner.borrow_mut().as_mut() {
            if let Some((_, finder)) = &mut p.finding.finder {
                finder.retitle(&p.replay.session, &p.finding.screen);
            }
            self.signals.find.full.set(p.finding.screen.full);
        }
        self.refresh_find(false);
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
