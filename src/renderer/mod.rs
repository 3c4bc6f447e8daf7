//! The renderer: turns the core's mirror and patches into DOM inside the sandboxed replay
//! iframe.
//!
//! It decides nothing: tags, attributes and CSS arrive sanitised from the core, and the
//! renderer only creates, places and updates nodes, keeping a map from node id to DOM node.

mod build;
mod canvas;
mod inspect;
mod page;
mod patch;
mod realm;
mod state;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::Mirror;
use web_sys::{Document, HtmlIFrameElement, Node};

pub use build::INTERNAL_ATTR;
use canvas::CanvasPainter;

/// Renders one replay iframe.
pub struct Renderer {
    frame: HtmlIFrameElement,
    nodes: HashMap<NodeId, Node>,
    /// Documents the renderer built (the page, and same-origin iframes inside it).
    documents: HashSet<NodeId>,
    canvas: CanvasPainter,
    /// Shadow hosts given adopted style sheets (to clean up when they change).
    adopted_hosts: Vec<NodeId>,
    /// What could not be rendered (bad names the browser refused, …).
    pub warnings: Vec<String>,
}

impl Renderer {
    pub fn new(frame: HtmlIFrameElement) -> Self {
        Renderer {
            frame,
            nodes: HashMap::new(),
            documents: HashSet::new(),
            canvas: CanvasPainter::default(),
            adopted_hosts: Vec::new(),
            warnings: Vec::new(),
        }
    }

    /// Called when an image a canvas waits for has loaded: the frame should be painted again.
    pub fn on_asset_ready(&mut self, f: Rc<dyn Fn()>) {
        self.canvas.on_ready = Some(f);
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
    /// element and page state and, after layout, scroll positions. `now` is the replay time
    /// (epoch ms).
    pub fn render(&mut self, mirror: &Mirror, now: f64) {
        self.nodes.clear();
        self.documents.clear();
        self.canvas.retain(|_| false);
        let (Some(root), Some(doc)) = (mirror.root(), self.document()) else {
            self.warnings.push("the replay frame has no document".to_owned());
            return;
        };
        self.build_document(mirror, root, &doc);
        self.apply_all_state(mirror, now);
        self.apply_page(mirror);
        self.apply_scrolls(mirror);
    }

    /// Paints canvases again (an image they needed has loaded).
    pub fn repaint_canvases(&mut self, mirror: &Mirror, now: f64) {
        let ids: Vec<NodeId> = self.nodes.keys().copied().collect();
        for id in ids {
            if mirror.element(id).is_some_and(|e| e.state.canvas.is_some()) {
                self.apply_state(mirror, id, now);
            }
        }
    }
}
