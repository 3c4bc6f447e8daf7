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

/// CSS text with script-bearing constructs replaced by `blocked`.
pub fn css(text: &str) -> Cow<'_, str> {
    let lower = text.to_ascii_lowercase();
    if !CSS_BLOCKLIST.iter().any(|b| lower.contains(b)) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    'outer: while i < text.len() {
        for b in CSS_BLOCKLIST {
            if lower[i..].starts_with(b) {
                out.push_str("blocked");
                if b.ends_with('(') {
                    out.push('(');
                } else if b.ends_with(':') {
                    out.push(':');
                }
                i += b.len();
                continue 'outer;
            }
        }
        let c = text[i..].chars().next().expect("in bounds");
        out.push(c);
        i += c.len_utf8();
    }
    Cow::Owned(out)
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
    fn css_loses_script() {
        assert_eq!(css("a{color:red}"), "a{color:red}");
        assert_eq!(
            css("a{background:url(JavaScript:alert(1));width:expression(alert(2))}"),
            "a{background:url(blocked:alert(1));width:blocked(alert(2))}"
        );
        assert_eq!(css("é{b:javascript:1}"), "é{b:blocked:1}");
    }
}
