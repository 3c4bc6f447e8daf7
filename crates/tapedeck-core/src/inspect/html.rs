//! A subtree of the mirror as HTML text: what "copy HTML at this moment" gives. It is the
//! sanitised page (scripts are inert templates, handlers and dangerous URLs gone), never the
//! recording verbatim.

use crate::event::NodeId;
use crate::mirror::{escape, Mirror, Namespace, VKind};

/// Elements that have no end tag.
const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr",
];

/// Elements whose text the HTML parser reads raw (not as markup).
const RAW_TEXT: [&str; 4] = ["style", "xmp", "noembed", "noframes"];

/// The subtree at `id` as HTML. Shadow roots are `<template shadowrootmode="open">`; an
/// iframe's recorded document is left out (a comment says how many nodes it held).
pub fn outer_html(m: &Mirror, id: NodeId) -> String {
    enum Step {
        /// A node; whether its text is raw (a style's), whether it is in SVG or MathML.
        Open(NodeId, bool, bool),
        Text(String),
    }
    let mut out = String::new();
    let mut stack = vec![Step::Open(id, false, false)];
    while let Some(step) = stack.pop() {
        let (id, raw, foreign) = match step {
            Step::Text(s) => {
                out.push_str(&s);
                continue;
            }
            Step::Open(id, raw, foreign) => (id, raw, foreign),
        };
        let Some(node) = m.node(id) else { continue };
        match &node.kind {
            VKind::Document { .. } if node.parent.is_some() => {
                out.push_str(&format!("<!-- the frame's document: {} nodes -->", m.subtree(id).len()));
                continue;
            }
            VKind::Document { .. } => {}
            VKind::DocType(t) => {
                out.push_str("<!DOCTYPE ");
                escape(&t.name, &mut out);
                out.push('>');
            }
            VKind::Text(t) if raw => out.push_str(&t.replace("</", "<\\/")),
            VKind::Text(t) => escape(t, &mut out),
            VKind::Comment(t) => {
                out.push_str("<!--");
                // `<!-->` and `<!--->` end a comment where they start.
                if t.starts_with('>') || t.starts_with("->") {
                    out.push(' ');
                }
                out.push_str(&t.replace("--", "- -"));
                out.push_str("-->");
            }
            VKind::CData => {}
            VKind::Element(e) => {
                out.push('<');
                out.push_str(&e.tag);
                for (k, v) in &e.attrs {
                    out.push(' ');
                    out.push_str(k);
                    out.push_str("=\"");
                    escape(v, &mut out);
                    out.push('"');
                }
                out.push('>');
                if VOID.contains(&e.tag.as_str()) {
                    continue;
                }
                // In SVG or MathML the parser reads a `<style>`'s text as markup: escaped there.
                let foreign = foreign || e.ns != Namespace::Html || matches!(e.tag.as_str(), "svg" | "math");
                let raw = RAW_TEXT.contains(&e.tag.as_str()) && !foreign;
                stack.push(Step::Text(format!("</{}>", e.tag)));
                let (shadow, light): (Vec<NodeId>, Vec<NodeId>) = node
                    .children
                    .iter()
                    .partition(|c| m.node(**c).is_some_and(|n| n.in_shadow));
                for c in light.iter().rev() {
                    stack.push(Step::Open(*c, raw, foreign));
                }
                if !shadow.is_empty() {
                    stack.push(Step::Text("</template>".to_owned()));
                    for c in shadow.iter().rev() {
                        stack.push(Step::Open(*c, false, foreign));
                    }
                    stack.push(Step::Text("<template shadowrootmode=\"open\">".to_owned()));
                }
                continue;
            }
        }
        for c in node.children.iter().rev() {
            stack.push(Step::Open(*c, false, foreign));
        }
    }
    out
}
