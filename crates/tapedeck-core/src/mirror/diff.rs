//! What changed between two versions of the mirror, as patches for the renderer.
//!
//! Both live playback and seeking end here: the renderer shows version A, the core computes
//! version B (by applying events, or from a checkpoint), and `diff(A, B)` lists the DOM work.
//! Versions share unchanged nodes, so the diff costs what changed, not the size of the page.

use super::table::Table;
use super::{Mirror, VKind, VNode};
use crate::event::NodeId;

/// One step of DOM work. Patches refer to mirror nodes; the renderer reads their content from
/// the new mirror. Apply in order.
#[derive(Debug, Clone, PartialEq)]
pub enum Patch {
    /// A different document (a new page): rebuild everything.
    Rebuild,
    /// The node is gone (its subtree is listed too).
    Remove(NodeId),
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
    /// Element state (input value, checked, media, canvas) to apply.
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
            s.value.is_some() || s.checked.is_some() || s.media.is_some() || s.image.is_some() || s.canvas.is_some()
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
        }
        _ => false,
    }
}

/// The patches that turn what `old` shows into what `new` shows.
pub fn diff(old: &Mirror, new: &Mirror) -> Vec<Patch> {
    if old.root != new.root || old.root.is_none() {
        return vec![Patch::Rebuild];
    }
    let mut removes = Vec::new();
    let mut creates = Vec::new();
    let mut edits = Vec::new();
    let mut children: Vec<NodeId> = Vec::new();
    let mut states = Vec::new();
    let sign = |positive: bool, k: u64| if positive { k as NodeId } else { -(k as NodeId) };
    for (positive, a_table, b_table) in [(true, &old.pos, &new.pos), (false, &old.neg, &new.neg)] {
        Table::diff(a_table, b_table, &mut |k, a, b| {
            let id = sign(positive, k);
            match (a, b) {
                (Some(_), None) => removes.push(id),
                (None, Some(b)) => {
                    creates.push(id);
                    if !b.children.is_empty() {
                        children.push(id);
                    }
                    if has_state(b) {
                        states.push(id);
                    }
                }
                (Some(a), Some(b)) if !same_kind(a, b) => {
                    removes.push(id);
                    creates.push(id);
                    children.push(id);
                    if let Some(p) = b.parent {
                        children.push(p);
                    }
                    if has_state(b) {
                        states.push(id);
                    }
                }
                (Some(a), Some(b)) => {
                    match (&a.kind, &b.kind) {
                        (VKind::Element(x), VKind::Element(y)) if x.attrs != y.attrs => {
                            let set = y
                                .attrs
                                .iter()
                                .filter(|(n, v)| x.attr(n) != Some(v.as_str()))
                                .cloned()
                                .collect();
                            let remove = x
                                .attrs
                                .iter()
                                .filter(|(n, _)| y.attr(n).is_none())
                                .map(|(n, _)| n.clone())
                                .collect();
                            edits.push(Patch::Attrs { id, set, remove });
                        }
                        (VKind::Text(s), VKind::Text(t)) | (VKind::Comment(s), VKind::Comment(t)) if s != t => {
                            edits.push(Patch::Text(id, t.clone()));
                        }
                        _ => {}
                    }
                    if a.children != b.children || a.parent != b.parent {
                        children.push(id);
                    }
                    if state_differs(a, b) {
                        states.push(id);
                    }
                }
                (None, None) => {}
            }
        });
    }
    // Parents before children, so iframes are in place before their documents fill.
    children.sort_unstable();
    children.dedup();
    let mut by_depth: Vec<(usize, NodeId)> = children.into_iter().map(|id| (new.depth(id), id)).collect();
    by_depth.sort_unstable();

    let mut out = Vec::with_capacity(removes.len() + creates.len() + edits.len() + by_depth.len() + states.len() + 1);
    out.extend(removes.into_iter().map(Patch::Remove));
    out.extend(creates.into_iter().map(Patch::Create));
    out.extend(edits);
    out.extend(by_depth.into_iter().map(|(_, id)| Patch::Children(id)));
    out.extend(states.into_iter().map(Patch::State));
    if old.page != new.page {
        out.push(Patch::Page);
    }
    out
}
