//! The virtual-DOM mirror: the page as the replay must show it, sanitised, keyed by node id.
//!
//! The mirror holds what the renderer creates, never what the recording said verbatim: tags,
//! attributes and CSS have gone through [`crate::sanitize`] on the way in. Scroll offsets, input
//! values, media state and canvas images are state the renderer applies after creating a node.

mod apply;
mod attrs;
mod build;
pub mod css;
mod diff;
mod reuse;
pub mod rules;
mod serialize;
mod sheets;
pub mod sim;
pub mod table;

use std::collections::BTreeMap;
use std::sync::Arc;

use crate::event::NodeId;
pub use crate::sanitize::Namespace;
use crate::text::Text;
pub use apply::MAX_NODE_DEPTH;
pub use attrs::{CANVAS_MAX_AREA, CANVAS_MAX_SIDE, MAX_ATTRIBUTES, MEDIA_MAX_RATE, MEDIA_MIN_RATE};
pub use build::Place;
pub use diff::{diff, Patch};
pub use serialize::escape;
use table::Table;

/// One node of the mirror.
#[derive(Debug, Clone, PartialEq)]
pub struct VNode {
    pub parent: Option<NodeId>,
    pub children: Vec<NodeId>,
    /// Child of its parent's shadow root rather than of the parent itself.
    pub in_shadow: bool,
    pub kind: VKind,
}

#[derive(Debug, Clone, PartialEq)]
pub enum VKind {
    /// The page's document, or the content document of a same-origin iframe.
    Document {
        quirks: bool,
        scroll: Option<(f64, f64)>,
    },
    DocType(Box<crate::node::DocType>),
    Element(Box<VElement>),
    /// Shared with the event that added it when the sanitiser left it as it was.
    Text(Text),
    CData,
    Comment(Text),
}

#[derive(Debug, Clone, PartialEq)]
pub struct VElement {
    /// The tag the renderer creates (scripts are `template`s).
    pub tag: Text,
    /// The tag as recorded, lower-cased (decides how later attribute changes are sanitised).
    pub recorded_tag: Text,
    pub ns: Namespace,
    /// Attributes to set, sanitised, in recorded order. Names are shared ([`Text::name`]);
    /// a value the sanitiser left as recorded shares the recorded text.
    pub attrs: Vec<(Text, Text)>,
    pub shadow_host: bool,
    /// A `<link>`'s recorded URL, shown only while its `rel` allows it.
    pub link_href: Option<String>,
    pub state: State,
}

/// An element's [`ElementState`], allocated only once something is written to it: most
/// elements never scroll, hold a value or draw, and a session's checkpoints hold every version
/// of hundreds of thousands of them. Reads of an element without state see the empty state.
#[derive(Debug, Clone, Default)]
pub struct State(Option<Box<ElementState>>);

static NO_STATE: ElementState = ElementState {
    scroll: None,
    value: None,
    checked: None,
    media: None,
    image: None,
    canvas: None,
    webgl: false,
    modal: false,
};

impl std::ops::Deref for State {
    type Target = ElementState;
    fn deref(&self) -> &ElementState {
        self.0.as_deref().unwrap_or(&NO_STATE)
    }
}

impl std::ops::DerefMut for State {
    fn deref_mut(&mut self) -> &mut ElementState {
        self.0.get_or_insert_with(Default::default)
    }
}

impl PartialEq for State {
    fn eq(&self, other: &Self) -> bool {
        **self == **other
    }
}

impl State {
    /// Whether it was ever written to (for tests of its laziness).
    pub fn is_allocated(&self) -> bool {
        self.0.is_some()
    }
}

/// Live state of an element that attributes do not carry.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ElementState {
    /// Element scroll offset (left, top).
    pub scroll: Option<(f64, f64)>,
    /// Current value of an input, textarea or select.
    pub value: Option<String>,
    pub checked: Option<bool>,
    pub media: Option<MediaState>,
    /// The bitmap of a canvas at snapshot time, as an image URL.
    pub image: Option<crate::text::Text>,
    /// Drawing recorded on a canvas since then.
    pub canvas: Option<CanvasLog>,
    /// WebGL drawing was recorded on this canvas (it is not replayed).
    pub webgl: bool,
    /// A `<dialog>` open as modal (`showModal()`): in the top layer, over its backdrop.
    pub modal: bool,
}

/// The 2D drawing a canvas received: an append-only list shared between checkpoints, so
/// appending is O(1) and the renderer can tell what it has already drawn.
#[derive(Debug, Clone)]
pub struct CanvasLog {
    pub last: Arc<CanvasEntry>,
}

#[derive(Debug)]
pub struct CanvasEntry {
    pub prev: Option<Arc<CanvasEntry>>,
    /// Entries in the list up to and including this one.
    pub len: usize,
    pub mutation: Arc<crate::event::CanvasMutation>,
    /// It starts by clearing the whole canvas: nothing before it shows.
    pub clears_all: bool,
}

impl PartialEq for CanvasLog {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.last, &other.last)
    }
}

impl CanvasLog {
    /// The entries to draw, oldest first, from the last one that clears the whole canvas
    /// (`None` = also draw the snapshot image first).
    pub fn entries(&self) -> (bool, Vec<Arc<CanvasEntry>>) {
        let mut out = Vec::new();
        let mut cur = Some(Arc::clone(&self.last));
        let mut from_clear = false;
        while let Some(e) = cur {
            out.push(Arc::clone(&e));
            if e.clears_all {
                from_clear = true;
                break;
            }
            cur = e.prev.clone();
        }
        out.reverse();
        (from_clear, out)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct MediaState {
    pub paused: bool,
    pub current_time: f64,
    pub rate: f64,
    pub muted: bool,
    pub volume: f64,
    pub looping: bool,
    /// When `current_time` was recorded (epoch ms): a playing medium has moved on since.
    pub anchor: f64,
}

impl Default for MediaState {
    fn default() -> Self {
        MediaState {
            paused: true,
            current_time: 0.0,
            rate: 1.0,
            muted: false,
            volume: 1.0,
            looping: false,
            anchor: 0.0,
        }
    }
}

/// Page-level state that is not a node: viewport, fonts, selection, adopted style sheets.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct PageExtras {
    /// Recorded viewport (width, height), changed by ViewportResize.
    pub viewport: (f64, f64),
    /// `@font-face` rules for fonts the page loaded (Font events), sanitised CSS.
    pub fonts: Vec<String>,
    /// The user's text selection: (start node, start offset, end node, end offset).
    pub selection: Vec<(NodeId, u32, NodeId, u32)>,
    /// Constructed style sheets by style id: their rules.
    pub sheets: BTreeMap<NodeId, Vec<Text>>,
    /// Adopted style sheets of a document or shadow host: the style ids, in order.
    pub adopted: BTreeMap<NodeId, Vec<NodeId>>,
    /// Nodes with a scroll offset (the renderer re-applies them after every change).
    pub scrolled: std::collections::BTreeSet<NodeId>,
    /// Custom element names the page defined (`customElements.define`), lower-cased.
    pub defined: std::collections::BTreeSet<String>,
    /// The element with focus (Focus and Blur interactions), and whether the browser showed
    /// it (`:focus-visible`: not after a pointer press on it, always for text entry).
    pub focus: Option<(NodeId, bool)>,
}

/// The mirror of one page. Cloning is O(1): checkpoints are clones.
#[derive(Clone, Default)]
pub struct Mirror {
    /// Recorded nodes (ids ≥ 0).
    pos: Table<VNode>,
    /// Nodes the player adds itself (negative ids): the text of a `<style>` rebuilt from `_cssText`.
    neg: Table<VNode>,
    root: Option<NodeId>,
    next_synthetic: NodeId,
    pub page: Arc<PageExtras>,
    /// `<style>` elements whose rules were edited (insertRule, declarations): their recorded
    /// texts, and the chunks their rules are held in now ([`rules`]). Not page state: nothing
    /// of it is shown but the texts, and an edit leaves the page alone.
    edited: Arc<BTreeMap<NodeId, rules::EditedStyle>>,
    /// The element the last pointer press (MouseDown, TouchStart) was on: focus that follows
    /// it is not `:focus-visible`.
    pressed: Option<NodeId>,
    /// How recorded content is rendered (sanitised always; remote assets optionally blocked).
    pub policy: crate::sanitize::Policy,
}

impl std::fmt::Debug for Mirror {
    fn fmt(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.debug_struct("Mirror")
            .field("nodes", &self.len())
            .field("root", &self.root)
            .finish()
    }
}

fn key(id: NodeId) -> (bool, u64) {
    if id >= 0 {
        (true, id as u64)
    } else {
        (false, id.unsigned_abs())
    }
}

/// The most text one node shows, bytes. The browser lays a text node out whole: megabytes of
/// it in one node hold the page for seconds on every layout. Style sheets are not cut.
pub const MAX_TEXT_BYTES: usize = 256 << 10;

/// `text` as shown by node `id`: at most [`MAX_TEXT_BYTES`], and what was cut is reported.
pub(crate) fn clip_text(text: &str, id: NodeId, warnings: &mut Vec<String>) -> Text {
    if text.len() <= MAX_TEXT_BYTES {
        return text.into();
    }
    let mut cut = MAX_TEXT_BYTES;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    warnings.push(format!(
        "text of node {id} ({:.1} MB) shown as its first {} KB",
        text.len() as f64 / 1_048_576.0,
        MAX_TEXT_BYTES >> 10
    ));
    text[..cut].into()
}

/// [`clip_text`] of a recorded text, which is shared rather than copied when it is kept whole.
pub(crate) fn clip_shared(text: &Text, id: NodeId, warnings: &mut Vec<String>) -> Text {
    if text.len() <= MAX_TEXT_BYTES {
        return text.clone();
    }
    clip_text(text, id, warnings)
}

/// Whether `id` can be stored (recorded ids are small; forged ones may not be).
pub fn id_in_range(id: NodeId) -> bool {
    id.unsigned_abs() < table::KEY_LIMIT
}

impl Mirror {
    /// The page's document node.
    pub fn root(&self) -> Option<NodeId> {
        self.root
    }

    pub fn node(&self, id: NodeId) -> Option<&VNode> {
        match key(id) {
            (true, k) => self.pos.get(k),
            (false, k) => self.neg.get(k),
        }
    }

    pub fn contains(&self, id: NodeId) -> bool {
        self.node(id).is_some()
    }

    pub(crate) fn node_mut(&mut self, id: NodeId) -> Option<&mut VNode> {
        match key(id) {
            (true, k) => self.pos.get_mut(k),
            (false, k) => self.neg.get_mut(k),
        }
    }

    pub(crate) fn put(&mut self, id: NodeId, node: VNode) -> bool {
        match key(id) {
            (true, k) => self.pos.insert(k, node),
            (false, k) => self.neg.insert(k, node),
        }
    }

    pub(crate) fn take(&mut self, id: NodeId) -> Option<VNode> {
        match key(id) {
            (true, k) => self.pos.remove(k),
            (false, k) => self.neg.remove(k),
        }
    }

    pub fn len(&self) -> usize {
        self.pos.len() + self.neg.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn element(&self, id: NodeId) -> Option<&VElement> {
        match &self.node(id)?.kind {
            VKind::Element(e) => Some(e),
            _ => None,
        }
    }

    fn synthetic_id(&mut self) -> NodeId {
        self.next_synthetic -= 1;
        self.next_synthetic
    }

    /// Ids of `id` and all its descendants, in document order (shadow children included).
    pub fn subtree(&self, id: NodeId) -> Vec<NodeId> {
        let mut out = Vec::new();
        let mut stack = vec![id];
        while let Some(n) = stack.pop() {
            if let Some(node) = self.node(n) {
                out.push(n);
                stack.extend(node.children.iter().rev());
            }
        }
        out
    }

    /// The CSS a `<style>` `id` holds: its own text children, concatenated (what the browser
    /// reads as its sheet; text under an element inside it is not CSS, and not sanitised).
    pub fn style_text(&self, id: NodeId) -> String {
        let mut out = String::new();
        for c in self.node(id).map_or(&[][..], |n| &n.children[..]) {
            if let Some(VNode {
                kind: VKind::Text(t), ..
            }) = self.node(*c)
            {
                out.push_str(t);
            }
        }
        out
    }

    /// Text of every text node under `id`, concatenated (like `textContent`).
    pub fn text_content(&self, id: NodeId) -> String {
        let mut out = String::new();
        for n in self.subtree(id) {
            if let Some(VNode {
                kind: VKind::Text(t), ..
            }) = self.node(n)
            {
                out.push_str(t);
            }
        }
        out
    }

    /// Every recorded node (id ≥ 0) that differs between `self` and `other`, with what each
    /// holds: (id, here, there). Costs what changed, not what exists (shared subtrees are
    /// skipped).
    pub fn changed_nodes<'a>(
        &'a self,
        other: &'a Mirror,
        f: &mut impl FnMut(NodeId, Option<&'a VNode>, Option<&'a VNode>),
    ) {
        Table::diff(&self.pos, &other.pos, &mut |k, a, b| f(k as NodeId, a, b));
    }

    /// How deep `id` is (the document is 0).
    pub fn depth(&self, id: NodeId) -> usize {
        let mut d = 0;
        let mut cur = self.node(id).and_then(|n| n.parent);
        while let Some(p) = cur {
            d += 1;
            cur = self.node(p).and_then(|n| n.parent);
        }
        d
    }
}
