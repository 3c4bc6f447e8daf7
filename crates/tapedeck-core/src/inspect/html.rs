//! A subtree of the mirror as HTML text: what "copy HTML at this moment" gives. It is the
//! sanitised page (scripts are inert templates, handlers and dangerous URLs gone), never the
//! recording verbatim.

use crate::event::NodeId;
use crate::mirror::{escape, Mirror, VKind};

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
        Open(NodeId, bool),
        Text(String),
    }
    let mut out = String::new();
    let mut stack = vec![Step::Open(id, false)];
    while let Some(step) = stack.pop() {
        let (id, raw) = match step {
            Step::Text(s) => {
                out.push_str(&s);
                continue;
            }
            Step::Open(id, raw) => (id, raw),
        };
        let Some(node) = m.node(id) else { continue };
        match &node.kind {
            VKind::Document { .. } if node.parent.is_some() => {
                out.push_str(&format!("<!-- the frame's document: {} nodes -->", m.subtree(id).len()));
                continue;
            }
            VKind::Document { .. } => {}
            VKind::DocType { name, .. } => {
                out.push_str("<!DOCTYPE ");
                escape(name, &mut out);
                out.push('>');
            }
            VKind::Text(t) if raw => out.push_str(&t.replace("</", "<\\/")),
            VKind::Text(t) => escape(t, &mut out),
            VKind::Comment(t) => {
                out.push_str("<!--");
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
                let raw = RAW_TEXT.contains(&e.tag.as_str());
                stack.push(Step::Text(format!("</{}>", e.tag)));
                let (shadow, light): (Vec<NodeId>, Vec<NodeId>) = node
                    .children
                    .iter()
                    .partition(|c| m.node(**c).is_some_and(|n| n.in_shadow));
                for c in light.iter().rev() {
                    stack.push(Step::Open(*c, raw));
                }
                if !shadow.is_empty() {
                    stack.push(Step::Text("</template>".to_owned()));
                    for c in shadow.iter().rev() {
                        stack.push(Step::Open(*c, false));
                    }
                    stack.push(Step::Text("<template shadowrootmode=\"open\">".to_owned()));
                }
                continue;
            }
        }
        for c in node.children.iter().rev() {
            stack.push(Step::Open(*c, false));
        }
    }
    out
}
