//! The renderer: turns the core's mirror into DOM inside the sandboxed replay iframe.
//!
//! It decides nothing: tags, attributes and CSS arrive sanitised from the core, and the
//! renderer only creates, places and updates nodes, keeping a map from node id to DOM node.

mod build;
mod inspect;
mod realm;
mod state;

use std::collections::{HashMap, HashSet};

use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::Mirror;
use web_sys::{Document, HtmlIFrameElement, Node};

/// Renders one replay iframe.
pub struct Renderer {
    frame: HtmlIFrameElement,
    nodes: HashMap<NodeId, Node>,
    /// Documents the renderer built (the page, and same-origin iframes inside it).
    documents: HashSet<NodeId>,
    /// What could not be rendered (bad names the browser refused, …).
    pub warnings: Vec<String>,
}

impl Renderer {
    pub fn new(frame: HtmlIFrameElement) -> Self {
        Renderer {
            frame,
            nodes: HashMap::new(),
            documents: HashSet::new(),
            warnings: Vec::new(),
        }
    }

    /// The replay iframe's document.
    pub fn document(&self) -> Option<Document> {
        self.frame.content_document()
    }

    pub fn frame(&self) -> &HtmlIFrameElement {
        &self.frame
    }

    /// The DOM node rendered for a mirror node.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(&id)
    }

    /// Rebuilds the whole page from the mirror (first frame, or a new page), then applies
    /// element state (values, media) and, after layout, scroll positions.
    pub fn render(&mut self, mirror: &Mirror) {
        self.nodes.clear();
        self.documents.clear();
        let (Some(root), Some(doc)) = (mirror.root(), self.document()) else {
            self.warnings.push("the replay frame has no document".to_owned());
            return;
        };
        self.build_document(mirror, root, &doc);
        self.apply_state(mirror);
    }
}
