//! The documents a replay is built in, and how they come to be in the recorded mode.
//!
//! A document's mode (standards or quirks) is fixed by the parser that made it, so the renderer
//! never changes the mode of a document it has: it asks for a new one. The replay iframe loads a
//! page from a `blob:` URL of the player's origin; a recorded same-origin iframe gets a `srcdoc`
//! page. Both are fixed text: a doctype (standards mode) or none (quirks), and a `no-referrer`
//! policy. Nothing is ever opened with `document.open`: an opened document takes the player's
//! address, and Chromium sends that address as the referrer of every request its CSS makes,
//! whatever the policy. A `blob:`, `srcdoc` or `about:blank` document sends no referrer at all,
//! and its address is not the player's (whose query may name a recording's signed URL). A
//! `srcdoc` document is never in quirks mode: a recorded iframe in quirks mode is built in the
//! iframe's own `about:blank`.
//!
//! Loading is asynchronous. Until the page has loaded, the replay is built in the document there
//! is (in the other mode); a recorded iframe stays empty. When a page has loaded, the load
//! listener calls the player back and it calls [`Renderer::settle`], which builds what waited.

use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::{Mirror, VKind};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Document, HtmlIFrameElement, Node};

use super::dom;
use super::Renderer;

/// What a page the renderer gives a frame holds: a doctype or none, and the referrer policy.
const STANDARDS: &str = "<!DOCTYPE html><meta name=\"referrer\" content=\"no-referrer\"><title>Replay</title>";
const QUIRKS: &str = "<meta name=\"referrer\" content=\"no-referrer\"><title>Replay</title>";

fn page(quirks: bool) -> &'static str {
    if quirks {
        QUIRKS
    } else {
        STANDARDS
    }
}

/// The documents the renderer asked for and the frames that wait for theirs.
#[derive(Default)]
pub(super) struct Frames {
    /// The document the page was last built in.
    built: Option<Document>,
    /// The mode the replay iframe was last asked to load, and the `blob:` URL it was given.
    asked: Option<(bool, String)>,
    /// Recorded iframes, each with the mirror document it shows.
    inner: Vec<(NodeId, HtmlIFrameElement)>,
    /// Listens for the replay iframe's loads (a page in the other mode arrived).
    listener: Option<Closure<dyn Fn(web_sys::Event)>>,
}

/// Whether mirror node `id` is a document recorded in quirks mode.
pub(super) fn wants_quirks(mirror: &Mirror, id: NodeId) -> bool {
    matches!(
        mirror.node(id).map(|n| &n.kind),
        Some(VKind::Document { quirks: true, .. })
    )
}

/// A `blob:` URL for the page of that mode.
fn blob_page(quirks: bool) -> Option<String> {
    let parts = js_sys::Array::of1(&JsValue::from_str(page(quirks)));
    let opts = web_sys::BlobPropertyBag::new();
    opts.set_type("text/html");
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &opts).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// The replay iframe's standards-mode page: its address goes in the iframe's `src` when the
/// iframe is made, so the page loads while the player is built and the recording downloads
/// (await [`FramePage::ready`] before rendering).
pub struct FramePage {
    loaded: js_sys::Promise,
    arrived: js_sys::Function,
    url: String,
}

impl FramePage {
    /// A page asked for now; two seconds from now it counts as loaded whatever happened (an
    /// iframe never made, a load event never seen).
    pub fn new() -> Option<FramePage> {
        let url = blob_page(false)?;
        let mut arrived = None;
        let loaded = js_sys::Promise::new(&mut |resolve: js_sys::Function, _| {
            if let Some(w) = web_sys::window() {
                let _ = w.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 2_000);
            }
            arrived = Some(resolve);
        });
        Some(FramePage {
            loaded,
            arrived: arrived?,
            url,
        })
    }

    /// The address for the iframe's `src`.
    pub fn url(&self) -> &str {
        &self.url
    }

    /// To call on the iframe's `load` event.
    pub fn arrived(&self) -> js_sys::Function {
        self.arrived.clone()
    }

    /// Gives an iframe made without it the page (tests, a frame made elsewhere).
    pub fn load_in(&self, frame: &HtmlIFrameElement) {
        let _ = frame.add_event_listener_with_callback("load", &self.arrived);
        frame.set_src(&self.url);
    }

    /// Resolves once the page has loaded, or two seconds after it was asked for.
    pub async fn ready(self) {
        let _ = wasm_bindgen_futures::JsFuture::from(self.loaded).await;
        let _ = web_sys::Url::revoke_object_url(&self.url);
    }
}

impl Frames {
    /// Forgets the page's documents (a rebuild starts).
    pub(super) fn clear(&mut self) {
        self.inner.clear();
    }

    /// Mirror node `from` is shown as `to` from now on.
    pub(super) fn rename(&mut self, from: NodeId, to: NodeId) {
        for (id, _) in &mut self.inner {
            if *id == from {
                *id = to;
            }
        }
    }

    pub(super) fn release(&mut self, frame: &HtmlIFrameElement) {
        if let Some((_, url)) = self.asked.take() {
            let _ = web_sys::Url::revoke_object_url(&url);
        }
        if let Some(listener) = self.listener.take() {
            let _ = frame.remove_event_listener_with_callback("load", listener.as_ref().unchecked_ref());
            wasm_bindgen_futures::spawn_local(async move { drop(listener) });
        }
        self.inner.clear();
        self.built = None;
    }
}

impl Renderer {
    /// The replay iframe's document, ready for the page: emptied, and if it is not in the
    /// recorded mode, a page in that mode asked for (the page is built again when it arrives).
    pub(super) fn page_document(&mut self, mirror: &Mirror, root: NodeId) -> Option<Document> {
        let doc = self.document()?;
        let quirks = wants_quirks(mirror, root);
        if dom::is_quirks(&doc) == quirks {
            if let Some((_, url)) = self.frames.asked.take() {
                let _ = web_sys::Url::revoke_object_url(&url);
            }
        } else if self.frames.asked.as_ref().map(|(q, _)| *q) != Some(quirks) {
            self.load_frame(quirks);
        }
        self.frames.built = Some(doc.clone());
        Some(doc)
    }

    /// Points the replay iframe at a new page of that mode.
    fn load_frame(&mut self, quirks: bool) {
        let Some(url) = blob_page(quirks) else {
            self.warn("the replay frame cannot be given a page in the recorded mode".to_owned());
            return;
        };
        if let Some((_, old)) = self.frames.asked.replace((quirks, url.clone())) {
            let _ = web_sys::Url::revoke_object_url(&old);
        }
        if self.frames.listener.is_none() {
            if let Some(cb) = self.on_layout.clone() {
                let listener = Closure::<dyn Fn(web_sys::Event)>::new(move |_| cb());
                let _ = self
                    .frame
                    .add_event_listener_with_callback("load", listener.as_ref().unchecked_ref());
                self.frames.listener = Some(listener);
            }
        }
        self.frame.set_src(&url);
    }

    /// Recorded document `id` belongs in `frame`: it is built by [`Renderer::build_waiting`]
    /// once the frame has its page, which is asked for here if it has not.
    pub(super) fn frame_document(&mut self, mirror: &Mirror, id: NodeId, frame: &HtmlIFrameElement) {
        self.frames.inner.retain(|(_, f)| f != frame);
        self.frames.inner.push((id, frame.clone()));
        let quirks = wants_quirks(mirror, id);
        if ready(frame, quirks).is_some() {
            return;
        }
        let srcdoc = dom::get_attribute(frame, "srcdoc");
        let asked = if quirks {
            // Back to about:blank.
            srcdoc.is_none() || dom::remove_attribute(frame, "srcdoc").is_ok()
        } else {
            srcdoc.as_deref() == Some(STANDARDS) || dom::set_attribute(frame, "srcdoc", STANDARDS).is_ok()
        };
        if !asked {
            self.warn(format!("node {id}: the iframe cannot be given a document"));
        }
    }

    /// Builds the recorded iframes' documents whose pages are there; documents inside them are
    /// then built in turn (a work list, not recursion). Element state is the caller's to apply.
    /// Returns whether anything was built.
    pub(super) fn build_waiting(&mut self, mirror: &Mirror) -> bool {
        let mut any = false;
        loop {
            let mut built = false;
            let waiting = self.frames.inner.clone();
            for (id, frame) in waiting {
                if !dom::is_connected(&frame) || mirror.node(id).is_none() {
                    self.frames.inner.retain(|(_, f)| f != &frame);
                    continue;
                }
                let have = self.nodes.get(&id).cloned();
                match ready(&frame, wants_quirks(mirror, id)) {
                    Some(doc) if !have.is_some_and(|n| dom::is_same_node(&n, Some(&doc))) => {
                        self.build_document(mirror, id, &doc);
                        self.watch_layout(&doc);
                        built = true;
                    }
                    _ => {}
                }
            }
            if !built {
                break;
            }
            any = true;
        }
        any
    }

    /// A page the renderer asked for may have arrived: builds what waited for it (the whole
    /// replay if the replay iframe has a new document), with element state at `now` (epoch ms).
    /// Returns whether anything was built.
    pub fn settle(&mut self, mirror: &Mirror, now: f64) -> bool {
        if self.building() {
            return false;
        }
        let Some(built) = self.frames.built.clone() else {
            return false;
        };
        let shown = self.document();
        if !shown.as_ref().is_some_and(|d| dom::is_same_node(d, Some(&built))) {
            self.render(mirror, now);
            return true;
        }
        let any = self.build_waiting(mirror);
        if any {
            self.apply_all_state(mirror, now);
            // Adopted sheets and focus marks of the documents just built.
            self.apply_page(mirror);
            self.apply_scrolls(mirror);
        }
        any
    }

    /// Whether a document the renderer asked for has not been built yet.
    pub fn waiting(&self) -> bool {
        let top = self.document();
        let top_waits = match (&self.frames.built, &top) {
            (Some(built), Some(top)) => {
                !dom::is_same_node(built, Some(top))
                    || self
                        .frames
                        .asked
                        .as_ref()
                        .is_some_and(|(q, _)| dom::is_quirks(top) != *q)
            }
            _ => false,
        };
        top_waits
            || self.frames.inner.iter().any(|(id, frame)| {
                let inner: Option<Node> = frame.content_document().map(Node::from);
                dom::is_connected(frame) && !self.nodes.get(id).is_some_and(|n| dom::is_same_node(n, inner.as_ref()))
            })
    }
}

/// The frame's document if it is the page the renderer gave it, loaded, in the wanted mode: a
/// `srcdoc` page in standards mode (`srcdoc` documents are never in quirks mode), the frame's
/// `about:blank` in quirks mode.
fn ready(frame: &HtmlIFrameElement, quirks: bool) -> Option<Document> {
    let doc = frame.content_document()?;
    let srcdoc = dom::get_attribute(frame, "srcdoc");
    let ours = if quirks {
        srcdoc.is_none() && dom::url(&doc) == "about:blank"
    } else {
        srcdoc.as_deref() == Some(STANDARDS) && dom::url(&doc) == "about:srcdoc"
    };
    (ours && dom::is_quirks(&doc) == quirks).then_some(doc)
}
