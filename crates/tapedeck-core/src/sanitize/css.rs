//! CSS as the browser tokenizes it (the `cssparser` crate, CSS Syntax Level 3): one pass over
//! the tokens finds every construct that loads a URL or runs script, whatever its spelling
//! (escapes, case, comments, quoting), and rewrites just those tokens.
//!
//! - URLs: `url(x)`, `url("x")`, `src("x")`, bad URLs, strings in `image-set()` (also
//!   `-webkit-`), `image()`, `cross-fade()`, and in an `@import` prelude. Script URLs are emptied
//!   in every mode; when blocking remote assets so is every URL that needs a request, and
//!   `@import` is disabled.
//! - `expression(…)` becomes `blocked(…)`; the properties `behavior`, `-ms-behavior` and
//!   `-moz-binding` become `blocked`.
//! - Blocks nested deeper than [`MAX_DEPTH`] are not looked into: if their text holds anything
//!   that could load or run something, their contents are dropped. The pass is linear in the
//!   text whatever its nesting.
//!
//! Rewritten tokens keep their kind (a URL stays a URL, a string a string), so the output
//! tokenizes like the input except in what was neutralised.

use std::borrow::Cow;

use cssparser::{ParseError, Parser, Token};

use super::url::{classify, UrlKind};

/// Blocks (`{}`, `()`, `[]`, functions) deeper than this are not descended into.
pub const MAX_DEPTH: usize = 32;

/// What anything the pass neutralises is spelled with: text without any of these (ASCII
/// case-insensitive) has no URL, import or script, even in a block too deep to look into.
#[cfg_attr(not(test), allow(dead_code))] // spelled out in `suspect`, checked against it in tests
pub(super) const SUSPECTS: [&str; 9] = [
    "url",
    "\\",
    "image",
    "import",
    "expression",
    "src(",
    "binding",
    "behavior",
    "cross-fade",
];

/// The CSS `text` made safe (see the module docs). Borrowed when nothing needed to change.
pub fn clean(text: &str, block_remote: bool) -> Cow<'_, str> {
    // Everything the pass could change is spelled with one of these (an escape included): text
    // without any has nothing to neutralise. (A sheet's end must be looked at whatever it holds.)
    if !suspect(text) {
        return Cow::Borrowed(text);
    }
    pass(text, block_remote, false)
}

/// Like [`clean`], for a style sheet's text, which the DOM or the renderer may concatenate with
/// other sheets: what the text leaves open at its end (a string, comment, URL, block, `@import`
/// prelude) is closed, so nothing in the next text can be read as part of it.
pub fn clean_sheet(text: &str, block_remote: bool) -> Cow<'_, str> {
    pass(text, block_remote, true)
}

fn pass(text: &str, block_remote: bool, close: bool) -> Cow<'_, str> {
    let mut parser = Parser::new(text);
    let mut w = Walker {
        src: text,
        block_remote,
        edits: Vec::new(),
        tail: String::new(),
        last: Last::None,
        eof_done: false,
    };
    w.walk(&mut parser, 0, false, false);
    let clean_end = w.tail.is_empty()
        && matches!(
            w.last,
            Last::None | Last::Whitespace | Last::Semicolon | Last::Closer | Last::Replaced
        );
    let tail = if close && !clean_end {
        w.tail.push('\n');
        w.tail.as_str()
    } else {
        ""
    };
    if w.edits.is_empty() && tail.is_empty() {
        return Cow::Borrowed(text);
    }
    crate::order::sort_by_whole(&mut w.edits, |e| e.0 as i64);
    let mut out = String::with_capacity(text.len() + tail.len() + 16);
    let mut copied = 0;
    for (start, end, with) in &w.edits {
        if *start < copied {
            continue;
        }
        out.push_str(&text[copied..*start]);
        out.push_str(with);
        copied = *end;
    }
    out.push_str(&text[copied..]);
    out.push_str(tail);
    Cow::Owned(out)
}

/// What the text's last token was, to know what its end leaves open.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Last {
    None,
    Whitespace,
    Semicolon,
    /// A closing `}`, `)` or `]` (of a block, or unmatched), or a terminated string, URL or
    /// comment: nothing after it can be read as part of it.
    Closer,
    /// Rewritten into a complete token.
    Replaced,
    /// A string, URL or comment, as a byte range: maybe unterminated.
    Open(OpenKind, usize, usize),
    Other,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum OpenKind {
    String,
    Url,
    Comment,
}

struct Walker<'a> {
    src: &'a str,
    block_remote: bool,
    /// (start, end, replacement), in source byte offsets.
    edits: Vec<(usize, usize, &'static str)>,
    /// What closes the constructs open at the end of the text, innermost first.
    tail: String,
    last: Last,
    /// The end of the text has been reached and its last token closed.
    eof_done: bool,
}

/// The function whose strings are URLs: `url`, `src`, `image-set`, `image`, `cross-fade`
/// (vendor prefixes aside).
fn takes_url_strings(lower_name: &str) -> bool {
    let name = match lower_name.strip_prefix('-') {
        Some(rest) => rest.split_once('-').map_or(lower_name, |(_, n)| n),
        None => lower_name,
    };
    matches!(name, "url" | "src" | "image-set" | "image" | "cross-fade")
}

/// Properties that attach script (IE behaviors, XBL).
fn is_binding_property(name: &str) -> bool {
    ["behavior", "-ms-behavior", "-moz-binding"]
        .iter()
        .any(|p| name.eq_ignore_ascii_case(p))
}

/// Whether `s` ends with an odd number of `\` (the last one escapes what follows).
fn ends_escaping(s: &[u8]) -> bool {
    s.iter().rev().take_while(|b| **b == b'\\').count() & 1 == 1
}

enum Step {
    Nothing,
    Edit(&'static str),
    Binding,
    Import,
    Semicolon,
    Nested(Block),
}

/// A block (or function) about to be entered.
#[derive(Clone, Copy)]
struct Block {
    /// Its strings are URLs.
    urls: bool,
    /// Its URLs are style sheets (a URL function in an `@import` prelude).
    sheet: bool,
    closer: u8,
    /// It is `expression(`.
    rename: bool,
    /// Not walked: its contents are dropped if they could matter.
    opaque: Opaque,
}

#[derive(Clone, Copy, PartialEq)]
enum Opaque {
    No,
    /// Dropped whatever they are.
    Always,
    /// Dropped if they could hold a URL (see [`suspect`]).
    IfSuspect,
}

impl Block {
    fn of(closer: u8) -> Block {
        Block {
            urls: false,
            sheet: false,
            closer,
            rename: false,
            opaque: Opaque::No,
        }
    }
}

impl<'a> Walker<'a> {
    fn edit(&mut self, start: usize, end: usize, with: &'static str) {
        self.edits.push((start, end, with));
    }

    /// Whether a URL found in CSS may not stay. In an `@import` prelude it is a style sheet,
    /// which only a remote server can serve (and nothing could sanitise).
    fn url_blocked(&self, url: &str, sheet: bool) -> bool {
        match classify(url) {
            UrlKind::Empty => false,
            UrlKind::Script => true,
            UrlKind::Remote => self.block_remote,
            // Fine as an image, but not as a sheet.
            UrlKind::Fragment | UrlKind::Inline(_) => sheet,
        }
    }

    /// Walks the tokens of one block (or the whole text at depth 0); `urls`: its strings are
    /// URLs, `sheet`: of style sheets.
    fn walk(&mut self, p: &mut Parser<'a>, depth: usize, urls: bool, sheet: bool) {
        // An `@import` prelude at this level: its URLs and strings are style sheets.
        let mut import = false;
        let mut binding: Option<(usize, usize)> = None;
        loop {
            let start = p.position().byte_index();
            let Ok(token) = p.next_including_whitespace_and_comments().cloned() else {
                break;
            };
            let end = p.position().byte_index();
            let mut last = Last::Other;
            let step = match &token {
                Token::WhiteSpace(_) => {
                    self.last = Last::Whitespace;
                    continue;
                }
                Token::Comment(_) => {
                    self.last = Last::Open(OpenKind::Comment, start, end);
                    continue;
                }
                Token::Ident(name) if is_binding_property(name) => Step::Binding,
                Token::UnquotedUrl(url) | Token::BadUrl(url) => {
                    last = Last::Open(OpenKind::Url, start, end);
                    if self.url_blocked(url, sheet || import) {
                        Step::Edit("url()")
                    } else {
                        Step::Nothing
                    }
                }
                Token::QuotedString(s) | Token::BadString(s) => {
                    last = Last::Open(OpenKind::String, start, end);
                    if (urls || import) && self.url_blocked(s, sheet || import) {
                        Step::Edit(if self.src.as_bytes()[start] == b'\'' {
                            "''"
                        } else {
                            "\"\""
                        })
                    } else {
                        Step::Nothing
                    }
                }
                Token::AtKeyword(name) if name.eq_ignore_ascii_case("import") => Step::Import,
                Token::Semicolon => Step::Semicolon,
                Token::Function(name) => {
                    let lower = name.to_ascii_lowercase();
                    // What `var()` and friends stand for is unknown here: where strings are
                    // URLs, or when they could make one, they go when blocking remote assets.
                    let opaque = match lower.as_str() {
                        "var" | "env" | "attr" if self.block_remote && urls => Opaque::Always,
                        "attr" if self.block_remote => Opaque::IfSuspect,
                        _ => Opaque::No,
                    };
                    let urls = takes_url_strings(&lower);
                    Step::Nested(Block {
                        urls,
                        sheet: urls && (sheet || import),
                        closer: b')',
                        rename: lower == "expression",
                        opaque,
                    })
                }
                Token::ParenthesisBlock => Step::Nested(Block::of(b')')),
                Token::SquareBracketBlock => Step::Nested(Block::of(b']')),
                Token::CurlyBracketBlock => Step::Nested(Block::of(b'}')),
                Token::CloseCurlyBracket | Token::CloseParenthesis | Token::CloseSquareBracket => {
                    last = Last::Closer;
                    Step::Nothing
                }
                Token::Colon => {
                    if let Some((s, e)) = binding.take() {
                        self.edit(s, e, "blocked");
                    }
                    Step::Nothing
                }
                _ => Step::Nothing,
            };
            binding = None;
            self.last = last;
            match step {
                Step::Nothing => {}
                Step::Edit(with) => {
                    self.edit(start, end, with);
                    self.last = Last::Replaced;
                }
                Step::Binding => binding = Some((start, end)),
                Step::Import => {
                    import = true;
                    if self.block_remote {
                        self.edit(start, end, "@blocked-import");
                    }
                }
                Step::Semicolon => {
                    import = false;
                    self.last = Last::Semicolon;
                }
                Step::Nested(block) => {
                    if block.rename {
                        self.edit(start, end, "blocked(");
                    }
                    if block.closer == b'}' {
                        import = false;
                    }
                    self.nested(p, depth + 1, block);
                }
            }
        }
        if p.position().byte_index() < self.src.len() {
            return; // the end of a closed block
        }
        // The end of the text: close what it leaves open, innermost first.
        if let Some((s, e)) = binding {
            self.edit(s, e, "blocked");
        }
        if !self.eof_done {
            self.eof_done = true;
            self.close_last();
        }
        if import {
            self.tail.push(';');
        }
    }

    /// Walks (or, too deep, skips) the block whose opening token was just read.
    fn nested(&mut self, p: &mut Parser<'a>, depth: usize, block: Block) {
        let Block {
            urls, sheet, closer, ..
        } = block;
        let opaque = if depth > MAX_DEPTH && block.opaque == Opaque::No {
            if urls {
                Opaque::Always
            } else {
                Opaque::IfSuspect
            }
        } else {
            block.opaque
        };
        let mut inner_end = self.src.len();
        let _ = p.parse_nested_block(|p| -> Result<(), ParseError<()>> {
            if opaque == Opaque::No {
                self.walk(p, depth, urls, sheet);
                inner_end = p.position().byte_index();
                return Ok(());
            }
            // Skipped in one flat loop (nested blocks are consumed without recursion).
            let start = p.position().byte_index();
            while p.next_including_whitespace_and_comments().is_ok() {}
            inner_end = p.position().byte_index();
            let inner = &self.src[start..inner_end];
            // Left open at the end of the text, its contents go too: nothing is left to close
            // but the block itself.
            let unclosed = inner_end == self.src.len();
            if !inner.is_empty() && (opaque == Opaque::Always || unclosed || suspect(inner)) {
                self.edit(start, inner_end, "");
            }
            if unclosed {
                self.eof_done = true;
            }
            Ok(())
        });
        let after = p.position().byte_index();
        let closed = self.src.as_bytes().get(inner_end) == Some(&closer) && after == inner_end + 1;
        if closed {
            self.last = Last::Closer;
        } else {
            self.tail.push(closer as char);
            self.last = Last::Other;
        }
    }

    /// Closes the last token of the text if it is an unterminated string, URL or comment.
    fn close_last(&mut self) {
        let Last::Open(kind, start, end) = self.last else {
            // A final `\` would escape what is appended; alone at the end it reads as U+FFFD.
            let len = self.src.len();
            if ends_escaping(self.src.as_bytes()) && self.last != Last::Replaced {
                self.edit(len - 1, len, "\u{FFFD}");
            }
            return;
        };
        let s = &self.src.as_bytes()[start..end];
        let terminated = |close: u8, body_from: usize| {
            s.len() > body_from && s[s.len() - 1] == close && !ends_escaping(&s[body_from..s.len() - 1])
        };
        match kind {
            OpenKind::Comment => {
                if !(s.len() >= 4 && s.ends_with(b"*/")) {
                    self.tail.push_str("*/");
                }
            }
            OpenKind::String | OpenKind::Url => {
                let (close, body) = if kind == OpenKind::String { (s[0], 1) } else { (b')', 0) };
                if !terminated(close, body) {
                    // A `\` at the very end escapes nothing (in a string the tokenizer drops
                    // it, in a URL it reads as U+FFFD); left there, it would escape the close.
                    if ends_escaping(&s[body..]) {
                        self.edit(end - 1, end, if kind == OpenKind::String { "" } else { "\u{FFFD}" });
                    }
                    self.tail.push(close as char);
                }
            }
        }
        self.last = if self.tail.is_empty() {
            Last::Closer
        } else {
            Last::Other
        };
    }
}

/// Whether CSS text could hold a URL, an import, or script: one of [`SUSPECTS`] (ASCII
/// case-insensitive). A plain loop: every style attribute of a recording goes through here.
pub(super) fn suspect(text: &str) -> bool {
    let b = text.as_bytes();
    let at = |i: usize, s: &[u8]| b.len() - i >= s.len() && b[i..i + s.len()].eq_ignore_ascii_case(s);
    (0..b.len()).any(|i| match b[i] | 0x20 {
        b'u' => at(i, b"url"),
        b'i' => at(i, b"image") || at(i, b"import"),
        b'e' => at(i, b"expression"),
        b's' => at(i, b"src("),
        b'b' => at(i, b"binding") || at(i, b"behavior"),
        b'c' => at(i, b"cross-fade"),
        b'|' => b[i] == b'\\',
        _ => false,
    })
}
