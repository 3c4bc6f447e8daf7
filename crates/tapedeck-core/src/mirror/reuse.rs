//! Reusing the DOM of a replaced subtree for its replacement.
//!
//! Pages often replace a part of themselves with a copy of new ids and nearly the same content:
//! a framework re-renders a list, a router swaps `<main>`, a page rebuilds its `<body>`. Shown
//! literally, that is a removal and a creation of every node, and with them new iframes (a new
//! browsing context each), decoded images and laid-out text. When a removed node and a created
//! node sit under the same parent, in the same order, with the same tag, the DOM node shown for
//! the removed one can show the created one instead: only what differs between them changes.
//! The result is the same DOM; only the work differs.

use std::collections::{HashMap, HashSet};

use super::{Mirror, VNode};
use crate::event::NodeId;

/// How far past the next removed sibling a created node looks for one of its kind.
const LOOK_AHEAD: usize = 8;

/// Pairs of (removed node in `old`, created node in `new`) whose DOM node can be reused,
/// parents before their children. `parents` are nodes of both versions whose children changed:
/// the places where a replacement can start.
pub fn pairs(
    old: &Mirror,
    new: &Mirror,
    removed: &HashSet<NodeId>,
    created: &HashSet<NodeId>,
    parents: &[NodeId],
    same_kind: impl Fn(&VNode, &VNode) -> bool,
) -> Vec<(NodeId, NodeId)> {
    let mut out = Vec::new();
    let mut stack: Vec<(NodeId, NodeId)> = parents.iter().map(|p| (*p, *p)).collect();
    while let Some((op, np)) = stack.pop() {
        let (Some(o), Some(n)) = (old.node(op), new.node(np)) else {
            continue;
        };
        let gone: Vec<(NodeId, &VNode)> = o
            .children
            .iter()
            .filter(|c| removed.contains(c))
            .filter_map(|c| old.node(*c).map(|x| (*c, x)))
            .collect();
        if gone.is_empty() {
            continue;
        }
        let mut next = 0;
        for c in n.children.iter().filter(|c| created.contains(c)) {
            let Some(cn) = new.node(*c) else { continue };
            let window = &gone[next..gone.len().min(next + LOOK_AHEAD)];
            if let Some(k) = window.iter().position(|(_, g)| same_kind(g, cn)) {
                let from = gone[next + k].0;
                next += k + 1;
                out.push((from, *c));
                stack.push((from, *c));
            }
        }
    }
    out
}

/// Whether the DOM children of reused node `from` (shown for `old`), once removed nodes are
/// gone and reused ones renamed, are already the children `to` has in `new`.
pub fn children_in_place(
    old: &Mirror,
    new: &Mirror,
    from: NodeId,
    to: NodeId,
    renamed: &HashMap<NodeId, NodeId>,
    same_kind: impl Fn(&VNode, &VNode) -> bool,
) -> bool {
    let (Some(o), Some(n)) = (old.node(from), new.node(to)) else {
        return false;
    };
    let mut shown = o.children.iter().filter_map(|c| match renamed.get(c) {
        Some(r) => Some(*r),
        // Kept under this node (moved, it is under another parent; of another kind, its DOM
        // node is replaced by a new one, placed by this node's child order).
        None => {
            let (a, b) = (old.node(*c)?, new.node(*c)?);
            (b.parent == Some(to) && same_kind(a, b)).then_some(*c)
        }
    });
    n.children.iter().all(|c| shown.next() == Some(*c)) && shown.next().is_none()
}
