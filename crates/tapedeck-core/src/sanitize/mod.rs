//! What a recorded element may become in the player: the sanitising half of the renderer.
//!
//! Every element and attribute of a recording goes through here before it reaches the mirror,
//! so the renderer only ever sees content that is safe to create. The iframe sandbox (no
//! `allow-scripts`) is the first layer; this is the second:
//! - no live `<script>`: scripts (HTML or SVG, whatever their prefix) and `<noscript>` become
//!   inert, hidden `<template>`s;
//! - every `on*` attribute is dropped, and so are `srcdoc`, `autofocus`, `nonce`, `xmlns*`,
//!   `ping`, `attributionsrc`, `referrerpolicy`;
//! - `javascript:`, `vbscript:` and document-type `data:` URLs are neutralised in every attribute
//!   that is not plain text (href, src, every srcset candidate, action, formaction, xlink:href,
//!   poster, data, background, SVG animation values, …); schemes are read as the browser's URL
//!   parser reads them ([`url`]);
//! - `<meta http-equiv>`, `<meta name=referrer>` and `<base>` lose the attributes that would act
//!   on the player; `<link>` keeps its URL only for style sheets and icons; objects, embeds,
//!   `<use>` and `<track>` load nothing;
//! - CSS (style sheets, style attributes, SVG presentation attributes) is tokenized and loses
//!   script URLs, `expression()`, `behavior` and `-moz-binding` ([`css`](mod@css)).
//!
//! Names are compared as the HTML parser compares them: ASCII case-insensitively, and by local
//! name (a namespace prefix never hides what an element or attribute is).
//!
//! With [`Policy::block_remote`], nothing that needs a request is kept either.

mod attr;
pub mod css;
pub mod url;

use std::borrow::Cow;

pub use attr::{attribute, link_href};
pub use url::{is_dangerous_url, is_local_url};

/// What a neutralised URL becomes.
pub const BLOCKED_URL: &str = "about:blank#blocked";
/// What an SVG animation aimed at a handler or a link animates instead (nothing).
pub const BLOCKED_ATTR: &str = "data-blocked";

/// Namespace an element is created in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Namespace {
    Html,
    Svg,
}

/// The local part of a qualified name (`xlink:href` → `href`).
pub fn local_name(name: &str) -> &str {
    name.rfind(':').map_or(name, |i| &name[i + 1..])
}

/// The local part of a name, lower-cased: what decides how a tag or attribute is treated.
pub(crate) fn local_lower(name: &str) -> Cow<'_, str> {
    let local = local_name(name);
    if local.bytes().any(|b| b.is_ascii_uppercase()) {
        Cow::Owned(local.to_ascii_lowercase())
    } else {
        Cow::Borrowed(local)
    }
}

/// Whether an element of this tag is a `<style>` (its text is CSS), whatever its case or prefix.
pub fn is_style_tag(tag: &str) -> bool {
    local_name(tag).eq_ignore_ascii_case("style")
}

/// The tag an element is rendered as. Scripts never are. SVG elements are created by their
/// local name (the prefix means nothing to `createElementNS` but could hide what they are).
pub fn render_tag(tag: &str, is_svg: bool) -> (String, Namespace) {
    let local = local_name(tag);
    if local.eq_ignore_ascii_case("script") || local.eq_ignore_ascii_case("noscript") {
        return ("template".to_owned(), Namespace::Html);
    }
    if !is_valid_name(tag) || !is_valid_name(local) {
        return ("span".to_owned(), Namespace::Html);
    }
    if is_svg {
        (local.to_owned(), Namespace::Svg)
    } else {
        (tag.to_ascii_lowercase(), Namespace::Html)
    }
}

/// Whether `name` is acceptable to `createElement`/`setAttribute` (XML Name, simplified).
pub fn is_valid_name(name: &str) -> bool {
    let mut chars = name.chars();
    match chars.next() {
        Some(c) if c.is_ascii_alphabetic() || c == '_' || c == ':' || !c.is_ascii() => {}
        _ => return false,
    }
    chars.all(|c| {
        c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':') || (!c.is_ascii() && !c.is_whitespace())
    })
}

/// CSS text (a sheet, a declaration list or a value) without script, in the default policy.
pub fn css(text: &str) -> Cow<'_, str> {
    css::clean(text, false)
}

/// How recorded content is rendered: always sanitised; optionally without any remote asset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// Load no recorded URL at all (images, style sheets, fonts, media): for privacy-sensitive
    /// deployments. Inline (`data:`) content still shows.
    pub block_remote: bool,
}

impl Policy {
    /// A `<link>`'s href as rendered (see [`link_href`]); none when blocking remote assets.
    pub fn link_href<'a>(&self, rel: &str, href: &'a str) -> Option<Cow<'a, str>> {
        let h = link_href(rel, href)?;
        (!self.block_remote || is_local_url(&h)).then_some(h)
    }

    /// CSS text (a declaration list, a value) as rendered: see [`css`](mod@css).
    pub fn css<'a>(&self, text: &'a str) -> Cow<'a, str> {
        css::clean(text, self.block_remote)
    }

    /// A style sheet's text as rendered, closed at its end so that it can be concatenated with
    /// other sheets (see [`css::clean_sheet`]).
    pub fn sheet<'a>(&self, text: &'a str) -> Cow<'a, str> {
        css::clean_sheet(text, self.block_remote)
    }

    /// CSS of a style attribute.
    pub fn style_attr(&self, text: &str) -> String {
        self.css(text).into_owned()
    }

    /// CSS of a style sheet, made to follow the recorded pointer's `:hover` and to take the
    /// elements defined when recorded as `:defined` (the sanitiser runs last, on exactly the
    /// text that is rendered).
    pub fn style_sheet(&self, text: &str) -> String {
        let hover = crate::mirror::css::hover_rules(text);
        let defined = crate::mirror::css::defined_rules(&hover);
        self.sheet(&defined).into_owned()
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_css;
