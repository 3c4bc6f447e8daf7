//! The CSS pass: every URL-bearing and script-bearing construct, in both modes.

use cssparser::{Parser, Token};
use proptest::prelude::*;

use super::url::{classify, UrlKind};
use super::*;

const BLOCK: Policy = Policy { block_remote: true };
const OPEN: Policy = Policy { block_remote: false };

/// (default policy, blocking remote assets)
fn both(css: &str) -> [String; 2] {
    [OPEN.css(css).into_owned(), BLOCK.css(css).into_owned()]
}

fn same(css: &str) -> [String; 2] {
    [css.to_owned(), css.to_owned()]
}

#[test]
fn css_loses_script() {
    assert_eq!(css("a{color:red}"), "a{color:red}");
    assert_eq!(
        css("a{background:url(JavaScript:alert(1));width:expression(alert(2))}"),
        // `url(javascript:alert(1)` is a bad URL (a `(` in it) ended by the first `)`.
        "a{background:url());width:blocked(alert(2))}"
    );
    assert_eq!(css("a{x:EXPRESSION(1)}"), "a{x:blocked(1)}");
    assert_eq!(css("a{x:expr\\65 ssion(1)}"), "a{x:blocked(1)}");
    assert_eq!(css("é{b:url( java\\9 script:1)}"), "é{b:url()}");
    assert_eq!(css("a{b:url('java\\\nscript:1')}"), "a{b:url('')}");
    assert_eq!(css("a{b:url('java\tscript:1')}"), "a{b:url('')}");
    assert_eq!(css("a{b:url(\"vbscript:1\")}"), "a{b:url(\"\")}");
    assert_eq!(css("a{b:image-set('javascript:1' 1x)}"), "a{b:image-set('' 1x)}");
    assert_eq!(css("a{BEHAVIOR:url(x.htc)}"), "a{blocked:url(x.htc)}");
    assert_eq!(css("a{b:1;behavior :url(x.htc)}"), "a{b:1;blocked :url(x.htc)}");
    assert_eq!(css("a{beh\\61vior/**/:url(x.htc)}"), "a{blocked/**/:url(x.htc)}");
    assert_eq!(css("a{-moz-binding:url(x.xml#b)}"), "a{blocked:url(x.xml#b)}");
    assert_eq!(css("a{-MS-Behavior:url(x)}"), "a{blocked:url(x)}");
    // Properties that end in "behavior" are not IE behaviors, nor is the word as a value.
    let smooth = "html{scroll-behavior:smooth;overscroll-behavior:none}.behavior{transition:behavior}";
    assert!(matches!(css(smooth), Cow::Borrowed(_)));
    // Dangerous text that is not a URL stays text.
    let text = "a::after{content:\"javascript:url(x) expression(\"}";
    assert!(matches!(css(text), Cow::Borrowed(_)));
    assert_eq!(css("ok{}ë"), "ok{}ë");
}

#[test]
fn every_spelling_of_a_url() {
    let remote = [
        ("a{b:url(https://x/a.png)}", "a{b:url()}"),
        ("a{b:URL(a.png)}", "a{b:url()}"),
        ("a{b:url(  a.png  )}", "a{b:url()}"),
        ("a{b:\\75 rl(a.png)}", "a{b:url()}"),
        ("a{b:u\\72l(a.png)}", "a{b:url()}"),
        ("a{b:url(\"a.png\")}", "a{b:url(\"\")}"),
        ("a{b:url( 'a.png' )}", "a{b:url( '' )}"),
        ("a{b:\\55 RL('a.png')}", "a{b:\\55 RL('')}"),
        ("a{b:url(a\\29 .png)}", "a{b:url()}"),
        ("a{b:url(a b)}", "a{b:url()}"),
        ("a{b:url(a\"b)}", "a{b:url()}"),
        ("a{b:src(\"a.png\")}", "a{b:src(\"\")}"),
        (
            "a{b:image-set(\"a.png\" 1x, url(b.png) 2x)}",
            "a{b:image-set(\"\" 1x, url() 2x)}",
        ),
        ("a{b:-webkit-image-set('a.png' 1x)}", "a{b:-webkit-image-set('' 1x)}"),
        ("a{b:image('a.png', red)}", "a{b:image('', red)}"),
        (
            "a{b:cross-fade('a.png', url(b.png) 50%)}",
            "a{b:cross-fade('', url() 50%)}",
        ),
        (
            "a{b:-webkit-cross-fade(url(a),url(b),5%)}",
            "a{b:-webkit-cross-fade(url(),url(),5%)}",
        ),
        (
            "@font-face{font-family:f;src:url(f.woff2) format('woff2'),local('F')}",
            "@font-face{font-family:f;src:url() format('woff2'),local('F')}",
        ),
        (
            "a{cursor:url(c.cur),auto;mask:url(m.svg#m);filter:url(f.svg#f)}",
            "a{cursor:url(),auto;mask:url();filter:url()}",
        ),
        (
            "@media screen{@supports (x:y){a{b:url(//x/a)}}}",
            "@media screen{@supports (x:y){a{b:url()}}}",
        ),
        ("a{b:var(--x,url(a.png))}", "a{b:var(--x,url())}"),
    ];
    for (input, blocked) in remote {
        assert_eq!(both(input), [input.to_owned(), blocked.to_owned()], "{input}");
    }
    let local = [
        "a{b:url(data:image/png;base64,AA)}",
        "a{b:url('data:image/svg+xml,<svg/>')}",
        "a{fill:url(#grad)}",
        "a{fill:url( \"#grad\" )}",
        "a{b:url()}",
        "a{b:url('')}",
        "a{b:url(about:blank)}",
        "a{b:url(blob:https://x/1)}",
        "a{content:'https://x/a.png'}",
        "a{b:format('https://x/a')}",
        "a{b:image-set(type('image/png'))}",
    ];
    for input in local {
        assert_eq!(both(input), same(input), "{input}");
        assert!(matches!(BLOCK.css(input), Cow::Borrowed(_)), "{input}");
    }
}

#[test]
fn imports_in_every_spelling() {
    for (input, blocked) in [
        ("@import url(https://x/a.css);a{}", "@blocked-import url();a{}"),
        ("@import 'a.css';a{}", "@blocked-import '';a{}"),
        ("@IMPORT \"a.css\" screen;", "@blocked-import \"\" screen;"),
        ("@\\69 mport 'a.css';", "@blocked-import '';"),
        (
            "@im\\70 ort url('a.css') layer(x) supports(display:grid);",
            "@blocked-import url('') layer(x) supports(display:grid);",
        ),
        ("/*x*/@import/**/'a.css';", "/*x*/@blocked-import/**/'';"),
    ] {
        assert_eq!(both(input), [input.to_owned(), blocked.to_owned()], "{input}");
    }
    // An imported sheet is a sheet: it comes from a server or not at all.
    assert_eq!(OPEN.css("@import 'data:text/css,a{}';"), "@import '';");
    assert_eq!(OPEN.css("@import url(javascript:x);"), "@import url();");
    assert_eq!(OPEN.css("@import '#x';"), "@import '';");
    assert_eq!(OPEN.css("@import url('data:text/css,a{}');"), "@import url('');");
    assert_eq!(OPEN.css("@import url(data:text/css,a{});"), "@import url();");
    // Strings after the prelude are not URLs.
    assert_eq!(
        OPEN.css("@import 'a.css';a{content:'b'}"),
        "@import 'a.css';a{content:'b'}"
    );
    assert_eq!(
        BLOCK.css("@import 'a.css';a{content:'b'}"),
        "@blocked-import '';a{content:'b'}"
    );
}

#[test]
fn substitutions_cannot_make_urls_when_blocking() {
    // `--u: "https://x/a"` is text; `image-set(var(--u) 1x)` would load it.
    for (input, blocked) in [
        (
            "a{--u:'https://x/a';b:image-set(var(--u) 1x)}",
            "a{--u:'https://x/a';b:image-set(var() 1x)}",
        ),
        ("a{b:src(var(--u))}", "a{b:src(var())}"),
        ("a{b:image(env(x), red)}", "a{b:image(env(), red)}"),
        ("a{b:image-set(attr(data-u) 1x)}", "a{b:image-set(attr() 1x)}"),
        ("a{b:attr(data-u url)}", "a{b:attr()}"),
        ("a{b:attr(data-u type(<url>), 'x')}", "a{b:attr()}"),
    ] {
        assert_eq!(both(input), [input.to_owned(), blocked.to_owned()], "{input}");
    }
    for kept in [
        "a{b:var(--u);c:content(var(--x))}",
        "a{b:attr(data-label)}",
        "a{b:image-set(url(#x) 1x)}",
    ] {
        assert_eq!(both(kept), same(kept), "{kept}");
    }
}

#[test]
fn comments_and_strings_hide_nothing_and_are_not_urls() {
    let input = "/* url(https://x/a) */a{b:'url(https://x/b)'}/* @import 'c' */";
    assert_eq!(both(input), same(input));
    let input = "a{b:url(/*a*/https://x/a)}";
    assert_eq!(both(input), [input.to_owned(), "a{b:url()}".to_owned()]);
    // A quote in an unquoted URL makes it a bad URL (which loads nothing, and is emptied too).
    let input = "a{b:url(/*a*/'https://x/a')}";
    assert_eq!(both(input), [input.to_owned(), "a{b:url()}".to_owned()]);
}

#[test]
fn deep_blocks_are_not_looked_into_but_cannot_hide_anything() {
    let nest = |n: usize, inner: &str| format!("{}{inner}{}", "@media{".repeat(n), "}".repeat(n));
    // Within the limit, handled as any other.
    let ok = nest(css::MAX_DEPTH - 1, "a{b:url(https://x/a)}");
    assert_eq!(BLOCK.css(&ok), nest(css::MAX_DEPTH - 1, "a{b:url()}"));
    // Too deep: dropped when they could hold anything, kept otherwise.
    for inner in [
        "a{b:url(https://x/a)}",
        "a{b:\\75 rl(x)}",
        "a{behavior:x}",
        "a{b:IMAGE-set('x' 1x)}",
        "@import 'x';",
    ] {
        let deep = nest(css::MAX_DEPTH + 5, inner);
        let out = OPEN.css(&deep);
        assert!(!out.contains(inner), "{inner}");
        assert_eq!(out.matches('{').count(), out.matches('}').count());
    }
    let harmless = nest(css::MAX_DEPTH + 5, "a{color:red}");
    assert!(matches!(BLOCK.css(&harmless), Cow::Borrowed(_)));
    // A URL function at the limit is emptied whatever it holds.
    let deep_fn = format!("a{{b:{}url('https://x/a'){}}}", "f(".repeat(40), ")".repeat(40));
    assert_eq!(fetches(&BLOCK.css(&deep_fn)), Vec::<String>::new());
}

#[test]
fn very_deep_nesting_is_linear_and_never_overflows() {
    let n = 100_000;
    for deep in [
        "@media{".repeat(n),
        "(".repeat(n),
        "[".repeat(n),
        "f(".repeat(n),
        format!("{}url(https://x/a){}", "@media{".repeat(n), "}".repeat(n)),
        format!("a{{b:{}'x'{}}}", "image-set(".repeat(n), ")".repeat(n)),
    ] {
        let t = std::time::Instant::now();
        for p in [OPEN, BLOCK] {
            let out = p.style_sheet(&deep);
            assert!(fetches(&out).is_empty());
        }
        assert!(t.elapsed().as_secs_f64() < 5.0, "{:?}", t.elapsed());
    }
}

#[test]
fn sheets_are_closed_so_concatenation_adds_nothing() {
    // Each alone is harmless; together (as text children of one <style>, or sheets joined by
    // the renderer) they would fetch, unless each is closed at its end.
    for (a, b) in [
        ("a{b:url(", "https://x/a)}"),
        ("a{b:ur", "l(https://x/a)}"),
        ("a{b:\"}", "\";c{d:url(https://x/a)}"),
        ("a{b:image-set(", "'https://x/a' 1x)}"),
        ("/*", "*/a{b:url(https://x/a)}"),
        ("@import", " 'https://x/a.css';"),
        ("a{b:url('x\\", "');c:url(https://x/a)}"),
        ("a{behavior", ":url(x.htc)}"),
        ("a{b:\\", "75 rl(https://x/a)}"),
    ] {
        let joined = format!("{}{}", BLOCK.sheet(a), BLOCK.sheet(b));
        assert!(fetches(&joined).is_empty(), "{a:?} + {b:?} = {joined:?}");
        assert!(!joined.to_ascii_lowercase().contains("behavior"), "{joined:?}");
    }
    // Texts that end cleanly are left alone.
    for clean in ["a{}", "a{} ", "@import 'x';", "a{}/* x */", ""] {
        assert!(matches!(OPEN.sheet(clean), Cow::Borrowed(_)), "{clean:?}");
    }
    assert_eq!(OPEN.sheet("a{b:'x"), "a{b:'x'}\n");
    assert_eq!(OPEN.sheet("a{b:url(x"), "a{b:url(x)}\n");
    assert_eq!(OPEN.sheet("/* x"), "/* x*/\n");
    assert_eq!(OPEN.sheet("@media x{a{b:f(1"), "@media x{a{b:f(1)}}\n");
    assert_eq!(
        OPEN.sheet("@import url('https://x/a.css"),
        "@import url('https://x/a.css');\n"
    );
}

#[test]
fn hover_emulation_runs_before_the_sanitiser() {
    let out = BLOCK.style_sheet("a:hover{b:url(https://x/a)}");
    assert!(out.contains("data-tapedeck-hover"), "{out}");
    assert!(fetches(&out).is_empty(), "{out}");
}

/// What the CSS would load or run, found by an independent walk over the tokens (no depth
/// limit): with `remote`, every URL that is not local and every `@import`; always script URLs,
/// `expression(` and `behavior:`.
fn found(css: &str, remote: bool) -> Vec<String> {
    fn walk(p: &mut Parser, depth: usize, urls: bool, remote: bool, out: &mut Vec<String>) {
        assert!(depth < 500, "the checker does not go this deep");
        let bad = |u: &str| match classify(u) {
            UrlKind::Script => true,
            k => remote && !k.is_local(),
        };
        let mut import = false;
        let mut binding = false;
        while let Ok(t) = p.next_including_whitespace_and_comments().cloned() {
            let was_binding = std::mem::take(&mut binding);
            match &t {
                Token::WhiteSpace(_) | Token::Comment(_) => binding = was_binding,
                Token::UnquotedUrl(u) | Token::BadUrl(u) if bad(u) => out.push(u.to_string()),
                Token::QuotedString(s) | Token::BadString(s) if (urls || import) && bad(s) => out.push(s.to_string()),
                Token::AtKeyword(k) if k.eq_ignore_ascii_case("import") => {
                    import = true;
                    if remote {
                        out.push("@import".into());
                    }
                }
                Token::Ident(i) if i.eq_ignore_ascii_case("behavior") || i.eq_ignore_ascii_case("-moz-binding") => {
                    binding = true
                }
                Token::Colon if was_binding => out.push("behavior:".into()),
                Token::Semicolon => import = false,
                Token::Function(f) => {
                    let f = f.to_ascii_lowercase();
                    if f == "expression" {
                        out.push("expression(".into());
                    }
                    let urls = [
                        "url",
                        "src",
                        "image-set",
                        "-webkit-image-set",
                        "image",
                        "cross-fade",
                        "-webkit-cross-fade",
                    ]
                    .contains(&f.as_str());
                    let _ = p.parse_nested_block(|p| {
                        walk(p, depth + 1, urls, remote, out);
                        Ok::<_, cssparser::ParseError<()>>(())
                    });
                }
                Token::ParenthesisBlock | Token::SquareBracketBlock | Token::CurlyBracketBlock => {
                    let _ = p.parse_nested_block(|p| {
                        walk(p, depth + 1, false, remote, out);
                        Ok::<_, cssparser::ParseError<()>>(())
                    });
                }
                _ => {}
            }
        }
    }
    let mut p = Parser::new(css);
    p.set_nested_block_limit(0);
    let mut out = Vec::new();
    walk(&mut p, 0, false, remote, &mut out);
    out
}

/// Everything that blocking remote assets must leave out.
fn fetches(css: &str) -> Vec<String> {
    found(css, true)
}

/// What the default policy must leave out.
fn scripts(css: &str) -> Vec<String> {
    found(css, false)
}

#[test]
fn the_checker_sees_what_it_should() {
    assert_eq!(fetches("a{b:url(x)}"), ["x"]);
    assert_eq!(fetches("a{b:image-set('x' 1x)}"), ["x"]);
    assert_eq!(fetches("@import 'x';"), ["@import", "x"]);
    assert_eq!(fetches("a{behavior:x}"), ["behavior:"]);
    assert_eq!(fetches("a{b:expression(1)}"), ["expression("]);
    assert_eq!(scripts("a{b:url(javascript:x)}"), ["javascript:x"]);
    assert_eq!(scripts("@import 'vbscript:x';"), ["vbscript:x"]);
    assert!(scripts("@import 'https://x/a.css';a{b:url(https://x/a)}").is_empty());
    assert!(fetches("a{b:url(data:,x);c:'x'}").is_empty());
}

/// CSS-ish text: fragments that matter to the sanitiser, glued at random.
fn css_soup() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        Just("url(".to_owned()),
        Just("URL(".to_owned()),
        Just("\\75 rl(".to_owned()),
        Just("image-set(".to_owned()),
        Just("-webkit-image-set(".to_owned()),
        Just("src(".to_owned()),
        Just("cross-fade(".to_owned()),
        Just("image(".to_owned()),
        Just("@import".to_owned()),
        Just("@\\69 mport".to_owned()),
        Just("expression(".to_owned()),
        Just("behavior:".to_owned()),
        Just("https://x/a".to_owned()),
        Just("javascript:".to_owned()),
        Just("data:,x".to_owned()),
        Just("#f".to_owned()),
        Just("\"https://x/s\"".to_owned()),
        Just("'//x/s'".to_owned()),
        Just("\"".to_owned()),
        Just("'".to_owned()),
        Just("/*".to_owned()),
        Just("*/".to_owned()),
        Just("\\".to_owned()),
        Just("{".to_owned()),
        Just("}".to_owned()),
        Just("(".to_owned()),
        Just(")".to_owned()),
        Just("[".to_owned()),
        Just(";".to_owned()),
        Just(":".to_owned()),
        Just(" ".to_owned()),
        Just("\n".to_owned()),
        Just("a{b:".to_owned()),
        Just(":hover".to_owned()),
        any::<char>().prop_map(String::from),
        "[a-z]{1,3}",
    ];
    prop::collection::vec(piece, 0..40).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn blocked_sheets_never_fetch(s in css_soup()) {
        let out = BLOCK.style_sheet(&s);
        prop_assert!(fetches(&out).is_empty(), "{:?} -> {:?}: {:?}", s, out, fetches(&out));
        prop_assert!(scripts(&OPEN.style_sheet(&s)).is_empty());
    }

    #[test]
    fn arbitrary_text_never_panics_nor_fetches(s in any::<String>()) {
        let out = BLOCK.style_sheet(&s);
        prop_assert!(fetches(&out).is_empty(), "{:?} -> {:?}", s, out);
        let _ = OPEN.style_sheet(&s);
        let _ = BLOCK.css(&s);
    }

    #[test]
    fn concatenated_sheets_never_fetch(a in css_soup(), b in css_soup()) {
        let joined = format!("{}{}", BLOCK.sheet(&a), BLOCK.sheet(&b));
        prop_assert!(fetches(&joined).is_empty(), "{:?} + {:?} = {:?}", a, b, joined);
    }

    #[test]
    fn the_quick_suspect_scan_is_the_plain_one(
        s in css_soup(),
        t in prop::collection::vec(
            prop::sample::select(vec![
                "u", "r", "l", "U", "rL", "src", "SrC", "(", "ima", "GE", "imp", "ORT", "Expression", "expres",
                "binDing", "BEHAVIOR", "behav", "cross-", "fade", "\\", "|", "x", " ",
            ]),
            0..12,
        ).prop_map(|v| v.concat())
    ) {
        for text in [&s, &t] {
            let lower = text.to_ascii_lowercase();
            prop_assert_eq!(css::suspect(text), css::SUSPECTS.iter().any(|n| lower.contains(n)), "{:?}", text);
        }
    }

    #[test]
    fn sanitising_twice_changes_nothing_more(s in css_soup()) {
        let once = BLOCK.css(&s).into_owned();
        prop_assert_eq!(BLOCK.css(&once), once.as_str());
    }
}

/// A `<style>` and a constructed sheet edited rule by rule with CSS soup, under the blocking
/// policy: whatever chunks the style's text is held in, together they fetch nothing.
mod edited {
    use super::*;
    use crate::event::{Incremental, StyleDeclaration, StyleSheetRule};
    use crate::mirror::Mirror;

    fn mirror(text: &str) -> Mirror {
        let snapshot = serde_json::json!({"type": 0, "id": 1, "childNodes": [
            {"type": 2, "tagName": "style", "attributes": {}, "id": 5, "childNodes": [
                {"type": 3, "textContent": text, "id": 6}]}]});
        let node = serde_json::from_value(snapshot).unwrap();
        let mut w = Vec::new();
        Mirror::from_snapshot_with(&node, Default::default(), BLOCK, &mut w)
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

        #[test]
        fn edited_sheets_never_fetch(
            start in prop::collection::vec(css_soup(), 0..6),
            edits in prop::collection::vec((0u32..12, css_soup(), any::<bool>(), 0usize..3000), 1..40),
        ) {
            let mut m = mirror(&start.concat());
            let mut w = Vec::new();
            for (i, soup, declare, pad) in edits {
                for target in [r#""id":5"#, r#""styleId":1"#] {
                    let inc = if declare {
                        let d: StyleDeclaration = serde_json::from_str(&format!(
                            r#"{{{target},"index":[{i}],"set":{{"property":"background","value":{}}}}}"#,
                            serde_json::to_string(&soup).unwrap()
                        )).unwrap();
                        Incremental::StyleDeclaration(Box::new(d))
                    } else {
                        // Padded so the style's chunks fill and split.
                        let rule = format!("{soup}a{{--p:{}}}", "x".repeat(pad));
                        let r: StyleSheetRule = serde_json::from_str(&format!(
                            r#"{{{target},"adds":[{{"rule":{},"index":{i}}}]}}"#,
                            serde_json::to_string(&rule).unwrap()
                        )).unwrap();
                        Incremental::StyleSheetRule(Box::new(r))
                    };
                    m.apply(&inc, 0.0, &mut w);
                }
            }
            let text = m.text_content(5);
            prop_assert!(fetches(&text).is_empty(), "{:?}: {:?}", text, fetches(&text));
            let sheet: String = m.page.sheets.get(&1).map(|s| s.iter().map(|r| r.to_string() + "\n").collect()).unwrap_or_default();
            prop_assert!(fetches(&sheet).is_empty(), "{:?}: {:?}", sheet, fetches(&sheet));
        }
    }
}
