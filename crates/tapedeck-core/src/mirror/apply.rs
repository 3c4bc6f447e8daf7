//! Applying incremental events to the mirror: the one mutation path of playback and seeking.
//!
//! Every function takes the event and a list to push warnings into; nothing here panics on
//! bad input: unknown ids and impossible changes are reported and skipped.

use std::sync::Arc;

use super::{CanvasEntry, CanvasLog, MediaState, Mirror, Place, VKind};
use crate::event::*;
use crate::node::NodeKind;

/// How deep mutations may build the page (the loader cuts deeper snapshot trees alike).
pub const MAX_NODE_DEPTH: usize = 500;

/// Custom element names a page may define (each define walks the page once).
const MAX_DEFINED: usize = 256;

impl Mirror {
    /// Applies one incremental event that happened at `timestamp` (epoch ms).
    pub fn apply(&mut self, inc: &Incremental, timestamp: f64, warnings: &mut Vec<String>) {
        match inc {
            Incremental::Mutation(m) => self.apply_mutation(m, warnings),
            Incremental::Scroll(s) => {
                if !self.set_scroll(s.id, s.x, s.y) {
                    warnings.push(format!("scroll of unknown node {}", s.id));
                }
            }
            Incremental::ViewportResize(v) => {
                if v.width.is_finite() && v.height.is_finite() && v.width > 0.0 && v.height > 0.0 {
                    Arc::make_mut(&mut self.page).viewport = (v.width, v.height);
                }
            }
            Incremental::Input(i) => match self.element_mut(i.id) {
                Some(e) => {
                    e.state.value = Some(i.text.clone());
                    e.state.checked = Some(i.is_checked);
                }
                None => warnings.push(format!("input into unknown node {}", i.id)),
            },
            Incremental::MediaInteraction(m) => self.apply_media(m, timestamp, warnings),
            Incremental::StyleSheetRule(r) => self.apply_sheet_rule(r, warnings),
            Incremental::StyleDeclaration(d) => self.apply_declaration(d, warnings),
            Incremental::AdoptedStyleSheet(a) => self.apply_adopted(a, warnings),
            Incremental::CanvasMutation(c) => self.apply_canvas(c, warnings),
            Incremental::Font(f) => self.apply_font(f),
            Incremental::Selection(s) => {
                Arc::make_mut(&mut self.page).selection = s
                    .ranges
                    .iter()
                    .map(|r| (r.start, r.start_offset, r.end, r.end_offset))
                    .collect();
            }
            Incremental::MouseInteraction(i) => self.apply_interaction(i),
            // Pointer, console: not page state (see the session index and panels).
            Incremental::MouseMove(_) | Incremental::TouchMove(_) | Incremental::Drag(_) | Incremental::Log(_) => {}
            Incremental::CustomElement(c) => {
                if let Some(d) = &c.define {
                    self.define_custom(&d.name, warnings);
                }
            }
        }
    }

    /// Focus and blur, and the presses that decide whether focus shows (clicks themselves are
    /// the session index's).
    fn apply_interaction(&mut self, i: &MouseInteraction) {
        const MOUSE_DOWN: u8 = 1;
        const FOCUS: u8 = 5;
        const BLUR: u8 = 6;
        const TOUCH_START: u8 = 7;
        match i.kind {
            MOUSE_DOWN | TOUCH_START => self.pressed = Some(i.id),
            FOCUS => {
                // A press on the element or inside it (a button's icon) gave it focus, which
                // shows only in a text field. A press is used up by the focus it gave: focus
                // coming back later by the keyboard shows.
                let pressed = self.pressed.take().is_some_and(|p| self.is_within(p, i.id));
                let Some(e) = self.element(i.id) else { return };
                let visible = !pressed || super::attrs::takes_text(e);
                if self.page.focus != Some((i.id, visible)) {
                    Arc::make_mut(&mut self.page).focus = Some((i.id, visible));
                }
            }
            BLUR if self.page.focus.is_some_and(|(f, _)| f == i.id) => {
                Arc::make_mut(&mut self.page).focus = None;
            }
            _ => {}
        }
    }

    /// Whether node `id` is `ancestor` or inside it (the mirror's depth is capped, so is the walk).
    fn is_within(&self, id: NodeId, ancestor: NodeId) -> bool {
        let mut cur = Some(id);
        while let Some(n) = cur {
            if n == ancestor {
                return true;
            }
            cur = self.node(n).and_then(|node| node.parent);
        }
        false
    }

    /// `customElements.define(name)`: elements of that name are `:defined` from now on, those
    /// already in the page (they were upgraded) and those added later.
    fn define_custom(&mut self, name: &str, warnings: &mut Vec<String>) {
        let name = name.to_ascii_lowercase();
        if self.page.defined.contains(&name) {
            return;
        }
        if self.page.defined.len() >= MAX_DEFINED {
            warnings.push(format!(
                "custom element {name:?} defined beyond the {MAX_DEFINED} names kept; not shown as :defined"
            ));
            return;
        }
        Arc::make_mut(&mut self.page).defined.insert(name.clone());
        let Some(root) = self.root else { return };
        let named: Vec<NodeId> = self
            .subtree(root)
            .into_iter()
            .filter(|id| self.element(*id).is_some_and(|e| e.recorded_tag == name))
            .collect();
        for id in named {
            if let Some(e) = self.element_mut(id) {
                e.put_attr(super::css::DEFINED_ATTR, String::new());
            }
        }
    }

    pub(crate) fn element_mut(&mut self, id: NodeId) -> Option<&mut super::VElement> {
        match &mut self.node_mut(id)?.kind {
            VKind::Element(e) => Some(e),
            _ => None,
        }
    }

    /// Sets the recorded viewport size (from the page's Meta).
    pub fn set_viewport(&mut self, width: f64, height: f64) {
        if width > 0.0 && height > 0.0 {
            Arc::make_mut(&mut self.page).viewport = (width, height);
        }
    }

    /// Sets the scroll offset of an element or document. False when there is no such node.
    pub fn set_scroll(&mut self, id: NodeId, x: f64, y: f64) -> bool {
        let (x, y) = (finite(x), finite(y));
        let Some(node) = self.node_mut(id) else { return false };
        match &mut node.kind {
            VKind::Document { scroll, .. } => {
                *scroll = Some((x, y));
                // The root element's own offset (rr_scrollTop at snapshot) is the same scroll:
                // the document's now stands for both.
                let roots = self.children_where(id, |k| matches!(k, VKind::Element(_)));
                for r in roots {
                    if let Some(e) = self.element_mut(r) {
                        if e.state.scroll.take().is_some() {
                            Arc::make_mut(&mut self.page).scrolled.remove(&r);
                        }
                    }
                }
            }
            VKind::Element(e) => e.state.scroll = Some((x, y)),
            _ => return false,
        }
        Arc::make_mut(&mut self.page).scrolled.insert(id);
        true
    }

    fn apply_mutation(&mut self, m: &Mutation, warnings: &mut Vec<String>) {
        self.reset_edited_styles(m);
        for r in &m.removes {
            if !self.contains(r.id) {
                warnings.push(format!("removal of unknown node {} (parent {})", r.id, r.parent_id));
                continue;
            }
            self.remove_subtree(r.id);
        }
        // Adds whose parent or next sibling is not there yet wait until it is (rrweb orders
        // adds so that this converges); what never can be placed is reported.
        for add in self.place_adds(&m.adds, warnings) {
            if self.contains(add.parent_id) {
                // The next sibling never came: place it last, as rrweb does.
                self.place_add(add, Place::End, warnings);
            } else {
                warnings.push(format!(
                    "node {} added to unknown parent {}",
                    add.node.id, add.parent_id
                ));
            }
        }
        for t in &m.texts {
            let value = self.text_for(t.id, t.value.as_deref().unwrap_or_default(), warnings);
            match self.node_mut(t.id).map(|n| &mut n.kind) {
                Some(VKind::Text(text)) | Some(VKind::Comment(text)) => *text = value,
                Some(VKind::Element(_)) => {
                    // textContent on an element replaces its children with one text.
                    let children = self.node(t.id).map(|n| n.children.clone()).unwrap_or_default();
                    for c in children {
                        self.remove_subtree(c);
                    }
                    self.add_synthetic_text(t.id, value);
                }
                Some(_) => {}
                None => {
                    if !m.removes.iter().any(|r| r.id == t.id) {
                        warnings.push(format!("text change of unknown node {}", t.id));
                    }
                }
            }
        }
        for a in &m.attributes {
            if !self.contains(a.id) {
                if !m.removes.iter().any(|r| r.id == a.id) {
                    warnings.push(format!("attribute change of unknown node {}", a.id));
                }
                continue;
            }
            let policy = self.policy;
            for (name, value) in &a.attributes {
                let css = match self.element_mut(a.id) {
                    Some(e) => e.apply_attr(name, value, &policy),
                    None => {
                        warnings.push(format!("attribute change on node {}, which is not an element", a.id));
                        break;
                    }
                };
                if let Some(css) = css {
                    self.set_sheet_text(a.id, css.concat());
                }
            }
            if let Some(w) = self.element_mut(a.id).and_then(|e| e.cap_canvas()) {
                warnings.push(w);
            }
            if let Some(e) = self
                .element_mut(a.id)
                .filter(|e| e.attrs.len() >= super::MAX_ATTRIBUTES)
            {
                let dropped = a
                    .attributes
                    .iter()
                    .filter(|(n, v)| !matches!(v, crate::node::AttrValue::Null) && e.attr(n).is_none())
                    .count();
                if dropped > 0 {
                    let tag = e.recorded_tag.clone();
                    warnings.push(format!(
                        "node {}: <{tag}> given {dropped} attributes beyond the {} it keeps",
                        a.id,
                        super::MAX_ATTRIBUTES
                    ));
                }
            }
        }
    }

    /// Places the adds of one mutation as passes over the list would (each pass places, in
    /// order, every add whose parent and next sibling are present by then), but in time
    /// linear in the adds: an add is looked at again only when the node it waits for arrives.
    /// Returns the adds that never could be placed, in order.
    fn place_adds<'a>(&mut self, adds: &'a [AddedNode], warnings: &mut Vec<String>) -> Vec<&'a AddedNode> {
        use std::collections::{BTreeSet, HashMap};
        let mut waiting: HashMap<NodeId, Vec<usize>> = HashMap::new();
        // Filled by `extend`, not `collect`: collecting sorts, one more sort compiled.
        let mut this_pass: BTreeSet<usize> = BTreeSet::new();
        this_pass.extend(0..adds.len());
        let mut next_pass: BTreeSet<usize> = BTreeSet::new();
        let mut placed = vec![false; adds.len()];
        while !this_pass.is_empty() {
            while let Some(i) = this_pass.pop_first() {
                let add = &adds[i];
                if let Some(blocker) = self.blocker(add) {
                    waiting.entry(blocker).or_default().push(i);
                    continue;
                }
                self.place_add(add, self.place_of(add), warnings);
                placed[i] = true;
                // Adds waiting for a node of this subtree: later ones in this pass, earlier
                // ones in the next.
                let mut stack = vec![&add.node];
                while let Some(n) = stack.pop() {
                    for w in waiting.remove(&n.id).unwrap_or_default() {
                        if w > i {
                            this_pass.insert(w);
                        } else {
                            next_pass.insert(w);
                        }
                    }
                    stack.extend(n.children());
                }
            }
            std::mem::swap(&mut this_pass, &mut next_pass);
        }
        adds.iter().zip(placed).filter(|(_, p)| !p).map(|(a, _)| a).collect()
    }

    /// The node an add waits for: its parent, or its next sibling when that is not there yet.
    fn blocker(&self, add: &AddedNode) -> Option<NodeId> {
        if !self.contains(add.parent_id) {
            return Some(add.parent_id);
        }
        add.next_id.filter(|n| *n >= 0 && !self.contains(*n))
    }

    /// Where an add whose parent and next sibling are present goes.
    fn place_of(&self, add: &AddedNode) -> Place {
        match (add.previous_id, add.next_id) {
            (Some(p), _) if self.is_child(add.parent_id, p) => Place::After(p),
            (_, Some(n)) if self.is_child(add.parent_id, n) => Place::Before(n),
            _ => Place::End,
        }
    }

    /// Whether `id` is `ancestor` or below it (a walk up from `id`, bounded by the depth cap).
    fn is_ancestor(&self, ancestor: NodeId, id: NodeId) -> bool {
        let mut cur = Some(id);
        for _ in 0..=2 * MAX_NODE_DEPTH + 2 {
            match cur {
                Some(n) if n == ancestor => return true,
                Some(n) => cur = self.node(n).and_then(|x| x.parent),
                None => return false,
            }
        }
        // Deeper than any page the mirror builds: treat as a cycle, refuse the move.
        true
    }

    /// Whether `id` is at least `levels` below its document (walks up at most that far).
    fn depth_at_least(&self, id: NodeId, levels: usize) -> bool {
        let mut cur = self.node(id).and_then(|n| n.parent);
        for _ in 0..levels {
            match cur {
                Some(p) => cur = self.node(p).and_then(|n| n.parent),
                None => return false,
            }
        }
        true
    }

    fn is_child(&self, parent: NodeId, child: NodeId) -> bool {
        self.node(child).is_some_and(|c| c.parent == Some(parent))
    }

    fn place_add(&mut self, add: &AddedNode, place: Place, warnings: &mut Vec<String>) {
        // A page built ever deeper by mutations would take the browser's layout down with it:
        // nothing is placed under a parent already MAX_NODE_DEPTH levels deep.
        if self.depth_at_least(add.parent_id, MAX_NODE_DEPTH) {
            warnings.push(format!(
                "node {} added more than {MAX_NODE_DEPTH} levels deep; not shown",
                add.node.id
            ));
            return;
        }
        if self.contains(add.node.id) {
            // A node added again without its removal: it moved.
            if self.is_ancestor(add.node.id, add.parent_id) {
                warnings.push(format!(
                    "node {} cannot move into its own descendant {}",
                    add.node.id, add.parent_id
                ));
                return;
            }
            self.remove_subtree(add.node.id);
        }
        let parent_kind = self.node(add.parent_id).map(|p| &p.kind);
        // Only one doctype and one root element per document; one text in a textarea; one
        // document per iframe.
        let replaced: Vec<NodeId> = match (parent_kind, &add.node.kind) {
            (Some(VKind::Document { .. }), NodeKind::DocumentType { .. }) => {
                self.children_where(add.parent_id, |k| matches!(k, VKind::DocType { .. }))
            }
            (Some(VKind::Document { .. }), NodeKind::Element(_)) => {
                self.children_where(add.parent_id, |k| matches!(k, VKind::Element(_)))
            }
            (Some(VKind::Element(e)), NodeKind::Text { .. }) if e.recorded_tag == "textarea" => {
                self.children_where(add.parent_id, |k| matches!(k, VKind::Text(_)))
            }
            (Some(VKind::Element(_)), NodeKind::Document { .. }) => self.children_where(add.parent_id, |_| true),
            _ => Vec::new(),
        };
        for r in replaced {
            self.remove_subtree(r);
        }
        self.insert_subtree(&add.node, Some(add.parent_id), place, warnings);
    }

    pub(super) fn children_where(&self, parent: NodeId, f: impl Fn(&VKind) -> bool) -> Vec<NodeId> {
        self.node(parent)
            .map(|p| {
                p.children
                    .iter()
                    .copied()
                    .filter(|c| self.node(*c).is_some_and(|n| f(&n.kind)))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Detaches `id` from its parent and forgets it and its descendants.
    pub(crate) fn remove_subtree(&mut self, id: NodeId) {
        if let Some(parent) = self.node(id).and_then(|n| n.parent) {
            if let Some(p) = self.node_mut(parent) {
                p.children.retain(|c| *c != id);
            }
        }
        let ids = self.subtree(id);
        let page = Arc::make_mut(&mut self.page);
        for n in &ids {
            page.scrolled.remove(n);
            if page.focus.is_some_and(|(f, _)| f == *n) {
                page.focus = None;
            }
        }
        if ids.iter().any(|n| self.edited.contains_key(n)) {
            let edited = Arc::make_mut(&mut self.edited);
            for n in &ids {
                edited.remove(n);
            }
        }
        for n in ids {
            self.take(n);
        }
        if self.root == Some(id) {
            self.root = None;
        }
    }

    fn apply_media(&mut self, m: &MediaInteraction, timestamp: f64, warnings: &mut Vec<String>) {
        let Some(e) = self.element_mut(m.id) else {
            warnings.push(format!("media interaction on unknown node {}", m.id));
            return;
        };
        let media = e.state.media.get_or_insert_with(MediaState::default);
        match m.kind {
            0 => media.paused = false,
            1 => media.paused = true,
            _ => {}
        }
        // In the ranges media elements accept (see `attrs`): the renderer never meets others.
        if let Some(t) = m.current_time.filter(|t| t.is_finite()) {
            media.current_time = t.max(0.0);
        }
        if let Some(v) = m.volume.filter(|v| v.is_finite()) {
            media.volume = v.clamp(0.0, 1.0);
        }
        if let Some(muted) = m.muted {
            media.muted = muted;
        }
        if let Some(l) = m.looping {
            media.looping = l;
        }
        if let Some(r) = m.playback_rate.filter(|r| r.is_finite() && *r > 0.0) {
            media.rate = r.clamp(super::MEDIA_MIN_RATE, super::MEDIA_MAX_RATE);
        }
        media.anchor = timestamp;
    }

    fn apply_canvas(&mut self, c: &Arc<CanvasMutation>, warnings: &mut Vec<String>) {
        let Some(e) = self.element_mut(c.id) else {
            warnings.push(format!("canvas drawing on unknown node {}", c.id));
            return;
        };
        if c.context != 0 {
            // WebGL cannot be replayed without running the page's shaders: the snapshot image
            // stays, or the canvas stays blank at its size. Said once a canvas.
            if !e.state.webgl {
                e.state.webgl = true;
                let shown = if e.state.image.is_some() {
                    "its snapshot image stays"
                } else {
                    "it stays blank at its size"
                };
                warnings.push(format!(
                    "canvas {}: WebGL drawing is not replayed (it would run the page's shaders); {shown}",
                    c.id
                ));
            }
            return;
        }
        let size = (
            e.attr("width").and_then(|w| w.parse::<f64>().ok()).unwrap_or(300.0),
            e.attr("height").and_then(|h| h.parse::<f64>().ok()).unwrap_or(150.0),
        );
        let clears_all = c.first_command().is_some_and(|(property, args)| {
            let args = if property == "clearRect" {
                args.values()
            } else {
                Vec::new()
            };
            args.len() == 4
                && args[0].as_f64() == Some(0.0)
                && args[1].as_f64() == Some(0.0)
                && args[2].as_f64().is_some_and(|w| w >= size.0)
                && args[3].as_f64().is_some_and(|h| h >= size.1)
        });
        let prev = e.state.canvas.as_ref().map(|l| Arc::clone(&l.last));
        let len = prev.as_ref().map_or(0, |p| p.len) + 1;
        e.state.canvas = Some(CanvasLog {
            last: Arc::new(CanvasEntry {
                prev,
                len,
                mutation: Arc::clone(c),
                clears_all,
            }),
        });
    }
}

fn finite(v: f64) -> f64 {
    if v.is_finite() {
        v
    } else {
        0.0
    }
}
