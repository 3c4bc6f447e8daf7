//! Turning serialized nodes into mirror nodes: special attributes resolved, everything sanitised.

use std::collections::HashMap;

use super::{Mirror, VElement, VKind, VNode};
use crate::event::{NodeId, Offset};
use crate::node::{NodeKind, SerializedNode};
use crate::text::Text;

/// Where a node goes among its parent's children.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Place {
    End,
    Before(NodeId),
    After(NodeId),
}

impl Mirror {
    /// Builds the mirror of a full snapshot. Nodes that cannot be placed are reported in `warnings`.
    pub fn from_snapshot(root: &SerializedNode, initial_offset: Offset, warnings: &mut Vec<String>) -> Mirror {
        Self::from_snapshot_with(root, initial_offset, crate::sanitize::Policy::default(), warnings)
    }

    /// Builds the mirror of a full snapshot under a rendering policy.
    pub fn from_snapshot_with(
        root: &SerializedNode,
        initial_offset: Offset,
        policy: crate::sanitize::Policy,
        warnings: &mut Vec<String>,
    ) -> Mirror {
        let mut m = Mirror {
            policy,
            ..Mirror::default()
        };
        if !matches!(root.kind, NodeKind::Document { .. }) {
            warnings.push(format!("the full snapshot's root (node {}) is not a document", root.id));
        }
        m.insert_subtree(root, None, Place::End, warnings);
        m.root = Some(root.id);
        if initial_offset.left != 0.0 || initial_offset.top != 0.0 {
            m.set_scroll(root.id, initial_offset.left, initial_offset.top);
        }
        m
    }

    /// Adds a serialized subtree under `parent` at `place`. Nodes whose id is already in the
    /// mirror are skipped with a warning, with their subtree. Returns whether the top node went in.
    pub(crate) fn insert_subtree(
        &mut self,
        node: &SerializedNode,
        parent: Option<NodeId>,
        place: Place,
        warnings: &mut Vec<String>,
    ) -> bool {
        let mut stack: Vec<(&SerializedNode, Option<NodeId>, Place)> = vec![(node, parent, place)];
        // Text children of `<style>` whose content comes from the element's `_cssText`.
        let mut css_for_text: HashMap<NodeId, String> = HashMap::new();
        let mut inserted_top = false;
        let top_id = node.id;
        while let Some((n, parent, place)) = stack.pop() {
            if self.contains(n.id) {
                warnings.push(format!("node {} appears twice; the second copy is skipped", n.id));
                continue;
            }
            if n.id < 0 || !super::id_in_range(n.id) {
                warnings.push(format!("node id {} is out of range; the node is skipped", n.id));
                continue;
            }
            let mut synthetic_css = None;
            let parent_tag = parent.and_then(|p| self.element(p)).map(|e| e.tag.clone());
            let kind = match &n.kind {
                NodeKind::Document(d) => VKind::Document {
                    quirks: d.compat_mode.as_deref() == Some("BackCompat"),
                    scroll: None,
                },
                NodeKind::DocumentType(t) => VKind::DocType(t.clone()),
                NodeKind::Element(e) => {
                    let mut el = VElement::new(&e.tag, e.is_svg);
                    el.shadow_host = n.is_shadow_host;
                    if e.is_custom || self.page.defined.contains(el.recorded_tag.as_str()) {
                        el.put_attr(super::css::DEFINED_ATTR, String::new());
                    }
                    let mut css = None;
                    for (name, value) in &e.attributes {
                        if let Some(c) = el.apply_attr(name, value, &self.policy) {
                            css = Some(c);
                        }
                    }
                    if let Some(w) = el.cap_canvas() {
                        warnings.push(w);
                    }
                    if let Some(w) = el.attributes_capped(e.attributes.len()) {
                        warnings.push(format!("node {}: {w}", n.id));
                    }
                    if let Some(pieces) = css {
                        // The attribute wins over the recorded text children: each gets its
                        // piece when rrweb marked one per child, else the first gets it all
                        // and the others nothing.
                        let texts: Vec<NodeId> = e
                            .children
                            .iter()
                            .filter(|c| matches!(c.kind, NodeKind::Text { .. }))
                            .map(|c| c.id)
                            .collect();
                        if texts.is_empty() {
                            // No text child to carry the sheet: add one of our own.
                            synthetic_css = Some(pieces.concat());
                        } else if pieces.len() == texts.len() {
                            css_for_text.extend(texts.into_iter().zip(pieces));
                        } else {
                            let all = pieces.concat();
                            css_for_text.extend(texts.iter().map(|t| (*t, String::new())));
                            css_for_text.insert(texts[0], all);
                        }
                    }
                    if el.state.scroll.is_some() {
                        std::sync::Arc::make_mut(&mut self.page).scrolled.insert(n.id);
                    }
                    VKind::Element(Box::new(el))
                }
                NodeKind::Text { text, .. } => match css_for_text.remove(&n.id) {
                    Some(css) => VKind::Text(css.into()),
                    None if parent_tag.as_deref().is_some_and(crate::sanitize::is_style_tag) => {
                        VKind::Text(self.policy.style_sheet(text).into())
                    }
                    None => VKind::Text(super::clip_shared(text, n.id, warnings)),
                },
                NodeKind::CData => VKind::CData,
                NodeKind::Comment { text } => VKind::Comment(super::clip_shared(text, n.id, warnings)),
            };
            self.put(
                n.id,
                VNode {
                    parent,
                    children: Vec::new(),
                    in_shadow: n.is_shadow,
                    kind,
                },
            );
            if let Some(p) = parent {
                if !self.attach(p, n.id, place) {
                    warnings.push(format!("parent {p} of node {} is not in the page", n.id));
                    self.take(n.id);
                    continue;
                }
            }
            if let Some(css) = synthetic_css {
                self.add_synthetic_text(n.id, css);
            }
            if n.id == top_id {
                inserted_top = true;
            }
            for child in n.children().iter().rev() {
                stack.push((child, Some(n.id), Place::End));
            }
        }
        inserted_top
    }

    /// Adds a text node of the player's own (negative id) as the last child of `parent`.
    pub(crate) fn add_synthetic_text(&mut self, parent: NodeId, text: impl Into<Text>) -> NodeId {
        self.add_synthetic_text_at(parent, text, Place::End)
    }

    /// Adds a text node of the player's own (negative id) to `parent`'s children at `place`.
    pub(crate) fn add_synthetic_text_at(&mut self, parent: NodeId, text: impl Into<Text>, place: Place) -> NodeId {
        let id = self.synthetic_id();
        self.put(
            id,
            VNode {
                parent: Some(parent),
                children: Vec::new(),
                in_shadow: false,
                kind: VKind::Text(text.into()),
            },
        );
        self.attach(parent, id, place);
        id
    }

    /// Links `child` into `parent`'s children at `place` (last when the reference is not a child).
    pub(crate) fn attach(&mut self, parent: NodeId, child: NodeId, place: Place) -> bool {
        let Some(p) = self.node_mut(parent) else {
            return false;
        };
        let at = match place {
            Place::End => None,
            Place::Before(b) => p.children.iter().position(|c| *c == b),
            Place::After(a) => p.children.iter().position(|c| *c == a).map(|i| i + 1),
        };
        match at {
            Some(i) => p.children.insert(i, child),
            None => p.children.push(child),
        }
        if let Some(c) = self.node_mut(child) {
            c.parent = Some(parent);
        }
        true
    }
}
