//! Element state that attributes do not carry: input values, media, canvas bitmaps, and
//! (after layout) scroll offsets.

use js_sys::Reflect;
use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::{Mirror, Namespace, VKind, MEDIA_MAX_RATE, MEDIA_MIN_RATE};
use wasm_bindgen::JsValue;
use web_sys::{HtmlInputElement, HtmlMediaElement, HtmlSelectElement, HtmlTextAreaElement};

use super::dom;
use super::realm::{as_document, as_element, as_html, error_message};
use super::Renderer;

/// The HTML elements whose state `apply_state` shows (besides any with a recorded bitmap).
const STATEFUL_TAGS: [&str; 7] = ["input", "textarea", "select", "video", "audio", "canvas", "dialog"];

impl Renderer {
    /// Applies element state to every rendered node (after a rebuild).
    pub(super) fn apply_all_state(&mut self, mirror: &Mirror, now: f64) {
        let ids: Vec<NodeId> = self.nodes.keys().copied().collect();
        for id in ids {
            self.apply_state(mirror, id, now);
        }
    }

    /// Applies one element's state: value, checked, media, canvas. `now` is the replay time
    /// (epoch ms), for media that were playing.
    pub(super) fn apply_state(&mut self, mirror: &Mirror, id: NodeId, now: f64) {
        let (Some(dom), Some(VKind::Element(e))) = (self.nodes.get(&id).cloned(), mirror.node(id).map(|n| &n.kind))
        else {
            return;
        };
        let s = &e.state;
        // Only these elements have state to show. Decided from the mirror, without a call into
        // the page (a page of ten thousand `<div>`s costs nothing here); the DOM's own node
        // type and name are still checked before any cast below.
        let stateful = e.ns == Namespace::Html && STATEFUL_TAGS.iter().any(|t| e.tag.eq_ignore_ascii_case(t));
        if !stateful && s.image.is_none() && s.canvas.is_none() {
            return;
        }
        // Setters the DOM may refuse go through `set`: a refusal is reported once and the
        // frame goes on (no exception ever leaves the renderer).
        let mut refused: Vec<String> = Vec::new();
        let mut set = |target: &JsValue, prop: &str, v: JsValue| {
            if let Err(err) = Reflect::set(target, &JsValue::from_str(prop), &v) {
                refused.push(format!("node {id}: {prop} refused ({})", error_message(&err)));
            }
        };
        // No recorded value: the element's default (its value attribute, or its text).
        let value = s.value.clone();
        if let Some(i) = as_html::<HtmlInputElement>(&dom, "input") {
            // A checkbox's or radio's value is its `value` attribute, not state; a file
            // input's value cannot be set at all (the browser throws).
            if !matches!(i.type_().as_str(), "checkbox" | "radio" | "file") {
                let v = value.unwrap_or_else(|| i.default_value());
                if i.value() != v {
                    set(i, "value", v.into());
                }
            }
            let checked = s.checked.unwrap_or_else(|| i.default_checked());
            if i.checked() != checked {
                set(i, "checked", checked.into());
            }
        } else if let Some(t) = as_html::<HtmlTextAreaElement>(&dom, "textarea") {
            let v = value.unwrap_or_else(|| t.default_value().unwrap_or_default());
            if t.value() != v {
                set(t, "value", v.into());
            }
        } else if let (Some(sel), Some(v)) = (as_html::<HtmlSelectElement>(&dom, "select"), value) {
            set(sel, "value", v.into());
        }
        let media = as_html::<HtmlMediaElement>(&dom, "video").or_else(|| as_html(&dom, "audio"));
        if let (Some(m), Some(media)) = (&s.media, media) {
            let at = if m.paused || m.anchor <= 0.0 {
                m.current_time
            } else {
                m.current_time + (now - m.anchor).max(0.0) / 1000.0 * m.rate
            };
            // Frames are shown paused at the replay time: recorded media never plays sound.
            let _ = media.pause();
            if at.is_finite() && (media.current_time() - at).abs() > 0.05 {
                set(media, "currentTime", at.into());
            }
            let rate = if m.rate.is_finite() {
                m.rate.clamp(MEDIA_MIN_RATE, MEDIA_MAX_RATE)
            } else {
                1.0
            };
            set(media, "playbackRate", rate.into());
            set(media, "muted", m.muted.into());
            let volume = if m.volume.is_finite() {
                m.volume.clamp(0.0, 1.0)
            } else {
                1.0
            };
            set(media, "volume", volume.into());
            set(media, "loop", m.looping.into());
        }
        if let Some(d) = as_html::<web_sys::Element>(&dom, "dialog") {
            // Modal is state the mirror keeps (`rr_open_mode`), shown while the dialog is open;
            // `open` is an attribute like any, which `showModal` wants away before it puts it
            // back.
            let modal = dom::matches(d, ":modal");
            let want = s.modal && e.attr("open").is_some();
            self.modals.retain(|m| *m != id);
            if want {
                self.modals.push(id);
            }
            if want && !modal && dom::is_connected(&dom) {
                let _ = dom::remove_attribute(d, "open");
                if let Err(err) = dom::show_modal(d) {
                    let _ = dom::set_attribute(d, "open", "");
                    refused.push(format!("node {id}: showModal refused ({})", error_message(&err)));
                }
            } else if !want && modal {
                // `close()` does nothing to a dialog without `open` (a patch may have removed
                // it first), which would stay in the top layer.
                let _ = dom::set_attribute(d, "open", "");
                let _ = dom::close_dialog(d);
                if e.attr("open").is_some() {
                    let _ = dom::set_attribute(d, "open", "");
                }
            }
        }
        for r in refused {
            self.warn(r);
        }
        if s.image.is_some() || s.canvas.is_some() || as_html::<web_sys::HtmlElement>(&dom, "canvas").is_some() {
            if let Some(w) = self.canvas.paint(id, &dom, e) {
                self.warn(w);
            }
        }
    }

    /// Forces layout, then sets every recorded scroll offset that the DOM does not show.
    pub(super) fn apply_scrolls(&self, mirror: &Mirror) {
        // Elements that are no longer scrolled go back to the top.
        let unscrolled: Vec<NodeId> = self
            .scrolled
            .borrow()
            .difference(&mirror.page.scrolled)
            .copied()
            .collect();
        for id in unscrolled {
            let Some(dom) = self.nodes.get(&id) else { continue };
            let el = match as_document(dom) {
                Some(doc) => dom::scrolling_element(doc),
                None => as_element(dom).cloned(),
            };
            if let Some(el) = el {
                let _ = dom::scroll_to(&el, 0.0, 0.0);
            }
        }
        *self.scrolled.borrow_mut() = mirror.page.scrolled.clone();
        if mirror.page.scrolled.is_empty() {
            return;
        }
        if let Some(el) = self.document().and_then(|d| dom::document_element(&d)) {
            let _ = dom::scroll_height(&el);
        }
        // Elements first, documents last: a document's offset is also its root element's.
        let (docs, elements): (Vec<NodeId>, Vec<NodeId>) = mirror
            .page
            .scrolled
            .iter()
            .partition(|id| matches!(mirror.node(**id).map(|n| &n.kind), Some(VKind::Document { .. })));
        for id in elements.iter().chain(&docs) {
            let (Some(dom), Some(node)) = (self.nodes.get(id), mirror.node(*id)) else {
                continue;
            };
            let scroll = match &node.kind {
                VKind::Document { scroll, .. } => *scroll,
                VKind::Element(e) => e.state.scroll,
                _ => None,
            };
            let Some((x, y)) = scroll else { continue };
            let el = match as_document(dom) {
                Some(doc) => dom::scrolling_element(doc),
                None => as_element(dom).cloned(),
            };
            if let Some(el) = el {
                let (sx, sy) = dom::scroll_offset(&el);
                if sx as i32 != x as i32 || sy as i32 != y as i32 {
                    // Instantly, whatever the page's `scroll-behavior` says: a smooth scroll
                    // would show an in-between offset, and be restarted by every new frame.
                    let _ = dom::scroll_to(&el, x, y);
                }
            }
        }
    }
}
