//! Creating DOM nodes from mirror nodes, and building whole documents.

use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::{Mirror, Namespace, VElement, VKind};
use wasm_bindgen::JsValue;
use web_sys::{Document, Element, HtmlIFrameElement, Node};

use super::dom;
use super::realm::{self, error_message as detail};
use super::Renderer;

pub const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// Marks nodes the player adds itself (not part of the recording): the renderer leaves them
/// alone when it orders children, and tests skip them.
pub const INTERNAL_ATTR: &str = "data-tapedeck";

/// The player's own rules in every replayed document. Zero specificity (`:where`): any rule of
/// the page wins. Scroll anchoring is off so that a recorded offset stays the offset shown when
/// fonts and images arrive later; a canvas (shown through its fallback `<img>`, see
/// `canvas.rs`) keeps the box a canvas element has; the recorded focus, when the browser
/// showed it, has the browser's own focus ring (its `:focus-visible` rule, which the page's
/// rules override as they did).
const PLAYER_CSS: &str = "* { overflow-anchor: none !important; }\n\
:where(canvas) { display: inline-block; aspect-ratio: auto; width: fit-content; height: fit-content; overflow: hidden; }\n\
:where([data-tapedeck-focus-visible]) { outline: auto 1px -webkit-focus-ring-color; }";

/// Empties a document. Bounded: a child that cannot be removed ends the loop instead of
/// spinning on it.
pub fn empty_document(doc: &Document) {
    while let Some(child) = dom::first_child(doc) {
        if dom::remove_child(doc, &child).is_err() {
            break;
        }
    }
}

pub fn set_attribute(el: &Element, name: &str, value: &str) -> Result<(), JsValue> {
    if name.starts_with("xlink:") {
        dom::set_attribute_ns(el, XLINK_NS, name, value)
    } else if name.starts_with("xml:") {
        dom::set_attribute_ns(el, XML_NS, name, value)
    } else {
        dom::set_attribute(el, name, value)
    }
}

fn add_player_style(doc: &Document) {
    let parent: Option<Node> = dom::head(doc)
        .map(Node::from)
        .or_else(|| dom::document_element(doc).map(Node::from));
    if let (Some(parent), Ok(style)) = (parent, dom::create_element(doc, "style")) {
        let _ = dom::set_attribute(&style, INTERNAL_ATTR, "player");
        dom::set_text_content(&style, PLAYER_CSS);
        let _ = dom::insert_before(&parent, &style, dom::first_child(&parent).as_ref());
    }
}

/// Whether a DOM node is one the player added (canvas images, its own and font styles).
pub fn is_internal(node: &Node) -> bool {
    realm::as_element(node).is_some_and(|e| dom::has_attribute(e, INTERNAL_ATTR))
}

/// A document being built: the nodes still to create, each with the DOM node it goes under,
/// and the document's own children, built detached and placed in it when all is built (one
/// insertion into the live document instead of one per node).
pub(super) struct BuildJob {
    doc: Document,
    /// Each node to create with its parent; `None`: the document itself (placed last).
    stack: Vec<(NodeId, Option<Node>)>,
    roots: Vec<(NodeId, Node)>,
}

impl Renderer {
    /// Builds document `id` of the mirror into `doc`, iteratively (recordings can nest deeply).
    /// The documents of recorded iframes are not built here: each is asked for (`frames.rs`).
    pub(super) fn build_document(&mut self, mirror: &Mirror, id: NodeId, doc: &Document) {
        let mut job = self.begin_document(mirror, id, doc);
        self.build_some(mirror, &mut job, usize::MAX);
    }

    /// Empties `doc` and makes it document `id`: what is left to build is in the job.
    pub(super) fn begin_document(&mut self, mirror: &Mirror, id: NodeId, doc: &Document) -> BuildJob {
        empty_document(doc);
        self.reverse.get_mut().take();
        self.nodes.insert(id, doc.clone().into());
        self.documents.insert(id);
        let stack = mirror.node(id).map_or_else(Vec::new, |node| {
            node.children.iter().rev().map(|c| (*c, None)).collect()
        });
        BuildJob {
            doc: doc.clone(),
            stack,
            roots: Vec::new(),
        }
    }

    /// Creates and places at most `budget` nodes of the job; when none is left, adds the
    /// player's style and returns true.
    pub(super) fn build_some(&mut self, mirror: &Mirror, job: &mut BuildJob, budget: usize) -> bool {
        let doc = job.doc.clone();
        let mut made = 0usize;
        while made < budget {
            let Some((id, parent)) = job.stack.pop() else { break };
            made += 1;
            let Some(node) = mirror.node(id) else { continue };
            if matches!(node.kind, VKind::Document { .. }) {
                // A same-origin iframe's own document: in a page the iframe is given.
                if let Some(frame) = parent
                    .as_ref()
                    .and_then(|p| realm::as_html::<HtmlIFrameElement>(p, "iframe"))
                {
                    self.frame_document(mirror, id, frame);
                }
                continue;
            }
            let Some(created) = self.create_node(&doc, mirror, id) else {
                continue;
            };
            let style = super::patch::is_style(mirror, id);
            if style {
                // Its text, whole, before it is placed: the sheet is parsed once.
                self.show_style_text(mirror, id);
            }
            let placed = match &parent {
                Some(parent) => self.append(parent, &created, node.in_shadow, id),
                None => {
                    job.roots.push((id, created.clone()));
                    true
                }
            };
            if placed && !style {
                for c in node.children.iter().rev() {
                    job.stack.push((*c, Some(created.clone())));
                }
            }
        }
        if job.stack.is_empty() {
            for (id, root) in std::mem::take(&mut job.roots) {
                self.append(doc.as_ref(), &root, false, id);
            }
            add_player_style(&doc);
            return true;
        }
        false
    }

    /// The node children of `parent` go into: the element, or its shadow root for shadow children.
    pub(super) fn container(&mut self, parent: &Node, shadow: bool, id: NodeId) -> Node {
        if !shadow {
            return parent.clone();
        }
        let Some(host) = realm::as_element(parent) else {
            return parent.clone();
        };
        match dom::shadow_root(host) {
            Some(root) => root.into(),
            None => match dom::attach_shadow(host) {
                Ok(root) => root.into(),
                Err(e) => {
                    self.warn(format!("node {id}: cannot attach a shadow root ({})", detail(&e)));
                    parent.clone()
                }
            },
        }
    }

    fn append(&mut self, parent: &Node, child: &Node, shadow: bool, id: NodeId) -> bool {
        let container = self.container(parent, shadow, id);
        match dom::append_child(&container, child) {
            Ok(_) => true,
            Err(e) => {
                self.warn(format!("node {id}: cannot be placed ({})", detail(&e)));
                self.nodes.remove(&id);
                false
            }
        }
    }

    /// Creates node `id`, detached and without children, and remembers it. Documents are not
    /// created: they are the content documents of their iframes.
    pub(super) fn create_node(&mut self, doc: &Document, mirror: &Mirror, id: NodeId) -> Option<Node> {
        let node = mirror.node(id)?;
        let created: Node = match &node.kind {
            VKind::Document { .. } => return None,
            VKind::DocType(t) => match dom::create_document_type(doc, &t.name, &t.public_id, &t.system_id) {
                Ok(dt) => dt,
                Err(e) => {
                    self.warn(format!("node {id}: doctype {:?} refused ({})", t.name, detail(&e)));
                    return None;
                }
            },
            VKind::Element(e) => self.create_element(doc, id, e)?.into(),
            VKind::Text(t) => dom::create_text_node(doc, t),
            VKind::CData => dom::create_text_node(doc, ""),
            VKind::Comment(t) => dom::create_comment(doc, t),
        };
        self.reverse.get_mut().take();
        self.nodes.insert(id, created.clone());
        Some(created)
    }

    fn create_element(&mut self, doc: &Document, id: NodeId, e: &VElement) -> Option<Element> {
        let el = match e.ns {
            Namespace::Svg => dom::create_element_ns(doc, SVG_NS, &e.tag),
            Namespace::Html => dom::create_element(doc, &e.tag),
        };
        let el = match el {
            Ok(el) => el,
            Err(err) => {
                self.warn(format!(
                    "node {id}: <{}> refused ({}); shown as <span>",
                    e.tag,
                    detail(&err)
                ));
                dom::create_element(doc, "span").ok()?
            }
        };
        for (name, value) in &e.attrs {
            if let Err(err) = set_attribute(&el, name, value) {
                self.warn(format!("node {id}: attribute {name:?} refused ({})", detail(&err)));
            }
        }
        Some(el)
    }
}
