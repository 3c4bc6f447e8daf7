//! Turning serialized nodes into mirror nodes: special attributes resolved, everything sanitised.

use std::collections::HashMap;

use super::{ElementState, MediaState, Mirror, VElement, VKind, VNode};
use crate::event::{NodeId, Offset};
use crate::node::{AttrValue, ElementData, NodeKind, SerializedNode};
use crate::sanitize;

impl Mirror {
    /// Builds the mirror of a full snapshot. Nodes that cannot be placed are reported in `warnings`.
    pub fn from_snapshot(root: &SerializedNode, initial_offset: Offset, warnings: &mut Vec<String>) -> Mirror {
        let mut m = Mirror::default();
        if !matches!(root.kind, NodeKind::Document { .. }) {
            warnings.push(format!("the full snapshot's root (node {}) is not a document", root.id));
        }
        m.insert_subtree(root, None, None, warnings);
        m.root = Some(root.id);
        if let Some(VNode {
            kind: VKind::Document { scroll, .. },
            ..
        }) = m.nodes.get_mut(&root.id)
        {
            if initial_offset.left != 0.0 || initial_offset.top != 0.0 {
                *scroll = Some((initial_offset.left, initial_offset.top));
            }
        }
        m
    }

    /// Adds a serialized subtree under `parent` (before `before`, or last). Nodes whose id is
    /// already in the mirror are skipped with a warning, with their subtree.
    pub(crate) fn insert_subtree(
        &mut self,
        node: &SerializedNode,
        parent: Option<NodeId>,
        before: Option<NodeId>,
        warnings: &mut Vec<String>,
    ) -> bool {
        // (node, parent, position for the top node only)
        let mut stack: Vec<(&SerializedNode, Option<NodeId>, Option<NodeId>)> = vec![(node, parent, before)];
        // Text children of `<style>` whose content comes from the element's `_cssText`.
        let mut css_for_text: HashMap<NodeId, String> = HashMap::new();
        let mut inserted_top = false;
        let top_id = node.id;
        while let Some((n, parent, before)) = stack.pop() {
            if self.nodes.contains_key(&n.id) {
                warnings.push(format!("node {} appears twice; the second copy is skipped", n.id));
                continue;
            }
            let mut synthetic_css = None;
            let parent_tag = parent.and_then(|p| self.element(p)).map(|e| e.tag.clone());
            let kind = match &n.kind {
                NodeKind::Document { compat_mode, .. } => VKind::Document {
                    quirks: compat_mode.as_deref() == Some("BackCompat"),
                    scroll: None,
                },
                NodeKind::DocumentType {
                    name,
                    public_id,
                    system_id,
                } => VKind::DocType {
                    name: name.clone(),
                    public_id: public_id.clone(),
                    system_id: system_id.clone(),
                },
                NodeKind::Element(e) => {
                    let (mut el, css) = element(e);
                    el.shadow_host = n.is_shadow_host;
                    if let Some(css) = css {
                        match e.children.first() {
                            Some(first) if matches!(first.kind, NodeKind::Text { .. }) => {
                                css_for_text.insert(first.id, css);
                            }
                            // No text child to carry the sheet: add one of our own.
                            _ => synthetic_css = Some(css),
                        }
                    }
                    VKind::Element(Box::new(el))
                }
                NodeKind::Text { text, .. } => match css_for_text.remove(&n.id) {
                    Some(css) => VKind::Text(css),
                    None if parent_tag.as_deref() == Some("style") => VKind::Text(sanitize::css(text).into_owned()),
                    None => VKind::Text(text.clone()),
                },
                NodeKind::CData => VKind::CData,
                NodeKind::Comment { text } => VKind::Comment(text.clone()),
            };
            self.nodes.insert(
                n.id,
                VNode {
                    parent,
                    children: Vec::new(),
                    in_shadow: n.is_shadow,
                    kind,
                },
            );
            if let Some(p) = parent {
                if !self.attach(p, n.id, before) {
                    warnings.push(format!("parent {p} of node {} is not in the page", n.id));
                    self.nodes.remove(&n.id);
                    continue;
                }
            }
            if let Some(css) = synthetic_css {
                let id = self.synthetic_id();
                self.nodes.insert(
                    id,
                    VNode {
                        parent: Some(n.id),
                        children: Vec::new(),
                        in_shadow: false,
                        kind: VKind::Text(css),
                    },
                );
                self.attach(n.id, id, None);
            }
            if n.id == top_id {
                inserted_top = true;
            }
            for child in n.children().iter().rev() {
                stack.push((child, Some(n.id), None));
            }
        }
        inserted_top
    }

    /// Links `child` into `parent`'s children before `before` (or last).
    pub(crate) fn attach(&mut self, parent: NodeId, child: NodeId, before: Option<NodeId>) -> bool {
        let Some(p) = self.nodes.get_mut(&parent) else {
            return false;
        };
        let at = before.and_then(|b| p.children.iter().position(|c| *c == b));
        match at {
            Some(i) => p.children.insert(i, child),
            None => p.children.push(child),
        }
        if let Some(c) = self.nodes.get_mut(&child) {
            c.parent = Some(parent);
        }
        true
    }
}

/// A recorded element as the mirror keeps it, and the CSS of its `_cssText`, if any.
fn element(e: &ElementData) -> (VElement, Option<String>) {
    let recorded_tag = e.tag.to_ascii_lowercase();
    let (mut tag, ns) = sanitize::render_tag(&e.tag, e.is_svg);
    let mut attrs: Vec<(String, String)> = Vec::with_capacity(e.attributes.len());
    let mut state = ElementState::default();
    let mut css = None;
    let mut block: (Option<String>, Option<String>) = (None, None);
    let mut scroll = (None, None);
    let mut media: Option<MediaState> = None;
    let mut rel = String::new();
    let mut href = None;
    let mut open = false;

    for (name, value) in &e.attributes {
        match name.as_str() {
            "_cssText" => {
                if let AttrValue::Str(s) = value {
                    css = Some(sanitize::css(s).into_owned());
                }
            }
            "rr_dataURL" => {
                if let AttrValue::Str(url) = value {
                    if url.starts_with("data:image/") && !sanitize::is_dangerous_url(url) {
                        if recorded_tag == "img" {
                            attrs.retain(|(n, _)| n != "src");
                            attrs.push(("src".to_owned(), url.clone()));
                        } else {
                            state.image = Some(url.clone());
                        }
                    }
                }
            }
            "rr_width" => block.0 = value.as_attr_string(),
            "rr_height" => block.1 = value.as_attr_string(),
            "rr_scrollLeft" => scroll.0 = value.as_f64(),
            "rr_scrollTop" => scroll.1 = value.as_f64(),
            "rr_mediaState" => {
                media.get_or_insert_with(MediaState::default).paused =
                    value.as_attr_string().as_deref() != Some("played")
            }
            "rr_mediaCurrentTime" => {
                media.get_or_insert_with(MediaState::default).current_time = value.as_f64().unwrap_or(0.0)
            }
            "rr_mediaPlaybackRate" => {
                media.get_or_insert_with(MediaState::default).rate = value.as_f64().unwrap_or(1.0)
            }
            "rr_mediaMuted" => media.get_or_insert_with(MediaState::default).muted = value.as_bool().unwrap_or(false),
            "rr_mediaLoop" => media.get_or_insert_with(MediaState::default).looping = value.as_bool().unwrap_or(false),
            "rr_mediaVolume" => media.get_or_insert_with(MediaState::default).volume = value.as_f64().unwrap_or(1.0),
            "rr_open_mode" => open = true,
            n if n.starts_with("rr_") => {}
            _ => {
                let Some(v) = value.as_attr_string() else { continue };
                if recorded_tag == "link" && name.eq_ignore_ascii_case("href") {
                    href = Some(v);
                    continue;
                }
                if recorded_tag == "link" && name.eq_ignore_ascii_case("rel") {
                    rel = v.clone();
                }
                if matches!(recorded_tag.as_str(), "input" | "textarea" | "select") && name == "value" {
                    state.value = Some(v.clone());
                    if recorded_tag != "input" {
                        continue;
                    }
                }
                if name == "checked" {
                    state.checked = Some(true);
                }
                if let Some(v) = sanitize::attribute(&recorded_tag, name, &v) {
                    attrs.push((name.clone(), v.into_owned()));
                }
            }
        }
    }
    if recorded_tag == "link" {
        if css.is_some() {
            // An inlined style sheet: rebuilt as a `<style>` carrying the same CSS.
            tag = "style".to_owned();
            attrs.retain(|(n, _)| matches!(n.as_str(), "media" | "id" | "class" | "title" | "disabled"));
        } else if let Some(h) = href.as_deref().and_then(|h| sanitize::link_href(&rel, h)) {
            attrs.push(("href".to_owned(), h.into_owned()));
        }
    }
    if matches!(recorded_tag.as_str(), "iframe" | "frame") {
        attrs.push(("sandbox".to_owned(), "allow-same-origin".to_owned()));
    }
    if open && !attrs.iter().any(|(n, _)| n == "open") {
        attrs.push(("open".to_owned(), String::new()));
    }
    if block.0.is_some() || block.1.is_some() || e.need_block {
        let mut extra = String::new();
        if let Some(w) = &block.0 {
            extra.push_str(&format!("width: {w}; "));
        }
        if let Some(h) = &block.1 {
            extra.push_str(&format!("height: {h}; "));
        }
        let extra = sanitize::css(extra.trim_end()).into_owned();
        match attrs.iter_mut().find(|(n, _)| n == "style") {
            Some((_, s)) => {
                if !s.trim_end().ends_with(';') && !s.trim().is_empty() {
                    s.push(';');
                }
                s.push(' ');
                s.push_str(&extra);
            }
            None if !extra.is_empty() => attrs.push(("style".to_owned(), extra)),
            None => {}
        }
    }
    if scroll.0.is_some() || scroll.1.is_some() {
        state.scroll = Some((scroll.0.unwrap_or(0.0), scroll.1.unwrap_or(0.0)));
    }
    state.media = media;
    (
        VElement {
            tag,
            recorded_tag,
            ns,
            attrs,
            shadow_host: false,
            state,
        },
        css,
    )
}
