//! The life of one node: every event that touched it, in time order, found by one scan of its
//! page's events (no index kept: the scan is fast enough and costs no memory).
//!
//! The scan follows the node as the recording wrote it (attribute values as recorded, before
//! sanitising: this is description, never rendering). It keeps a parent for every node of the
//! page, so that removing an ancestor removes the node too.

use std::collections::HashMap;

use crate::analysis::Analysis;
use crate::event::{EventData, Incremental, NodeId};
use crate::node::{AttrValue, NodeKind, SerializedNode};
use crate::replay::Replay;
use crate::session::Session;

/// What happened to the node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// In the page's full snapshot, or added by a mutation.
    Created,
    Attribute,
    Text,
    ChildAdded,
    ChildRemoved,
    /// Removed and added again elsewhere in one mutation (or added again later).
    Moved,
    Input,
    Scrolled,
    Click,
    RageClick,
    DeadClick,
    Focus,
    Media,
    Removed,
}

impl Change {
    /// A short name for the kind (`data-kind`, filters).
    pub fn name(self) -> &'static str {
        match self {
            Change::Created => "created",
            Change::Attribute => "attribute",
            Change::Text => "text",
            Change::ChildAdded => "child-added",
            Change::ChildRemoved => "child-removed",
            Change::Moved => "moved",
            Change::Input => "input",
            Change::Scrolled => "scrolled",
            Change::Click => "click",
            Change::RageClick => "rage-click",
            Change::DeadClick => "dead-click",
            Change::Focus => "focus",
            Change::Media => "media",
            Change::Removed => "removed",
        }
    }

    /// Whether the node itself changed (the timeline marks these; clicks and focus are not
    /// changes of the node).
    pub fn is_change(self) -> bool {
        !matches!(
            self,
            Change::Click | Change::RageClick | Change::DeadClick | Change::Focus
        )
    }
}

/// One moment of a node's life.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEntry {
    /// Offset from the session start, ms.
    pub t: f64,
    /// Index of the event in the session.
    pub event: usize,
    pub change: Change,
    /// What changed, for people: `class: "btn" → "btn loading"`.
    pub what: String,
    /// The attributes as recorded, after this moment: all of them where the node was created
    /// or moved, the one that changed (`None`: removed) for an attribute change.
    pub attrs: Attrs,
}

/// What an entry says of the node's recorded attributes.
#[derive(Debug, Clone, Default, PartialEq)]
pub enum Attrs {
    #[default]
    Same,
    All(Vec<(String, String)>),
    One(String, Option<String>),
}

/// The node's attributes as recorded at offset `t` (before sanitising; masked values stay
/// masked), from its history: `None` when it was not in the page then.
pub fn attributes_at(history: &[HistoryEntry], t: f64) -> Option<Vec<(String, String)>> {
    let mut attrs: Option<Vec<(String, String)>> = None;
    for e in history.iter().take_while(|e| e.t <= t) {
        match (&e.attrs, e.change) {
            (_, Change::Removed) => attrs = None,
            (Attrs::All(all), _) => attrs = Some(all.clone()),
            (Attrs::One(name, value), _) => {
                if let Some(a) = attrs.as_mut() {
                    let pos = a.iter().position(|(k, _)| k == name);
                    match (pos, value) {
                        (Some(i), Some(v)) => a[i].1 = v.clone(),
                        (Some(i), None) => {
                            a.remove(i);
                        }
                        (None, Some(v)) => a.push((name.clone(), v.clone())),
                        (None, None) => {}
                    }
                }
            }
            (Attrs::Same, _) => {}
        }
    }
    attrs
}

/// Texts longer than this are shortened in descriptions.
const TEXT_MAX: usize = 80;

fn short(s: &str) -> String {
    crate::text::clip(s.trim(), TEXT_MAX)
}

fn quoted(s: &str) -> String {
    format!("\"{}\"", short(s))
}

/// An attribute value as the page had it (`None`: absent).
fn attr_text(v: &AttrValue) -> Option<String> {
    match v {
        AttrValue::Style(changes) => Some(
            changes
                .iter()
                .map(|(k, c)| match c {
                    crate::node::StyleChange::Set { value, priority } if priority.is_empty() => {
                        format!("{k}: {value}")
                    }
                    crate::node::StyleChange::Set { value, priority } => format!("{k}: {value} !{priority}"),
                    crate::node::StyleChange::Remove => format!("{k}: (removed)"),
                })
                .collect::<Vec<_>>()
                .join("; "),
        ),
        other => other.as_attr_string(),
    }
}

/// A serialized node in a few words: `<button#pay.primary>`, `text "Pay"`.
pub fn describe_serialized(n: &SerializedNode) -> String {
    match &n.kind {
        NodeKind::Element(e) => {
            let mut s = format!("<{}", e.tag.to_ascii_lowercase());
            for (k, v) in &e.attributes {
                match (k.as_str(), v) {
                    ("id", AttrValue::Str(id)) if !id.is_empty() => s.push_str(&format!("#{}", short(id))),
                    ("class", AttrValue::Str(c)) => {
                        for c in c.split_ascii_whitespace().take(3) {
                            s.push('.');
                            s.push_str(c);
                        }
                    }
                    _ => {}
                }
            }
            s.push('>');
            s
        }
        NodeKind::Text { text, .. } => format!("text {}", quoted(text)),
        NodeKind::Comment { text } => format!("comment {}", quoted(text)),
        NodeKind::Document(_) => "#document".to_owned(),
        NodeKind::DocumentType(t) => format!("<!DOCTYPE {}>", t.name),
        NodeKind::CData => "#cdata".to_owned(),
    }
}

/// What the scan knows of the page's nodes.
#[derive(Default)]
struct Scan {
    /// The node's ancestors, its parent first (from the mirror where it was created).
    chain: Vec<NodeId>,
    /// Where the node was added last (the add's parent, or its parent inside the added tree).
    parent: Option<NodeId>,
    /// The last add put the node itself back under the parent it had (its ancestors did not
    /// change).
    same_place: bool,
    /// The node is in the page now.
    alive: bool,
    /// It was in the page at some point.
    seen: bool,
    /// Its attributes now, as recorded.
    attrs: Vec<(String, String)>,
    /// Its children that are text nodes, with their text.
    texts: HashMap<NodeId, String>,
    /// Its own text, when it is a text node.
    own_text: Option<String>,
}

impl Scan {
    /// Whether removing `n` removes the node (it is the node or one of its ancestors).
    fn holds(&self, n: NodeId, id: NodeId) -> bool {
        n == id || self.chain.contains(&n)
    }

    /// Finds the node in a serialized subtree placed under `parent`: the node, and its parent.
    fn find(root: &SerializedNode, parent: NodeId, id: NodeId) -> Option<(&SerializedNode, NodeId)> {
        if root.children().is_empty() {
            // Most added nodes are leaves: no walk.
            return (root.id == id).then_some((root, parent));
        }
        let mut stack = vec![(root, parent)];
        while let Some((n, p)) = stack.pop() {
            if n.id == id {
                return Some((n, p));
            }
            for c in n.children() {
                stack.push((c, n.id));
            }
        }
        None
    }

    /// Takes on the recorded state of the node as it was (re)created.
    fn adopt(&mut self, n: &SerializedNode) {
        self.texts.clear();
        self.own_text = None;
        self.attrs.clear();
        match &n.kind {
            NodeKind::Element(e) => {
                for (k, v) in &e.attributes {
                    if let Some(v) = attr_text(v) {
                        self.attrs.push((k.to_string(), v));
                    }
                }
                for c in &e.children {
                    if let NodeKind::Text { text, .. } = &c.kind {
                        self.texts.insert(c.id, text.to_string());
                    }
                }
            }
            NodeKind::Text { text, .. } => self.own_text = Some(text.to_string()),
            NodeKind::Comment { text } => self.own_text = Some(text.to_string()),
            _ => {}
        }
    }

    fn set_attr(&mut self, name: &str, value: Option<String>) -> Option<String> {
        let pos = self.attrs.iter().position(|(k, _)| k == name);
        match (pos, value) {
            (Some(i), Some(v)) => Some(std::mem::replace(&mut self.attrs[i].1, v)),
            (Some(i), None) => Some(self.attrs.remove(i).1),
            (None, Some(v)) => {
                self.attrs.push((name.to_owned(), v));
                None
            }
            (None, None) => None,
        }
    }
}

/// The range of event indices of page `page` (its snapshot up to the next page's).
fn page_events(session: &Session, page: usize) -> std::ops::Range<usize> {
    let Some(p) = session.pages.get(page) else {
        return 0..0;
    };
    let end = session.pages.get(page + 1).map_or(session.events.len(), |n| n.snapshot);
    p.snapshot..end
}

/// Every moment of node `id`'s life on page `page`, in time order. `analysis` adds the rage
/// and dead clicks it found on the node. Nothing is returned for a node the page never had.
///
/// One pass over the page's events; where the node is created, the replay's mirror at that
/// moment gives its ancestors (so that removing one of them removes it too) and says whether
/// the replay showed it at all (an add under a node the page does not have is not).
pub fn node_history(
    replay: &mut Replay,
    index: &NodeIndex,
    id: NodeId,
    analysis: Option<&Analysis>,
) -> Vec<HistoryEntry> {
    let page = index.page;
    let mut out = scan(replay, index, id);
    if let Some(a) = analysis {
        let extra = a
            .rage_clicks
            .iter()
            .filter(|r| r.page == page && r.id == id)
            .map(|r| (r.t, Change::RageClick, format!("rage click ×{}", r.count)))
            .chain(
                a.dead_clicks
                    .iter()
                    .filter(|d| d.page == page && d.id == id)
                    .map(|d| (d.t, Change::DeadClick, "dead click: nothing happened".to_owned())),
            );
        for (t, change, what) in extra {
            let at = out.partition_point(|e: &HistoryEntry| e.t <= t);
            let event = out.get(at.saturating_sub(1)).map_or(0, |e| e.event);
            out.insert(
                at,
                HistoryEntry {
                    t,
                    event,
                    change,
                    what,
                    attrs: Attrs::Same,
                },
            );
        }
    }
    out
}

/// Which events of a page name each node (as the node an event is about, a parent children
/// are added to or removed from, or a node inside an added tree): built once per page in one
/// pass, so that a node's life reads only its own events. 8 bytes a (node, event) pair.
pub struct NodeIndex {
    page: usize,
    /// (node id, event index), sorted.
    pairs: Vec<(u32, u32)>,
}

impl NodeIndex {
    /// The index of page `page` of `session`.
    pub fn build(session: &Session, page: usize) -> NodeIndex {
        let mut pairs: Vec<(u32, u32)> = Vec::new();
        let mut stack: Vec<&SerializedNode> = Vec::new();
        for i in page_events(session, page) {
            let Ok(ev) = u32::try_from(i) else { break };
            let mut note = |id: NodeId| {
                if let Ok(id) = u32::try_from(id) {
                    pairs.push((id, ev));
                }
            };
            match &session.events[i].data {
                EventData::FullSnapshot(snap) => {
                    stack.push(&snap.node);
                    while let Some(n) = stack.pop() {
                        note(n.id);
                        stack.extend(n.children());
                    }
                }
                EventData::Incremental(inc) => match inc {
                    Incremental::Mutation(m) => {
                        for r in &m.removes {
                            note(r.id);
                            note(r.parent_id);
                        }
                        for a in &m.adds {
                            note(a.parent_id);
                            stack.push(&a.node);
                            while let Some(n) = stack.pop() {
                                note(n.id);
                                stack.extend(n.children());
                            }
                        }
                        for a in &m.attributes {
                            note(a.id);
                        }
                        for t in &m.texts {
                            note(t.id);
                        }
                    }
                    Incremental::Input(x) => note(x.id),
                    Incremental::Scroll(x) => note(x.id),
                    Incremental::MouseInteraction(x) => note(x.id),
                    Incremental::MediaInteraction(x) => note(x.id),
                    _ => {}
                },
                _ => {}
            }
        }
        NodeIndex {
            page,
            pairs: by_node(pairs),
        }
    }

    /// The page it indexes.
    pub fn page(&self) -> usize {
        self.page
    }

    /// Memory it holds, bytes.
    pub fn bytes(&self) -> usize {
        self.pairs.capacity() * std::mem::size_of::<(u32, u32)>()
    }

    /// The events naming `id` after event `after` (all of them for `None`), in order.
    fn events_of(&self, id: NodeId, after: Option<usize>) -> impl Iterator<Item = usize> + '_ {
        let id = u32::try_from(id).ok();
        let from = id.map_or(self.pairs.len(), |id| self.pairs.partition_point(|p| p.0 < id));
        self.pairs[from..]
            .iter()
            .take_while(move |p| Some(p.0) == id)
            .map(|p| p.1 as usize)
            .filter(move |e| after.is_none_or(|a| *e > a))
    }
}

/// `pairs` (in event order) sorted by node, each node's events still in order, without
/// repeats. A counting sort when the ids are dense enough (they are in recordings: ids count
/// up from 1), else a comparison sort.
fn by_node(pairs: Vec<(u32, u32)>) -> Vec<(u32, u32)> {
    let max = pairs.iter().map(|p| p.0).max().unwrap_or(0) as usize;
    let mut out = if max <= pairs.len().saturating_mul(4) {
        let mut start = vec![0u32; max + 2];
        for p in &pairs {
            start[p.0 as usize + 1] += 1;
        }
        for i in 1..start.len() {
            start[i] += start[i - 1];
        }
        let mut out = vec![(0u32, 0u32); pairs.len()];
        for p in pairs {
            let slot = &mut start[p.0 as usize];
            out[*slot as usize] = p;
            *slot += 1;
        }
        out
    } else {
        let mut pairs = pairs;
        pairs.sort_unstable();
        pairs
    };
    out.dedup();
    out.shrink_to_fit();
    out
}

/// The node's life from the events naming it, its text children and (for its removal with an
/// ancestor) its ancestors, in order.
fn scan(replay: &mut Replay, index: &NodeIndex, id: NodeId) -> Vec<HistoryEntry> {
    use std::collections::{BTreeMap, HashSet};
    let mut s = Scan::default();
    let mut out: Vec<HistoryEntry> = Vec::new();
    let start = replay.session.start;
    // Events to read, and whether all of them matters (false: only an ancestor's removal).
    // Filled by `extend`, not `collect`: collecting sorts, one more sort compiled.
    let mut pending: BTreeMap<usize, bool> = BTreeMap::new();
    pending.extend(index.events_of(id, None).map(|e| (e, true)));
    let mut followed: HashSet<NodeId> = HashSet::from([id]);
    let mut ancestors_followed: HashSet<NodeId> = HashSet::new();
    while let Some((i, full)) = pending.pop_first() {
        let Some(e) = replay.session.events.get(i) else { break };
        let t = e.timestamp - start;
        let before = out.len();
        let (was_alive, was_seen) = (s.alive, s.seen);
        let mut push = |change: Change, what: String, attrs: Attrs| {
            out.push(HistoryEntry {
                t,
                event: i,
                change,
                what,
                attrs,
            })
        };
        match &e.data {
            EventData::FullSnapshot(snap) if full => {
                if let Some((n, _)) = Scan::find(&snap.node, 0, id) {
                    s.adopt(n);
                    s.alive = true;
                    s.seen = true;
                    push(Change::Created, String::new(), Attrs::All(s.attrs.clone()));
                }
            }
            EventData::Incremental(inc) if full => scan_incremental(&mut s, inc, id, &mut push),
            EventData::Incremental(Incremental::Mutation(m)) => {
                if let Some(r) = m.removes.iter().find(|r| s.alive && s.holds(r.id, id)) {
                    s.alive = false;
                    push(
                        Change::Removed,
                        format!("removed with its ancestor, node {}", r.id),
                        Attrs::Same,
                    );
                }
            }
            _ => {}
        }
        // Text children it has now: their text changes are its own.
        for child in s.texts.keys() {
            if followed.insert(*child) {
                for e in index.events_of(*child, Some(i)) {
                    pending.insert(e, true);
                }
            }
        }
        let placed = out[before..]
            .iter()
            .any(|e| matches!(e.change, Change::Created | Change::Moved));
        if placed && std::mem::take(&mut s.same_place) {
            // Put back where it was: its ancestors are the same.
        } else if placed {
            // Where is it now? The replay's mirror knows its ancestors.
            let m = replay.state_at(t);
            if !m.contains(id) {
                // Never shown (its parent is not in the page): not a moment of its life.
                out.truncate(before);
                (s.alive, s.seen) = (was_alive, was_seen);
                continue;
            }
            s.chain = crate::inspect::ancestors(m, id).into_iter().skip(1).collect();
            for a in &s.chain {
                if ancestors_followed.insert(*a) {
                    for e in index.events_of(*a, Some(i)) {
                        pending.entry(e).or_insert(false);
                    }
                }
            }
            let parent = s.chain.first().copied();
            for e in &mut out[before..] {
                if e.change == Change::Created && e.what.is_empty() {
                    e.what = match parent {
                        Some(p) => format!("in the page's snapshot, in node {p}"),
                        None => "in the page's snapshot".to_owned(),
                    };
                }
            }
        }
    }
    out
}

fn scan_incremental(s: &mut Scan, inc: &Incremental, id: NodeId, push: &mut impl FnMut(Change, String, Attrs)) {
    match inc {
        Incremental::Mutation(m) => {
            let mut removed_texts = Vec::new();
            let mut removed_self = None;
            for r in &m.removes {
                if s.alive && s.holds(r.id, id) {
                    s.alive = false;
                    removed_self = Some(if r.id == id {
                        format!("removed from node {}", r.parent_id)
                    } else {
                        format!("removed with its ancestor, node {}", r.id)
                    });
                }
                if r.parent_id == id {
                    match s.texts.remove(&r.id) {
                        Some(t) => removed_texts.push(t),
                        None => push(
                            Change::ChildRemoved,
                            format!("child node {} removed", r.id),
                            Attrs::Same,
                        ),
                    }
                }
            }
            let mut added_texts = Vec::new();
            let mut created = None;
            for a in &m.adds {
                if let Some((n, parent)) = Scan::find(&a.node, a.parent_id, id) {
                    s.same_place = a.node.id == id && s.chain.first() == Some(&parent);
                    s.adopt(n);
                    let was_seen = s.seen;
                    s.alive = true;
                    s.seen = true;
                    s.parent = Some(parent);
                    created = Some(if was_seen {
                        (Change::Moved, format!("added again, in node {parent}"))
                    } else {
                        (Change::Created, format!("added, in node {parent}"))
                    });
                }
                if a.parent_id == id {
                    match &a.node.kind {
                        NodeKind::Text { text, .. } => {
                            s.texts.insert(a.node.id, text.to_string());
                            added_texts.push(text.to_string());
                        }
                        _ => push(
                            Change::ChildAdded,
                            format!("{} added", describe_serialized(&a.node)),
                            Attrs::Same,
                        ),
                    }
                }
            }
            let all = || Attrs::All(s.attrs.clone());
            match (removed_self, created) {
                (Some(_), Some((_, what))) => push(Change::Moved, what.replace("added again", "moved"), all()),
                (Some(what), None) => push(Change::Removed, what, Attrs::Same),
                (None, Some((change, what))) => push(change, what, all()),
                (None, None) => {}
            }
            if !removed_texts.is_empty() || !added_texts.is_empty() {
                let old = removed_texts.concat();
                let new = added_texts.concat();
                push(
                    Change::Text,
                    format!("text: {} → {}", quoted(&old), quoted(&new)),
                    Attrs::Same,
                );
            }
            for a in &m.attributes {
                if a.id != id {
                    continue;
                }
                for (name, v) in &a.attributes {
                    let new = attr_text(v);
                    let old = s.set_attr(name, new.clone());
                    let show = |v: &Option<String>| v.as_deref().map_or("(none)".to_owned(), quoted);
                    let what = format!("{name}: {} → {}", show(&old), show(&new));
                    push(Change::Attribute, what, Attrs::One(name.to_string(), new));
                }
            }
            for t in &m.texts {
                let new = t.value.clone().unwrap_or_default();
                if t.id == id {
                    let old = s.own_text.replace(new.clone()).unwrap_or_default();
                    push(
                        Change::Text,
                        format!("text: {} → {}", quoted(&old), quoted(&new)),
                        Attrs::Same,
                    );
                } else if let Some(old) = s.texts.get_mut(&t.id) {
                    let was = std::mem::replace(old, new.clone());
                    push(
                        Change::Text,
                        format!("text: {} → {}", quoted(&was), quoted(&new)),
                        Attrs::Same,
                    );
                }
            }
        }
        Incremental::Input(input) if input.id == id => {
            let what = format!("value {} (checked: {})", quoted(&input.text), input.is_checked);
            push(Change::Input, what, Attrs::Same);
        }
        Incremental::Scroll(sc) if sc.id == id => {
            let what = format!("scrolled to {}, {}", sc.x.round(), sc.y.round());
            push(Change::Scrolled, what, Attrs::Same);
        }
        Incremental::MouseInteraction(mi) if mi.id == id => {
            let (change, what) = match mi.kind {
                2 => (Change::Click, "clicked"),
                3 => (Change::Click, "context menu"),
                4 => (Change::Click, "double-clicked"),
                5 => (Change::Focus, "focused"),
                6 => (Change::Focus, "lost focus"),
                9 => (Change::Click, "tapped"),
                _ => return,
            };
            push(change, what.to_owned(), Attrs::Same);
        }
        Incremental::MediaInteraction(mi) if mi.id == id => {
            let what = match mi.kind {
                0 => "played",
                1 => "paused",
                2 => "seeked",
                3 => "volume changed",
                4 => "rate changed",
                _ => "media changed",
            };
            push(Change::Media, what.to_owned(), Attrs::Same);
        }
        _ => {}
    }
}
