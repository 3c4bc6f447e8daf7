//! The virtual-DOM mirror: the page as the replay must show it, sanitised, keyed by node id.
//!
//! The mirror holds what the renderer creates, never what the recording said verbatim: tags,
//! attributes and CSS have gone through [`crate::sanitize`] on the way in. Scroll offsets, input
//! values, media state and canvas images are state the renderer applies after creating a node.

mod build;
mod serialize;

use std::collections::HashMap;

use crate::event::NodeId;
pub use crate::sanitize::Namespace;
pub use serialize::escape;

/// One node of the mirror.
#[derive(Debug, Clone, PartialEq)]
pub struct VNode {
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    /// Child of its parent's shadow root rather than of the parent itself.
    pub in_shadow: bool,
    pub kind: VKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum VKind {
    /// The page's document, or the content document of a same-origin iframe.
    Document {
        quirks: bool,
        scroll: Option<(f64, f64)>,
    },
    DocType {
        name: String,
        public_id: String,
        system_id: String,
    },
    Element(Box<VElement>),
    Text(String),
    CData,
    Comment(String),
}

#[derive(Debug, Clone, PartialEq)]
pub struct VElement {
    /// The tag the renderer creates (scripts are `template`s).
    pub tag: String,
    /// The tag as recorded, lower-cased (decides how later attribute changes are sanitised).
    pub recorded_tag: String,
    pub ns: Namespace,
    /// Attributes to set, sanitised, in recorded order.
    pub attrs: Vec<(String, String)>,
    pub shadow_host: bool,
    pub state: ElementState,
}

/// Live state of an element that attributes do not carry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ElementState {
    /// Element scroll offset (left, top).
    pub scroll: Option<(f64, f64)>,
    /// Current value of an input, textarea or select.
    pub value: Option<String>,
    pub checked: Option<bool>,
    pub media: Option<MediaState>,
    /// The bitmap of a canvas, as an image URL (shown as an `<img>` inside the canvas).
    pub image: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct MediaState {
    pub paused: bool,
    pub current_time: f64,
    pub rate: f64,
    pub muted: bool,
    pub volume: f64,
    pub looping: bool,
}

impl Default for MediaState {
    fn default() -> Self {
        MediaState {
            paused: true,
            current_time: 0.0,
            rate: 1.0,
            muted: false,
            volume: 1.0,
            looping: false,
        }
    }
}

/// The mirror of one page.
#[derive(Debug, Clone, Default)]
pub struct Mirror {
    nodes: HashMap<NodeId, VNode>,
    root: Option<NodeId>,
    /// Ids for nodes the player adds itself (the text of a `<style>` rebuilt from `_cssText`).
    next_synthetic: NodeId,
}

impl Mirror {
    /// The page's document node.
    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    pub fn node(&self, id: NodeId) -> Option<&VNode> {
        self.nodes.get(&id)
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.nodes.is_empty()
    }

    pub fn element(&self, id: NodeId) -> Option<&VElement> {
        match &self.nodes.get(&id)?.kind {
            VKind::Element(e) => Some(e),
            _ => None,
        }
    }

    fn synthetic_id(&mut self) -> NodeId {
        self.next_synthetic -= 1;
        self.next_synthetic
    }

    /// Ids of `id` and all its descendants, in document order (shadow children included).
    pub fn subtree(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            if let Some(node) = self.nodes.get(&n) {
                out.push(n);
                stack.extend(node.children.iter().rev());
            }
        }
        out
    }

    /// Text of every text node under `id`, concatenated (like `textContent`).
    pub fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        for n in self.subtree(id) {
            if let Some(VNode {
                kind: VKind::Text(t), ..
            }) = self.nodes.get(&n)
            {
                out.push_str(t);
            }
        }
        out
    }
}
