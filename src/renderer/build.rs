//! Creating DOM nodes from mirror nodes, and building whole documents.

use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::{Mirror, Namespace, VElement, VKind};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlIFrameElement, Node, ShadowRootInit, ShadowRootMode};

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
/// `canvas.rs`) keeps the box a canvas element has.
const PLAYER_CSS: &str = "* { overflow-anchor: none !important; }\n\
:where(canvas) { display: inline-block; aspect-ratio: auto; width: fit-content; height: fit-content; overflow: hidden; }";

/// Empties a document and sets its mode (a doctype written through the parser gives
/// standards mode; none gives quirks mode, as recorded). Only this fixed text is ever written.
pub fn reset_document(doc: &Document, quirks: bool) {
    let html: &web_sys::HtmlDocument = doc.unchecked_ref();
    if html.open().is_ok() {
        let text = if quirks { "" } else { "<!DOCTYPE html>" };
        let _ = html.write(&js_sys::Array::of1(&JsValue::from_str(text)));
        let _ = html.close();
    }
    while let Some(child) = doc.first_child() {
        let _ = doc.remove_child(&child);
    }
}

pub fn set_attribute(el: &Element, name: &str, value: &str) -> Result<(), JsValue> {
    if name.starts_with("xlink:") {
        el.set_attribute_ns(Some(XLINK_NS), name, value)
    } else if name.starts_with("xml:") {
        el.set_attribute_ns(Some(XML_NS), name, value)
    } else {
        el.set_attribute(name, value)
    }
}

fn add_player_style(doc: &Document) {
    let parent: Option<Node> = doc
        .head()
        .map(Node::from)
        .or_else(|| doc.document_element().map(Node::from));
    if let (Some(parent), Ok(style)) = (parent, doc.create_element("style")) {
        let _ = style.set_attribute(INTERNAL_ATTR, "player");
        style.set_text_content(Some(PLAYER_CSS));
        let _ = parent.insert_before(&style, parent.first_child().as_ref());
    }
}

/// Whether a DOM node is one the player added (canvas images, font and adopted styles).
pub fn is_internal(node: &Node) -> bool {
    realm::as_element(node).is_some_and(|e| e.has_attribute(INTERNAL_ATTR))
}

impl Renderer {
    /// Builds document `id` of the mirror into `doc`, iteratively (recordings can nest deeply).
    pub(super) fn build_document(&mut self, mirror: &Mirror, id: NodeId, doc: &Document) {
        let quirks = matches!(
            mirror.node(id).map(|n| &n.kind),
            Some(VKind::Document { quirks: true, .. })
        );
        reset_document(doc, quirks);
        self.nodes.insert(id, doc.clone().into());
        self.documents.insert(id);
        let Some(node) = mirror.node(id) else { return };
        let mut stack: Vec<(NodeId, Node)> = node.children.iter().rev().map(|c| (*c, doc.clone().into())).collect();
        while let Some((id, parent)) = stack.pop() {
            let Some(node) = mirror.node(id) else { continue };
            if matches!(node.kind, VKind::Document { .. }) {
                // A same-origin iframe's own document: build into the iframe's content document.
                if let Some(inner) =
                    realm::as_html::<HtmlIFrameElement>(&parent, "iframe").and_then(|f| f.content_document())
                {
                    self.build_document(mirror, id, &inner);
                }
                continue;
            }
            let Some(created) = self.create_node(doc, mirror, id) else {
                continue;
            };
            if self.append(&parent, &created, node.in_shadow, id) {
                for c in node.children.iter().rev() {
                    stack.push((*c, created.clone()));
                }
            }
        }
        add_player_style(doc);
    }

    /// The node children of `parent` go into: the element, or its shadow root for shadow children.
    pub(super) fn container(&mut self, parent: &Node, shadow: bool, id: NodeId) -> Node {
        if !shadow {
            return parent.clone();
        }
        let Some(host) = realm::as_element(parent) else {
            return parent.clone();
        };
        match host.shadow_root() {
            Some(root) => root.into(),
            None => match host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)) {
                Ok(root) => root.into(),
                Err(e) => {
                    self.warnings
                        .push(format!("node {id}: cannot attach a shadow root ({})", detail(&e)));
                    parent.clone()
                }
            },
        }
    }

    fn append(&mut self, parent: &Node, child: &Node, shadow: bool, id: NodeId) -> bool {
        let container = self.container(parent, shadow, id);
        match container.append_child(child) {
            Ok(_) => true,
            Err(e) => {
                self.warnings
                    .push(format!("node {id}: cannot be placed ({})", detail(&e)));
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
            VKind::DocType {
                name,
                public_id,
                system_id,
            } => match doc
                .implementation()
                .ok()?
                .create_document_type(name, public_id, system_id)
            {
                Ok(dt) => dt.into(),
                Err(e) => {
                    self.warnings
                        .push(format!("node {id}: doctype {name:?} refused ({})", detail(&e)));
                    return None;
                }
            },
            VKind::Element(e) => self.create_element(doc, id, e)?.into(),
            VKind::Text(t) => doc.create_text_node(t).into(),
            VKind::CData => doc.create_text_node("").into(),
            VKind::Comment(t) => doc.create_comment(t).into(),
        };
        self.nodes.insert(id, created.clone());
        Some(created)
    }

    fn create_element(&mut self, doc: &Document, id: NodeId, e: &VElement) -> Option<Element> {
        let el = match e.ns {
            Namespace::Svg => doc.create_element_ns(Some(SVG_NS), &e.tag),
            Namespace::Html => doc.create_element(&e.tag),
        };
        let el = match el {
            Ok(el) => el,
            Err(err) => {
                self.warnings.push(format!(
                    "node {id}: <{}> refused ({}); shown as <span>",
                    e.tag,
                    detail(&err)
                ));
                doc.create_element("span").ok()?
            }
        };
        for (name, value) in &e.attrs {
            if let Err(err) = set_attribute(&el, name, value) {
                self.warnings
                    .push(format!("node {id}: attribute {name:?} refused ({})", detail(&err)));
            }
        }
        Some(el)
    }
}
