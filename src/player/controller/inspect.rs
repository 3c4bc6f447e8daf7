//! The inspector's side of the controller: the tree, the selected node's details and life, the
//! highlight over the replay and the comparison of two moments, kept in step with the playhead.
//! Every answer comes from the core (`tapedeck_core::inspect`) and the renderer's layout; the
//! components only show the signals.

use std::collections::HashSet;
use std::sync::Arc;

use leptos::prelude::*;
use tapedeck_core::event::NodeId;
use tapedeck_core::inspect::{
    ancestors, attributes_at, compare, default_expanded, node_history, node_label, outer_html, tree_rows,
    unique_selector, NodeDiff, NodeIndex,
};
use tapedeck_core::mirror::{Mirror, VKind};

use super::{Controller, Playing};
use crate::format::clip;
use crate::player::inspect::{CompareView, Highlight, NodeDetails};
use crate::player::signals::{Panel, PlayState, Rect};

/// Real time between two refreshes of the tree while playing, ms.
const PLAYING_REFRESH_MS: f64 = 250.0;
/// Longest text the details show.
const DETAILS_TEXT_MAX: usize = 300;
/// Selections this close (ms) after the last history was worked out wait this long for the
/// selection to settle before working out theirs.
const HISTORY_SETTLE_MS: f64 = 300.0;
const HISTORY_DELAY_MS: u64 = 150;
/// Most differing nodes a comparison lists by name.
const COMPARE_LIST_MAX: usize = 500;

/// What the inspector last showed.
#[derive(Default)]
pub(super) struct Inspected {
    /// The mirror the tree was last built from (to mark what changed since, while playing).
    mirror: Option<Mirror>,
    /// `performance.now()` of the last refresh.
    at: f64,
    /// The node whose history is shown, and on which page.
    history_of: Option<(usize, NodeId)>,
    /// Which events name each node, of the page the inspector was last used on (built when
    /// first needed), and how many events the session had then (it grows while loading).
    index: Option<(NodeIndex, usize)>,
    /// `performance.now()` of the last history worked out (a node's life is a pass over its
    /// page's events: while the selection moves fast, only where it stops is worked out).
    history_at: f64,
    /// The playhead the inspector last followed (ms).
    shown_at: f64,
}

impl Controller {
    /// After every frame: the inspector follows the playhead (every frame when paused or
    /// seeking, a few times a second while playing). Costs nothing while it is not used.
    pub(super) fn follow_inspector(&self, p: &mut Playing, ms: f64) {
        let sig = self.signals.inspect;
        let open = self.signals.panel.get_untracked() == Panel::Elements;
        let selected = sig.selected.get_untracked();
        if !open && selected.is_none() && sig.hover.get_untracked().is_none() {
            return;
        }
        let playing = self.signals.state.get_untracked() == PlayState::Playing;
        let now = crate::fetch::now();
        if playing && now - p.inspected.at < PLAYING_REFRESH_MS {
            return;
        }
        p.inspected.at = now;
        p.inspected.shown_at = ms;
        let Some(shown) = p.replay.shown() else { return };
        if open {
            let changed: HashSet<NodeId> = match (&p.inspected.mirror, playing) {
                (Some(prev), true) => compare(prev, shown)
                    .nodes
                    .into_iter()
                    .filter(|(_, d)| *d != NodeDiff::Removed)
                    .map(|(id, _)| id)
                    .collect(),
                _ => HashSet::new(),
            };
            if !(changed.is_empty() && sig.changed.with_untracked(|c| c.is_empty())) {
                sig.changed.set(Arc::new(changed));
            }
            p.inspected.mirror = Some(shown.clone());
            self.refresh_tree(p);
            // A comparison follows the playhead.
            let compared = sig.compare.with_untracked(|c| c.as_ref().map(|c| (c.at, c.shown_at)));
            if let Some((at, shown_at)) = compared {
                if shown_at != ms {
                    let view = compare_view(p, at);
                    sig.compare.set(view);
                }
            }
        }
        self.refresh_details(p, ms);
        self.refresh_highlight(p);
    }

    /// The tree's rows at what is shown, with the expanded nodes open.
    fn refresh_tree(&self, p: &Playing) {
        let sig = self.signals.inspect;
        let Some(shown) = p.replay.shown() else { return };
        if sig.expanded.with_untracked(|e| e.is_empty()) {
            sig.expanded.set(default_expanded(shown, sig.selected.get_untracked()));
        }
        let rows = sig.expanded.with_untracked(|e| tree_rows(shown, e));
        if sig.rows.with_untracked(|r| **r != rows) {
            sig.rows.set(Arc::new(rows));
        }
    }

    /// The selected node's details at the playhead, and its history (once per node).
    fn refresh_details(&self, p: &mut Playing, ms: f64) {
        let sig = self.signals.inspect;
        let Some(id) = sig.selected.get_untracked() else {
            if sig.details.with_untracked(|d| d.is_some()) {
                sig.details.set(None);
            }
            return;
        };
        let page = p.replay.index.page_at(ms);
        if p.inspected.history_of != Some((page, id)) {
            p.inspected.history_of = Some((page, id));
            let now = crate::fetch::now();
            if now - p.inspected.history_at < HISTORY_SETTLE_MS {
                // The selection is moving (arrow keys held down): work it out where it stops.
                sig.history.set(Arc::new(Vec::new()));
                let this = self.clone();
                set_timeout(
                    move || this.settle_history(page, id),
                    std::time::Duration::from_millis(HISTORY_DELAY_MS),
                );
            } else {
                p.inspected.history_at = now;
                let history = life(p, page, id);
                sig.history.set(Arc::new(history));
            }
        }
        let Some(shown) = p.replay.shown() else { return };
        let attrs = sig.history.with_untracked(|h| attributes_at(h, ms)).unwrap_or_default();
        let node = shown.node(id);
        let text = node.map(|n| match &n.kind {
            VKind::Text(t) | VKind::Comment(t) => clip(t, DETAILS_TEXT_MAX),
            _ => clip(shown.text_content(id).trim(), DETAILS_TEXT_MAX),
        });
        let state = shown.element(id).map(|e| (*e.state).clone()).unwrap_or_default();
        let details = NodeDetails {
            id,
            label: node_label(shown, id),
            present: node.is_some(),
            attrs,
            text: text.filter(|t| !t.is_empty()),
            rect: p.renderer.node_box(shown, id).map(|(x, y, w, h)| Rect { x, y, w, h }),
            scroll: p.renderer.node_scroll(id).filter(|(x, y)| *x != 0.0 || *y != 0.0),
            value: state.value,
            checked: state.checked,
            selector: unique_selector(shown, id),
        };
        if sig.details.with_untracked(|d| d.as_ref() != Some(&details)) {
            sig.details.set(Some(details));
        }
    }

    /// Works out the life of node `id` on `page` if it is still the one selected.
    fn settle_history(&self, page: usize, id: NodeId) {
        if self.is_disposed() {
            return;
        }
        let ms = self.signals.time_ms.get_untracked();
        self.with_playing(|p| {
            if p.inspected.history_of != Some((page, id)) {
                return;
            }
            p.inspected.history_at = crate::fetch::now();
            let history = life(p, page, id);
            self.signals.inspect.history.set(Arc::new(history));
            self.refresh_details(p, ms);
        });
    }

    /// The box over the replay: the hovered node, else the selected one.
    fn refresh_highlight(&self, p: &Playing) {
        let sig = self.signals.inspect;
        let target = sig.hover.get_untracked().or(sig.selected.get_untracked());
        let highlight = p.replay.shown().zip(target).and_then(|(shown, id)| {
            let (x, y, w, h) = p.renderer.node_box(shown, id)?;
            Some(Highlight {
                rect: Rect { x, y, w, h },
                label: format!("{} {}×{}", node_label(shown, id), w.round(), h.round()),
            })
        });
        if sig.highlight.with_untracked(|h| *h != highlight) {
            sig.highlight.set(highlight);
        }
    }

    /// Runs `f` with the playing session, when there is one and it is not in use.
    fn with_playing<R>(&self, f: impl FnOnce(&mut Playing) -> R) -> Option<R> {
        let mut inner = self.inner.try_borrow_mut().ok()?;
        inner.as_mut().map(f)
    }

    /// The Elements panel was opened, or what it shows changed: rebuilds it now.
    pub fn refresh_inspector(&self) {
        let ms = self.signals.time_ms.get_untracked();
        self.with_playing(|p| {
            p.inspected.at = 0.0;
            p.inspected.shown_at = ms;
            self.refresh_tree(p);
            self.refresh_details(p, ms);
            self.refresh_highlight(p);
        });
    }

    /// Selects node `id` (or nothing): its path opens in the tree, its details and history show.
    pub fn select_node(&self, id: Option<NodeId>) {
        let sig = self.signals.inspect;
        sig.selected.set(id);
        if let Some(id) = id {
            self.with_playing(|p| {
                if let Some(shown) = p.replay.shown() {
                    sig.expanded.update(|e| {
                        if e.is_empty() {
                            *e = default_expanded(shown, Some(id));
                        }
                        e.extend(ancestors(shown, id).into_iter().skip(1));
                    });
                }
            });
        }
        self.refresh_inspector();
    }

    /// A link's `node=`: selects that node (and opens the Elements panel when `open_panel`), or
    /// says why not.
    pub fn land_on_node(&self, raw: &str, open_panel: bool) {
        let Ok(id) = raw.trim().parse::<NodeId>() else {
            self.signals.notice.set(Some(format!(
                "The link's node=\"{}\" is not a node id (a whole number).",
                tapedeck_core::deeplink::shown(raw)
            )));
            return;
        };
        // Recorded ids are never negative (the player's own nodes are).
        let recorded = id >= 0 && tapedeck_core::mirror::id_in_range(id);
        let present = recorded && self.with_playing(|p| p.replay.shown().is_some_and(|m| m.contains(id))) == Some(true);
        if !present {
            self.signals
                .notice
                .set(Some(format!("The link's node {id} is not in the page at this moment.")));
            return;
        }
        if open_panel {
            self.signals.panel.set(Panel::Elements);
        }
        self.select_node(Some(id));
    }

    /// Jumps to `t` and selects node `id` there, in the Elements panel (an element a user
    /// clicked or typed into, from the Activity panel).
    pub fn inspect_at(&self, t: f64, id: NodeId) {
        self.jump(t);
        self.signals.panel.set(Panel::Elements);
        self.select_node(Some(id));
    }

    /// Opens or closes node `id` in the tree.
    pub fn toggle_expanded(&self, id: NodeId, open: bool) {
        self.signals.inspect.expanded.update(|e| {
            if open {
                e.insert(id);
            } else {
                e.remove(&id);
            }
        });
        self.refresh_inspector();
    }

    /// Highlights node `id` over the replay (a hovered tree row), or stops.
    pub fn hover_node(&self, id: Option<NodeId>) {
        let sig = self.signals.inspect;
        if sig.hover.get_untracked() == id {
            return;
        }
        sig.hover.set(id);
        self.with_playing(|p| self.refresh_highlight(p));
    }

    /// The recorded element at (`x`, `y`) of the replay (recorded page pixels).
    pub fn node_at(&self, x: f64, y: f64) -> Option<NodeId> {
        self.with_playing(|p| {
            let shown = p.replay.shown()?;
            p.renderer.node_at(shown, x, y)
        })
        .flatten()
    }

    /// Turns pick mode on or off (off also drops the hover highlight).
    pub fn set_picking(&self, on: bool) {
        self.signals.inspect.picking.set(on);
        if on {
            self.signals.panel.set(Panel::Elements);
            self.refresh_inspector();
        } else {
            self.hover_node(None);
        }
    }

    /// Jumps to a moment of the selected node's life, the node staying selected.
    pub fn jump_in_history(&self, t: f64) {
        self.jump(t);
    }

    /// The selected node's subtree as HTML, as it is at the playhead.
    pub fn node_html(&self, id: NodeId) -> Option<String> {
        self.with_playing(|p| p.replay.shown().map(|m| outer_html(m, id)))
            .flatten()
    }

    /// Compares the playhead with moment `at` (ms), or stops comparing. The comparison follows
    /// the playhead from then on.
    pub fn compare_with(&self, at: Option<f64>) {
        let sig = self.signals.inspect;
        let Some(at) = at.filter(|t| t.is_finite()) else {
            sig.compare.set(None);
            return;
        };
        let now = self.signals.time_ms.get_untracked();
        self.with_playing(|p| {
            p.inspected.shown_at = now;
            let view = compare_view(p, at);
            sig.compare.set(view);
        });
    }
}

/// The life of node `id` on `page` (the page's index built first, once).
fn life(p: &mut Playing, page: usize, id: NodeId) -> Vec<tapedeck_core::inspect::HistoryEntry> {
    let events = p.replay.session.events.len();
    if p.inspected
        .index
        .as_ref()
        .is_none_or(|(i, n)| i.page() != page || *n != events)
    {
        p.inspected.index = Some((NodeIndex::build(&p.replay.session, page), events));
    }
    match &p.inspected.index {
        Some((index, _)) => node_history(&mut p.replay, index, id, Some(&p.analysis)),
        None => Vec::new(),
    }
}

/// The shown moment compared with moment `at` (clamped to the session).
fn compare_view(p: &mut Playing, at: f64) -> Option<CompareView> {
    let here = p.replay.shown()?.clone();
    let at = at.clamp(0.0, p.replay.duration());
    let other = p.replay.state_at(at).clone();
    let (earlier, later) = if p.inspected.shown_at >= at {
        (&other, &here)
    } else {
        (&here, &other)
    };
    let c = compare(earlier, later);
    let describe = |id: NodeId| {
        let m = if later.contains(id) { later } else { earlier };
        match m.node(id).map(|n| &n.kind) {
            Some(VKind::Text(t)) => format!("text \"{}\"", clip(t.trim(), 60)),
            _ => node_label(m, id),
        }
    };
    let list = c
        .nodes
        .iter()
        .take(COMPARE_LIST_MAX)
        .map(|(id, d)| (*id, *d, describe(*id)))
        .collect();
    let mut inside = HashSet::new();
    for (id, _) in &c.nodes {
        let m = if later.contains(*id) { later } else { earlier };
        for a in ancestors(m, *id).into_iter().skip(1) {
            if !inside.insert(a) {
                break;
            }
        }
    }
    Some(CompareView {
        at,
        shown_at: p.inspected.shown_at,
        inside: Arc::new(inside),
        added: c.count(NodeDiff::Added),
        removed: c.count(NodeDiff::Removed),
        changed: c.count(NodeDiff::Changed),
        nodes: Arc::new(c.by_node()),
        list: Arc::new(list),
    })
}
