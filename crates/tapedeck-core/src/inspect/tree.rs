//! The DOM tree at a moment, as rows of an Elements panel: only the children of expanded nodes
//! are listed, so a page of any size costs what is open.

use std::collections::HashSet;

use crate::event::NodeId;
use crate::mirror::{Mirror, VKind, VNode};
use crate::text::clip;

/// What a row shows.
#[derive(Debug, Clone, PartialEq)]
pub enum RowLabel {
    /// `<tag attr="value" …>`: the attributes as the replay has them (sanitised).
    Element {
        tag: String,
        attrs: Vec<(String, String)>,
    },
    Text(String),
    Comment(String),
    DocType(String),
    /// The page's document, or a nested iframe's.
    Document,
    /// The shadow root of the element `id` (a row of its own, not a recorded node).
    ShadowRoot,
}

/// One row of the tree.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeRow {
    pub id: NodeId,
    pub depth: usize,
    pub label: RowLabel,
    /// It has children to show (it can be expanded).
    pub has_children: bool,
    pub expanded: bool,
}

impl TreeRow {
    /// A key unique among the rows (a shadow root's row shares its host's id).
    pub fn key(&self) -> (NodeId, bool) {
        (self.id, matches!(self.label, RowLabel::ShadowRoot))
    }
}

/// Longest text a row shows (the details show all of it).
const ROW_TEXT_MAX: usize = 200;
/// Longest attribute value a row shows.
const ROW_ATTR_MAX: usize = 120;

/// A text node that only lays out whitespace (the browser's Elements panel hides these).
fn is_blank(node: &VNode) -> bool {
    matches!(&node.kind, VKind::Text(t) if t.trim().is_empty())
}

fn label(node: &VNode) -> RowLabel {
    match &node.kind {
        VKind::Element(e) => RowLabel::Element {
            tag: e.tag.to_string(),
            attrs: e
                .attrs
                .iter()
                .map(|(k, v)| (k.to_string(), clip(v, ROW_ATTR_MAX)))
                .collect(),
        },
        VKind::Text(t) => RowLabel::Text(clip(t.trim(), ROW_TEXT_MAX)),
        VKind::Comment(t) => RowLabel::Comment(clip(t.trim(), ROW_TEXT_MAX)),
        VKind::DocType(t) => RowLabel::DocType(t.name.clone()),
        VKind::Document { .. } => RowLabel::Document,
        VKind::CData => RowLabel::Comment("[CDATA]".to_owned()),
    }
}

/// The children a row lists: (shadow children, light children), blank text left out.
fn shown_children(m: &Mirror, node: &VNode) -> (Vec<NodeId>, Vec<NodeId>) {
    node.children
        .iter()
        .copied()
        .filter(|c| m.node(*c).is_some_and(|n| !is_blank(n)))
        .partition(|c| m.node(*c).is_some_and(|n| n.in_shadow))
}

/// The rows of the tree at `m`: the document's children, and the children of every node in
/// `expanded` whose ancestors are expanded too. A shadow host lists a `#shadow-root` row (open
/// with its host) before its light children.
pub fn tree_rows(m: &Mirror, expanded: &HashSet<NodeId>) -> Vec<TreeRow> {
    let mut out = Vec::new();
    let Some(root) = m.root() else { return out };
    let Some(doc) = m.node(root) else { return out };
    let mut stack: Vec<(NodeId, usize, bool)> = Vec::new();
    let (_, light) = shown_children(m, doc);
    for c in light.into_iter().rev() {
        stack.push((c, 0, false));
    }
    while let Some((id, depth, shadow_row)) = stack.pop() {
        let Some(node) = m.node(id) else { continue };
        if shadow_row {
            out.push(TreeRow {
                id,
                depth,
                label: RowLabel::ShadowRoot,
                has_children: true,
                expanded: true,
            });
            let (shadow, _) = shown_children(m, node);
            for c in shadow.into_iter().rev() {
                stack.push((c, depth + 1, false));
            }
            continue;
        }
        let (shadow, light) = shown_children(m, node);
        let has_children = !shadow.is_empty() || !light.is_empty();
        let open = has_children && expanded.contains(&id);
        out.push(TreeRow {
            id,
            depth,
            label: label(node),
            has_children,
            expanded: open,
        });
        if open {
            for c in light.into_iter().rev() {
                stack.push((c, depth + 1, false));
            }
            if !shadow.is_empty() {
                stack.push((id, depth + 1, true));
            }
        }
    }
    out
}

/// `id` and its ancestors, the document last.
pub fn ancestors(m: &Mirror, id: NodeId) -> Vec<NodeId> {
    let mut out = Vec::new();
    let mut cur = Some(id);
    while let Some(n) = cur {
        if out.len() > crate::mirror::MAX_NODE_DEPTH || out.contains(&n) {
            break;
        }
        let Some(node) = m.node(n) else { break };
        out.push(n);
        cur = node.parent;
    }
    out
}

/// What opens by default: the path to `selected` (when it is in the page), and the `<html>`
/// and `<body>` elements.
pub fn default_expanded(m: &Mirror, selected: Option<NodeId>) -> HashSet<NodeId> {
    let mut out = HashSet::new();
    if let Some(root) = m.root() {
        for html in m.node(root).map(|n| n.children.clone()).unwrap_or_default() {
            if m.element(html).is_some() {
                out.insert(html);
                for c in m.node(html).map(|n| n.children.clone()).unwrap_or_default() {
                    if m.element(c).is_some_and(|e| e.tag == "body") {
                        out.insert(c);
                    }
                }
            }
        }
    }
    if let Some(s) = selected {
        out.extend(ancestors(m, s).into_iter().skip(1));
    }
    out
}

/// An element in a few words, as devtools labels it over the page: `button#pay.primary`.
pub fn node_label(m: &Mirror, id: NodeId) -> String {
    let Some(node) = m.node(id) else {
        return format!("node {id}");
    };
    match &node.kind {
        VKind::Element(e) => {
            let mut s = e.recorded_tag.to_string();
            for (k, v) in &e.attrs {
                if k == "id" && !v.is_empty() {
                    s.push('#');
                    s.push_str(&clip(v, 40));
                }
            }
            for (k, v) in &e.attrs {
                if k == "class" {
                    for c in v.split_ascii_whitespace().take(3) {
                        s.push('.');
                        s.push_str(&clip(c, 40));
                    }
                }
            }
            s
        }
        VKind::Text(_) => "#text".to_owned(),
        VKind::Comment(_) => "#comment".to_owned(),
        VKind::Document { .. } => "#document".to_owned(),
        VKind::DocType { .. } => "#doctype".to_owned(),
        VKind::CData => "#cdata".to_owned(),
    }
}

/// `s` as a CSS identifier (CSSOM's `CSS.escape`).
pub fn css_escape(s: &str) -> String {
    let mut out = String::new();
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let leading_digit = c.is_ascii_digit() && (i == 0 || (i == 1 && chars[0] == '-'));
        if c == '\0' {
            out.push('\u{FFFD}');
        } else if c.is_control() || leading_digit {
            out.push_str(&format!("\\{:x} ", c as u32));
        } else if i == 0 && c == '-' && chars.len() == 1 {
            out.push_str("\\-");
        } else if c.is_ascii_alphanumeric() || c == '-' || c == '_' || !c.is_ascii() {
            out.push(c);
        } else {
            out.push('\\');
            out.push(c);
        }
    }
    out
}

/// A selector that matches `id` alone in its document (or shadow root): `#id` where the id is
/// unique, else the path of `tag:nth-child(k)` steps from the nearest unique id or the root.
/// A node inside a shadow root or an iframe's document gets the host's selector, then `>>>`.
pub fn unique_selector(m: &Mirror, id: NodeId) -> String {
    let Some(mut cur) = m.element(id).map(|_| id) else {
        return String::new();
    };
    let mut steps: Vec<String> = Vec::new();
    while let (Some(node), Some(e)) = (m.node(cur), m.element(cur)) {
        let own_id = e.attrs.iter().find(|(k, _)| k == "id").map(|(_, v)| v.as_str());
        let scope = scope_of(m, cur);
        if let Some(v) = own_id.filter(|v| !v.is_empty() && count_ids(m, scope, v) == 1) {
            steps.push(format!("#{}", css_escape(v)));
            if let Some(host) = host_of(m, cur) {
                steps.push(">>>".to_owned());
                cur = host;
                continue;
            }
            break;
        }
        let parent = node.parent.and_then(|p| m.node(p));
        let tag = css_escape(&e.recorded_tag);
        match parent {
            Some(p) if matches!(p.kind, VKind::Element(_)) => {
                let siblings: Vec<NodeId> = p
                    .children
                    .iter()
                    .copied()
                    .filter(|c| m.element(*c).is_some() && m.node(*c).is_some_and(|n| n.in_shadow == node.in_shadow))
                    .collect();
                let k = siblings.iter().position(|c| *c == cur).unwrap_or(0) + 1;
                steps.push(if siblings.len() == 1 {
                    tag
                } else {
                    format!("{tag}:nth-child({k})")
                });
                if node.in_shadow {
                    steps.push(">>>".to_owned());
                }
                cur = node.parent.unwrap_or(cur);
            }
            _ => {
                steps.push(tag);
                match host_of(m, cur) {
                    Some(host) => {
                        steps.push(">>>".to_owned());
                        cur = host;
                    }
                    None => break,
                }
            }
        }
        if steps.len() > crate::mirror::MAX_NODE_DEPTH {
            break;
        }
    }
    steps.reverse();
    let mut out = String::new();
    for (i, s) in steps.iter().enumerate() {
        if i > 0 {
            let prev = &steps[i - 1];
            out.push_str(if s == ">>>" || prev == ">>>" { " " } else { " > " });
        }
        out.push_str(s);
    }
    out
}

/// The element whose shadow root or iframe document holds `id` (`None` in the page's own
/// document, outside shadow roots).
fn host_of(m: &Mirror, id: NodeId) -> Option<NodeId> {
    let mut cur = id;
    loop {
        let node = m.node(cur)?;
        if node.in_shadow {
            return node.parent;
        }
        let parent = node.parent?;
        if let VKind::Document { .. } = m.node(parent)?.kind {
            return m.node(parent)?.parent;
        }
        cur = parent;
    }
}

/// The root of the tree scope `id` is in: a document, or a shadow host (for its shadow tree).
fn scope_of(m: &Mirror, id: NodeId) -> NodeId {
    let mut cur = id;
    loop {
        let Some(node) = m.node(cur) else { return cur };
        if node.in_shadow {
            return node.parent.unwrap_or(cur);
        }
        match node.parent {
            Some(p) if matches!(m.node(p).map(|n| &n.kind), Some(VKind::Document { .. })) => return p,
            Some(p) => cur = p,
            None => return cur,
        }
    }
}

/// Elements with id `value` in the tree scope `scope`.
fn count_ids(m: &Mirror, scope: NodeId, value: &str) -> usize {
    let mut n = 0;
    let mut stack: Vec<NodeId> = m.node(scope).map(|s| s.children.clone()).unwrap_or_default();
    let scope_is_host = m.element(scope).is_some();
    if scope_is_host {
        stack.retain(|c| m.node(*c).is_some_and(|n| n.in_shadow));
    }
    while let Some(id) = stack.pop() {
        let Some(node) = m.node(id) else { continue };
        if let VKind::Element(e) = &node.kind {
            if e.attrs.iter().any(|(k, v)| k == "id" && v == value) {
                n += 1;
            }
            // Shadow trees and iframe documents are scopes of their own.
            stack.extend(node.children.iter().copied().filter(|c| {
                m.node(*c)
                    .is_some_and(|n| !n.in_shadow && !matches!(n.kind, VKind::Document { .. }))
            }));
        }
    }
    n
}
