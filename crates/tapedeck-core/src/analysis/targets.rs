//! What the analysis knows of the elements a user clicked or typed into: tag, id, classes, a
//! label, and whether it is clickable. Built from the recorded snapshots and added nodes (as
//! recorded, before sanitising: this is description, not rendering).

use std::collections::HashMap;

use crate::event::{EventData, Incremental, NodeId};
use crate::node::{AttrValue, NodeKind, SerializedNode};
use crate::session::Session;

/// A recorded element, described.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    pub tag: String,
    pub id: Option<String>,
    pub classes: Vec<String>,
    /// Visible text, or aria-label / value / alt / title, shortened.
    pub label: String,
    /// A link, button, clickable input, or `role` that says so (or inside one).
    pub clickable: bool,
    pub parent: Option<NodeId>,
}

impl Target {
    /// `button#apply-coupon.secondary "Apply coupon"`, as a developer would look for it.
    pub fn describe(&self) -> String {
        let mut s = self.tag.clone();
        if let Some(id) = &self.id {
            s.push('#');
            s.push_str(id);
        }
        for c in self.classes.iter().take(2) {
            s.push('.');
            s.push_str(c);
        }
        if !self.label.is_empty() {
            s.push_str(&format!(" \"{}\"", self.label));
        }
        s
    }
}

const LABEL_MAX: usize = 60;

fn attr<'a>(attrs: &'a [(String, AttrValue)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n == name).and_then(|(_, v)| match v {
        AttrValue::Str(s) => Some(s.as_str()),
        _ => None,
    })
}

fn is_clickable(tag: &str, attrs: &[(String, AttrValue)]) -> bool {
    match tag {
        "a" => attr(attrs, "href").is_some(),
        "button" | "summary" | "select" | "option" => true,
        "input" => matches!(
            attr(attrs, "type").unwrap_or("text").to_ascii_lowercase().as_str(),
            "button" | "submit" | "reset" | "checkbox" | "radio" | "image" | "file"
        ),
        _ => {
            matches!(
                attr(attrs, "role"),
                Some("button" | "link" | "menuitem" | "tab" | "checkbox" | "switch" | "option")
            ) || attrs.iter().any(|(n, _)| n == "onclick")
        }
    }
}

/// Visible text of a serialized subtree, collapsed and shortened (iteratively).
fn text_of(node: &SerializedNode) -> String {
    let mut out = String::new();
    let mut stack = vec![node];
    while let Some(n) = stack.pop() {
        if out.len() > LABEL_MAX * 2 {
            break;
        }
        match &n.kind {
            NodeKind::Text { text, .. } => {
                out.push_str(text);
                out.push(' ');
            }
            NodeKind::Element(e) if matches!(e.tag.as_str(), "script" | "style" | "noscript") => continue,
            _ => {}
        }
        stack.extend(n.children().iter().rev());
    }
    shorten(&out)
}

fn shorten(s: &str) -> String {
    let collapsed = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if collapsed.chars().count() > LABEL_MAX {
        format!("{}…", collapsed.chars().take(LABEL_MAX - 1).collect::<String>())
    } else {
        collapsed
    }
}

/// Targets of every page, by (page, node id).
#[derive(Debug, Default)]
pub struct Targets {
    map: HashMap<(usize, NodeId), Target>,
}

impl Targets {
    pub fn new(session: &Session) -> Targets {
        let mut t = Targets::default();
        let mut page = 0usize;
        for (i, e) in session.events.iter().enumerate() {
            match &e.data {
                EventData::FullSnapshot(s) => {
                    page = session.pages.iter().position(|p| p.snapshot == i).unwrap_or(page);
                    t.add_tree(page, &s.node, None);
                }
                EventData::Incremental(Incremental::Mutation(m)) => {
                    for a in &m.adds {
                        t.add_tree(page, &a.node, Some(a.parent_id));
                    }
                }
                _ => {}
            }
        }
        t
    }

    fn add_tree(&mut self, page: usize, root: &SerializedNode, parent: Option<NodeId>) {
        let mut stack = vec![(root, parent)];
        while let Some((n, parent)) = stack.pop() {
            if let NodeKind::Element(e) = &n.kind {
                let tag = e.tag.to_ascii_lowercase();
                let label = ["aria-label", "title", "alt"]
                    .iter()
                    .find_map(|a| attr(&e.attributes, a))
                    .map(shorten)
                    .filter(|l| !l.is_empty())
                    .or_else(|| {
                        let t = text_of(n);
                        (!t.is_empty()).then_some(t)
                    })
                    .or_else(|| attr(&e.attributes, "value").filter(|_| tag == "input").map(shorten))
                    .or_else(|| attr(&e.attributes, "placeholder").map(shorten))
                    .unwrap_or_default();
                self.map.insert(
                    (page, n.id),
                    Target {
                        clickable: is_clickable(&tag, &e.attributes),
                        tag,
                        id: attr(&e.attributes, "id").map(str::to_owned),
                        classes: attr(&e.attributes, "class")
                            .map(|c| c.split_whitespace().map(str::to_owned).collect())
                            .unwrap_or_default(),
                        label,
                        parent,
                    },
                );
            }
            for c in n.children() {
                stack.push((c, Some(n.id)));
            }
        }
    }

    pub fn get(&self, page: usize, id: NodeId) -> Option<&Target> {
        self.map.get(&(page, id))
    }

    /// Whether the element (or one of its three nearest ancestors) is clickable.
    pub fn clickable(&self, page: usize, id: NodeId) -> bool {
        let mut cur = Some(id);
        for _ in 0..4 {
            let Some(t) = cur.and_then(|i| self.get(page, i)) else {
                return false;
            };
            if t.clickable {
                return true;
            }
            cur = t.parent;
        }
        false
    }
}
