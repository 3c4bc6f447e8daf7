//! Page-level state: fonts the page loaded, adopted style sheets, the text selection. Fonts and
//! adopted sheets are rendered as `<style>` elements of the player's own (CSS text, sanitised
//! by the core), so nothing is constructed in the replay's script realm.

use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::{Mirror, VKind};
use web_sys::{Document, Node};

use super::build::INTERNAL_ATTR;
use super::dom;
use super::realm::{self, as_document};
use super::Renderer;

impl Renderer {
    pub(super) fn apply_page(&mut self, mirror: &Mirror) {
        let Some(doc) = self.document() else { return };
        // Remove what was rendered before, then render the current state.
        if let Some(old) = dom::query_all(&doc, &format!("[{INTERNAL_ATTR}=fonts],[{INTERNAL_ATTR}=adopted]")) {
            for i in 0..old.length() {
                if let Some(n) = old.item(i) {
                    dom::detach(&n);
                }
            }
        }
        for host in self.shadow_hosts_with_adopted(mirror) {
            if let Some(root) = self
                .nodes
                .get(&host)
                .and_then(realm::as_element)
                .and_then(dom::shadow_root)
            {
                if let Some(old) = dom::query_all(&root, &format!("[{INTERNAL_ATTR}=adopted]")) {
                    for i in 0..old.length() {
                        if let Some(n) = old.item(i) {
                            let _ = dom::remove_child(&root, &n);
                        }
                    }
                }
            }
        }
        let page = &mirror.page;
        if !page.fonts.is_empty() {
            add_style(&doc, &head_of(&doc), "fonts", &page.fonts.join("\n"));
        }
        for (host, style_ids) in &page.adopted {
            let css: Vec<String> = style_ids
                .iter()
                .filter_map(|s| page.sheets.get(s))
                .map(|rules| rules.join("\n"))
                .collect();
            let Some(shown) = self.nodes.get(host) else { continue };
            let target: Node = match as_document(shown) {
                Some(d) => head_of(d),
                None => match realm::as_element(shown) {
                    Some(el) => match dom::shadow_root(el) {
                        Some(root) => root.into(),
                        None => continue,
                    },
                    None => continue,
                },
            };
            let owner = as_document(shown)
                .cloned()
                .or_else(|| dom::owner_document(shown))
                .unwrap_or_else(|| doc.clone());
            add_style(&owner, &target, "adopted", &css.join("\n"));
        }
        self.adopted_hosts = mirror.page.adopted.keys().copied().collect();
        self.apply_selection(mirror);
    }

    fn shadow_hosts_with_adopted(&self, mirror: &Mirror) -> Vec<NodeId> {
        self.adopted_hosts
            .iter()
            .copied()
            .chain(mirror.page.adopted.keys().copied())
            .filter(|id| matches!(mirror.node(*id).map(|n| &n.kind), Some(VKind::Element(_))))
            .collect()
    }

    fn apply_selection(&self, mirror: &Mirror) {
        let Some(doc) = self.document() else { return };
        let Some(sel) = dom::get_selection(&doc) else { return };
        let _ = sel.remove_all_ranges();
        for (start, so, end, eo) in &mirror.page.selection {
            let (Some(s), Some(e)) = (self.nodes.get(start), self.nodes.get(end)) else {
                continue;
            };
            let Ok(range) = dom::create_range(&doc) else { continue };
            if range.set_start(s, *so).is_ok() && range.set_end(e, *eo).is_ok() {
                let _ = sel.add_range(&range);
            }
        }
    }
}

fn head_of(doc: &Document) -> Node {
    dom::head(doc)
        .map(Node::from)
        .or_else(|| dom::document_element(doc).map(Node::from))
        .unwrap_or_else(|| doc.clone().into())
}

fn add_style(doc: &Document, parent: &Node, kind: &str, css: &str) {
    if let Ok(style) = dom::create_element(doc, "style") {
        let _ = dom::set_attribute(&style, INTERNAL_ATTR, kind);
        dom::set_text_content(&style, css);
        let _ = dom::append_child(parent, &style);
    }
}
