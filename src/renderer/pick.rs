//! What the inspector asks of the rendered replay: which recorded node is at a point, where a
//! node is laid out, how far it is scrolled. Read-only: nothing here changes the page.

use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::{Mirror, VKind};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, Node, ShadowRoot};

use super::{dom, realm, Renderer};

#[wasm_bindgen]
extern "C" {
    type RawHit;
    // Bound `final` (see `dom.rs`): a recorded `<img name="elementFromPoint">` cannot answer.
    #[wasm_bindgen(method, final, js_class = "Document", js_name = elementFromPoint)]
    fn document_element_from_point(this: &RawHit, x: f32, y: f32) -> Option<Element>;
    #[wasm_bindgen(method, final, js_class = "ShadowRoot", js_name = elementFromPoint)]
    fn shadow_element_from_point(this: &RawHit, x: f32, y: f32) -> Option<Element>;
}

fn hit<T: JsCast>(x: &T) -> &RawHit {
    x.unchecked_ref()
}

/// Deepest shadow roots and frames followed when picking.
const MAX_HOPS: usize = 32;

impl Renderer {
    /// The recorded id of a rendered node.
    pub fn id_of(&self, node: &Node) -> Option<NodeId> {
        let mut cache = self.reverse.borrow_mut();
        let map = cache.get_or_insert_with(|| {
            let map = js_sys::WeakMap::new();
            for (id, n) in &self.nodes {
                map.set(n.unchecked_ref(), &JsValue::from_f64(*id as f64));
            }
            map
        });
        map.get(node.unchecked_ref()).as_f64().map(|f| f as NodeId)
    }

    /// The recorded element at (`x`, `y`) of the replay's viewport (recorded page pixels),
    /// looking into open shadow roots and the recorded iframes' documents.
    pub fn node_at(&self, mirror: &Mirror, x: f64, y: f64) -> Option<NodeId> {
        let doc = self.document()?;
        let (mut x, mut y) = (x, y);
        let mut el = hit(&doc).document_element_from_point(x as f32, y as f32)?;
        for _ in 0..MAX_HOPS {
            if let Some(root) = dom::shadow_root(&el) {
                match hit::<ShadowRoot>(&root).shadow_element_from_point(x as f32, y as f32) {
                    Some(inner) if !dom::is_same_node(inner.unchecked_ref(), Some(el.unchecked_ref())) => {
                        el = inner;
                        continue;
                    }
                    _ => {}
                }
            }
            // A recorded iframe: into the document the renderer built for it.
            let inner_doc = self
                .id_of(el.unchecked_ref())
                .and_then(|id| mirror.node(id))
                .and_then(|n| {
                    n.children
                        .iter()
                        .copied()
                        .find(|c| matches!(mirror.node(*c).map(|n| &n.kind), Some(VKind::Document { .. })))
                })
                .and_then(|d| self.nodes.get(&d))
                .and_then(|d| realm::as_document(d).cloned());
            match inner_doc {
                Some(d) => {
                    let r = dom::bounding_rect(&el);
                    x -= r.x();
                    y -= r.y();
                    match hit::<Document>(&d).document_element_from_point(x as f32, y as f32) {
                        Some(inner) => el = inner,
                        None => break,
                    }
                }
                None => break,
            }
        }
        // The nearest recorded node at or above it (the player's own marks are not recorded).
        let mut cur: Option<Node> = Some(el.into());
        while let Some(n) = cur {
            if let Some(id) = self.id_of(&n) {
                return Some(id);
            }
            cur = match dom::parent_node(&n) {
                Some(p) if dom::node_type(&p) == dom::DOCUMENT_FRAGMENT_NODE => dom::shadow_host(&p).map(Node::from),
                other => other,
            };
        }
        None
    }

    /// Where node `id` is laid out in the replay's viewport (recorded page pixels; offsets of
    /// the recorded iframes it is in added): x, y, width, height. A text node gives its
    /// parent element's box.
    pub fn node_box(&self, mirror: &Mirror, id: NodeId) -> Option<(f64, f64, f64, f64)> {
        let el_id = match mirror.node(id)?.kind {
            VKind::Element(_) => id,
            VKind::Text(_) | VKind::Comment(_) => mirror.node(id)?.parent?,
            _ => return None,
        };
        let el = self.nodes.get(&el_id).and_then(realm::as_element)?;
        let r = dom::bounding_rect(el);
        let (mut x, mut y) = (r.x(), r.y());
        let mut cur = mirror.node(el_id)?.parent;
        for _ in 0..tapedeck_core::mirror::MAX_NODE_DEPTH {
            let Some(p) = cur else { break };
            let Some(node) = mirror.node(p) else { break };
            if let (VKind::Document { .. }, Some(frame)) = (&node.kind, node.parent) {
                if let Some(f) = self.nodes.get(&frame).and_then(realm::as_element) {
                    let fr = dom::bounding_rect(f);
                    x += fr.x();
                    y += fr.y();
                }
            }
            cur = node.parent;
        }
        Some((x, y, r.width(), r.height()))
    }

    /// How far element `id` is scrolled (left, top) as rendered; the page's own offset for the
    /// document.
    pub fn node_scroll(&self, id: NodeId) -> Option<(f64, f64)> {
        let n = self.nodes.get(&id)?;
        if let Some(d) = realm::as_document(n) {
            return dom::scrolling_element(d).map(|e| dom::scroll_offset(&e));
        }
        realm::as_element(n).map(dom::scroll_offset)
    }
}
