//! What a recorded element may become in the player: the sanitising half of the renderer.
//!
//! Every element and attribute of a recording goes through here before it reaches the mirror,
//! so the renderer only ever sees content that is safe to create. The iframe sandbox (no
//! `allow-scripts`) is the first layer; this is the second:
//! - no live `<script>`: scripts (HTML or SVG) and `<noscript>` become inert, hidden `<template>`s;
//! - every `on*` attribute is dropped, and so are `srcdoc`, `autofocus`, `nonce`, `xmlns*`;
//! - `javascript:`, `vbscript:` and document-type `data:` URLs are neutralised in every attribute
//!   that is not plain text (href, src, srcset, action, formaction, xlink:href, poster, data, ping,
//!   background, SVG animation values, …);
//! - `<meta http-equiv>` and `<base>` lose the attributes that would act on the player;
//!   `<link>` keeps its URL only for style sheets and icons (no import/preload/prefetch);
//! - CSS text (style attributes and sheets) loses `javascript:`, `expression(`, `behavior:`
//!   and `-moz-binding`.

use std::borrow::Cow;

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

/// The tag an element is rendered as. Scripts never are.
pub fn render_tag(tag: &str, is_svg: bool) -> (String, Namespace) {
    let lower = tag.to_ascii_lowercase();
    if lower == "script" || lower == "noscript" {
        return ("template".to_owned(), Namespace::Html);
    }
    if !is_valid_name(tag) {
        return ("span".to_owned(), Namespace::Html);
    }
    if is_svg {
        (tag.to_owned(), Namespace::Svg)
    } else {
        (lower, Namespace::Html)
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

/// Attributes whose values are shown as text and can never act as a URL.
fn is_text_attribute(name: &str) -> bool {
    matches!(
        name,
        "class" | "id" | "title" | "alt" | "placeholder" | "value" | "lang" | "dir" | "name" | "type" | "role"
    ) || name.starts_with("aria-")
        || name.starts_with("data-")
}

/// What an attribute becomes: `None` drops it. `tag` is the recorded tag, lower-cased.
pub fn attribute<'a>(tag: &str, name: &str, value: &'a str) -> Option<Cow<'a, str>> {
    let lname = name.to_ascii_lowercase();
    if lname.starts_with("on")
        || matches!(lname.as_str(), "srcdoc" | "autofocus" | "nonce" | "xmlns" | "is")
        || lname.starts_with("xmlns:")
        || !is_valid_name(name)
    {
        return None;
    }
    match (tag, lname.as_str()) {
        ("animate" | "set" | "animatemotion" | "animatetransform" | "animatecolor", "attributename")
            if value.trim().to_ascii_lowercase().starts_with("on")
                || matches!(
                    value.trim().to_ascii_lowercase().as_str(),
                    "href" | "xlink:href" | "src" | "action" | "formaction"
                ) =>
        {
            return Some(Cow::Borrowed(BLOCKED_ATTR));
        }
        ("meta", "http-equiv") => return None,
        ("base", "href" | "target") => return None,
        ("iframe" | "frame", "src" | "sandbox" | "allow" | "rr_src") => return None,
        ("link", "href") => return None, // handled with `rel` by `link_href`
        (_, "style") => return Some(css(value)),
        ("object" | "embed" | "iframe" | "frame" | "use", "data" | "src" | "href" | "xlink:href") => {
            return Some(if is_dangerous_url(value) || has_scheme(value, "data:") {
                Cow::Borrowed(BLOCKED_URL)
            } else {
                Cow::Borrowed(value)
            });
        }
        _ => {}
    }
    if is_text_attribute(&lname) {
        return Some(Cow::Borrowed(value));
    }
    if lname == "srcset" || lname == "imagesrcset" {
        return Some(srcset(value));
    }
    if is_dangerous_url(value) || contains_dangerous_scheme(value) {
        return Some(Cow::Borrowed(BLOCKED_URL));
    }
    Some(Cow::Borrowed(value))
}

/// The `href` a `<link>` keeps: style sheets and icons only.
pub fn link_href<'a>(rel: &str, href: &'a str) -> Option<Cow<'a, str>> {
    let rel = rel.to_ascii_lowercase();
    let allowed = rel.split_ascii_whitespace().all(|r| {
        matches!(
            r,
            "stylesheet" | "icon" | "shortcut" | "apple-touch-icon" | "alternate" | "mask-icon"
        )
    });
    if !allowed
        || rel.trim().is_empty()
        || is_dangerous_url(href)
        || has_scheme(href, "data:") && rel.contains("stylesheet")
    {
        return None;
    }
    Some(Cow::Borrowed(href))
}

/// The URL with whitespace and control characters removed and lower-cased, as browsers read schemes.
fn normalized_prefix(value: &str) -> String {
    value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control() && *c != '\u{0}')
        .take(40)
        .flat_map(|c| c.to_lowercase())
        .collect()
}

fn has_scheme(value: &str, scheme: &str) -> bool {
    normalized_prefix(value).starts_with(scheme)
}

/// `javascript:`, `vbscript:`, and `data:` URLs of documents (which could run script).
pub fn is_dangerous_url(value: &str) -> bool {
    let p = normalized_prefix(value);
    p.starts_with("javascript:")
        || p.starts_with("vbscript:")
        || p.starts_with("livescript:")
        || (p.starts_with("data:")
            && [
                "text/html",
                "application/xhtml",
                "text/xml",
                "application/xml",
                "image/svg",
                "text/javascript",
                "application/javascript",
            ]
            .iter()
            .any(|m| p[5..].starts_with(m)))
}

/// A dangerous scheme anywhere in the value (SVG animation value lists, `values="a;javascript:…"`).
fn contains_dangerous_scheme(value: &str) -> bool {
    if !value.contains(':') {
        return false;
    }
    let squashed: String = value
        .chars()
        .filter(|c| !c.is_ascii_whitespace() && !c.is_control())
        .flat_map(|c| c.to_lowercase())
        .collect();
    squashed.contains("javascript:") || squashed.contains("vbscript:") || squashed.contains("data:text/html")
}

fn srcset(value: &str) -> Cow<'_, str> {
    if !value.split(',').any(|c| is_dangerous_url(c.trim_start())) {
        return Cow::Borrowed(value);
    }
    let parts: Vec<String> = value
        .split(',')
        .map(|c| {
            if is_dangerous_url(c.trim_start()) {
                BLOCKED_URL.to_owned()
            } else {
                c.to_owned()
            }
        })
        .collect();
    Cow::Owned(parts.join(","))
}

const CSS_BLOCKLIST: [&str; 5] = ["javascript:", "vbscript:", "expression(", "behavior:", "-moz-binding"];

/// CSS text with script-bearing constructs replaced by `blocked` (ASCII case-insensitive).
/// `behavior:` counts only as a property of its own, not as the end of `scroll-behavior:`.
pub fn css(text: &str) -> Cow<'_, str> {
    // Lowercasing keeps byte offsets: matches in `lower` are at the same place in `text`.
    let lower = text.to_ascii_lowercase();
    let bytes = text.as_bytes();
    let mut hits: Vec<(usize, &str)> = Vec::new();
    for b in CSS_BLOCKLIST {
        for (i, _) in lower.match_indices(b) {
            let part_of_a_name = i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'-');
            if !(b.starts_with('b') && part_of_a_name) {
                hits.push((i, b));
            }
        }
    }
    if hits.is_empty() {
        return Cow::Borrowed(text);
    }
    hits.sort_unstable();
    let mut out = String::with_capacity(text.len());
    // Every match starts and ends on an ASCII byte: the slices between are whole characters.
    let mut copied = 0;
    for (i, b) in hits {
        if i < copied {
            continue;
        }
        out.push_str(&text[copied..i]);
        out.push_str("blocked");
        if b.ends_with('(') {
            out.push('(');
        } else if b.ends_with(':') {
            out.push(':');
        }
        copied = i + b.len();
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// Attributes that make the browser fetch their URL without any click.
fn fetches(tag: &str, name: &str) -> bool {
    matches!(
        name,
        "src" | "srcset" | "imagesrcset" | "poster" | "data" | "background" | "lowsrc" | "dynsrc" | "ping" | "codebase"
    ) || (matches!(name, "href" | "xlink:href")
        && matches!(tag, "image" | "use" | "feimage" | "link" | "script" | "img"))
}

/// A URL that needs no request: inline data, a fragment, or nothing.
fn is_local_url(value: &str) -> bool {
    let p = normalized_prefix(value);
    p.is_empty() || p.starts_with('#') || p.starts_with("data:") || p.starts_with("about:") || p.starts_with("blob:")
}

/// CSS with every remote `url(…)` emptied and `@import` disabled.
pub fn block_remote_css(text: &str) -> Cow<'_, str> {
    let lower = text.to_ascii_lowercase();
    if !lower.contains("url(") && !lower.contains("@import") && !lower.contains("image-set(") {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < text.len() {
        let rest = &lower[i..];
        if rest.starts_with("@import") {
            out.push_str("@blocked-import");
            i += "@import".len();
            continue;
        }
        if rest.starts_with("url(") {
            let close = rest.find(')').map_or(text.len(), |c| i + c);
            let inner = text[i + 4..close].trim().trim_matches(['"', '\'']);
            if is_local_url(inner) {
                out.push_str(&text[i..close.min(text.len())]);
            } else {
                out.push_str("url(");
            }
            i = close;
            continue;
        }
        let c = text[i..].chars().next().expect("in bounds");
        out.push(c);
        i += c.len_utf8();
    }
    Cow::Owned(out)
}

/// How recorded content is rendered: always sanitised; optionally without any remote asset.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Policy {
    /// Load no recorded URL at all (images, style sheets, fonts, media): for privacy-sensitive
    /// deployments. Inline (`data:`) content still shows.
    pub block_remote: bool,
}

impl Policy {
    /// An attribute as rendered (see [`attribute`]), remote fetches removed when blocking.
    pub fn attribute<'a>(&self, tag: &str, name: &str, value: &'a str) -> Option<Cow<'a, str>> {
        let lname = name.to_ascii_lowercase();
        if lname == "style" {
            return Some(Cow::Owned(self.style_attr(value)));
        }
        let v = attribute(tag, name, value)?;
        if self.block_remote && fetches(tag, &lname) && !is_local_url(&v) {
            return Some(Cow::Borrowed(BLOCKED_URL));
        }
        Some(v)
    }

    /// A `<link>`'s href as rendered (see [`link_href`]); none when blocking remote assets.
    pub fn link_href<'a>(&self, rel: &str, href: &'a str) -> Option<Cow<'a, str>> {
        let h = link_href(rel, href)?;
        (!self.block_remote || is_local_url(&h)).then_some(h)
    }

    /// CSS of a style attribute.
    pub fn style_attr(&self, text: &str) -> String {
        let clean = css(text);
        if self.block_remote {
            block_remote_css(&clean).into_owned()
        } else {
            clean.into_owned()
        }
    }

    /// CSS of a style sheet (also made to follow the recorded pointer's `:hover`).
    pub fn style_sheet(&self, text: &str) -> String {
        crate::mirror::css::hover_rules(&self.style_attr(text)).into_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scripts_are_never_scripts() {
        assert_eq!(render_tag("script", false).0, "template");
        assert_eq!(render_tag("SCRIPT", false).0, "template");
        assert_eq!(render_tag("script", true), ("template".to_owned(), Namespace::Html));
        assert_eq!(
            render_tag("linearGradient", true),
            ("linearGradient".to_owned(), Namespace::Svg)
        );
        assert_eq!(render_tag("DIV", false).0, "div");
        assert_eq!(render_tag("bad<name", false).0, "span");
    }

    #[test]
    fn handlers_and_dangerous_urls() {
        assert_eq!(attribute("img", "onerror", "alert(1)"), None);
        assert_eq!(attribute("svg", "onLoad", "x"), None);
        assert_eq!(attribute("iframe", "srcdoc", "<script>"), None);
        assert_eq!(
            attribute("a", "href", " jAvA\tscript:alert(1)").as_deref(),
            Some(BLOCKED_URL)
        );
        assert_eq!(attribute("a", "href", "vbscript:x").as_deref(), Some(BLOCKED_URL));
        assert_eq!(
            attribute("a", "href", "data:text/html,<script>").as_deref(),
            Some(BLOCKED_URL)
        );
        assert_eq!(
            attribute("form", "action", "javascript:x").as_deref(),
            Some(BLOCKED_URL)
        );
        assert_eq!(
            attribute("button", "formaction", "javascript:x").as_deref(),
            Some(BLOCKED_URL)
        );
        assert_eq!(
            attribute("a", "xlink:href", "javascript:x").as_deref(),
            Some(BLOCKED_URL)
        );
        assert_eq!(
            attribute("object", "data", "data:image/png;base64,xx").as_deref(),
            Some(BLOCKED_URL)
        );
        assert_eq!(
            attribute("set", "to", "javascript:alert(1)").as_deref(),
            Some(BLOCKED_URL)
        );
        assert_eq!(
            attribute("animate", "values", "#a;javascript:alert(1)").as_deref(),
            Some(BLOCKED_URL)
        );
        assert_eq!(
            attribute("img", "src", "data:image/png;base64,xx").as_deref(),
            Some("data:image/png;base64,xx")
        );
        assert_eq!(
            attribute("a", "href", "https://example.com/").as_deref(),
            Some("https://example.com/")
        );
        assert_eq!(
            attribute("p", "title", "javascript: the good parts").as_deref(),
            Some("javascript: the good parts")
        );
        assert_eq!(
            attribute("img", "srcset", "a.png 1x, javascript:alert(1) 2x").as_deref(),
            Some("a.png 1x,about:blank#blocked")
        );
        assert_eq!(attribute("meta", "http-equiv", "refresh"), None);
        assert_eq!(attribute("base", "href", "https://evil/"), None);
        assert_eq!(attribute("div", "bad name", "x"), None);
    }

    #[test]
    fn links_keep_only_stylesheets_and_icons() {
        assert!(link_href("stylesheet", "https://x/a.css").is_some());
        assert!(link_href("shortcut icon", "https://x/f.png").is_some());
        assert!(link_href("import", "https://x/a.html").is_none());
        assert!(link_href("modulepreload", "https://x/a.js").is_none());
        assert!(link_href("preload", "https://x/a.js").is_none());
        assert!(link_href("stylesheet", "javascript:alert(1)").is_none());
    }

    #[test]
    fn blocking_remote_assets_keeps_inline_content() {
        let p = Policy { block_remote: true };
        assert_eq!(
            p.attribute("img", "src", "https://x/a.png").as_deref(),
            Some(BLOCKED_URL)
        );
        assert_eq!(
            p.attribute("img", "src", "data:image/png;base64,AA").as_deref(),
            Some("data:image/png;base64,AA")
        );
        assert_eq!(p.attribute("a", "href", "https://x/").as_deref(), Some("https://x/"));
        assert_eq!(p.attribute("use", "href", "#icon").as_deref(), Some("#icon"));
        assert!(p.link_href("stylesheet", "https://x/a.css").is_none());
        assert_eq!(
            p.style_attr("background: url(https://x/a.png) , url('data:image/png;base64,AA')"),
            "background: url() , url('data:image/png;base64,AA')"
        );
        assert_eq!(
            p.style_sheet("@import url(https://x/b.css);a{}"),
            "@blocked-import url();a{}"
        );
        let open = Policy::default();
        assert_eq!(
            open.attribute("img", "src", "https://x/a.png").as_deref(),
            Some("https://x/a.png")
        );
    }

    #[test]
    fn svg_animations_cannot_target_handlers_or_links() {
        assert_eq!(
            attribute("set", "attributeName", "onclick").as_deref(),
            Some(BLOCKED_ATTR)
        );
        assert_eq!(
            attribute("animate", "attributeName", "xlink:href").as_deref(),
            Some(BLOCKED_ATTR)
        );
        assert_eq!(attribute("animate", "attributeName", "fill").as_deref(), Some("fill"));
    }

    #[test]
    fn css_loses_script() {
        assert_eq!(css("a{color:red}"), "a{color:red}");
        assert_eq!(
            css("a{background:url(JavaScript:alert(1));width:expression(alert(2))}"),
            "a{background:url(blocked:alert(1));width:blocked(alert(2))}"
        );
        assert_eq!(css("é{b:javascript:1}"), "é{b:blocked:1}");
        assert_eq!(css("a{BEHAVIOR:url(x.htc)}"), "a{blocked:url(x.htc)}");
        assert_eq!(css("a{b:1;behavior:url(x.htc)}"), "a{b:1;blocked:url(x.htc)}");
        // Properties that end in "behavior" are not IE behaviors.
        let smooth = "html{scroll-behavior:smooth;overscroll-behavior:none}";
        assert!(matches!(css(smooth), Cow::Borrowed(_)));
        assert_eq!(css("ok{}ë"), "ok{}ë");
    }
}
