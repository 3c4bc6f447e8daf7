//! Page-level state: fonts the page loaded, adopted style sheets, the text selection, the
//! recorded focus. Fonts are rendered as a `<style>` of the player's own; adopted sheets are
//! constructed sheets of each document's realm (their CSS text sanitised by the core; no page
//! script runs to build them).

use std::collections::{HashMap, HashSet};
use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::css::{FOCUS_ATTR, FOCUS_VISIBLE_ATTR, FOCUS_WITHIN_ATTR};

use tapedeck_core::mirror::{Mirror, VKind};
use tapedeck_core::text::Text;
use wasm_bindgen::JsValue;
use web_sys::{Document, Element, Node};

use super::build::INTERNAL_ATTR;
use super::dom;
use super::realm::{self, as_document, error_message};
use super::Renderer;

/// What the renderer shows of the page's fonts and adopted sheets, to change only what changed
/// (a focus change or a moved node re-renders page state; sheets are not rebuilt for that).
#[derive(Default)]
pub(super) struct PageShown {
    /// The font rules shown, and the `<style>` showing them.
    fonts: Vec<String>,
    font_style: Option<Element>,
    /// Constructed sheets by (mirror document, recorded sheet): the document they belong to,
    /// the rules they hold, the sheet.
    sheets: HashMap<(NodeId, NodeId), (Document, Vec<Text>, JsValue)>,
    /// Per document or shadow host: the document or shadow root given sheets, and which.
    adopted: HashMap<NodeId, (Node, Vec<NodeId>)>,
}

impl PageShown {
    /// The page is rebuilt: the fonts' `<style>` goes (adopted sheets stay until the next
    /// `apply_page` empties or reuses them: a document keeps them through a rebuild).
    pub(super) fn forget_fonts(&mut self) {
        if let Some(old) = self.font_style.take() {
            dom::detach(&old);
        }
        self.fonts.clear();
    }
}

impl Renderer {
    /// Page-level state: fonts, adopted sheets, selection, focus. Run after page changes and
    /// after the DOM's structure changed (nodes created, moved, documents built).
    pub(super) fn apply_page(&mut self, mirror: &Mirror) {
        let Some(doc) = self.document() else { return };
        let page = &mirror.page;
        if page.fonts != self.page_shown.fonts || self.page_shown.font_style.is_none() {
            self.page_shown.forget_fonts();
            if !page.fonts.is_empty() {
                self.page_shown.font_style = add_style(&doc, &head_of(&doc), "fonts", &page.fonts.join("\n"));
                self.page_shown.fonts = page.fonts.clone();
            }
        }
        self.apply_adopted(mirror);
        self.apply_selection(mirror);
        self.apply_focus(mirror);
    }

    /// Adopted style sheets as the page had them: real constructed sheets, one per recorded
    /// sheet and document, so a sheet adopted by a document and its shadow roots is one sheet
    /// there too; a sheet whose rules changed is replaced in place. A document or shadow root
    /// is given its list only when it changed; one that adopts nothing any more is emptied.
    fn apply_adopted(&mut self, mirror: &Mirror) {
        let page = &mirror.page;
        let mut shown = std::mem::take(&mut self.page_shown.adopted);
        let mut sheets = std::mem::take(&mut self.page_shown.sheets);
        let mut used: HashSet<(NodeId, NodeId)> = HashSet::new();
        let mut refused: Vec<String> = Vec::new();
        let mut adopted = HashMap::new();
        for (host, style_ids) in &page.adopted {
            let Some(shown_node) = self.nodes.get(host) else {
                continue;
            };
            let (target, owner): (Node, Document) = match as_document(shown_node) {
                Some(d) => (d.clone().into(), d.clone()),
                None => match (
                    realm::as_element(shown_node).and_then(dom::shadow_root),
                    dom::owner_document(shown_node),
                ) {
                    (Some(root), Some(owner)) => (root.into(), owner),
                    _ => continue,
                },
            };
            let doc_id = owner_document_id(mirror, *host);
            let list = js_sys::Array::new();
            let mut fresh = false;
            for style in style_ids {
                let Some(rules) = page.sheets.get(style) else { continue };
                let key = (doc_id, *style);
                used.insert(key);
                match sheets.get_mut(&key) {
                    Some((d, had, sheet)) if *d == owner => {
                        if had != rules {
                            if let Err(e) = dom::replace_sheet(sheet, &rules.join("\n")) {
                                refused.push(format!("adopted style sheet {style}: refused ({})", error_message(&e)));
                            }
                            *had = rules.clone();
                        }
                        list.push(sheet);
                    }
                    _ => match dom::construct_sheet(&owner, &rules.join("\n")) {
                        Ok(sheet) => {
                            list.push(&sheet);
                            sheets.insert(key, (owner.clone(), rules.clone(), sheet));
                            fresh = true;
                        }
                        Err(e) => refused.push(format!("adopted style sheet {style}: refused ({})", error_message(&e))),
                    },
                }
            }
            let same = shown.remove(host).filter(|(t, ids)| t == &target && ids == style_ids);
            if same.is_none() || fresh {
                if let Err(e) = dom::set_adopted(&target, &list) {
                    refused.push(format!(
                        "adopted style sheets of node {host}: refused ({})",
                        error_message(&e)
                    ));
                    continue;
                }
            }
            adopted.insert(*host, (target, style_ids.clone()));
        }
        // What adopts nothing any more (or is gone) is emptied.
        let none = js_sys::Array::new();
        for (target, _) in shown.into_values() {
            let _ = dom::set_adopted(&target, &none);
        }
        sheets.retain(|k, _| used.contains(k));
        self.page_shown.sheets = sheets;
        self.page_shown.adopted = adopted;
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
    ///
    /// Marks already on the same elements are left alone: taken off and put back on every seek,
    /// they made the browser restyle the focused element's ancestors each time.
    fn apply_focus(&mut self, mirror: &Mirror) {
        let focus = mirror.page.focus;
        let mut chain: Vec<web_sys::Element> = Vec::new();
        let mut cur = focus.map(|(id, _)| id);
        while let Some(n) = cur {
            if let Some(el) = self.nodes.get(&n).and_then(realm::as_element) {
                chain.push(el.clone());
            }
            cur = mirror.node(n).and_then(|node| node.parent);
        }
        if focus == self.focus_shown && chain == self.focused {
            return;
        }
        for el in self.focused.drain(..) {
            for attr in [FOCUS_ATTR, FOCUS_VISIBLE_ATTR, FOCUS_WITHIN_ATTR] {
                let _ = dom::remove_attribute(&el, attr);
            }
        }
        self.focus_shown = focus;
        let Some((id, visible)) = focus else { return };
        let first = self.nodes.get(&id).and_then(realm::as_element);
        for el in &chain {
            if first == Some(el) {
                let _ = dom::set_attribute(el, FOCUS_ATTR, "");
                if visible {
                    let _ = dom::set_attribute(el, FOCUS_VISIBLE_ATTR, "");
                }
            }
            let _ = dom::set_attribute(el, FOCUS_WITHIN_ATTR, "");
        }
        self.focused = chain;
    }

    /// The recorded selection. Left alone when the ranges put last are still where it says (a
    /// range follows the DOM's changes; reading it costs no layout, unlike asking the selection):
    /// made again on every seek, it cost 2 ms a seek on an editor page.
    fn apply_selection(&mut self, mirror: &Mirror) {
        let Some(doc) = self.document() else { return };
        let wanted: Vec<(Node, u32, Node, u32)> = mirror
            .page
            .selection
            .iter()
            .filter_map(|(start, so, end, eo)| {
                Some((self.nodes.get(start)?.clone(), *so, self.nodes.get(end)?.clone(), *eo))
            })
            .collect();
        let same = wanted.len() == self.selection_shown.len()
            && wanted.iter().zip(&self.selection_shown).all(|((s, so, e, eo), r)| {
                r.start_container().ok().as_ref() == Some(s)
                    && r.start_offset().ok() == Some(*so)
                    && r.end_container().ok().as_ref() == Some(e)
                    && r.end_offset().ok() == Some(*eo)
            });
        if same {
            return;
        }
        let Some(sel) = dom::get_selection(&doc) else { return };
        let _ = sel.remove_all_ranges();
        self.selection_shown.clear();
        for (s, so, e, eo) in wanted {
            let Ok(range) = dom::create_range(&doc) else { continue };
            if range.set_start(&s, so).is_ok() && range.set_end(&e, eo).is_ok() && sel.add_range(&range).is_ok() {
                self.selection_shown.push(range);
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

/// The mirror document `id` is in (or is).
fn owner_document_id(mirror: &Mirror, id: NodeId) -> NodeId {
    let mut cur = id;
    while let Some(node) = mirror.node(cur) {
        match (&node.kind, node.parent) {
            (VKind::Document { .. }, _) | (_, None) => return cur,
            (_, Some(p)) => cur = p,
        }
    }
    cur
}

fn add_style(doc: &Document, parent: &Node, kind: &str, css: &str) -> Option<Element> {
    let style = dom::create_element(doc, "style").ok()?;
    let _ = dom::set_attribute(&style, INTERNAL_ATTR, kind);
    dom::set_text_content(&style, css);
    dom::append_child(parent, &style).ok()?;
    Some(style)
}
