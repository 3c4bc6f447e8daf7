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
/// `canvas.rs`) keeps the box a canvas element has.
const PLAYER_CSS: &str = "* { overflow-anchor: none !important; }\n\
:where(canvas) { display: inline-block; aspect-ratio: auto; width: fit-content; height: fit-content; overflow: hidden; }";

/// Empties a document and sets its mode (a doctype written through the parser gives
/// standards mode; none gives quirks mode, as recorded) and its referrer policy: no request of
/// the replay ever says where it came from (recorded `<meta name=referrer>` and
/// `referrerpolicy` are dropped by the core, so nothing changes it back). Only this fixed text
/// is ever written.
/// Opening a document gives it the player's URL: it is set back to the player's path without
/// its query (which may name a recording's signed URL), so the replay never carries it.
/// What a reset writes: a doctype (standards mode) or none (quirks), then the policy.
const STANDARDS: &str = "<!DOCTYPE html><meta name=\"referrer\" content=\"no-referrer\">";
const QUIRKS: &str = "<meta name=\"referrer\" content=\"no-referrer\">";

pub fn reset_document(doc: &Document, quirks: bool) {
    // A document already in the right mode is only emptied. Opening one gives it the player's
    // address, and Chromium then sends that address as the referrer of every request its CSS
    // makes, whatever the referrer policy: the player's frame starts as a document of its own
    // (`prepare_frame`), and is opened only when a page needs the other mode.
    if dom::is_quirks(doc) != quirks && dom::open(doc).is_ok() {
        let _ = dom::write(doc, if quirks { QUIRKS } else { STANDARDS });
        let _ = dom::close(doc);
        // The opened document has the player's address: keep its path, never its query.
        if let (Some(view), Some(player)) = (dom::default_view(doc), web_sys::window()) {
            let loc = player.location();
            if let (Ok(origin), Ok(path), Ok(history)) = (loc.origin(), loc.pathname(), view.history()) {
                let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&format!("{origin}{path}")));
            }
        }
    }
    // Bounded: a child that cannot be removed ends the loop instead of spinning on it.
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

/// Whether a DOM node is one the player added (canvas images, font and adopted styles).
pub fn is_internal(node: &Node) -> bool {
    realm::as_element(node).is_some_and(|e| dom::has_attribute(e, INTERNAL_ATTR))
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
            VKind::DocType {
                name,
                public_id,
                system_id,
            } => match dom::create_document_type(doc, name, public_id, system_id) {
                Ok(dt) => dt,
                Err(e) => {
                    self.warn(format!("node {id}: doctype {name:?} refused ({})", detail(&e)));
                    return None;
                }
            },
            VKind::Element(e) => self.create_element(doc, id, e)?.into(),
            VKind::Text(t) => dom::create_text_node(doc, t),
            VKind::CData => dom::create_text_node(doc, ""),
            VKind::Comment(t) => dom::create_comment(doc, t),
        };
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

/// Gives the replay iframe a document of its own before anything is rendered: a standards-mode
/// page from a `blob:` URL of the player's origin, with no referrer policy to lose. A document
/// at a local URL sends no referrer at all (not even from its CSS), and its address is not the
/// player's (whose query may name a recording's signed URL). Resolves once it has loaded, or
/// after two seconds whatever happened.
pub async fn prepare_frame(frame: &HtmlIFrameElement) {
    const PAGE: &str = "<!DOCTYPE html><meta name=\"referrer\" content=\"no-referrer\"><title>Replay</title>";
    let parts = js_sys::Array::of1(&JsValue::from_str(PAGE));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/html");
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    let loaded = js_sys::Promise::new(&mut |resolve, _| {
        let _ = frame.add_event_listener_with_callback("load", &resolve);
        if let Some(w) = web_sys::window() {
            let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 2_000);
        }
    });
    frame.set_src(&url);
    let _ = wasm_bindgen_futures::JsFuture::from(loaded).await;
    let _ = web_sys::Url::revoke_object_url(&url);
}
