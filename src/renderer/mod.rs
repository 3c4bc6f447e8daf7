//! The renderer: turns the core's mirror and patches into DOM inside the sandboxed replay
//! iframe.
//!
//! It decides nothing: tags, attributes and CSS arrive sanitised from the core, and the
//! renderer only creates, places and updates nodes, keeping a map from node id to DOM node.

mod build;
mod canvas;
mod dom;
mod frames;
mod inspect;
mod page;
mod patch;
mod pick;
mod realm;
mod state;

use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::Mirror;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::{Document, HtmlIFrameElement, Node};

pub use build::INTERNAL_ATTR;
use canvas::CanvasPainter;
pub use frames::FramePage;
use tapedeck_core::mirror::css::HOVER_ATTR;

/// Renders one replay iframe.
pub struct Renderer {
    frame: HtmlIFrameElement,
    nodes: HashMap<NodeId, Node>,
    /// `nodes` the other way round (DOM node → id), built when first asked, dropped on change.
    reverse: std::cell::RefCell<Option<js_sys::WeakMap>>,
    /// Documents the renderer built (the page, and same-origin iframes inside it).
    documents: HashSet<NodeId>,
    canvas: CanvasPainter,
    /// The documents asked for (the replay iframe's page, recorded iframes' pages).
    frames: frames::Frames,
    /// A page rebuild in progress, and its replay time (see `begin_render`).
    building: Option<(build::BuildJob, f64)>,
    /// What is shown of the page's fonts and adopted sheets (`page.rs`).
    page_shown: page::PageShown,
    /// Dialogs shown modal: a move in the DOM takes them out of the top layer (`state.rs`).
    modals: Vec<NodeId>,
    /// Called when the page's layout may have changed on its own (a font or image arrived).
    on_layout: Option<Rc<dyn Fn()>>,
    layout_listener: Option<Closure<dyn Fn(web_sys::Event)>>,
    /// Where `layout_listener` listens: (target, event, capture), to stop listening on release.
    listening: Vec<(wasm_bindgen::JsValue, &'static str, bool)>,
    /// The node under the recorded pointer, and the elements marked as hovered for it.
    hover: Option<NodeId>,
    hovered: Vec<web_sys::Element>,
    /// The elements marked for the recorded focus (`page.rs`), and the focus they mark.
    focused: Vec<web_sys::Element>,
    focus_shown: Option<(NodeId, bool)>,
    /// The ranges of the recorded selection put in the page last (`page.rs`).
    selection_shown: Vec<web_sys::Range>,
    /// Nodes whose scroll offset was applied last time (to reset those no longer scrolled).
    scrolled: std::cell::RefCell<std::collections::BTreeSet<NodeId>>,
    /// What could not be rendered (bad names the browser refused, values it threw on, …),
    /// not yet taken by the player; each distinct message once.
    pub warnings: Vec<String>,
    warned: HashSet<String>,
}

impl Renderer {
    pub fn new(frame: HtmlIFrameElement) -> Self {
        Renderer {
            frame,
            nodes: HashMap::new(),
            reverse: Default::default(),
            documents: HashSet::new(),
            canvas: CanvasPainter::default(),
            frames: Default::default(),
            building: None,
            page_shown: Default::default(),
            modals: Vec::new(),
            on_layout: None,
            layout_listener: None,
            listening: Vec::new(),
            hover: None,
            hovered: Vec::new(),
            focused: Vec::new(),
            focus_shown: None,
            selection_shown: Vec::new(),
            scrolled: Default::default(),
            warnings: Vec::new(),
            warned: HashSet::new(),
        }
    }

    /// Reports what could not be rendered, once per distinct message (at most 1,000 kept).
    pub(crate) fn warn(&mut self, message: String) {
        if self.warned.len() < 1000 && self.warned.insert(message.clone()) {
            self.warnings.push(message);
        }
    }

    /// Called when an image a canvas waits for has loaded: the frame should be painted again.
    pub fn on_asset_ready(&mut self, f: Rc<dyn Fn()>) {
        self.canvas.on_ready = Some(f);
    }

    /// Called when fonts or images of the replayed page finish loading (layout may have moved:
    /// scroll offsets should be applied again), and when a page asked for arrives (call
    /// [`Renderer::settle`]). Called from an event listener, possibly while the renderer is
    /// building: the callback should defer its work.
    pub fn on_layout_change(&mut self, f: Rc<dyn Fn()>) {
        self.on_layout = Some(f);
    }

    /// Applies every recorded scroll offset again (after layout changed on its own).
    pub fn reapply_scrolls(&self, mirror: &Mirror) {
        self.apply_scrolls(mirror);
    }

    fn watch_layout(&mut self, doc: &Document) {
        let Some(cb) = self.on_layout.clone() else { return };
        let listener = self
            .layout_listener
            .get_or_insert_with(|| Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| cb()));
        let f: js_sys::Function = listener.as_ref().unchecked_ref::<js_sys::Function>().clone();
        let fonts = dom::fonts(doc);
        for (target, kind, capture) in [(doc.into(), "load", true), (fonts.into(), "loadingdone", false)] {
            let known = self
                .listening
                .iter()
                .any(|(t, k, c)| t == &target && *k == kind && *c == capture);
            if !known && dom::add_listener(&target, kind, &f, capture).is_ok() {
                self.listening.push((target, kind, capture));
            }
        }
    }

    /// The player went away: stops listening to the replayed documents and lets go of every
    /// node and canvas (the listener itself is dropped after the current task).
    pub fn release(mut self) {
        if let Some(listener) = self.layout_listener.take() {
            let f: &js_sys::Function = listener.as_ref().unchecked_ref();
            for (target, kind, capture) in self.listening.drain(..) {
                dom::remove_listener(&target, kind, f, capture);
            }
            wasm_bindgen_futures::spawn_local(async move { drop(listener) });
        }
        self.frames.release(&self.frame);
        self.canvas.on_ready = None;
        self.canvas.retain(|_| false);
        self.nodes.clear();
        self.hovered.clear();
        self.focused.clear();
        self.focus_shown = None;
        self.selection_shown.clear();
        self.page_shown = Default::default();
        self.modals.clear();
    }

    /// The replay iframe's document.
    pub fn document(&self) -> Option<Document> {
        self.frame.content_document()
    }

    pub fn frame(&self) -> &HtmlIFrameElement {
        &self.frame
    }

    /// The DOM node rendered for a mirror node.
    pub fn node(&self, id: NodeId) -> Option<&Node> {
        self.nodes.get(&id)
    }

    /// Rebuilds the whole page from the mirror (first frame, or a new page), then applies
    /// element and page state and, after layout, scroll positions. `now` is the replay time
    /// (epoch ms).
    pub fn render(&mut self, mirror: &Mirror, now: f64) {
        if !self.begin_render(mirror, now) {
            self.render_more(mirror, usize::MAX);
        }
    }

    /// Starts rebuilding the page, to be finished by [`Renderer::render_more`] in slices of the
    /// caller's choosing (a page of tens of thousands of nodes need not be built in one task).
    /// Until it is finished, the page is partly built: the caller shows nothing else meanwhile
    /// (see [`Renderer::building`]). Returns whether it is already finished.
    pub fn begin_render(&mut self, mirror: &Mirror, now: f64) -> bool {
        self.reverse.replace(None);
        self.building = None;
        self.nodes.clear();
        self.documents.clear();
        self.frames.clear();
        self.canvas.retain(|_| false);
        self.hover = None;
        self.hovered.clear();
        self.focused.clear();
        self.focus_shown = None;
        self.selection_shown.clear();
        self.page_shown.forget_fonts();
        self.scrolled.borrow_mut().clear();
        let Some(root) = mirror.root() else { return true };
        let Some(doc) = self.page_document(mirror, root) else {
            self.warn("the replay frame has no document".to_owned());
            return true;
        };
        let job = self.begin_document(mirror, root, &doc);
        self.building = Some((job, now));
        false
    }

    /// Builds at most `budget` more nodes of the page [`Renderer::begin_render`] started, with
    /// the same mirror; when the page is complete, applies state, page and scroll. Returns
    /// whether the page is complete.
    pub fn render_more(&mut self, mirror: &Mirror, budget: usize) -> bool {
        self.reverse.replace(None);
        let Some((mut job, now)) = self.building.take() else {
            return true;
        };
        if !self.build_some(mirror, &mut job, budget) {
            self.building = Some((job, now));
            return false;
        }
        if let Some(doc) = self.document() {
            self.watch_layout(&doc);
        }
        self.build_waiting(mirror);
        self.apply_all_state(mirror, now);
        self.apply_page(mirror);
        self.apply_scrolls(mirror);
        true
    }

    /// Whether a rebuild started by [`Renderer::begin_render`] is not finished.
    pub fn building(&self) -> bool {
        self.building.is_some()
    }

    /// Drops a rebuild in progress (the mirror it was building changed).
    pub fn cancel_render(&mut self) {
        self.building = None;
    }

    /// Builds the mirror into `doc`, a document of its own that nothing shows (see `warmup`),
    /// with element state.
    pub fn render_detached(&mut self, mirror: &Mirror, doc: &Document) {
        if let Some(root) = mirror.root() {
            self.build_document(mirror, root, doc);
            self.apply_all_state(mirror, 0.0);
        }
    }

    /// Where element `id` is in the replayed page's viewport: (x, y, width, height).
    pub fn element_rect(&self, id: NodeId) -> Option<(f64, f64, f64, f64)> {
        let el = self.nodes.get(&id).and_then(realm::as_element)?;
        let r = dom::bounding_rect(el);
        (r.width() > 0.0 || r.height() > 0.0).then(|| (r.x(), r.y(), r.width(), r.height()))
    }

    /// Marks the element under the recorded pointer, and its ancestors, as hovered (so that the
    /// page's `:hover` rules apply, see `mirror::css::hover_rules`).
    pub fn set_hover(&mut self, id: Option<NodeId>) {
        let id = id.filter(|i| self.nodes.contains_key(i));
        if id == self.hover && self.hovered.iter().all(|e| dom::is_connected(e)) {
            return;
        }
        for el in self.hovered.drain(..) {
            let _ = dom::remove_attribute(&el, HOVER_ATTR);
        }
        self.hover = id;
        let mut cur = id.and_then(|i| self.nodes.get(&i)).cloned();
        while let Some(node) = cur {
            let next = match dom::parent_node(&node) {
                // Out of a shadow root, on to its host.
                Some(p) if dom::node_type(&p) == dom::DOCUMENT_FRAGMENT_NODE => dom::shadow_host(&p).map(Node::from),
                other => other,
            };
            if let Some(el) = realm::as_element(&node) {
                let _ = dom::set_attribute(el, HOVER_ATTR, "");
                self.hovered.push(el.clone());
            }
            cur = next;
        }
    }

    /// Gives the replay iframe the recorded viewport size (the stage binds the same values).
    pub fn size_frame(&self, width: f64, height: f64) {
        let _ = self.frame.set_attribute("width", &width.to_string());
        let _ = self.frame.set_attribute("height", &height.to_string());
    }

    /// Forces style and layout of the replayed page (so that a measure includes them).
    pub fn force_layout(&self) {
        if let Some(el) = self.document().and_then(|d| dom::document_element(&d)) {
            let _ = dom::bounding_rect(&el);
        }
    }

    /// Paints canvases again (an image they needed has loaded).
    pub fn repaint_canvases(&mut self, mirror: &Mirror, now: f64) {
        let ids: Vec<NodeId> = self.nodes.keys().copied().collect();
        for id in ids {
            if mirror.element(id).is_some_and(|e| e.state.canvas.is_some()) {
                self.apply_state(mirror, id, now);
            }
        }
    }
}
