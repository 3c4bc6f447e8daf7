//! Creating DOM nodes from mirror nodes.

use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::{Mirror, Namespace, VElement, VKind};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, HtmlIFrameElement, Node, ShadowRootInit, ShadowRootMode};

use super::Renderer;

pub const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";
/// Marks nodes the player adds itself (not part of the recording).
pub const INTERNAL_ATTR: &str = "data-tapedeck";

use super::realm::{self, error_message as detail};

/// Empties a document and sets its mode (a doctype written through the parser gives
/// standards mode; none gives quirks mode, as recorded).
fn reset_document(doc: &Document, quirks: bool) {
    let html: &web_sys::HtmlDocument = doc.unchecked_ref();
    {
        if html.open().is_ok() {
            let text = if quirks { "" } else { "<!DOCTYPE html>" };
            let _ = html.write(&js_sys::Array::of1(&JsValue::from_str(text)));
            let _ = html.close();
        }
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
            if let Some(created) = self.create(mirror, id, &parent) {
                if let Some(node) = mirror.node(id) {
                    for c in node.children.iter().rev() {
                        stack.push((*c, created.clone()));
                    }
                }
            }
        }
    }

    /// Creates node `id` and appends it to `parent` (or to its shadow root). Returns the node
    /// its children go into.
    fn create(&mut self, mirror: &Mirror, id: NodeId, parent: &Node) -> Option<Node> {
        let node = mirror.node(id)?;
        let doc = realm::as_document(parent)
            .cloned()
            .or_else(|| parent.owner_document())?;
        let container: Node = if node.in_shadow {
            let host = realm::as_element(parent)?;
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
        } else {
            parent.clone()
        };
        let created: Node = match &node.kind {
            VKind::Document { .. } => {
                // A same-origin iframe's own document: build into the iframe's content document.
                let frame: &HtmlIFrameElement = realm::as_html(parent, "iframe")?;
                let inner = frame.content_document()?;
                self.build_document(mirror, id, &inner);
                return None;
            }
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
            VKind::Element(e) => self.create_element(&doc, id, e)?.into(),
            VKind::Text(t) => doc.create_text_node(t).into(),
            VKind::CData => doc.create_text_node("").into(),
            VKind::Comment(t) => doc.create_comment(t).into(),
        };
        if let Err(e) = container.append_child(&created) {
            self.warnings
                .push(format!("node {id}: cannot be placed ({})", detail(&e)));
            return None;
        }
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
        if let Some(src) = &e.state.image {
            // A canvas in a script-less document shows its children: show the bitmap as an image.
            if let Ok(img) = doc.create_element("img") {
                let attr = |n: &str, d: &str| {
                    e.attrs
                        .iter()
                        .find(|(k, _)| k == n)
                        .map_or(d.to_owned(), |(_, v)| v.clone())
                };
                let _ = img.set_attribute(INTERNAL_ATTR, "canvas-image");
                let _ = img.set_attribute("src", src);
                let _ = img.set_attribute("width", &attr("width", "300"));
                let _ = img.set_attribute("height", &attr("height", "150"));
                let _ = img.set_attribute("alt", "");
                let _ = img.set_attribute(
                    "style",
                    "width:inherit;height:inherit;max-width:inherit;max-height:inherit;vertical-align:top",
                );
                let _ = el.append_child(&img);
            }
        }
        Some(el)
    }
}
