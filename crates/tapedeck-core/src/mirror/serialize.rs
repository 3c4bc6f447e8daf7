//! A deterministic text form of the mirror, for tests: what the replayed DOM must look like.
//!
//! The browser tests serialise the iframe's DOM the same way and compare the two strings.

use super::{Mirror, VKind};
use crate::event::NodeId;
use crate::text::Text;

/// Escapes text for the serialised form.
pub fn escape(s: &str, out: &mut String) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
}

impl Mirror {
    /// Serialises the subtree at `id`: elements as `<tag a="v">…</tag>` (attributes sorted), shadow roots as
    /// `<#shadow>…</#shadow>`, iframe documents inline as `<#document>…</#document>`. CDATA
    /// sections (always empty in recordings) print nothing. A `<style>` holds its sheet: its own
    /// texts, concatenated (the player shows nothing else in it).
    pub fn serialize(&self, id: NodeId) -> String {
        enum Step {
            Open(NodeId),
            Close(String),
        }
        let mut out = String::new();
        let mut stack = vec![Step::Open(id)];
        while let Some(step) = stack.pop() {
            let id = match step {
                Step::Close(s) => {
                    out.push_str(&s);
                    continue;
                }
                Step::Open(id) => id,
            };
            let Some(node) = self.node(id) else { continue };
            let mut close = String::new();
            match &node.kind {
                VKind::Document { .. } => {
                    if node.parent.is_some() {
                        out.push_str("<#document>");
                        close = "</#document>".to_owned();
                    }
                }
                VKind::DocType(t) => {
                    out.push_str("<!DOCTYPE ");
                    out.push_str(&t.name);
                    out.push('>');
                }
                VKind::Element(e) => {
                    out.push('<');
                    out.push_str(&e.tag);
                    let mut attrs: Vec<&(Text, Text)> = e.attrs.iter().collect();
                    attrs.sort();
                    for (k, v) in attrs {
                        out.push(' ');
                        out.push_str(k);
                        out.push_str("=\"");
                        escape(v, &mut out);
                        out.push('"');
                    }
                    out.push('>');
                    if crate::sanitize::is_style_tag(&e.tag) {
                        // Its sheet, as the player shows it: its own texts, one text.
                        escape(&self.style_text(id), &mut out);
                        out.push_str("</");
                        out.push_str(&e.tag);
                        out.push('>');
                        continue;
                    }
                    close = format!("</{}>", e.tag);
                }
                VKind::Text(t) => escape(t, &mut out),
                VKind::CData => {}
                VKind::Comment(t) => {
                    out.push_str("<!--");
                    escape(t, &mut out);
                    out.push_str("-->");
                }
            }
            stack.push(Step::Close(close));
            let (shadow, light): (Vec<NodeId>, Vec<NodeId>) = node
                .children
                .iter()
                .partition(|c| self.node(**c).is_some_and(|n| n.in_shadow));
            for c in light.iter().rev() {
                stack.push(Step::Open(*c));
            }
            if !shadow.is_empty() {
                stack.push(Step::Close("</#shadow>".to_owned()));
                for c in shadow.iter().rev() {
                    stack.push(Step::Open(*c));
                }
                stack.push(Step::Close("<#shadow>".to_owned()));
            }
        }
        out
    }
}
