//! The text that was on screen, over the whole session: every text node, input value and the
//! `placeholder`, `title`, `alt`, `aria-label` and `value` attributes, each with the span it was
//! there (appeared → disappeared) and the element that held it.
//!
//! Built from the events as they arrive ([`ScreenIndex::extend`]): each event is read once, in
//! order. The index keeps a light tree of the live page (parent and children of each node, and
//! what text each holds) only to know what a removal takes away; the texts themselves are
//! interned once in one lower-cased arena that a query scans in a single pass.

use std::collections::hash_map::DefaultHasher;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use crate::event::{EventData, Incremental, NodeId};
use crate::node::{AttrValue, NodeKind, SerializedNode};
use crate::session::Session;

/// Attributes whose text a user sees (or hears) on screen.
pub const SCREEN_ATTRIBUTES: [&str; 5] = ["placeholder", "title", "alt", "aria-label", "value"];

/// Texts longer than this are cut (bytes, at a character boundary): a megabyte of `<pre>` is
/// searchable in its first part only.
pub const MAX_TEXT_BYTES: usize = 16 * 1024;

/// Distinct text kept at most (bytes, as recorded; as much again lower-cased): a page that
/// rewrites a growing text half a million times is indexed up to here, and says so.
pub const MAX_TEXT_STORE: usize = 64 * 1024 * 1024;

/// Where a text was: a text node's content, an attribute, or the value typed into a field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Source {
    Text,
    /// One of [`SCREEN_ATTRIBUTES`], by index.
    Attr(u8),
    Input,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Text => "text",
            Source::Attr(i) => SCREEN_ATTRIBUTES[usize::from(i)],
            Source::Input => "typed value",
        }
    }
}

/// One appearance of a text: on `page`, held by `element`, from `from` until `to` (epoch ms;
/// `f64::INFINITY` while it is still there).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Appearance {
    pub text: u32,
    /// The element that showed it (a text node's parent element).
    pub element: NodeId,
    pub page: u32,
    pub source: Source,
    pub from: f64,
    pub to: f64,
}

/// A node of the live page, as far as the index needs it.
#[derive(Debug, Default)]
struct Live {
    parent: NodeId,
    /// Child ids; may hold stale ids (moved or removed children), checked against `parent`.
    children: Vec<NodeId>,
    /// Open appearances this node holds (indices into `ScreenIndex::appearances`).
    open: Vec<u32>,
    /// Text under this element is not on screen (`script`, `style`, `head`, `template`…).
    hidden: bool,
    /// A `<title>` element: its text is the page's title.
    title: bool,
    /// For text nodes: the element to outline.
    element: NodeId,
    /// The child list is cut to the children still there when it grows past this.
    limit: usize,
}

/// The page titles seen (epoch ms, page index, title).
pub type Title = (f64, u32, String);

#[derive(Debug, Default)]
pub struct ScreenIndex {
    /// Every distinct text, lower-cased, each followed by `\0`.
    lower: String,
    /// Start of each text in `lower` (and one past the last).
    lower_at: Vec<u32>,
    /// The texts as recorded, each followed by `\0`.
    original: String,
    original_at: Vec<u32>,
    /// Hash of an original text to its id (collisions stored twice: harmless).
    ids: HashMap<u64, u32>,
    pub appearances: Vec<Appearance>,
    pub titles: Vec<Title>,
    /// Events read so far.
    next: usize,
    page: u32,
    snapshots: u32,
    /// The text budget was spent: later texts are not indexed.
    pub full: bool,
    live: HashMap<NodeId, Live>,
    /// Appearances closed by the event being read: a node moved (removed and added again in
    /// one mutation) keeps its appearance instead of starting a new one.
    closed_now: HashMap<(NodeId, Source), u32>,
}

impl ScreenIndex {
    pub fn new() -> ScreenIndex {
        ScreenIndex {
            lower_at: vec![0],
            original_at: vec![0],
            ..ScreenIndex::default()
        }
    }

    /// Builds the whole index of `session`.
    pub fn build(session: &Session) -> ScreenIndex {
        let mut index = ScreenIndex::new();
        index.extend(session, usize::MAX);
        index
    }

    /// Events of the session read so far.
    pub fn events_read(&self) -> usize {
        self.next
    }

    /// Reads up to `max` more events of `session` (which only grows): whether all are read.
    pub fn extend(&mut self, session: &Session, max: usize) -> bool {
        let end = session.events.len().min(self.next.saturating_add(max));
        while self.next < end {
            let e = &session.events[self.next];
            self.read(&e.data, e.timestamp);
            self.closed_now.clear();
            self.next += 1;
        }
        self.next >= session.events.len()
    }

    /// Number of distinct texts.
    pub fn texts(&self) -> usize {
        self.lower_at.len() - 1
    }

    /// A text as recorded.
    pub fn text(&self, id: u32) -> &str {
        let (a, b) = (
            self.original_at[id as usize] as usize,
            self.original_at[id as usize + 1] as usize,
        );
        &self.original[a..b - 1]
    }

    /// The lower-cased arena and where each text starts in it (for scanning).
    pub fn lower(&self) -> (&str, &[u32]) {
        (&self.lower, &self.lower_at)
    }

    /// Bytes the index holds (its arenas, tables and the live tree), roughly.
    pub fn memory(&self) -> usize {
        use std::mem::size_of;
        let live: usize = self
            .live
            .values()
            .map(|l| size_of::<(NodeId, Live)>() + (l.children.capacity() * 8) + l.open.capacity() * 4)
            .sum();
        self.lower.capacity()
            + self.original.capacity()
            + (self.lower_at.capacity() + self.original_at.capacity()) * 4
            + self.ids.capacity() * (size_of::<(u64, u32)>() + 1)
            + self.appearances.capacity() * size_of::<Appearance>()
            + self
                .titles
                .iter()
                .map(|t| size_of::<Title>() + t.2.capacity())
                .sum::<usize>()
            + live
    }

    fn read(&mut self, data: &EventData, t: f64) {
        match data {
            EventData::FullSnapshot(s) => {
                // Pages are the session's: one a full snapshot.
                self.close_all(t);
                self.page = self.snapshots;
                self.snapshots += 1;
                self.add(&s.node, 0, t);
            }
            EventData::Incremental(Incremental::Mutation(m)) => {
                for r in &m.removes {
                    self.remove(r.id, t);
                }
                for a in &m.adds {
                    self.add(&a.node, a.parent_id, t);
                }
                for tm in &m.texts {
                    let Some((element, hidden)) = self.live.get(&tm.id).map(|l| (l.element, l.hidden)) else {
                        continue;
                    };
                    // A title's text changed (how frameworks set `document.title`).
                    if self.live.get(&element).is_some_and(|l| l.title) {
                        if let Some(v) = &tm.value {
                            self.title(v, t);
                        }
                        continue;
                    }
                    if hidden {
                        continue;
                    }
                    self.close(tm.id, Source::Text, t);
                    if let Some(v) = &tm.value {
                        self.open(tm.id, element, Source::Text, v, t);
                    }
                }
                for am in &m.attributes {
                    if self.live.get(&am.id).is_none_or(|l| l.hidden) {
                        continue;
                    }
                    for (name, value) in &am.attributes {
                        let Some(i) = screen_attribute(name) else { continue };
                        self.close(am.id, Source::Attr(i), t);
                        if let AttrValue::Str(v) = value {
                            self.open(am.id, am.id, Source::Attr(i), v, t);
                        }
                    }
                }
            }
            EventData::Incremental(Incremental::Input(i)) if self.live.get(&i.id).is_some_and(|l| !l.hidden) => {
                self.close(i.id, Source::Input, t);
                self.open(i.id, i.id, Source::Input, &i.text, t);
            }
            _ => {}
        }
    }

    /// Adds a serialized subtree under `parent` (0: a page's root).
    fn add(&mut self, root: &SerializedNode, parent: NodeId, t: f64) {
        let parent_hidden = self.live.get(&parent).is_some_and(|l| l.hidden);
        let parent_title = self.live.get(&parent).is_some_and(|l| l.title);
        let mut stack: Vec<(&SerializedNode, NodeId, bool, bool)> = vec![(root, parent, parent_hidden, parent_title)];
        while let Some((node, parent, hidden, in_title)) = stack.pop() {
            // A node added again without being removed: what it held is gone.
            if self.live.contains_key(&node.id) {
                self.remove(node.id, t);
            }
            let mut live = Live {
                parent,
                hidden,
                element: parent,
                ..Live::default()
            };
            match &node.kind {
                NodeKind::Element(e) => {
                    let tag = e.tag.to_ascii_lowercase();
                    live.title = tag == "title" && !e.is_svg;
                    let hidden_input = tag == "input"
                        && e.attributes.iter().any(|(k, v)| {
                            k.eq_ignore_ascii_case("type")
                                && matches!(v, AttrValue::Str(v) if v.eq_ignore_ascii_case("hidden"))
                        });
                    live.hidden = hidden || hidden_input || HIDDEN_TAGS.contains(&tag.as_str());
                    live.element = node.id;
                }
                NodeKind::Text { is_style: true, .. } | NodeKind::Comment { .. } | NodeKind::CData => {
                    live.hidden = true;
                }
                _ => {}
            }
            self.push_child(parent, node.id);
            let (hidden_here, title_here) = (live.hidden, live.title);
            self.live.insert(node.id, live);
            match &node.kind {
                NodeKind::Text { text, is_style: false } if in_title => self.title(text, t),
                NodeKind::Text { text, is_style: false } if !hidden => {
                    self.open(node.id, parent, Source::Text, text, t)
                }
                NodeKind::Element(e) if !hidden_here => {
                    for (name, value) in &e.attributes {
                        if let (Some(i), AttrValue::Str(v)) = (screen_attribute(name), value) {
                            self.open(node.id, node.id, Source::Attr(i), v, t);
                        }
                    }
                }
                _ => {}
            }
            for c in node.children().iter().rev() {
                stack.push((c, node.id, hidden_here, title_here));
            }
        }
    }

    /// Removes a node and its subtree: what they held disappears at `t`.
    fn remove(&mut self, id: NodeId, t: f64) {
        let Some(root) = self.live.remove(&id) else { return };
        let mut stack = vec![(id, root)];
        while let Some((nid, node)) = stack.pop() {
            for a in node.open {
                let ap = &mut self.appearances[a as usize];
                ap.to = t;
                self.closed_now.insert((nid, ap.source), a);
            }
            for c in node.children {
                if self.live.get(&c).is_some_and(|l| l.parent == nid) {
                    if let Some(child) = self.live.remove(&c) {
                        stack.push((c, child));
                    }
                }
            }
        }
    }

    /// A new page: everything on the old one disappears at `t`.
    fn close_all(&mut self, t: f64) {
        for (_, node) in self.live.drain() {
            for a in node.open {
                self.appearances[a as usize].to = t;
            }
        }
    }

    /// Closes the open appearance of `source` on `node`.
    fn close(&mut self, node: NodeId, source: Source, t: f64) {
        let Some(live) = self.live.get_mut(&node) else { return };
        let apps = &mut self.appearances;
        if let Some(k) = live.open.iter().position(|&a| apps[a as usize].source == source) {
            let a = live.open.swap_remove(k);
            apps[a as usize].to = t;
            self.closed_now.insert((node, source), a);
        }
    }

    /// `text` appears on `node` (shown by `element`) at `t`.
    fn open(&mut self, node: NodeId, element: NodeId, source: Source, text: &str, t: f64) {
        let clean = collapse(text);
        if clean.is_empty() {
            return;
        }
        let Some(id) = self.intern(&clean) else { return };
        let page = self.page;
        // Closed by this same event with the same text: a move, not a new appearance.
        if let Some(&a) = self.closed_now.get(&(node, source)) {
            let ap = &mut self.appearances[a as usize];
            if ap.text == id && ap.element == element {
                ap.to = f64::INFINITY;
                self.closed_now.remove(&(node, source));
                if let Some(l) = self.live.get_mut(&node) {
                    l.open.push(a);
                }
                return;
            }
        }
        let Ok(a) = u32::try_from(self.appearances.len()) else {
            return;
        };
        self.appearances.push(Appearance {
            text: id,
            element,
            page,
            source,
            from: t,
            to: f64::INFINITY,
        });
        if let Some(l) = self.live.get_mut(&node) {
            l.open.push(a);
        }
    }

    /// Adds `id` to `parent`'s children. Ids of children removed or moved away stay in the list
    /// (it is checked against each child's parent when read); when it grows past twice what it
    /// held at the last cut, it is cut to the children still there (amortised O(1) an add).
    fn push_child(&mut self, parent: NodeId, id: NodeId) {
        let Some(p) = self.live.get_mut(&parent) else { return };
        p.children.push(id);
        if p.children.len() > p.limit.max(64) {
            let mut kids = std::mem::take(&mut p.children);
            let mut seen = std::collections::HashSet::with_capacity(kids.len());
            kids.retain(|c| (*c == id || self.live.get(c).is_some_and(|l| l.parent == parent)) && seen.insert(*c));
            if let Some(p) = self.live.get_mut(&parent) {
                p.limit = 2 * kids.len() + 64;
                p.children = kids;
            }
        }
    }

    fn title(&mut self, text: &str, t: f64) {
        let clean = collapse(text);
        if !clean.is_empty() && self.titles.last().is_none_or(|l| l.2 != clean || l.1 != self.page) {
            self.titles.push((t, self.page, clean));
        }
    }

    /// The id of `text`, stored once; `None` when the budget is spent.
    fn intern(&mut self, text: &str) -> Option<u32> {
        let mut h = DefaultHasher::new();
        text.hash(&mut h);
        let hash = h.finish();
        if let Some(&id) = self.ids.get(&hash) {
            if self.text(id) == text {
                return Some(id);
            }
        }
        if self.original.len() + text.len() > MAX_TEXT_STORE {
            self.full = true;
            return None;
        }
        let id = self.texts() as u32;
        self.original.push_str(text);
        self.original.push('\0');
        self.original_at.push(self.original.len() as u32);
        for c in text.chars() {
            self.lower.extend(c.to_lowercase());
        }
        self.lower.push('\0');
        self.lower_at.push(self.lower.len() as u32);
        self.ids.insert(hash, id);
        Some(id)
    }
}

/// Elements whose text is not on screen.
const HIDDEN_TAGS: [&str; 7] = ["script", "style", "head", "template", "noscript", "title", "meta"];

fn screen_attribute(name: &str) -> Option<u8> {
    SCREEN_ATTRIBUTES
        .iter()
        .position(|a| a.eq_ignore_ascii_case(name))
        .map(|i| i as u8)
}

/// Whitespace runs become one space; the ends are trimmed; `\0` (the arena's separator) is
/// dropped; the text is cut at [`MAX_TEXT_BYTES`].
pub fn collapse(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_TEXT_BYTES));
    for word in text
        .split(|c: char| c.is_whitespace() || c == '\0')
        .filter(|w| !w.is_empty())
    {
        if out.len() + word.len() + 1 > MAX_TEXT_BYTES {
            let room = MAX_TEXT_BYTES.saturating_sub(out.len() + 1);
            let cut = (0..=room.min(word.len()))
                .rev()
                .find(|&i| word.is_char_boundary(i))
                .unwrap_or(0);
            if cut > 0 {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str(&word[..cut]);
            }
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(word);
    }
    out
}
