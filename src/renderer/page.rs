//! Page-level state: fonts the page loaded, adopted style sheets, the text selection. Fonts and
//! adopted sheets are rendered as `<style>` elements of the player's own (CSS text, sanitised
//! by the core), so nothing is constructed in the replay's script realm.

use tapedeck_core::mirror::css::{FOCUS_ATTR, FOCUS_VISIBLE_ATTR, FOCUS_WITHIN_ATTR};
use tapedeck_core::mirror::Mirror;
use web_sys::{Document, Element, Node};

use super::build::INTERNAL_ATTR;
use super::dom;
use super::realm::{self, as_document};
use super::Renderer;

impl Renderer {
    pub(super) fn apply_page(&mut self, mirror: &Mirror) {
        let Some(doc) = self.document() else { return };
        // Remove what was rendered before (in every document and shadow root it went to),
        // then render the current state.
        for old in self.page_styles.drain(..) {
            dom::detach(&old);
        }
        let page = &mirror.page;
        if !page.fonts.is_empty() {
            self.page_styles
                .extend(add_style(&doc, &head_of(&doc), "fonts", &page.fonts.join("\n")));
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
            self.page_styles
                .extend(add_style(&owner, &target, "adopted", &css.join("\n")));
        }
        self.apply_selection(mirror);
        self.apply_focus(mirror);
    }

    /// Marks the recorded focus (see `mirror::css::hover_rules`): `:focus` and `:focus-visible`
    /// on the element, `:focus-within` on it and its ancestors, out of shadow roots and frames.
    /// The replay's own focus is never moved: the player keeps the keyboard. (Chromium drops a
    /// frame's focused element as soon as focus leaves the frame, so the replay's
    /// `activeElement` could follow the recording only with the keyboard inside the replay,
    /// where the viewer's keys would type into its fields and toggle its checkboxes.)
    fn apply_focus(&mut self, mirror: &Mirror) {
        for el in self.focused.drain(..) {
            for attr in [FOCUS_ATTR, FOCUS_VISIBLE_ATTR, FOCUS_WITHIN_ATTR] {
                let _ = dom::remove_attribute(&el, attr);
            }
        }
        let Some((id, visible)) = mirror.page.focus else { return };
        let mut cur = Some(id);
        let mut first = true;
        while let Some(n) = cur {
            if let Some(el) = self.nodes.get(&n).and_then(realm::as_element) {
                if first {
                    let _ = dom::set_attribute(el, FOCUS_ATTR, "");
                    if visible {
                        let _ = dom::set_attribute(el, FOCUS_VISIBLE_ATTR, "");
                    }
                }
                let _ = dom::set_attribute(el, FOCUS_WITHIN_ATTR, "");
                self.focused.push(el.clone());
            }
            first = false;
            cur = mirror.node(n).and_then(|node| node.parent);
        }
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

fn add_style(doc: &Document, parent: &Node, kind: &str, css: &str) -> Option<Element> {
    let style = dom::create_element(doc, "style").ok()?;
    let _ = dom::set_attribute(&style, INTERNAL_ATTR, kind);
    dom::set_text_content(&style, css);
    dom::append_child(parent, &style).ok()?;
    Some(style)
}
