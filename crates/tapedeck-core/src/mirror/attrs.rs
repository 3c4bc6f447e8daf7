//! Recorded attributes on a mirror element: rrweb's special attributes resolved, the rest
//! sanitised. The snapshot builder and attribute mutations both come through here.

use super::{css, MediaState, VElement};
use crate::node::{AttrValue, StyleChange};
use crate::sanitize::{self, Namespace, Policy};

impl VElement {
    /// A new element for a recorded tag (scripts become inert `<template>`s).
    pub fn new(recorded_tag: &str, is_svg: bool) -> VElement {
        let (tag, ns) = sanitize::render_tag(recorded_tag, is_svg);
        let recorded_tag = recorded_tag.to_ascii_lowercase();
        let mut attrs = Vec::new();
        if matches!(recorded_tag.as_str(), "iframe" | "frame") {
            attrs.push(("sandbox".to_owned(), "allow-same-origin".to_owned()));
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

    /// Sets (or replaces in place) an already sanitised attribute.
    pub(super) fn put_attr(&mut self, name: &str, value: String) {
        match self.attrs.iter_mut().find(|(n, _)| n == name) {
            Some((_, v)) => *v = value,
            None => self.attrs.push((name.to_owned(), value)),
        }
    }

    pub(super) fn remove_attr(&mut self, name: &str) {
        self.attrs.retain(|(n, _)| n != name);
    }

    /// Applies one recorded attribute. Returns the CSS of a `_cssText`, which belongs in the
    /// element's text rather than in an attribute.
    pub(super) fn apply_attr(&mut self, name: &str, value: &AttrValue, policy: &Policy) -> Option<String> {
        match (name, value) {
            ("_cssText", AttrValue::Str(s)) => {
                if self.recorded_tag == "link" && self.tag != "style" {
                    // An inlined style sheet: rebuilt as a `<style>` carrying the same CSS.
                    self.tag = "style".to_owned();
                    self.ns = Namespace::Html;
                    self.attrs
                        .retain(|(n, _)| matches!(n.as_str(), "media" | "id" | "class" | "title" | "disabled"));
                }
                return Some(policy.style_sheet(s));
            }
            ("_cssText", _) => {}
            ("rr_dataURL", AttrValue::Str(url)) => {
                if url.starts_with("data:image/") && !sanitize::is_dangerous_url(url) {
                    if self.recorded_tag == "img" {
                        self.put_attr("src", url.clone());
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
            ("rr_mediaCurrentTime", v) => self.media().current_time = v.as_f64().unwrap_or(0.0),
            ("rr_mediaPlaybackRate", v) => self.media().rate = v.as_f64().unwrap_or(1.0),
            ("rr_mediaMuted", v) => self.media().muted = v.as_bool().unwrap_or(false),
            ("rr_mediaLoop", v) => self.media().looping = v.as_bool().unwrap_or(false),
            ("rr_mediaVolume", v) => self.media().volume = v.as_f64().unwrap_or(1.0),
            ("rr_open_mode", AttrValue::Null) => self.remove_attr("open"),
            ("rr_open_mode", _) => self.put_attr("open", String::new()),
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
            (_, AttrValue::Null) => {
                if self.recorded_tag == "link" && name.eq_ignore_ascii_case("href") {
                    self.link_href = None;
                    self.remove_attr("href");
                } else {
                    self.remove_attr(name);
                }
            }
            (_, v) => self.apply_plain(name, v.as_attr_string().unwrap_or_default(), policy),
        }
        None
    }

    fn apply_plain(&mut self, name: &str, v: String, policy: &Policy) {
        let tag = self.recorded_tag.clone();
        let tag = tag.as_str();
        if tag == "link" && name.eq_ignore_ascii_case("href") {
            self.link_href = Some(v);
            self.update_link_href(policy);
            return;
        }
        if matches!(tag, "input" | "textarea" | "select") && name == "value" {
            self.state.value = Some(v.clone());
            if tag != "input" {
                return;
            }
        }
        if name == "checked" {
            self.state.checked = Some(true);
        }
        match policy.attribute(tag, name, &v) {
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
