//! Reading the rendered DOM back in the mirror's serialised form (for tests and checks).

use tapedeck_core::mirror::escape;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlIFrameElement, Node};

use super::build::INTERNAL_ATTR;
use super::dom;
use super::realm;
use super::Renderer;
use tapedeck_core::mirror::css::{FOCUS_ATTR, FOCUS_VISIBLE_ATTR, FOCUS_WITHIN_ATTR, HOVER_ATTR};

impl Renderer {
    /// The rendered page serialised like [`tapedeck_core::mirror::Mirror::serialize`].
    pub fn serialize(&self) -> String {
        let mut out = String::new();
        if let Some(doc) = self.document() {
            self.serialize_children(&doc.into(), &mut out);
        }
        out
    }

    fn serialize_children(&self, node: &Node, out: &mut String) {
        let mut child = dom::first_child(node);
        while let Some(c) = child {
            self.serialize_node(&c, out);
            child = dom::next_sibling(&c);
        }
    }

    fn serialize_node(&self, node: &Node, out: &mut String) {
        match dom::node_type(node) {
            Node::ELEMENT_NODE => {
                let el: &Element = node.unchecked_ref();
                if dom::has_attribute(el, INTERNAL_ATTR) {
                    return;
                }
                let tag = dom::local_name(el);
                out.push('<');
                out.push_str(&tag);
                let list = dom::attributes(el);
                let mut attrs: Vec<(String, String)> = (0..list.length())
                    .filter_map(|i| list.item(i))
                    .map(|a| (a.name(), a.value()))
                    .filter(|(n, _)| {
                        ![HOVER_ATTR, FOCUS_ATTR, FOCUS_VISIBLE_ATTR, FOCUS_WITHIN_ATTR].contains(&n.as_str())
                    })
                    // The page an iframe is given (`frames.rs`), never a recorded one.
                    .filter(|(n, _)| !(n == "srcdoc" && tag == "iframe"))
                    .collect();
                attrs.sort();
                for (name, value) in attrs {
                    out.push(' ');
                    out.push_str(&name);
                    out.push_str("=\"");
                    escape(&value, out);
                    out.push('"');
                }
                out.push('>');
                if let Some(root) = dom::shadow_root(el) {
                    out.push_str("<#shadow>");
                    self.serialize_children(&root.into(), out);
                    out.push_str("</#shadow>");
                }
                self.serialize_children(node, out);
                if let Some(doc) = realm::as_html::<HtmlIFrameElement>(node, "iframe")
                    .and_then(|f| f.content_document())
                    .filter(|d| self.is_built(d))
                {
                    out.push_str("<#document>");
                    self.serialize_children(&doc.into(), out);
                    out.push_str("</#document>");
                }
                out.push_str("</");
                out.push_str(&tag);
                out.push('>');
            }
            Node::TEXT_NODE => escape(&node.text_content().unwrap_or_default(), out),
            Node::COMMENT_NODE => {
                out.push_str("<!--");
                escape(&node.text_content().unwrap_or_default(), out);
                out.push_str("-->");
            }
            Node::DOCUMENT_TYPE_NODE => {
                out.push_str("<!DOCTYPE ");
                out.push_str(&node.node_name());
                out.push('>');
            }
            _ => {}
        }
    }

    fn is_built(&self, doc: &Document) -> bool {
        self.documents
            .iter()
            .filter_map(|id| self.nodes.get(id))
            .any(|n| dom::is_same_node(n, Some(doc.unchecked_ref())))
    }
}
