//! Style sheets in the mirror: the text of `<style>` elements, rule and declaration edits,
//! constructed (adopted) sheets and fonts. Every CSS text goes through the sanitiser.

use std::sync::Arc;

use super::rules::{edit_constructed, EditedStyle, Op};
use super::{css, Mirror, VKind};
use crate::event::*;
use crate::text::Text;

/// Adopted style sheets kept per document or shadow root.
const MAX_ADOPTED: usize = 256;

impl Mirror {
    /// What a recorded text becomes as the text of node `id` (or, for an element, as its only
    /// text child): the CSS of a `<style>` is sanitised like any sheet.
    pub(super) fn text_for(&self, id: NodeId, value: &str, warnings: &mut Vec<String>) -> Text {
        let styled = match self.node(id) {
            Some(n) if matches!(n.kind, VKind::Text(_)) => n.parent,
            Some(n) if matches!(n.kind, VKind::Element(_)) => Some(id),
            _ => None,
        };
        match styled.and_then(|p| self.element(p)) {
            Some(e) if crate::sanitize::is_style_tag(&e.tag) => self.policy.style_sheet(value).into(),
            _ => super::clip_text(value, id, warnings),
        }
    }

    /// The CSS text of a `<style>` element (its text children).
    pub(super) fn sheet_text(&self, id: NodeId) -> Option<String> {
        self.element(id)?;
        Some(self.style_text(id))
    }

    /// Replaces the CSS text of a `<style>` element: it goes in the first text child.
    pub(crate) fn set_sheet_text(&mut self, id: NodeId, text: String) {
        let texts = self.children_where(id, |k| matches!(k, VKind::Text(_)));
        match texts.split_first() {
            Some((first, rest)) => {
                if let Some(VKind::Text(t)) = self.node_mut(*first).map(|n| &mut n.kind) {
                    *t = text.into();
                }
                for &r in rest {
                    if let Some(VKind::Text(t)) = self.node_mut(r).map(|n| &mut n.kind) {
                        *t = Text::default();
                    }
                }
            }
            None => {
                self.add_synthetic_text(id, text);
            }
        }
    }

    /// Before the rules of `<style>` `id` are edited: keeps the recorded texts of its children.
    pub(super) fn keep_recorded_texts(&mut self, id: NodeId) {
        if self.edited.contains_key(&id) {
            return;
        }
        let recorded = self
            .children_where(id, |k| matches!(k, VKind::Text(_)))
            .into_iter()
            .filter_map(|c| match &self.node(c)?.kind {
                VKind::Text(t) => Some((c, t.clone())),
                _ => None,
            })
            .collect();
        let edited = EditedStyle {
            recorded,
            chunks: Vec::new(),
        };
        Arc::make_mut(&mut self.edited).insert(id, edited);
    }

    /// A mutation about to change the text of `<style>` elements whose rules were edited: their
    /// text children get their recorded texts back first (the browser builds a style's rules
    /// anew from its text when the text changes, losing every `insertRule` and declaration edit).
    pub(super) fn reset_edited_styles(&mut self, m: &Mutation) {
        if self.edited.is_empty() {
            return;
        }
        let parent = |id: NodeId| self.node(id).and_then(|n| n.parent);
        let mut touched: Vec<NodeId> = Vec::new();
        touched.extend(m.removes.iter().filter_map(|r| parent(r.id)));
        touched.extend(m.adds.iter().map(|a| a.parent_id));
        touched.extend(m.texts.iter().flat_map(|t| [Some(t.id), parent(t.id)]).flatten());
        touched.extend(
            m.attributes
                .iter()
                .filter(|a| a.attributes.iter().any(|(n, _)| n == "_cssText"))
                .map(|a| a.id),
        );
        for id in touched {
            if !self.edited.contains_key(&id) {
                continue;
            }
            let Some(saved) = Arc::make_mut(&mut self.edited).remove(&id) else {
                continue;
            };
            let mut saved: std::collections::HashMap<NodeId, Text> = saved.recorded.into_iter().collect();
            for c in self.children_where(id, |k| matches!(k, VKind::Text(_))) {
                // A text the edits added (a chunk of the player's own) is not the page's: it goes.
                self.put_text(c, saved.remove(&c).unwrap_or_default());
            }
        }
    }

    /// Replays rule edits (`replace` first, then `ops` in order) on a constructed sheet
    /// (`style_id`) or a `<style>` (`id`). The first edit that fails is reported, with the
    /// ones after it.
    fn edit_sheet(
        &mut self,
        id: Option<NodeId>,
        style_id: Option<NodeId>,
        replace: Option<&str>,
        ops: &[Op],
        warnings: &mut Vec<String>,
    ) {
        if let Some(sid) = style_id {
            let policy = self.policy;
            let rules = Arc::make_mut(&mut self.page).sheets.entry(sid).or_default();
            if let Some(all) = replace {
                // Each rule sanitised as it is rendered: on its own (and closed at its end).
                *rules = css::split_rules(all)
                    .iter()
                    .map(|r| policy.style_sheet(r).into())
                    .collect();
            }
            for op in ops {
                if let Err(e) = edit_constructed(rules, *op, &policy) {
                    warnings.push(format!("style sheet {sid}: {e}"));
                    break;
                }
            }
            return;
        }
        let Some(id) = id else {
            warnings.push("style sheet change without a target".to_owned());
            return;
        };
        if self.element(id).is_none() {
            warnings.push(format!("style sheet change on unknown node {id}"));
            return;
        }
        if let Some(all) = replace {
            self.keep_recorded_texts(id);
            self.set_sheet_text(id, self.policy.style_sheet(all));
            if let Some(s) = Arc::make_mut(&mut self.edited).get_mut(&id) {
                s.chunks.clear();
            }
        }
        for op in ops {
            if let Err(e) = self.edit_style(id, *op) {
                warnings.push(format!("style sheet of node {id}: {e}"));
                break;
            }
        }
    }

    pub(super) fn apply_sheet_rule(&mut self, r: &StyleSheetRule, warnings: &mut Vec<String>) {
        let paths: Vec<Option<Vec<u32>>> = r.adds.iter().map(|a| a.index.as_ref().map(|i| i.path())).collect();
        let removes: Vec<Vec<u32>> = r.removes.iter().map(|rm| rm.index.path()).collect();
        let ops: Vec<Op> = (r.adds.iter().zip(&paths))
            .map(|(a, p)| Op::Insert(p.as_deref(), &a.rule))
            .chain(removes.iter().map(|p| Op::Delete(p)))
            .collect();
        let replace = r.replace.as_ref().or(r.replace_sync.as_ref());
        self.edit_sheet(r.id, r.style_id, replace.map(String::as_str), &ops, warnings);
    }

    pub(super) fn apply_declaration(&mut self, d: &StyleDeclaration, warnings: &mut Vec<String>) {
        let edit = |decls: &str| {
            let mut decls = decls.to_owned();
            if let Some(set) = &d.set {
                decls = css::set_property(
                    &decls,
                    &set.property,
                    set.value.as_deref().unwrap_or(""),
                    set.priority.as_deref().unwrap_or(""),
                );
            }
            if let Some(rm) = &d.remove {
                decls = css::remove_property(&decls, &rm.property);
            }
            decls
        };
        self.edit_sheet(d.id, d.style_id, None, &[Op::Declare(&d.index, &edit)], warnings);
    }

    pub(super) fn apply_adopted(&mut self, a: &AdoptedStyleSheet, warnings: &mut Vec<String>) {
        if !self.contains(a.id) {
            warnings.push(format!("adopted style sheets on unknown node {}", a.id));
            return;
        }
        let page = Arc::make_mut(&mut self.page);
        for s in &a.styles {
            let rules = s
                .rules
                .iter()
                .map(|r| self.policy.style_sheet(&r.rule).into())
                .collect();
            page.sheets.insert(s.style_id, rules);
        }
        // The same sheet twice adopts it once (its last place counts); at most
        // MAX_ADOPTED sheets per document or shadow root.
        let mut ids: Vec<NodeId> = Vec::new();
        for id in a.style_ids.iter().rev() {
            if ids.len() == MAX_ADOPTED {
                warnings.push(format!(
                    "adopted style sheets of node {}: {} listed, the last {MAX_ADOPTED} distinct ones kept",
                    a.id,
                    a.style_ids.len()
                ));
                break;
            }
            if !ids.contains(id) {
                ids.push(*id);
            }
        }
        ids.reverse();
        page.adopted.insert(a.id, ids);
    }

    pub(super) fn apply_font(&mut self, f: &Font) {
        let src = if f.buffer {
            match serde_json::from_str::<Vec<u8>>(&f.font_source) {
                Ok(bytes) => format!("url(\"data:font/woff2;base64,{}\")", crate::base64::encode(&bytes)),
                Err(_) => return,
            }
        } else {
            // Only the URL: no quote, escape or line break of it ends the string early.
            let mut url = String::with_capacity(f.font_source.len());
            for c in f.font_source.chars() {
                match c {
                    '"' | '\\' | '\n' | '\r' | '\x0C' => url.push_str(&format!("%{:02X}", c as u32)),
                    c => url.push(c),
                }
            }
            format!("url(\"{url}\")")
        };
        let family = f.family.replace(['"', '\\', '{', '}', ';', '\n', '\r', '\x0C'], "");
        let rule = format!("@font-face {{ font-family: \"{family}\"; src: {src}; }}");
        // Fonts are rendered together in one sheet: each is closed at its end.
        let rule = self.policy.sheet(&rule).into_owned();
        Arc::make_mut(&mut self.page).fonts.push(rule);
    }
}
