//! Applying the core's patches: the only way the replay's DOM changes after a rebuild.

use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::{Mirror, Patch, VKind};
use tapedeck_core::sanitize::is_style_tag;
use web_sys::Node;

use super::build::{is_internal, set_attribute};
use super::dom;
use super::realm::{self, as_html, error_message};
use super::Renderer;

impl Renderer {
    /// Applies `patches` (computed against `mirror`, the state to show at replay time `now`,
    /// epoch ms), then scroll offsets after layout.
    pub fn apply(&mut self, mirror: &Mirror, patches: &[Patch], now: f64) {
        if !patches.is_empty() {
            self.reverse.replace(None);
        }
        if self.building() {
            // The page shown is partly built (and the patches assume it whole): build `mirror`.
            self.render(mirror, now);
            return;
        }
        let Some(doc) = self.document() else { return };
        let mut page = false;
        // Nodes created, removed or moved: page state is placed again (focus marks, adopted
        // sheets of new shadow roots) and modal dialogs shown modal again.
        let mut structural = false;
        let mut resized: Vec<NodeId> = Vec::new();
        let mut styles: Vec<NodeId> = Vec::new();
        for p in patches {
            structural |= matches!(
                p,
                Patch::Remove(_) | Patch::Reuse { .. } | Patch::Create(_) | Patch::Children(_)
            );
            match p {
                Patch::Rebuild => {
                    self.render(mirror, now);
                    return;
                }
                Patch::Remove(id) => {
                    if let Some(n) = self.nodes.remove(id) {
                        dom::detach(&n);
                    }
                    self.documents.remove(id);
                    self.canvas.forget(*id);
                }
                Patch::Reuse { from, to } => {
                    self.rename(*from, *to);
                    // The texts it held may be gone without a patch of their own.
                    if is_style(mirror, *to) {
                        styles.push(*to);
                    }
                    styles.extend(style_of(mirror, *to));
                }
                Patch::Create(id) => {
                    // A style's texts are not nodes of their own (see `show_style_text`).
                    match style_of(mirror, *id) {
                        Some(style) => styles.push(style),
                        None => {
                            self.create_node(&doc, mirror, *id);
                        }
                    }
                }
                Patch::Attrs { id, set, remove } => {
                    let Some(el) = self.nodes.get(id).and_then(realm::as_element).cloned() else {
                        continue;
                    };
                    for name in remove {
                        let _ = dom::remove_attribute(&el, name);
                    }
                    for (name, value) in set {
                        if let Err(e) = set_attribute(&el, name, value) {
                            self.warn(format!("node {id}: attribute {name:?} refused ({})", error_message(&e)));
                        }
                    }
                    // A canvas given a new size: its image (or blank box) is sized again.
                    let sized = |n: &str| n.eq_ignore_ascii_case("width") || n.eq_ignore_ascii_case("height");
                    if (set.iter().any(|(n, _)| sized(n)) || remove.iter().any(|n| sized(n)))
                        && as_html::<web_sys::Element>(&el, "canvas").is_some()
                    {
                        resized.push(*id);
                    }
                }
                Patch::Text(id, text) => {
                    // A text moved into a `<style>` keeps its node, detached, for when it
                    // moves out again.
                    if let Some(n) = self.nodes.get(id) {
                        dom::set_node_value(n, text);
                    }
                    styles.extend(style_of(mirror, *id));
                }
                Patch::Children(id) if is_style(mirror, *id) => styles.push(*id),
                Patch::Children(id) => self.order_children(mirror, *id),
                Patch::State(id) => self.apply_state(mirror, *id, now),
                Patch::Page => page = true,
            }
        }
        tapedeck_core::order::sort_by_whole(&mut styles, |id| *id);
        styles.dedup();
        for style in styles {
            self.show_style_text(mirror, style);
        }
        // Frames' documents that could be built now are, before page state: their adopted
        // sheets and focus marks go into them.
        let built = self.build_waiting(mirror);
        if built {
            self.apply_all_state(mirror, now);
        }
        for id in resized {
            self.apply_state(mirror, id, now);
        }
        if structural || built {
            self.modals.retain(|id| mirror.node(*id).is_some());
            for id in self.modals.clone() {
                self.apply_state(mirror, id, now);
            }
        }
        if page || built || structural {
            self.apply_page(mirror);
        }
        self.apply_scrolls(mirror);
    }

    /// Shows the text of `<style>` `id` as one DOM text, set at once. The core may hold a
    /// sheet whose rules the page edits in many chunks, and the browser parses a `<style>`'s
    /// whole sheet again at each change of its children: set whole, a seek that changes many
    /// chunks costs one parse.
    pub(super) fn show_style_text(&mut self, mirror: &Mirror, id: NodeId) {
        if let Some(el) = self.nodes.get(&id) {
            let css = mirror.style_text(id);
            // A reused `<style>` mostly shows the same sheet: not parsed again.
            if el.text_content().as_deref() != Some(css.as_str()) {
                dom::set_text_content(el, &css);
            }
        }
    }

    /// The DOM node shown for `from` shows `to` from now on (with what is kept for it).
    fn rename(&mut self, from: NodeId, to: NodeId) {
        let Some(n) = self.nodes.remove(&from) else { return };
        self.nodes.insert(to, n);
        if self.documents.remove(&from) {
            self.documents.insert(to);
        }
        self.canvas.rename(from, to);
        self.frames.rename(from, to);
        let mut scrolled = self.scrolled.borrow_mut();
        if scrolled.remove(&from) {
            // Reset to the top below, unless `to` is scrolled too.
            scrolled.insert(to);
        }
    }

    /// Makes the DOM children of `id` the mirror's, in order (light and shadow separately).
    fn order_children(&mut self, mirror: &Mirror, id: NodeId) {
        let (Some(node), Some(shown_node)) = (mirror.node(id), self.nodes.get(&id).cloned()) else {
            return;
        };
        // An iframe's document child: (re)build it into the iframe's content document.
        if let VKind::Element(_) = &node.kind {
            if let Some(frame) = as_html::<web_sys::HtmlIFrameElement>(&shown_node, "iframe") {
                let frame = frame.clone();
                for c in &node.children {
                    if matches!(mirror.node(*c).map(|n| &n.kind), Some(VKind::Document { .. })) {
                        let inner = frame.content_document();
                        let shown = self
                            .nodes
                            .get(c)
                            .is_some_and(|n| dom::is_same_node(n, inner.as_ref().map(|d| d.as_ref())));
                        if !shown && dom::is_connected(&frame) {
                            self.frame_document(mirror, *c, &frame);
                        }
                    }
                }
                return;
            }
        }
        let mut light = Vec::new();
        let mut shadow = Vec::new();
        for c in &node.children {
            if !self.nodes.contains_key(c) && matches!(mirror.node(*c).map(|n| &n.kind), Some(VKind::Text(_))) {
                // A text moved out of a `<style>` (whose texts have no node of their own).
                if let Some(doc) = dom::owner_document(&shown_node) {
                    self.create_node(&doc, mirror, *c);
                }
            }
            if let (Some(cn), Some(cd)) = (mirror.node(*c), self.nodes.get(c)) {
                if cn.in_shadow {
                    shadow.push(cd.clone());
                } else {
                    light.push(cd.clone());
                }
            }
        }
        let light_container = shown_node.clone();
        self.reorder(&light_container, &light, id);
        let has_shadow_root = realm::as_element(&shown_node).is_some_and(|e| dom::shadow_root(e).is_some());
        if !shadow.is_empty() || has_shadow_root {
            let container = self.container(&shown_node, true, id);
            self.reorder(&container, &shadow, id);
        }
    }

    fn reorder(&mut self, container: &Node, wanted: &[Node], id: NodeId) {
        let skip_internal = |mut n: Option<Node>| {
            while let Some(x) = &n {
                if is_internal(x) {
                    n = dom::next_sibling(x);
                } else {
                    break;
                }
            }
            n
        };
        let mut cursor = skip_internal(dom::first_child(container));
        for child in wanted {
            if cursor.as_ref().is_some_and(|c| dom::is_same_node(c, Some(child))) {
                cursor = skip_internal(cursor.and_then(|c| dom::next_sibling(&c)));
                continue;
            }
            if let Err(e) = dom::insert_before(container, child, cursor.as_ref()) {
                self.warn(format!("node {id}: a child cannot be placed ({})", error_message(&e)));
            }
        }
        // Whatever is left after the wanted children is no longer there.
        while let Some(c) = cursor {
            let next = skip_internal(dom::next_sibling(&c));
            if !is_internal(&c) {
                let _ = dom::remove_child(container, &c);
            }
            cursor = next;
        }
    }
}

/// Whether mirror node `id` is a `<style>` element (its text is shown whole).
pub(super) fn is_style(mirror: &Mirror, id: NodeId) -> bool {
    mirror.element(id).is_some_and(|e| is_style_tag(&e.tag))
}

/// The `<style>` a text node of the mirror is a child of.
fn style_of(mirror: &Mirror, id: NodeId) -> Option<NodeId> {
    let node = mirror.node(id)?;
    let parent = node.parent?;
    (matches!(node.kind, VKind::Text(_)) && !node.in_shadow && is_style(mirror, parent)).then_some(parent)
}
