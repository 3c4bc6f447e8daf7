//! What the analysis knows of the elements a user clicked or typed into: tag, id, classes, a
//! label, and whether it is clickable. Built from the recorded snapshots and added nodes (as
//! recorded, before sanitising: this is description, not rendering).

use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::Arc;

use crate::event::{EventData, Incremental, NodeId};
use crate::node::{AttrValue, NodeKind, SerializedNode};
use crate::session::Session;
use crate::text::Text;

/// A recorded element: where it was added, whether it is clickable, its parent. Its
/// description is written when asked for ([`Targets::describe`]), from the event that added
/// it: a session adds hundreds of thousands of elements and a user clicks a few of them.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The event (full snapshot or mutation) that added it.
    event: u32,
    /// A link, button, clickable input, or `role` that says so (or inside one).
    pub clickable: bool,
    pub parent: Option<NodeId>,
}

fn description(tag: &str, id: Option<&str>, classes: Option<&str>, label: &str) -> Box<str> {
    let mut s = tag.to_owned();
    if let Some(id) = id {
        s.push('#');
        s.push_str(id);
    }
    for c in classes.into_iter().flat_map(str::split_whitespace).take(2) {
        s.push('.');
        s.push_str(c);
    }
    if !label.is_empty() {
        s.push_str(&format!(" \"{label}\""));
    }
    s.into_boxed_str()
}

const LABEL_MAX: usize = 60;

fn attr<'a>(attrs: &'a [(Text, AttrValue)], name: &str) -> Option<&'a str> {
    attrs.iter().find(|(n, _)| n == name).and_then(|(_, v)| match v {
        AttrValue::Str(s) => Some(s.as_str()),
        _ => None,
    })
}

fn is_clickable(tag: &str, attrs: &[(Text, AttrValue)]) -> bool {
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

fn describe_node(n: &SerializedNode) -> Option<Box<str>> {
    let NodeKind::Element(e) = &n.kind else {
        return None;
    };
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
    Some(description(
        &tag,
        attr(&e.attributes, "id"),
        attr(&e.attributes, "class"),
        &label,
    ))
}

/// Nodes a label looks at below an element: a label is the first words, and a container of
/// thousands of elements is not described by its text anyway.
const LABEL_NODES: usize = 200;

/// Visible text of a serialized subtree, collapsed and shortened (iteratively, and bounded:
/// at most `LABEL_NODES` nodes and a few labels' worth of text, whatever the recording holds).
fn text_of(node: &SerializedNode) -> String {
    let mut out = String::new();
    let mut stack = vec![node];
    let mut seen = 0;
    while let Some(n) = stack.pop() {
        seen += 1;
        if out.len() > LABEL_MAX * 2 || seen > LABEL_NODES {
            break;
        }
        match &n.kind {
            NodeKind::Text { text, .. } => {
                out.push_str(prefix(text, LABEL_MAX * 4));
                out.push(' ');
            }
            NodeKind::Element(e) if matches!(e.tag.as_str(), "script" | "style" | "noscript") => continue,
            _ => {}
        }
        stack.extend(n.children().iter().rev());
    }
    shorten(&out)
}

/// The longest prefix of `s` of at most `max` bytes that ends on a character boundary.
fn prefix(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// The first words of `s`, whitespace collapsed, at most `LABEL_MAX` characters (only the
/// beginning of a long text is looked at).
fn shorten(s: &str) -> String {
    let collapsed = prefix(s, LABEL_MAX * 8)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if crate::text::head(&collapsed, LABEL_MAX).1 {
        crate::text::clip(&collapsed, LABEL_MAX - 1)
    } else {
        collapsed
    }
}

/// Targets of every page, by (page, node id). Grows with the session: each [`Targets::grow`]
/// reads only the events added since the last.
#[derive(Debug, Default)]
pub struct Targets {
    map: HashMap<(usize, NodeId), Target>,
    /// Descriptions written so far (the analysis describes the same clicks again as it grows).
    described: RefCell<HashMap<(usize, NodeId), Arc<str>>>,
    /// Events read so far, and the page the last of them was on.
    read: usize,
    page: usize,
}

impl Targets {
    pub fn new(session: &Session) -> Targets {
        let mut t = Targets::default();
        t.grow(session);
        t
    }

    /// Reads the events added to `session` since the last call.
    pub fn grow(&mut self, session: &Session) {
        self.grow_to(session, session.events.len());
    }

    /// Reads the events up to `end` (those before were read already).
    pub fn grow_to(&mut self, session: &Session, end: usize) {
        let end = end.min(session.events.len()).max(self.read);
        for (i, e) in (self.read..).zip(session.events.range(self.read..end)) {
            match &e.data {
                EventData::FullSnapshot(s) => {
                    self.page = session.page_of_snapshot(i).unwrap_or(self.page);
                    self.add_tree(i, self.page, &s.node, None);
                }
                EventData::Incremental(Incremental::Mutation(m)) => {
                    for a in &m.adds {
                        self.add_tree(i, self.page, &a.node, Some(a.parent_id));
                    }
                }
                _ => {}
            }
        }
        self.read = self.read.max(end);
    }

    fn add_tree(&mut self, event: usize, page: usize, root: &SerializedNode, parent: Option<NodeId>) {
        let described = self.described.get_mut();
        let mut stack = vec![(root, parent)];
        while let Some((n, parent)) = stack.pop() {
            if let NodeKind::Element(e) = &n.kind {
                let tag = e.tag.to_ascii_lowercase();
                self.map.insert(
                    (page, n.id),
                    Target {
                        event: event as u32,
                        clickable: is_clickable(&tag, &e.attributes),
                        parent,
                    },
                );
                if !described.is_empty() {
                    described.remove(&(page, n.id));
                }
            }
            for c in n.children() {
                stack.push((c, Some(n.id)));
            }
        }
    }

    pub fn get(&self, page: usize, id: NodeId) -> Option<&Target> {
        self.map.get(&(page, id))
    }

    /// `button#apply-coupon.secondary "Apply coupon"`, as a developer would look for it: the
    /// tag, id, first two classes and label (visible text, or aria-label / value / alt / title,
    /// shortened) of the element as it was added. `session` is the one these targets read.
    pub fn describe(&self, session: &Session, page: usize, id: NodeId) -> Option<String> {
        if !self.described.borrow().contains_key(&(page, id)) {
            self.prepare(session, [(page, id)]);
        }
        self.described.borrow().get(&(page, id)).map(|d| d.to_string())
    }

    /// The description [`Targets::prepare`] wrote, shared rather than copied (the activity
    /// list names the same elements again on every analysis).
    pub fn description(&self, page: usize, id: NodeId) -> Option<Arc<str>> {
        self.described.borrow().get(&(page, id)).cloned()
    }

    /// Writes the descriptions of the `wanted` elements not written yet, reading each event
    /// that added one of them once: a snapshot of 100,000 elements, all of them clicked, is
    /// read once, not once a click.
    pub fn prepare(&self, session: &Session, wanted: impl IntoIterator<Item = (usize, NodeId)>) {
        let mut by_event: HashMap<u32, HashMap<NodeId, usize>> = HashMap::new();
        {
            let described = self.described.borrow();
            for (page, id) in wanted {
                if let Some(t) = self.get(page, id).filter(|_| !described.contains_key(&(page, id))) {
                    by_event.entry(t.event).or_default().insert(id, page);
                }
            }
        }
        let mut described = self.described.borrow_mut();
        for (event, ids) in by_event {
            let roots: Vec<&SerializedNode> = match session.events.get(event as usize).map(|e| &e.data) {
                Some(EventData::FullSnapshot(s)) => vec![&s.node],
                Some(EventData::Incremental(Incremental::Mutation(m))) => m.adds.iter().map(|a| &a.node).collect(),
                _ => continue,
            };
            // In the order `add_tree` read them: where an event adds an id twice, the element
            // read last is the one the map describes.
            for root in roots {
                let mut stack = vec![root];
                while let Some(n) = stack.pop() {
                    if let Some(&page) = ids.get(&n.id) {
                        if let Some(d) = describe_node(n) {
                            described.insert((page, n.id), d.into());
                        }
                    }
                    stack.extend(n.children());
                }
            }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn node(json: &str) -> SerializedNode {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_huge_text_is_labelled_by_its_first_words() {
        let text = "lorem ipsum ".repeat(400_000);
        let pre = node(&format!(
            r#"{{"type":2,"id":1,"tagName":"pre","attributes":{{}},"childNodes":[{{"type":3,"id":2,"textContent":"{text}"}}]}}"#
        ));
        let label = text_of(&pre);
        assert_eq!(label.chars().count(), LABEL_MAX);
        assert!(label.starts_with("lorem ipsum lorem"), "{label}");
        assert!(label.ends_with('…'));
    }

    #[test]
    fn a_container_is_labelled_from_its_first_nodes_only() {
        // 5,000 empty elements before the first text: a label looks at the first nodes only.
        let empties = vec![r#"{"type":2,"id":9,"tagName":"i","attributes":{},"childNodes":[]}"#; 5000].join(",");
        let div = node(&format!(
            r#"{{"type":2,"id":1,"tagName":"div","attributes":{{}},"childNodes":[{empties},{{"type":3,"id":2,"textContent":"far away"}}]}}"#
        ));
        assert_eq!(text_of(&div), "");
        let near = node(
            r#"{"type":2,"id":1,"tagName":"div","attributes":{},"childNodes":[{"type":2,"id":3,"tagName":"b","attributes":{},"childNodes":[{"type":3,"id":2,"textContent":"  Pay   now "}]}]}"#,
        );
        assert_eq!(text_of(&near), "Pay now");
    }

    #[test]
    fn a_node_added_again_is_described_as_it_was_added_last() {
        let body = br#"[
            {"type":4,"data":{"href":"https://shop.example/","width":800,"height":600},"timestamp":1000},
            {"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[
                {"type":2,"id":5,"tagName":"button","attributes":{"id":"go"},"childNodes":[{"type":3,"id":6,"textContent":"Pay"}]}]}]},"initialOffset":{"top":0,"left":0}},"timestamp":1001},
            {"type":3,"data":{"source":0,"texts":[],"attributes":[],"removes":[{"parentId":2,"id":5}],
                "adds":[{"parentId":2,"nextId":null,"node":{"type":2,"id":5,"tagName":"a","attributes":{"class":"x y z"},"childNodes":[{"type":3,"id":7,"textContent":"Cancel  order"}]}}]},"timestamp":1500}
        ]"#;
        let session = crate::load::load(body).unwrap().session;
        let mut t = Targets::default();
        // Grown event by event, asked in between: what was described before is not kept.
        let mut part = Session {
            events: session.events.range(..2).cloned().collect(),
            pages: session.pages.clone(),
            start: session.start,
            end: session.end,
            format: session.format,
        };
        t.grow(&part);
        assert_eq!(t.describe(&part, 0, 5).as_deref(), Some("button#go \"Pay\""));
        part.events.push(session.events[2].clone());
        t.grow(&part);
        assert_eq!(t.describe(&part, 0, 5).as_deref(), Some("a.x.y \"Cancel order\""));
        assert!(!t.clickable(0, 5), "a link without href");
        assert_eq!(t.describe(&part, 0, 6), None, "a text is not a target");
        assert_eq!(t.describe(&part, 1, 5), None, "no such page");
    }

    #[test]
    fn an_id_added_twice_by_one_event_is_described_as_the_element_kept() {
        let body = br#"[
            {"type":4,"data":{"href":"https://shop.example/","width":800,"height":600},"timestamp":1000},
            {"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[
                {"type":2,"id":5,"tagName":"button","attributes":{},"childNodes":[{"type":3,"id":5,"textContent":"Pay"}]},
                {"type":2,"id":5,"tagName":"i","attributes":{},"childNodes":[]}]}]},"initialOffset":{"top":0,"left":0}},"timestamp":1001}
        ]"#;
        let session = crate::load::load(body).unwrap().session;
        let t = Targets::new(&session);
        let d = t.describe(&session, 0, 5).unwrap();
        // Clickable and described from the same element, whichever it is.
        assert_eq!(t.clickable(0, 5), d.starts_with("button"), "{d}");
        // Many wanted at once, some twice, some unknown: each described once.
        t.prepare(&session, [(0, 5), (0, 5), (0, 2), (0, 99), (3, 5)]);
        assert_eq!(t.describe(&session, 0, 2).as_deref(), Some("html \"Pay\""));
        assert_eq!(t.described.borrow().len(), 2);
    }

    #[test]
    fn prefixes_end_on_character_boundaries() {
        let s = "é".repeat(100);
        for max in 0..220 {
            let p = prefix(&s, max);
            let want = max.min(s.len());
            assert!(p.len() <= want && want - p.len() <= 1, "{max}");
        }
        assert_eq!(shorten(&"é ".repeat(10_000)).chars().count(), LABEL_MAX);
    }
}
