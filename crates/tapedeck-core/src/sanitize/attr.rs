//! What a recorded attribute becomes, decided by the local names of its element and itself,
//! ASCII case-insensitively.
//!
//! In the default policy the only requests a replay may make are the recorded page's assets:
//! images (`img` `src`/`srcset`, `<picture>` sources, `poster`, `input type=image`, SVG
//! `image`/`feImage` `href`, `background`), media (`video`/`audio`/`source` `src`), style sheets
//! and icons (`<link>`, see [`link_href`]) and what CSS loads. Everything else that would make a
//! request is dropped or neutralised in every mode; with `block_remote` the assets go too.

use std::borrow::Cow;

use super::url::{self, classify, contains_dangerous_scheme, is_dangerous_image_url, Inline, UrlKind};
use super::{is_dangerous_url, is_local_url, is_valid_name, local_lower, Policy, BLOCKED_ATTR, BLOCKED_URL};

/// Attributes whose values are shown as text and can never act as a URL.
fn is_text_attribute(name: &str) -> bool {
    matches!(
        name,
        "class" | "id" | "title" | "alt" | "placeholder" | "value" | "lang" | "dir" | "name" | "type" | "role"
    ) || name.starts_with("aria-")
        || name.starts_with("data-")
}

/// Attributes dropped on every element: handlers aside, what runs, focuses, or makes a request
/// of its own (`ping`, `attributionsrc`), or changes the referrer policy.
fn always_dropped(name: &str) -> bool {
    matches!(
        name,
        "srcdoc" | "autofocus" | "nonce" | "is" | "ping" | "attributionsrc" | "referrerpolicy"
    )
}

/// SVG presentation attributes that take a CSS `url(…)` (and `style`-like values).
fn is_presentation_url_attribute(name: &str) -> bool {
    matches!(
        name,
        "fill"
            | "stroke"
            | "mask"
            | "filter"
            | "clip-path"
            | "cursor"
            | "marker"
            | "marker-start"
            | "marker-mid"
            | "marker-end"
    )
}

fn is_animation(tag: &str) -> bool {
    matches!(
        tag,
        "animate" | "set" | "animatemotion" | "animatetransform" | "animatecolor"
    )
}

/// What an SVG animation may not target: handlers, links, anything that loads.
fn is_forbidden_animation_target(value: &str) -> bool {
    let target = local_lower(value.trim());
    target.starts_with("on")
        || matches!(
            target.as_ref(),
            "href" | "src" | "srcset" | "action" | "formaction" | "data" | "poster" | "background" | "style" | "ping"
        )
}

/// Attributes that make the browser fetch an image or media without any click.
fn fetches(tag: &str, name: &str) -> bool {
    matches!(
        name,
        "src" | "poster" | "data" | "background" | "lowsrc" | "dynsrc" | "codebase" | "archive"
    ) || (name == "href" && matches!(tag, "image" | "feimage"))
}

/// Attributes that can only ever load an image (an SVG there runs nothing).
fn is_image_attribute(tag: &str, name: &str) -> bool {
    match name {
        "poster" | "background" | "lowsrc" => true,
        "src" => matches!(tag, "img" | "input"),
        "href" => matches!(tag, "image" | "feimage"),
        _ => false,
    }
}

/// What an attribute becomes in the default policy (see [`Policy::attribute`]).
pub fn attribute<'a>(tag: &str, name: &str, value: &'a str) -> Option<Cow<'a, str>> {
    Policy::default().attribute(tag, name, value)
}

impl Policy {
    /// What an attribute becomes: `None` drops it. `tag` is the recorded tag.
    pub fn attribute<'a>(&self, tag: &str, name: &str, value: &'a str) -> Option<Cow<'a, str>> {
        if !is_valid_name(name) {
            return None;
        }
        let tag = local_lower(tag);
        let tag = tag.as_ref();
        let lname = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(name.to_ascii_lowercase())
        } else {
            Cow::Borrowed(name)
        };
        let local = super::local_name(&lname);
        if local.starts_with("on") || always_dropped(local) || lname == "xmlns" || lname.starts_with("xmlns:") {
            return None;
        }
        let keep_local_only = || match classify(value) {
            UrlKind::Empty | UrlKind::Fragment | UrlKind::Inline(Inline::About) => Cow::Borrowed(value),
            _ => Cow::Borrowed(BLOCKED_URL),
        };
        match (tag, local) {
            (t, "attributename") if is_animation(t) && is_forbidden_animation_target(value) => {
                return Some(Cow::Borrowed(BLOCKED_ATTR));
            }
            (t, "values" | "from" | "to" | "by") if is_animation(t) => {
                if contains_dangerous_scheme(value) {
                    return Some(Cow::Borrowed(BLOCKED_URL));
                }
                return Some(self.css(value));
            }
            ("meta", "http-equiv") => return None,
            // Without its name, a `<meta name=referrer>`'s content means nothing.
            ("meta", "name") if value.trim().eq_ignore_ascii_case("referrer") => return None,
            ("base", "href" | "target") => return None,
            ("iframe" | "frame", "src" | "sandbox" | "allow" | "rr_src") => return None,
            ("html", "manifest") => return None,
            ("track", "src") => return None,
            // `href` goes with `rel` (see `link_href`); nothing here preloads.
            ("link", "href" | "as" | "imagesrcset" | "imagesizes") => return None,
            ("object" | "embed" | "applet", "codebase" | "archive" | "classid" | "code") => {
                return matches!(classify(value), UrlKind::Empty).then_some(Cow::Borrowed(value));
            }
            ("object" | "embed" | "applet", "data" | "src" | "href" | "movie") => return Some(keep_local_only()),
            // Elements other than links and images only refer to parts of this document
            // (`<use href="#icon">`, gradients, text paths): never to another one.
            (t, "href") if !matches!(t, "a" | "area" | "image" | "feimage") => return Some(keep_local_only()),
            (_, "style") => return Some(self.css(value)),
            // A cursor is an image; paints, masks, filters, clips and markers refer to SVG
            // elements, of this document only (another document is not the page's image,
            // font or sheet): their remote URLs go in both modes.
            (_, "cursor") => return Some(self.css(value)),
            (_, n) if is_presentation_url_attribute(n) => {
                return Some(Policy { block_remote: true }.css(value));
            }
            _ => {}
        }
        if is_text_attribute(local) {
            return Some(Cow::Borrowed(value));
        }
        if local == "srcset" || local == "imagesrcset" {
            return Some(url::srcset(value, self.block_remote, BLOCKED_URL));
        }
        let dangerous = if is_image_attribute(tag, local) {
            is_dangerous_image_url(value)
        } else {
            is_dangerous_url(value) || contains_dangerous_scheme(value)
        };
        if dangerous || (self.block_remote && fetches(tag, local) && !is_local_url(value)) {
            return Some(Cow::Borrowed(BLOCKED_URL));
        }
        Some(Cow::Borrowed(value))
    }
}

/// `rel` values a `<link>` may have and keep its URL: style sheets and icons.
fn is_allowed_rel(rel: &str) -> bool {
    matches!(
        rel,
        "stylesheet"
            | "icon"
            | "shortcut"
            | "apple-touch-icon"
            | "apple-touch-icon-precomposed"
            | "apple-touch-startup-image"
            | "alternate"
            | "mask-icon"
    )
}

/// The `href` a `<link>` keeps: style sheets (from a server: an inline one could not be
/// sanitised) and icons only, never a script or document URL.
pub fn link_href<'a>(rel: &str, href: &'a str) -> Option<Cow<'a, str>> {
    let rel = rel.to_ascii_lowercase();
    let mut rels = rel.split_ascii_whitespace().peekable();
    rels.peek()?;
    let mut sheet = false;
    for r in rels {
        if !is_allowed_rel(r) {
            return None;
        }
        sheet |= r == "stylesheet";
    }
    if is_dangerous_image_url(href) || (sheet && (is_dangerous_url(href) || classify(href) != UrlKind::Remote)) {
        return None;
    }
    Some(Cow::Borrowed(href))
}
