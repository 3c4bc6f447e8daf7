//! What changed between two moments of one page: nodes added, removed and changed.

use std::collections::HashMap;

use crate::event::NodeId;
use crate::mirror::{Mirror, VKind, VNode};

/// How a node differs between the earlier and the later moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NodeDiff {
    Added,
    Removed,
    /// Its attributes, text or state (value, checked, scroll) differ; children moving in or
    /// out are the children's own changes.
    Changed,
}

impl NodeDiff {
    pub fn name(self) -> &'static str {
        match self {
            NodeDiff::Added => "added",
            NodeDiff::Removed => "removed",
            NodeDiff::Changed => "changed",
        }
    }
}

/// The nodes that differ between two moments, in id order.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Comparison {
    pub nodes: Vec<(NodeId, NodeDiff)>,
}

impl Comparison {
    pub fn count(&self, kind: NodeDiff) -> usize {
        self.nodes.iter().filter(|(_, k)| *k == kind).count()
    }

    /// Each node's difference, for looking up rows.
    pub fn by_node(&self) -> HashMap<NodeId, NodeDiff> {
        self.nodes.iter().copied().collect()
    }
}

/// The node's own content, children and parent aside.
fn same_content(a: &VNode, b: &VNode) -> bool {
    match (&a.kind, &b.kind) {
        (VKind::Element(x), VKind::Element(y)) => {
            // A canvas's drawing is the same when it has as many commands (the two versions
            // may have replayed them into lists of their own).
            let drawn = |e: &crate::mirror::VElement| e.state.canvas.as_ref().map(|c| c.last.len);
            let rest = |e: &crate::mirror::VElement| crate::mirror::ElementState {
                canvas: None,
                ..(*e.state).clone()
            };
            x.tag == y.tag && x.attrs == y.attrs && drawn(x) == drawn(y) && rest(x) == rest(y)
        }
        (x, y) => x == y,
    }
}

/// Compares the mirror at an earlier moment with the mirror at a later one. Costs what
/// changed between them: subtrees the two versions share are skipped. Blank text nodes
/// (whitespace the page lays out as nothing) are left out.
pub fn compare(earlier: &Mirror, later: &Mirror) -> Comparison {
    let blank = |n: &VNode| matches!(&n.kind, VKind::Text(t) if t.trim().is_empty());
    let mut nodes = Vec::new();
    earlier.changed_nodes(later, &mut |id, a, b| {
        let diff = match (a, b) {
            (None, Some(b)) if !blank(b) => NodeDiff::Added,
            (Some(a), None) if !blank(a) => NodeDiff::Removed,
            (Some(a), Some(b)) if !same_content(a, b) => NodeDiff::Changed,
            _ => return,
        };
        nodes.push((id, diff));
    });
    crate::order::sort_by_whole(&mut nodes, |(id, _)| *id);
    Comparison { nodes }
}
