//! What a recorded URL is, judged the way the browser will read it (WHATWG URL parsing, by the
//! `url` crate): which scheme it really has, and whether loading it needs a request.

use std::borrow::Cow;
use std::sync::OnceLock;

use url::Url;

/// Relative URLs are resolved against this: they stay remote (the recorded page's server).
const BASE: &str = "https://recorded.invalid/";

/// What a URL is, for the sanitiser.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UrlKind {
    /// Nothing (empty, or only spaces and control characters).
    Empty,
    /// `#id`: the document itself, no request.
    Fragment,
    /// `data:`, `about:` or `blob:`: no request to any server.
    Inline(Inline),
    /// `javascript:`, `vbscript:`, `livescript:`: script, never loaded.
    Script,
    /// Anything else, relative URLs included: a request to some server.
    Remote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Inline {
    Data,
    About,
    Blob,
}

impl UrlKind {
    /// Loading it makes no request (and runs nothing).
    pub fn is_local(self) -> bool {
        matches!(self, UrlKind::Empty | UrlKind::Fragment | UrlKind::Inline(_))
    }
}

fn base() -> &'static Url {
    static BASE_URL: OnceLock<Url> = OnceLock::new();
    BASE_URL.get_or_init(|| Url::parse(BASE).expect("a valid base URL"))
}

fn is_tab_or_newline(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r')
}

/// The value as the URL parser starts from it: leading and trailing C0 controls and spaces cut.
fn trimmed(value: &str) -> &str {
    value.trim_matches(|c: char| c <= ' ')
}

/// What `value` is once parsed as a URL (see [`UrlKind`]).
pub fn classify(value: &str) -> UrlKind {
    let v = trimmed(value);
    let mut chars = v.chars().filter(|c| !is_tab_or_newline(*c));
    let Some(first) = chars.next() else {
        return UrlKind::Empty;
    };
    if first == '#' {
        return UrlKind::Fragment;
    }
    // A scheme starts with an ASCII letter and ends at the first ':'; without both the URL is
    // relative, resolved against the recorded page: remote.
    let Some(colon) = v.find(':') else {
        return UrlKind::Remote;
    };
    if !first.is_ascii_alphabetic() {
        return UrlKind::Remote;
    }
    // The scheme is all that the judgement needs, and it ends at the first ':': the parser is
    // given only that much (`x` keeps `http:` and the like valid), not the whole value
    // (inline fonts and images can be hundreds of KB).
    let parsed = parse(&format!("{}x", &v[..=colon])).or_else(|| parse(v));
    match parsed.as_ref().map(Url::scheme) {
        Some("javascript" | "vbscript" | "livescript") => UrlKind::Script,
        Some("data") => UrlKind::Inline(Inline::Data),
        Some("about") => UrlKind::Inline(Inline::About),
        Some("blob") => UrlKind::Inline(Inline::Blob),
        // Unparseable URLs load nothing, but are counted as remote: blocking them costs nothing.
        _ => UrlKind::Remote,
    }
}

fn parse(v: &str) -> Option<Url> {
    Url::options().base_url(Some(base())).parse(v).ok()
}

/// Media types of `data:` URLs that are documents (which could run script when navigated to or
/// embedded). `image/svg+xml` is one, except where it can only be an image.
const DOCUMENT_TYPES: [&str; 10] = [
    "text/html",
    "application/xhtml",
    "text/xml",
    "application/xml",
    "text/xsl",
    "image/svg",
    "text/javascript",
    "application/javascript",
    "text/ecmascript",
    "application/ecmascript",
];

/// The start of a `data:` URL's media type, lower-cased, whitespace and controls removed.
fn data_type(value: &str) -> String {
    let v = trimmed(value);
    let after = v.find(':').map_or("", |c| &v[c + 1..]);
    after
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .take(40)
        .flat_map(char::to_lowercase)
        .collect()
}

/// `javascript:`, `vbscript:`, and `data:` URLs of documents (which could run script).
pub fn is_dangerous_url(value: &str) -> bool {
    match classify(value) {
        UrlKind::Script => true,
        UrlKind::Inline(Inline::Data) => {
            let t = data_type(value);
            DOCUMENT_TYPES.iter().any(|m| t.starts_with(m))
        }
        _ => false,
    }
}

/// Like [`is_dangerous_url`], for a URL that can only ever be shown as an image (an SVG image
/// runs no script and loads nothing).
pub fn is_dangerous_image_url(value: &str) -> bool {
    is_dangerous_url(value) && !data_type(value).starts_with("image/svg")
}

/// A URL that needs no request: inline data, a fragment, or nothing.
pub fn is_local_url(value: &str) -> bool {
    classify(value).is_local()
}

/// A `javascript:`-like scheme anywhere in a list of values (SVG animation `values="a;javascript:…"`).
pub(super) fn contains_dangerous_scheme(value: &str) -> bool {
    const SCHEMES: [&str; 4] = ["javascript:", "vbscript:", "livescript:", "data:text/html"];
    if !value.contains(':') {
        return false;
    }
    let found = |text: &str| {
        SCHEMES
            .iter()
            .any(|s| crate::text::contains_ascii_ci(text, s.as_bytes()))
    };
    if !value.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return found(value);
    }
    let squashed: String = value
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .flat_map(char::to_lowercase)
        .collect();
    found(&squashed)
}

fn is_ascii_whitespace(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\x0C' | b'\r')
}

/// The URLs of a `srcset`, as byte ranges, split as the HTML standard does: a candidate is a URL
/// up to whitespace (trailing commas are not part of it), then descriptors up to a comma that
/// is not in parentheses.
pub fn srcset_urls(value: &str) -> Vec<std::ops::Range<usize>> {
    let b = value.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    loop {
        while i < b.len() && (is_ascii_whitespace(b[i]) || b[i] == b',') {
            i += 1;
        }
        if i >= b.len() {
            return out;
        }
        let start = i;
        while i < b.len() && !is_ascii_whitespace(b[i]) {
            i += 1;
        }
        let mut end = i;
        if b[end - 1] == b',' {
            while end > start && b[end - 1] == b',' {
                end -= 1;
            }
            out.push(start..end);
            continue;
        }
        out.push(start..end);
        let mut in_parens = false;
        while i < b.len() {
            match b[i] {
                b'(' => in_parens = true,
                b')' => in_parens = false,
                b',' if !in_parens => break,
                _ => {}
            }
            i += 1;
        }
    }
}

/// A `srcset` with every candidate that may not load replaced by `blocked`: script and document
/// URLs always, any URL needing a request when `block_remote`.
pub fn srcset<'a>(value: &'a str, block_remote: bool, blocked: &str) -> Cow<'a, str> {
    let urls = srcset_urls(value);
    let bad = |r: &std::ops::Range<usize>| {
        let u = &value[r.clone()];
        is_dangerous_image_url(u) || (block_remote && !is_local_url(u))
    };
    if !urls.iter().any(bad) {
        return Cow::Borrowed(value);
    }
    let mut out = String::with_capacity(value.len());
    let mut copied = 0;
    for r in urls.iter().filter(|r| bad(r)) {
        out.push_str(&value[copied..r.start]);
        out.push_str(blocked);
        copied = r.end;
    }
    out.push_str(&value[copied..]);
    Cow::Owned(out)
}
