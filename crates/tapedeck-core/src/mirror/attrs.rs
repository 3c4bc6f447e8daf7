//! Recorded attributes on a mirror element: rrweb's special attributes resolved, the rest
//! sanitised. The snapshot builder and attribute mutations both come through here.

use super::{css, MediaState, VElement};

/// Attributes one element keeps (real pages use tens).
pub const MAX_ATTRIBUTES: usize = 1_000;
/// The largest side of a replayed canvas's drawing surface, px.
pub const CANVAS_MAX_SIDE: u64 = 8192;
/// The largest area of a replayed canvas's drawing surface, px (1920×1080 fits). The renderer
/// shows a canvas as an image it encodes after each change: the area bounds that work.
pub const CANVAS_MAX_AREA: u64 = 2048 * 1024;
/// The playback rates media elements accept (Chromium refuses others with an exception).
pub const MEDIA_MIN_RATE: f64 = 0.0625;
pub const MEDIA_MAX_RATE: f64 = 16.0;
use crate::node::{AttrValue, StyleChange};
use crate::sanitize::{self, Namespace, Policy};
use crate::text::Text;

/// Whether focus on `e` always shows (`:focus-visible` after a click too): text entry.
pub(super) fn takes_text(e: &VElement) -> bool {
    match e.recorded_tag.as_str() {
        "textarea" | "select" => true,
        "input" => !matches!(
            e.attr("type").map(|t| t.to_ascii_lowercase()).as_deref(),
            Some("button" | "submit" | "reset" | "checkbox" | "radio" | "file" | "image" | "color" | "range")
        ),
        _ => e
            .attr("contenteditable")
            .is_some_and(|v| !v.eq_ignore_ascii_case("false")),
    }
}

/// Where rrweb's recorder marks the end of each text child's CSS in a `_cssText`.
const CSS_SPLIT: &str = "/* rr_split */";

/// The prefix of the attributes the player puts on replayed elements (markers, its own nodes).
const RESERVED: &str = "data-tapedeck";

impl VElement {
    /// A new element for a recorded tag (scripts become inert `<template>`s).
    pub fn new(recorded_tag: &str, is_svg: bool) -> VElement {
        let (tag, ns) = sanitize::render_tag(recorded_tag, is_svg);
        let recorded_tag = Text::name(&recorded_tag.to_ascii_lowercase());
        let tag = if tag == *recorded_tag {
            recorded_tag.clone()
        } else {
            Text::name(&tag)
        };
        let mut attrs = Vec::new();
        if matches!(recorded_tag.as_str(), "iframe" | "frame") {
            attrs.push((Text::name("sandbox"), Text::name("allow-same-origin")));
        }
        VElement {
            tag,
            recorded_tag,
            ns,
            attrs,
            shadow_host: false,
            link_href: None,
            state: Default::default(),
        }
    }

    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(n, _)| n == name).map(|(_, v)| v.as_str())
    }

    /// Sets (or replaces in place) an already sanitised attribute. An element keeps at most
    /// [`MAX_ATTRIBUTES`] (a name is found by a scan: bounded, not quadratic in what a
    /// recording holds); see [`VElement::attributes_capped`].
    pub(super) fn put_attr(&mut self, name: &str, value: impl Into<Text>) {
        let full = self.attrs.len() >= MAX_ATTRIBUTES;
        match self.attrs.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value.into(),
            None if !full => self.attrs.push((Text::name(name), value.into())),
            None => {}
        }
    }

    /// Reports an element whose recording holds more attributes than it keeps.
    pub(super) fn attributes_capped(&self, recorded: usize) -> Option<String> {
        (recorded > MAX_ATTRIBUTES && self.attrs.len() >= MAX_ATTRIBUTES).then(|| {
            format!(
                "<{}> with {recorded} attributes: the first {MAX_ATTRIBUTES} kept",
                self.recorded_tag
            )
        })
    }

    pub(super) fn remove_attr(&mut self, name: &str) {
        self.attrs.retain(|(n, _)| n != name);
    }

    /// Keeps a canvas's drawing surface within [`CANVAS_MAX_SIDE`] per side and
    /// [`CANVAS_MAX_AREA`] in all (the browser would be asked for gigabytes otherwise).
    /// Called after a batch of attributes; returns what was capped, to report.
    pub(super) fn cap_canvas(&mut self) -> Option<String> {
        if self.recorded_tag != "canvas" {
            return None;
        }
        let side = |e: &VElement, n: &str, default: u64| {
            e.attr(n)
                .map(|v| {
                    v.trim()
                        .parse::<f64>()
                        .map_or(default, |x| if x.is_finite() && x >= 0.0 { x as u64 } else { default })
                })
                .unwrap_or(default)
        };
        let (w, h) = (side(self, "width", 300), side(self, "height", 150));
        let (mut cw, mut ch) = (w.min(CANVAS_MAX_SIDE), h.min(CANVAS_MAX_SIDE));
        if cw * ch > CANVAS_MAX_AREA {
            let scale = (CANVAS_MAX_AREA as f64 / (cw * ch) as f64).sqrt();
            cw = ((cw as f64 * scale) as u64).max(1);
            ch = ((ch as f64 * scale) as u64).max(1);
        }
        if (cw, ch) == (w, h) {
            return None;
        }
        self.put_attr("width", cw.to_string());
        self.put_attr("height", ch.to_string());
        Some(format!("canvas {w}×{h} shown at {cw}×{ch}"))
    }

    /// Applies one recorded attribute. Returns the CSS of a `_cssText`, which belongs in the
    /// element's text rather than in an attribute: one piece per text child of a style that had
    /// several (rrweb marks where each ended with `/* rr_split */`), each sanitised.
    pub(super) fn apply_attr(&mut self, name: &str, value: &AttrValue, policy: &Policy) -> Option<Vec<String>> {
        match (name, value) {
            // Only styles and inlined style sheets carry CSS text; on anything else it is ignored
            // (it would replace the element's text).
            ("_cssText", AttrValue::Str(_)) if self.recorded_tag != "link" && self.tag != "style" => {}
            ("_cssText", AttrValue::Str(s)) => {
                if self.recorded_tag == "link" && self.tag != "style" {
                    // An inlined style sheet: rebuilt as a `<style>` carrying the same CSS.
                    self.tag = Text::name("style");
                    self.ns = Namespace::Html;
                    self.attrs
                        .retain(|(n, _)| matches!(n.as_str(), "media" | "id" | "class" | "title" | "disabled"));
                }
                return Some(s.split(CSS_SPLIT).map(|piece| policy.style_sheet(piece)).collect());
            }
            ("_cssText", _) => {}
            ("rr_dataURL", AttrValue::Str(url)) => {
                if url.starts_with("data:image/") && !sanitize::is_dangerous_url(url) {
                    if self.recorded_tag == "img" {
                        self.put_attr("src", url.to_string());
                    } else {
                        self.state.image = Some(url.clone());
                    }
                }
            }
            ("rr_width" | "rr_height", v) => {
                if let Some(v) = v.as_attr_string() {
                    let prop = if name == "rr_width" { "width" } else { "height" };
                    let style = css::set_property(self.attr("style").unwrap_or(""), prop, &v, "");
                    self.put_attr("style", policy.style_attr(&style));
                }
            }
            ("rr_scrollLeft", v) => {
                let top = self.state.scroll.map_or(0.0, |s| s.1);
                self.state.scroll = Some((v.as_f64().unwrap_or(0.0), top));
            }
            ("rr_scrollTop", v) => {
                let left = self.state.scroll.map_or(0.0, |s| s.0);
                self.state.scroll = Some((left, v.as_f64().unwrap_or(0.0)));
            }
            ("rr_mediaState", v) => {
                self.media().paused = v.as_attr_string().as_deref() != Some("played");
            }
            // Values the DOM refuses (NaN, infinities, negative times, rates outside what media
            // elements accept) are brought into range here, so the renderer never meets them.
            ("rr_mediaCurrentTime", v) => {
                self.media().current_time = v.as_f64().filter(|t| t.is_finite() && *t >= 0.0).unwrap_or(0.0)
            }
            ("rr_mediaPlaybackRate", v) => {
                self.media().rate = v
                    .as_f64()
                    .filter(|r| r.is_finite() && *r > 0.0)
                    .map_or(1.0, |r| r.clamp(MEDIA_MIN_RATE, MEDIA_MAX_RATE))
            }
            ("rr_mediaMuted", v) => self.media().muted = v.as_bool().unwrap_or(false),
            ("rr_mediaLoop", v) => self.media().looping = v.as_bool().unwrap_or(false),
            ("rr_mediaVolume", v) => {
                self.media().volume = v.as_f64().filter(|x| x.is_finite()).map_or(1.0, |x| x.clamp(0.0, 1.0))
            }
            // A dialog opened by `showModal()` is modal: the renderer shows it in the top layer
            // over its backdrop while it is open. The `open` attribute alone says whether it is
            // (rrweb sends `rr_open_mode` with it, also when it closes).
            ("rr_open_mode", v) => {
                self.state.modal = self.recorded_tag == "dialog" && matches!(v, AttrValue::Str(m) if m == "modal");
            }
            ("open", AttrValue::Null) => {
                self.state.modal = false;
                self.remove_attr("open");
            }
            (n, _) if n.starts_with("rr_") => {}
            ("style", AttrValue::Style(changes)) => {
                let mut style = self.attr("style").unwrap_or("").to_owned();
                for (prop, change) in changes {
                    style = match change {
                        StyleChange::Set { value, priority } => css::set_property(&style, prop, value, priority),
                        StyleChange::Remove => css::remove_property(&style, prop),
                    };
                }
                self.put_attr("style", policy.style_attr(&style));
            }
            // The player's own markers (`data-tapedeck…`) are never the recording's to set or
            // take away.
            (n, _)
                if n.as_bytes()
                    .get(..RESERVED.len())
                    .is_some_and(|p| p.eq_ignore_ascii_case(RESERVED.as_bytes())) => {}
            (_, AttrValue::Null) => {
                let name = &*self.dom_name(name);
                if self.recorded_tag == "link" && name.eq_ignore_ascii_case("href") {
                    self.link_href = None;
                    self.remove_attr("href");
                } else {
                    self.remove_attr(name);
                }
            }
            (_, v) => {
                let name = &*self.dom_name(name);
                let v = match v {
                    AttrValue::Str(t) => t.clone(),
                    v => v.as_attr_string().unwrap_or_default().into(),
                };
                self.apply_plain(name, v, policy)
            }
        }
        None
    }

    /// An attribute's name as the DOM has it: `setAttribute` lower-cases names on HTML
    /// elements (SVG names keep their case: `viewBox`).
    fn dom_name<'n>(&self, name: &'n str) -> std::borrow::Cow<'n, str> {
        if self.ns == Namespace::Html && name.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(name.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(name)
        }
    }

    fn apply_plain(&mut self, name: &str, v: Text, policy: &Policy) {
        let tag = self.recorded_tag.clone();
        let tag = tag.as_str();
        if tag == "link" && name.eq_ignore_ascii_case("href") {
            self.link_href = Some(v.to_string());
            self.update_link_href(policy);
            return;
        }
        if matches!(tag, "input" | "textarea" | "select") && name == "value" {
            self.state.value = Some(v.to_string());
            if tag != "input" {
                return;
            }
        }
        if name == "checked" {
            self.state.checked = Some(true);
        }
        match policy.attribute(tag, name, &v) {
            // Left as recorded: the recorded text is shared, not copied.
            // (The very bytes: a replacement the sanitiser borrowed, `about:blank#blocked`, may
            // be as long as what it replaced.)
            Some(std::borrow::Cow::Borrowed(clean)) if std::ptr::eq(clean, v.as_str()) => {
                self.put_attr(name, v.clone())
            }
            Some(clean) => self.put_attr(name, clean.into_owned()),
            None => self.remove_attr(name),
        }
        if tag == "link" && name.eq_ignore_ascii_case("rel") {
            self.update_link_href(policy);
        }
    }

    /// A `<link>` shows its URL only for style sheets and icons.
    fn update_link_href(&mut self, policy: &Policy) {
        if self.tag == "style" {
            return;
        }
        let rel = self.attr("rel").unwrap_or("").to_owned();
        match self.link_href.as_deref().and_then(|h| policy.link_href(&rel, h)) {
            Some(h) => {
                let h = h.into_owned();
                self.put_attr("href", h)
            }
            None => self.remove_attr("href"),
        }
    }

    fn media(&mut self) -> &mut MediaState {
        self.state.media.get_or_insert_with(MediaState::default)
    }
}
