//! Page-level state: fonts the page loaded, adopted style sheets, the text selection, the
//! recorded focus. Fonts are rendered as a `<style>` of the player's own; adopted sheets are
//! constructed sheets of each document's realm (their CSS text sanitised by the core; no page
//! script runs to build them).

use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::css::{FOCUS_ATTR, FOCUS_VISIBLE_ATTR, FOCUS_WITHIN_ATTR};
use tapedeck_core::mirror::Mirror;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node};

use super::build::INTERNAL_ATTR;
use super::dom;
use super::realm::{self, as_document, error_message};
use super::Renderer;

impl Renderer {
    pub(super) fn apply_page(&mut self, mirror: &Mirror) {
        let Some(doc) = self.document() else { return };
        // Remove what was rendered before, then render the current state.
        for old in self.page_styles.drain(..) {
            dom::detach(&old);
        }
        let page = &mirror.page;
        if !page.fonts.is_empty() {
            self.page_styles
                .extend(add_style(&doc, &head_of(&doc), "fonts", &page.fonts.join("\n")));
        }
        self.apply_adopted(mirror);
        self.apply_selection(mirror);
        self.apply_focus(mirror);
    }

    /// Adopted style sheets as the page had them: real constructed sheets, one per recorded
    /// sheet and document, so a sheet adopted by a document and its shadow roots is one sheet
    /// there too. Every document and shadow root given sheets before is emptied first.
    fn apply_adopted(&mut self, mirror: &Mirror) {
        let none = js_sys::Array::new();
        for target in self.adopted_targets.drain(..) {
            let _ = dom::set_adopted(&target, &none);
        }
        let page = &mirror.page;
        let mut made: Vec<(Document, NodeId, JsValue)> = Vec::new();
        let mut refused: Vec<String> = Vec::new();
        for (host, style_ids) in &page.adopted {
            let Some(shown) = self.nodes.get(host) else { continue };
            let (target, owner): (Node, Document) = match as_document(shown) {
                Some(d) => (d.clone().into(), d.clone()),
                None => match (
                    realm::as_element(shown).and_then(dom::shadow_root),
                    dom::owner_document(shown),
                ) {
                    (Some(root), Some(owner)) => (root.into(), owner),
                    _ => continue,
                },
            };
            let list = js_sys::Array::new();
            for style in style_ids {
                let Some(rules) = page.sheets.get(style) else { continue };
                let known = made.iter().find(|(d, s, _)| s == style && d == &owner);
                let sheet = match known {
                    Some((_, _, sheet)) => sheet.clone(),
                    None => match dom::construct_sheet(&owner, &rules.join("\n")) {
                        Ok(sheet) => {
                            made.push((owner.clone(), *style, sheet.clone()));
                            sheet
                        }
                        Err(e) => {
                            refused.push(format!("adopted style sheet {style}: refused ({})", error_message(&e)));
                            continue;
                        }
                    },
                };
                list.push(&sheet);
            }
            match dom::set_adopted(&target, &list) {
                Ok(()) => self.adopted_targets.push(target),
                Err(e) => refused.push(format!(
                    "adopted style sheets of node {host}: refused ({})",
                    error_message(&e)
                )),
            }
        }
        for r in refused {
            self.warn(r);
        }
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
