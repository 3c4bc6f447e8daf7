//! What changed between two versions of the mirror, as patches for the renderer.
//!
//! Both live playback and seeking end here: the renderer shows version A, the core computes
//! version B (by applying events, or from a checkpoint), and `diff(A, B)` lists the DOM work.
//! Versions share unchanged nodes, so the diff costs what changed, not the size of the page.

use std::collections::{HashMap, HashSet};

use super::reuse;
use super::table::Table;
use super::{Mirror, VKind, VNode};
use crate::event::NodeId;
use crate::order::sort_by_whole;

/// One step of DOM work. Patches refer to mirror nodes; the renderer reads their content from
/// the new mirror. Apply in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Patch {
    /// A different document (a new page): rebuild everything.
    Rebuild,
    /// The node is gone (its subtree is listed too).
    Remove(NodeId),
    /// The DOM node shown for `from` (a removed node) shows `to` (a created node of the same
    /// kind) from now on: rename it. Its content is brought up to date by the patches after it.
    Reuse { from: NodeId, to: NodeId },
    /// Create the node, detached, with its attributes (not its children).
    Create(NodeId),
    /// Attribute changes on an existing element.
    Attrs {
        id: NodeId,
        set: Vec<(String, String)>,
        remove: Vec<String>,
    },
    /// New text of a text or comment node.
    Text(NodeId, String),
    /// Make the node's DOM children match its mirror children, in order. Parents come before
    /// their descendants.
    Children(NodeId),
    /// Element state (input value, checked, media, canvas, modal dialog) to apply.
    State(NodeId),
    /// Page-level state changed: viewport, fonts, selection, adopted style sheets.
    Page,
}

fn same_kind(a: &VNode, b: &VNode) -> bool {
    a.in_shadow == b.in_shadow
        && match (&a.kind, &b.kind) {
            (VKind::Element(x), VKind::Element(y)) => x.tag == y.tag && x.ns == y.ns,
            (VKind::Text(_), VKind::Text(_))
            | (VKind::Comment(_), VKind::Comment(_))
            | (VKind::CData, VKind::CData) => true,
            (VKind::DocType { .. }, VKind::DocType { .. }) => a.kind == b.kind,
            (VKind::Document { quirks: q1, .. }, VKind::Document { quirks: q2, .. }) => q1 == q2,
            _ => false,
        }
}

fn has_state(n: &VNode) -> bool {
    match &n.kind {
        VKind::Element(e) => {
            let s = &e.state;
            s.value.is_some()
                || s.checked.is_some()
                || s.media.is_some()
                || s.image.is_some()
                || s.canvas.is_some()
                || s.modal
        }
        _ => false,
    }
}

fn state_differs(a: &VNode, b: &VNode) -> bool {
    match (&a.kind, &b.kind) {
        (VKind::Element(x), VKind::Element(y)) => {
            let (s, t) = (&x.state, &y.state);
            s.value != t.value
                || s.checked != t.checked
                || s.media != t.media
                || s.image != t.image
                || s.canvas != t.canvas
                || s.modal != t.modal
        }
        _ => false,
    }
}

/// The patches that turn what `old` shows into what `new` shows.
pub fn diff(old: &Mirror, new: &Mirror) -> Vec<Patch> {
    if old.root != new.root || old.root.is_none() {
        return vec![Patch::Rebuild];
    }
    let mut w = Work::default();
    let mut changed_parents = Vec::new();
    let sign = |positive: bool, k: u64| if positive { k as NodeId } else { -(k as NodeId) };
    for (positive, a_table, b_table) in [(true, &old.pos, &new.pos), (false, &old.neg, &new.neg)] {
        Table::diff(a_table, b_table, &mut |k, a, b| {
            let id = sign(positive, k);
            match (a, b) {
                (Some(_), None) => w.removes.push(id),
                (None, Some(b)) => {
                    w.creates.push(id);
                    if !b.children.is_empty() {
                        w.children.push(id);
                    }
                    if has_state(b) {
                        w.states.push(id);
                    }
                }
                (Some(a), Some(b)) if !same_kind(a, b) => {
                    w.removes.push(id);
                    w.creates.push(id);
                    w.children.push(id);
                    if let Some(p) = b.parent {
                        w.children.push(p);
                    }
                    if has_state(b) {
                        w.states.push(id);
                    }
                }
                (Some(a), Some(b)) => {
                    edit(id, a, b, &mut w.edits);
                    if a.children != b.children {
                        changed_parents.push(id);
                    }
                    if a.children != b.children || a.parent != b.parent {
                        w.children.push(id);
                    }
                    if state_differs(a, b) {
                        w.states.push(id);
                    }
                }
                (None, None) => {}
            }
        });
    }
    let reused = reuse_replaced(old, new, &changed_parents, &mut w);
    let Work {
        removes,
        creates,
        edits,
        mut children,
        states,
    } = w;
    // Parents before children, so iframes are in place before their documents fill.
    // By id, then stably by depth: (depth, id) order.
    sort_by_whole(&mut children, |id| *id);
    children.dedup();
    let mut by_depth = depths(new, children);
    sort_by_whole(&mut by_depth, |(depth, _)| *depth as i64);

    let mut out = Vec::with_capacity(removes.len() + creates.len() + edits.len() + by_depth.len() + states.len() + 1);
    out.extend(removes.into_iter().map(Patch::Remove));
    out.extend(reused.into_iter().map(|(from, to)| Patch::Reuse { from, to }));
    out.extend(creates.into_iter().map(Patch::Create));
    out.extend(edits);
    out.extend(by_depth.into_iter().map(|(_, id)| Patch::Children(id)));
    out.extend(states.into_iter().map(Patch::State));
    if old.page != new.page {
        out.push(Patch::Page);
    }
    out
}

/// Each node with its depth, in time linear in the nodes and their ancestors: a chain of
/// nodes each changed (a tree built deep in one mutation) is walked once, not once per node.
fn depths(m: &Mirror, ids: Vec<NodeId>) -> Vec<(usize, NodeId)> {
    let mut known: HashMap<NodeId, usize> = HashMap::new();
    let mut out = Vec::with_capacity(ids.len());
    let mut path = Vec::new();
    for id in ids {
        // Up to the document or to an ancestor whose depth is known, then back down.
        let mut cur = Some(id);
        let mut base = 0;
        while let Some(n) = cur {
            if let Some(d) = known.get(&n) {
                base = *d + 1;
                break;
            }
            path.push(n);
            cur = m.node(n).and_then(|x| x.parent);
        }
        for (k, n) in path.drain(..).rev().enumerate() {
            known.insert(n, base + k);
        }
        out.push((known[&id], id));
    }
    out
}

/// Attribute or text changes that make what `a` shows into `b`, as patches on node `id`.
fn edit(id: NodeId, a: &VNode, b: &VNode, edits: &mut Vec<Patch>) {
    match (&a.kind, &b.kind) {
        (VKind::Element(x), VKind::Element(y)) if x.attrs != y.attrs => {
            let set = y
                .attrs
                .iter()
                .filter(|(n, v)| x.attr(n) != Some(v.as_str()))
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect();
            let remove = x
                .attrs
                .iter()
                .filter(|(n, _)| y.attr(n).is_none())
                .map(|(n, _)| n.to_string())
                .collect();
            edits.push(Patch::Attrs { id, set, remove });
        }
        (VKind::Text(s), VKind::Text(t)) | (VKind::Comment(s), VKind::Comment(t)) if s != t => {
            edits.push(Patch::Text(id, t.to_string()));
        }
        _ => {}
    }
}

/// The DOM work a diff finds, by kind, before it is put in order.
#[derive(Default)]
struct Work {
    removes: Vec<NodeId>,
    creates: Vec<NodeId>,
    edits: Vec<Patch>,
    children: Vec<NodeId>,
    states: Vec<NodeId>,
}

/// Turns removed-and-created pairs of the same kind into reuses (see `reuse`): they leave the
/// remove and create lists, and get the edits, child orders and states that make the reused
/// DOM node show its new node.
fn reuse_replaced(old: &Mirror, new: &Mirror, parents: &[NodeId], l: &mut Work) -> Vec<(NodeId, NodeId)> {
    if parents.is_empty() || l.removes.is_empty() || l.creates.is_empty() {
        return Vec::new();
    }
    // Only nodes that are gone, and nodes that are new (not an id whose kind changed).
    let removed: HashSet<NodeId> = l.removes.iter().copied().filter(|id| !new.contains(*id)).collect();
    let created: HashSet<NodeId> = l.creates.iter().copied().filter(|id| !old.contains(*id)).collect();
    let pairs = reuse::pairs(old, new, &removed, &created, parents, same_kind);
    if pairs.is_empty() {
        return pairs;
    }
    let renamed: HashMap<NodeId, NodeId> = pairs.iter().copied().collect();
    let targets: HashSet<NodeId> = pairs.iter().map(|p| p.1).collect();
    l.removes.retain(|id| !renamed.contains_key(id));
    l.creates.retain(|id| !targets.contains(id));
    l.children.retain(|id| !targets.contains(id));
    l.states.retain(|id| !targets.contains(id));
    for (from, to) in &pairs {
        let (Some(a), Some(b)) = (old.node(*from), new.node(*to)) else {
            continue;
        };
        edit(*to, a, b, &mut l.edits);
        if !reuse::children_in_place(old, new, *from, *to, &renamed, same_kind) {
            l.children.push(*to);
        }
        if state_differs(a, b) {
            l.states.push(*to);
        }
    }
    pairs
}
