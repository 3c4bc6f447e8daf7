//! Casting nodes of the replay document.
//!
//! Replayed nodes belong to the iframe's realm, where `instanceof` against the player's own
//! constructors is false (so `dyn_ref` fails): cast by node type and tag name instead.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, Element, Node};

use super::dom;

pub fn as_document(n: &Node) -> Option<&Document> {
    (dom::node_type(n) == dom::DOCUMENT_NODE).then(|| n.unchecked_ref())
}

pub fn as_element(n: &Node) -> Option<&Element> {
    (dom::node_type(n) == dom::ELEMENT_NODE).then(|| n.unchecked_ref())
}

/// The element's local name if `n` is an HTML-namespace element.
pub fn html_tag(n: &Node) -> Option<String> {
    let el = as_element(n)?;
    (dom::namespace_uri(el).as_deref() == Some("http://www.w3.org/1999/xhtml")).then(|| dom::local_name(el))
}

/// `n` as `T` when it is the HTML element `tag`.
pub fn as_html<'a, T: JsCast>(n: &'a Node, tag: &str) -> Option<&'a T> {
    (html_tag(n).as_deref() == Some(tag)).then(|| n.unchecked_ref())
}

/// The message of an exception from any realm.
pub fn error_message(e: &JsValue) -> String {
    js_sys::Reflect::get(e, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .unwrap_or_else(|| format!("{e:?}"))
}
