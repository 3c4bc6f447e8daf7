//! Just enough CSS structure to replay style-sheet edits as text: top-level rules, nested
//! blocks (`@media { … }`), and the declarations of a rule or a `style` attribute.
//!
//! The mirror keeps a sheet as CSS text, so `insertRule`/`deleteRule`/`setProperty` recorded by
//! rrweb are replayed by editing that text, and the renderer only ever sets text.

use crate::text::contains_ascii_ci;

/// How deep into nested blocks edits and `:hover` emulation go. Recursion here is bounded by
/// this constant, never by the recording: a rule path longer than this is refused (a problem),
/// and `:hover` rules nested deeper are left as they are.
pub const MAX_DEPTH: usize = 32;

/// Splits `css` at top level: each rule (`sel { … }`, `@media … { … }`, `@import …;`) trimmed.
pub fn split_rules(css: &str) -> Vec<String> {
    rules(css).into_iter().map(str::to_owned).collect()
}

/// How many top-level rules [`split_rules`] finds in `css`.
pub fn rule_count(css: &str) -> usize {
    rules(css).len()
}

/// The top-level rules of a sheet, as slices of it (trimmed, empty ones left out).
fn rules(css: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut start = 0;
    let mut quote: Option<char> = None;
    let mut chars = css.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if let Some(q) = quote {
            if c == '\\' {
                chars.next();
            } else if c == q {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '/' if chars.peek().map(|p| p.1) == Some('*') => {
                // Skip a comment.
                chars.next();
                let mut prev = ' ';
                for (_, c) in chars.by_ref() {
                    if prev == '*' && c == '/' {
                        break;
                    }
                    prev = c;
                }
            }
            '{' => depth += 1,
            '}' => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    push_rule(&mut out, &css[start..=i]);
                    start = i + 1;
                }
            }
            ';' if depth == 0 => {
                push_rule(&mut out, &css[start..=i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    push_rule(&mut out, &css[start..]);
    out
}

fn push_rule<'a>(out: &mut Vec<&'a str>, rule: &'a str) {
    let rule = rule.trim();
    if !rule.is_empty() {
        out.push(rule);
    }
}

/// The prelude (`@media screen`, `a.b`) and the inside of a block rule's braces.
fn block_parts(rule: &str) -> Option<(&str, &str)> {
    let open = rule.find('{')?;
    let close = rule.rfind('}')?;
    (close > open).then(|| (rule[..open].trim(), &rule[open + 1..close]))
}

/// Joins rules back into sheet text.
pub fn join_rules(rules: &[String]) -> String {
    rules.join("")
}

/// An edit of one rule list at an index.
type RuleEdit<'a> = &'a mut dyn FnMut(&mut Vec<String>, usize) -> Result<(), String>;

/// Applies `edit` to the rule list found by following `path` (all but its last index) into
/// nested blocks; the last index is handed to `edit`.
fn edit_at(css: &str, path: &[u32], edit: RuleEdit) -> Result<String, String> {
    if path.len() > MAX_DEPTH {
        return Err(format!(
            "rule index path of {} levels (deeper than {MAX_DEPTH}) ignored",
            path.len()
        ));
    }
    let mut rules = split_rules(css);
    match path {
        [] => Err("empty rule index".to_owned()),
        [last] => {
            edit(&mut rules, *last as usize)?;
            Ok(join_rules(&rules))
        }
        [first, rest @ ..] => {
            let rule = rules
                .get(*first as usize)
                .ok_or_else(|| format!("no rule at index {first}"))?;
            let (prelude, inner) = block_parts(rule).ok_or_else(|| format!("rule {first} has no block"))?;
            let new_inner = edit_at(inner, rest, edit)?;
            rules[*first as usize] = format!("{prelude} {{ {new_inner} }}");
            Ok(join_rules(&rules))
        }
    }
}

/// Whether `rule` is the player's marked copy of the rule before it ([`hover_rules`]): a rule
/// and its copy are never parted.
pub fn is_marked_copy(rule: &str) -> bool {
    rule.split('{').next().is_some_and(|p| p.contains("[data-tapedeck-"))
}

/// The text `insertRule` is given, as the browser takes it: parsed alone, so one rule that
/// an unclosed string, comment or block does not let swallow the rules after it; anything but
/// exactly one rule is refused (the browser throws and inserts nothing).
pub fn one_rule(rule: &str) -> Result<String, String> {
    let found = rules(rule);
    if found.len() != 1 {
        return Err(format!("{:?} is not one rule", crate::text::head(rule, 80).0));
    }
    let mut out = found[0].to_owned();
    // Closes what the end of its text leaves open, as the end of a sheet does.
    let (mut depth, mut quote, mut comment) = (0usize, None, false);
    let mut chars = out.chars().peekable();
    while let Some(c) = chars.next() {
        if comment {
            if c == '*' && chars.peek() == Some(&'/') {
                chars.next();
                comment = false;
            }
            continue;
        }
        if let Some(q) = quote {
            if c == '\\' {
                chars.next();
            } else if c == q || c == '\n' {
                quote = None;
            }
            continue;
        }
        match c {
            '"' | '\'' => quote = Some(c),
            '/' if chars.peek() == Some(&'*') => {
                chars.next();
                comment = true;
            }
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    if out.ends_with('\\') {
        out.pop();
    }
    if comment {
        out.push_str("*/");
    }
    if let Some(q) = quote {
        out.push(q);
    }
    out.extend(std::iter::repeat_n('}', depth));
    Ok(out)
}

/// `insertRule(rule, index)` at a (possibly nested) index path; no index appends at the end
/// of the top level, like rrweb's replayer does.
pub fn insert_rule(css: &str, path: Option<&[u32]>, rule: &str) -> Result<String, String> {
    let rule = one_rule(rule)?;
    let Some(path) = path else {
        let mut rules = split_rules(css);
        rules.push(rule);
        return Ok(join_rules(&rules));
    };
    edit_at(css, path, &mut |rules, i| {
        let i = i.min(rules.len());
        rules.insert(i, rule.clone());
        Ok(())
    })
}

/// `deleteRule(index)` at a (possibly nested) index path.
pub fn delete_rule(css: &str, path: &[u32]) -> Result<String, String> {
    edit_at(css, path, &mut |rules, i| {
        if i < rules.len() {
            rules.remove(i);
            Ok(())
        } else {
            Err(format!("no rule at index {i} to delete"))
        }
    })
}

/// Edits the declarations of the style rule at `path`.
pub fn edit_declarations(css: &str, path: &[u32], f: &dyn Fn(&str) -> String) -> Result<String, String> {
    edit_at(css, path, &mut |rules, i| {
        let rule = rules.get(i).ok_or_else(|| format!("no rule at index {i}"))?;
        let (prelude, inner) = block_parts(rule).ok_or_else(|| format!("rule {i} has no declarations"))?;
        if prelude.starts_with('@') && inner.contains('{') {
            // `@media`, `@supports`…: a grouping rule has no style to set (the CSSOM has none).
            return Err(format!("rule {i} holds rules, not declarations"));
        }
        rules[i] = format!("{prelude} {{ {} }}", f(inner).trim());
        Ok(())
    })
}

/// Splits declarations (`a: b; c: d !important`) into (property, value-with-priority).
fn declarations(style: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut quote: Option<char> = None;
    let mut start = 0;
    let bytes: Vec<(usize, char)> = style.char_indices().collect();
    let mut k = 0;
    while k < bytes.len() {
        let (i, c) = bytes[k];
        if let Some(q) = quote {
            if c == '\\' {
                k += 1;
            } else if c == q {
                quote = None;
            }
        } else {
            match c {
                '"' | '\'' => quote = Some(c),
                '(' => depth += 1,
                ')' => depth -= 1,
                ';' if depth <= 0 => {
                    push_decl(&mut out, &style[start..i]);
                    start = i + 1;
                }
                _ => {}
            }
        }
        k += 1;
    }
    push_decl(&mut out, &style[start..]);
    out
}

fn push_decl(out: &mut Vec<(String, String)>, decl: &str) {
    if let Some((p, v)) = decl.split_once(':') {
        let p = p.trim();
        if !p.is_empty() {
            out.push((p.to_owned(), v.trim().to_owned()));
        }
    }
}

fn write_declarations(decls: &[(String, String)]) -> String {
    decls
        .iter()
        .map(|(p, v)| format!("{p}: {v};"))
        .collect::<Vec<_>>()
        .join(" ")
}

/// `style.setProperty(prop, value, priority)` on declaration text.
pub fn set_property(style: &str, prop: &str, value: &str, priority: &str) -> String {
    let mut decls = declarations(style);
    let value = if priority.is_empty() {
        value.trim().to_owned()
    } else {
        format!("{} !{}", value.trim(), priority.trim_start_matches('!'))
    };
    if value.is_empty() {
        return remove_property(style, prop);
    }
    match decls.iter_mut().find(|(p, _)| p.eq_ignore_ascii_case(prop)) {
        Some((_, v)) => *v = value,
        None => decls.push((prop.to_owned(), value)),
    }
    write_declarations(&decls)
}

/// `style.removeProperty(prop)` on declaration text.
pub fn remove_property(style: &str, prop: &str) -> String {
    let mut decls = declarations(style);
    decls.retain(|(p, _)| !p.eq_ignore_ascii_case(prop));
    write_declarations(&decls)
}

/// The attribute the renderer puts on the hovered element and its ancestors.
pub const HOVER_ATTR: &str = "data-tapedeck-hover";
/// The attributes the renderer puts on the focused element (`:focus`, `:focus-visible`) and on
/// it and its ancestors (`:focus-within`).
pub const FOCUS_ATTR: &str = "data-tapedeck-focus";
pub const FOCUS_VISIBLE_ATTR: &str = "data-tapedeck-focus-visible";
pub const FOCUS_WITHIN_ATTR: &str = "data-tapedeck-focus-within";

/// The user-action pseudo-classes the replay emulates, each with the marker attribute that
/// stands for it (longer names first: `:focus` is a prefix of the others).
const EMULATED: [(&str, &str); 4] = [
    (":hover", HOVER_ATTR),
    (":focus-visible", FOCUS_VISIBLE_ATTR),
    (":focus-within", FOCUS_WITHIN_ATTR),
    (":focus", FOCUS_ATTR),
];

/// Style rules with `:hover` or `:focus…` also match the elements the renderer marks: each
/// such rule's selector list gets a copy with the pseudo-classes replaced by their markers
/// (what rrweb's replayer does with a `:hover` class). Idempotent.
pub fn hover_rules(css: &str) -> std::borrow::Cow<'_, str> {
    hover_rules_within(css, 0)
}

/// Whether `text` names an emulated pseudo-class, in any case.
fn emulated(text: &str) -> bool {
    contains_ascii_ci(text, b":hover") || contains_ascii_ci(text, b":focus")
}

/// `selector` with each emulated pseudo-class replaced by its marker attribute (a `\:` is
/// part of a name, as in Tailwind's `.focus\:ring:focus`, and stays).
fn with_markers(selector: &str) -> String {
    let mut out = String::with_capacity(selector.len() + 32);
    let mut chars = selector.char_indices();
    'scan: while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                out.push(c);
                if let Some((_, escaped)) = chars.next() {
                    out.push(escaped);
                }
            }
            ':' => {
                let tail = &selector[at..];
                for (pseudo, marker) in EMULATED {
                    let named = tail.get(..pseudo.len()).is_some_and(|t| t.eq_ignore_ascii_case(pseudo));
                    let ends = tail
                        .as_bytes()
                        .get(pseudo.len())
                        .is_none_or(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b'_' || *b >= 0x80));
                    if named && ends {
                        out.push_str(&format!("[{marker}]"));
                        // Past the pseudo-class (all ASCII).
                        for _ in 1..pseudo.len() {
                            chars.next();
                        }
                        continue 'scan;
                    }
                }
                out.push(':');
            }
            c => out.push(c),
        }
    }
    out
}

/// The selectors of a list, split at its top-level commas (not those inside `:is(…)`,
/// brackets, strings or escapes).
fn selectors(list: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut depth, mut start) = (0usize, 0);
    let mut quote: Option<char> = None;
    let mut chars = list.char_indices();
    while let Some((i, c)) = chars.next() {
        match (quote, c) {
            (_, '\\') => {
                chars.next();
            }
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '"' | '\'') => quote = Some(c),
            (None, '(' | '[') => depth += 1,
            (None, ')' | ']') => depth = depth.saturating_sub(1),
            (None, ',') if depth == 0 => {
                out.push(&list[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&list[start..]);
    out
}

/// The selectors of `prelude` that name an emulated pseudo-class, with markers instead; `None`
/// when there are none.
fn marked_copy(prelude: &str) -> Option<String> {
    let marked: Vec<String> = selectors(prelude)
        .into_iter()
        .filter(|s| emulated(s))
        .map(|s| with_markers(s.trim()))
        .filter(|m| m.contains("[data-tapedeck-"))
        .collect();
    (!marked.is_empty()).then(|| marked.join(", "))
}

fn hover_rules_within(css: &str, depth: usize) -> std::borrow::Cow<'_, str> {
    if depth >= MAX_DEPTH || !emulated(css) {
        return std::borrow::Cow::Borrowed(css);
    }
    let mut out = String::with_capacity(css.len() + css.len() / 8);
    let list = rules(css);
    for (i, rule) in list.iter().enumerate() {
        let Some((prelude, inner)) = block_parts(rule).filter(|_| emulated(rule)) else {
            out.push_str(rule);
            continue;
        };
        let lower = prelude.to_ascii_lowercase();
        if lower.starts_with('@') {
            let nests = ["@media", "@supports", "@container", "@layer", "@document", "@scope"];
            if nests.iter().any(|n| lower.starts_with(n)) {
                out.push_str(&format!("{prelude} {{ {} }}", hover_rules_within(inner, depth + 1)));
            } else {
                out.push_str(rule);
            }
            continue;
        }
        out.push_str(rule);
        // The copy is a rule of its own: a copy the browser cannot parse (a marker after
        // `::part()`, say) drops only itself, never the page's rule. A rule already followed
        // by its copy (text rewritten before) gets no second one.
        if let Some(copy) = marked_copy(prelude).filter(|_| !prelude.contains("[data-tapedeck-")) {
            let next = list.get(i + 1).and_then(|r| block_parts(r)).map(|(p, _)| p);
            if next != Some(copy.as_str()) {
                out.push_str(&format!("{copy} {{{inner}}}"));
            }
        }
    }
    std::borrow::Cow::Owned(out)
}

/// The attribute the core puts on elements that were defined custom elements when recorded
/// (`isCustom`, or a `customElements.define` of their name): the replay runs no script, so
/// nothing is defined there.
pub const DEFINED_ATTR: &str = "data-tapedeck-defined";

/// `:defined` also matches the elements that were defined when recorded: every `:defined`
/// pseudo-class becomes `:is(:defined,[data-tapedeck-defined])` (so `:not(:defined)`, the rule
/// web components use against flashes, no longer hides them). Found by the CSS tokenizer, so
/// strings, comments, URLs and escaped names (`.x\:defined`) are left alone. Idempotent.
pub fn defined_rules(css: &str) -> std::borrow::Cow<'_, str> {
    if !contains_ascii_ci(css, b"defined") {
        return std::borrow::Cow::Borrowed(css);
    }
    let mut parser = cssparser::Parser::new(css);
    let mut found = Vec::new();
    find_defined(css, &mut parser, &mut found, 0);
    if found.is_empty() {
        return std::borrow::Cow::Borrowed(css);
    }
    let mut out = String::with_capacity(css.len() + found.len() * 32);
    let mut copied = 0;
    for (start, end) in found {
        out.push_str(&css[copied..start]);
        out.push_str(&format!(":is(:defined,[{DEFINED_ATTR}])"));
        copied = end;
    }
    out.push_str(&css[copied..]);
    std::borrow::Cow::Owned(out)
}

/// The byte ranges of the `:defined` pseudo-classes in one block (nested blocks to
/// `MAX_DEPTH`), in order, leaving out those already rewritten.
fn find_defined<'i>(css: &str, p: &mut cssparser::Parser<'i>, found: &mut Vec<(usize, usize)>, depth: usize) {
    use cssparser::Token;
    let done = format!(",[{DEFINED_ATTR}])");
    let mut colon: Option<usize> = None;
    loop {
        let start = p.position().byte_index();
        let Ok(token) = p.next_including_whitespace_and_comments().cloned() else {
            break;
        };
        let end = p.position().byte_index();
        let after_colon = colon.take();
        match token {
            Token::Colon => colon = Some(start),
            Token::Ident(name)
                if name.eq_ignore_ascii_case("defined") && after_colon == Some(start.wrapping_sub(1)) =>
            {
                let from = start - 1;
                let pseudo_element = from > 0 && css.as_bytes()[from - 1] == b':';
                let wrapped = from >= 4
                    && css.as_bytes()[from - 4..from].eq_ignore_ascii_case(b":is(")
                    && css[end..].starts_with(&done);
                if !pseudo_element && !wrapped {
                    found.push((from, end));
                }
            }
            Token::Function(_) | Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock
                if depth < MAX_DEPTH =>
            {
                let _ = p.parse_nested_block(|p| -> Result<(), cssparser::ParseError<()>> {
                    find_defined(css, p, found, depth + 1);
                    Ok(())
                });
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_rules_with_strings_comments_and_blocks() {
        let css = r#"@import url("a;b.css");a { content: "}"; }/* x { } */@media (max-width: 5px) { b { c: d; } e { f: g; } }h{}"#;
        assert_eq!(
            split_rules(css),
            vec![
                r#"@import url("a;b.css");"#,
                r#"a { content: "}"; }"#,
                "/* x { } */@media (max-width: 5px) { b { c: d; } e { f: g; } }",
                "h{}"
            ]
        );
    }

    #[test]
    fn inserts_and_deletes_nested_rules() {
        let css = "a { x: 1; }@media print { b { y: 2; } }";
        assert_eq!(
            insert_rule(css, Some(&[1]), "c { z: 3; }").unwrap(),
            "a { x: 1; }c { z: 3; }@media print { b { y: 2; } }"
        );
        assert_eq!(
            insert_rule(css, None, "c {}").unwrap(),
            "a { x: 1; }@media print { b { y: 2; } }c {}"
        );
        assert_eq!(
            insert_rule(css, Some(&[1, 0]), "d { w: 4; }").unwrap(),
            "a { x: 1; }@media print { d { w: 4; }b { y: 2; } }"
        );
        assert_eq!(delete_rule(css, &[0]).unwrap(), "@media print { b { y: 2; } }");
        assert_eq!(delete_rule(css, &[1, 0]).unwrap(), "a { x: 1; }@media print {  }");
        assert!(delete_rule(css, &[5]).is_err());
    }

    #[test]
    fn hover_rules_match_the_marker_too() {
        assert_eq!(hover_rules("a { x: 1; }"), "a { x: 1; }");
        let once = hover_rules("a:hover { x: 1; }@media screen { b:hover > c { y: 2; } }").into_owned();
        assert_eq!(
            once,
            "a:hover { x: 1; }a[data-tapedeck-hover] { x: 1; }@media screen { b:hover > c { y: 2; }b[data-tapedeck-hover] > c { y: 2; } }"
        );
        assert_eq!(hover_rules(&once), once);
    }

    #[test]
    fn focus_rules_match_their_markers_too() {
        let once = hover_rules("input:focus-visible, .f:focus-within > a:focus, b:focused { x: 1; }").into_owned();
        assert_eq!(
            once,
            "input:focus-visible, .f:focus-within > a:focus, b:focused { x: 1; }\
             input[data-tapedeck-focus-visible], .f[data-tapedeck-focus-within] > a[data-tapedeck-focus] { x: 1; }"
        );
        assert_eq!(hover_rules(&once), once);
    }

    /// A copy the browser would refuse must not take the page's rule with it: copies are rules
    /// of their own. Escaped colons are names; upper case and selector lists in `:is()` count.
    #[test]
    fn marker_copies_never_spoil_the_page_rule() {
        let rules = [
            r".dark\:focus\:ring-2:focus { a: b; }",
            "x::part(base):focus-visible { c: d; }",
            "A:HOVER, :is(p, q):hover, r { e: f; }",
        ];
        let once = hover_rules(&rules.concat()).into_owned();
        let want = [
            rules[0],
            r".dark\:focus\:ring-2[data-tapedeck-focus] { a: b; }",
            rules[1],
            "x::part(base)[data-tapedeck-focus-visible] { c: d; }",
            rules[2],
            "A[data-tapedeck-hover], :is(p, q)[data-tapedeck-hover] { e: f; }",
        ];
        assert_eq!(once, want.concat());
        assert_eq!(hover_rules(&once), once);
    }

    #[test]
    fn defined_rules_match_the_marker_too() {
        assert_eq!(defined_rules("a { x: 1; }"), "a { x: 1; }");
        let once = defined_rules("sl-button:not(:DEFINED) { display: none } :defined-x {}").into_owned();
        assert_eq!(
            once,
            "sl-button:not(:is(:defined,[data-tapedeck-defined])) { display: none } :defined-x {}"
        );
        assert_eq!(defined_rules(&once), once);
        // Strings, comments, URLs and escaped names are not selectors.
        let text = r#"a::after { content: ":defined"; background: url(a:defined.png) } /* :defined */ .x\:defined {}"#;
        assert_eq!(defined_rules(text), text);
        let nested = defined_rules("@media screen { :is(x-a, x-b):DEFINED, p:not(:defined) > q {} }").into_owned();
        assert_eq!(
            nested,
            "@media screen { :is(x-a, x-b):is(:defined,[data-tapedeck-defined]), \
             p:not(:is(:defined,[data-tapedeck-defined])) > q {} }"
        );
        assert_eq!(defined_rules(&nested), nested);
    }

    #[test]
    fn deep_nesting_is_bounded_not_recursed() {
        let n = 100_000;
        let deep = format!("{}a:hover{{color:red}}{}", "@media screen{".repeat(n), "}".repeat(n));
        let out = hover_rules(&deep);
        // The first levels are rewritten, the rest left as they are; nothing overflows.
        assert!(out.len() >= deep.len() && out.contains("a:hover"));
        let shallow = format!("{}a:hover{{color:red}}{}", "@media screen{".repeat(3), "}".repeat(3));
        assert!(hover_rules(&shallow).contains("[data-tapedeck-hover]"));
        let path = vec![0u32; 10_000];
        let err = insert_rule(&deep, Some(&path), "b{}").unwrap_err();
        assert!(err.contains("deeper than"), "{err}");
        assert!(delete_rule(&deep, &path).is_err());
        assert!(insert_rule(&shallow, Some(&[0, 0, 0, 0]), "b{}")
            .unwrap()
            .contains("b{}"));
    }

    #[test]
    fn edits_declarations() {
        assert_eq!(
            set_property("color: red; top: 1px", "top", "2px", "important"),
            "color: red; top: 2px !important;"
        );
        assert_eq!(set_property("", "--x", "url(a;b)", ""), "--x: url(a;b);");
        assert_eq!(
            remove_property("color: red; background: url('a;b'); top: 1px", "top"),
            "color: red; background: url('a;b');"
        );
        let css = "a { color: red; }";
        assert_eq!(
            edit_declarations(css, &[0], &|d| set_property(d, "top", "0", "")).unwrap(),
            "a { color: red; top: 0; }"
        );
    }

    proptest::proptest! {
        /// Read in place, in any case: the same answer as a search of the lower-cased text,
        /// also beside non-ASCII letters (whose lower case is not ASCII's) and at the text's end.
        #[test]
        fn emulated_pseudo_classes_are_found_in_any_case(
            text in proptest::string::string_regex("([a-zA-Z:İıſK{}. ]|HOVER|hOvEr|FOCUS|focus|:hove|DeFiNeD|define){0,24}").unwrap()
        ) {
            let lower = text.to_ascii_lowercase();
            proptest::prop_assert_eq!(emulated(&text), lower.contains(":hover") || lower.contains(":focus"));
            proptest::prop_assert_eq!(contains_ascii_ci(&text, b"defined"), lower.contains("defined"));
        }
    }
}
