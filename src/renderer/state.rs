//! Element state that attributes do not carry: input values, media, and (after layout) scroll.

use tapedeck_core::mirror::{Mirror, VKind};
use web_sys::{HtmlInputElement, HtmlMediaElement, HtmlSelectElement, HtmlTextAreaElement};

use super::realm::{as_document, as_element, as_html};
use super::Renderer;

impl Renderer {
    /// Applies values, checked states, media state, then forces layout and applies scrolls.
    pub(super) fn apply_state(&self, mirror: &Mirror) {
        let mut scrolls = Vec::new();
        for (id, dom) in &self.nodes {
            let Some(node) = mirror.node(*id) else { continue };
            match &node.kind {
                VKind::Element(e) => {
                    let s = &e.state;
                    if let Some(v) = &s.value {
                        if let Some(i) = as_html::<HtmlInputElement>(dom, "input") {
                            i.set_value(v);
                        } else if let Some(t) = as_html::<HtmlTextAreaElement>(dom, "textarea") {
                            t.set_value(v);
                        } else if let Some(sel) = as_html::<HtmlSelectElement>(dom, "select") {
                            sel.set_value(v);
                        }
                    }
                    if let (Some(c), Some(i)) = (s.checked, as_html::<HtmlInputElement>(dom, "input")) {
                        i.set_checked(c);
                    }
                    let media = as_html::<HtmlMediaElement>(dom, "video").or_else(|| as_html(dom, "audio"));
                    if let (Some(m), Some(media)) = (&s.media, media) {
                        media.set_current_time(m.current_time);
                        media.set_playback_rate(m.rate);
                        media.set_muted(m.muted);
                        media.set_volume(m.volume.clamp(0.0, 1.0));
                        media.set_loop(m.looping);
                        let _ = if m.paused {
                            media.pause().ok()
                        } else {
                            media.play().ok().map(|_| ())
                        };
                    }
                    if let Some(scroll) = s.scroll {
                        scrolls.push((dom.clone(), scroll));
                    }
                }
                VKind::Document {
                    scroll: Some(scroll), ..
                } => scrolls.push((dom.clone(), *scroll)),
                _ => {}
            }
        }
        if scrolls.is_empty() {
            return;
        }
        // Scroll offsets only hold once the page is laid out.
        if let Some(el) = self.document().and_then(|d| d.document_element()) {
            let _ = el.scroll_height();
        }
        for (dom, (x, y)) in scrolls {
            if let Some(doc) = as_document(&dom) {
                if let Some(el) = doc.scrolling_element() {
                    el.set_scroll_left(x as i32);
                    el.set_scroll_top(y as i32);
                }
            } else if let Some(el) = as_element(&dom) {
                el.set_scroll_left(x as i32);
                el.set_scroll_top(y as i32);
            }
        }
    }
}
