//! Rule edits of style sheets as a CSS-in-JS page makes them, thousands on one sheet: the
//! `<style>` held in chunks and the constructed sheet must end exactly where editing the whole
//! text would have, and a sheet that only grows must not grow any one text of the page.

mod events;
use events::*;
use proptest::prelude::*;
use tapedeck_core::mirror::css;
use tapedeck_core::mirror::rules::CHUNK_BYTES;
use tapedeck_core::mirror::{Patch, VKind};

fn element(id: i64, tag: &str, children: &str) -> String {
    format!(r#"{{"type":2,"tagName":"{tag}","attributes":{{}},"id":{id},"childNodes":[{children}]}}"#)
}

fn incremental(source: u32, data: &str, t: f64) -> String {
    format!(r#"{{"type":3,"data":{{"source":{source},{data}}},"timestamp":{t}}}"#)
}

fn squeeze(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Where two texts part: a few characters of each from there.
fn first_difference(got: &str, want: &str) -> String {
    let at = got.bytes().zip(want.bytes()).take_while(|(a, b)| a == b).count();
    let from = at.saturating_sub(60);
    let part = |s: &str| s.get(from..(at + 60).min(s.len())).unwrap_or("").to_owned();
    format!(
        "at byte {at} of {} / {}: got …{}… want …{}…",
        got.len(),
        want.len(),
        part(got),
        part(want)
    )
}

/// One recorded edit: an insert (at an index path, or at the end), a delete, a declaration set.
#[derive(Debug, Clone)]
enum Edit {
    Insert(Option<Vec<u32>>, String),
    Delete(Vec<u32>),
    Set(Vec<u32>, String),
}

impl Edit {
    /// The event's data after `"source":N,` and the target (`"id":5` or `"styleId":1`).
    fn event(&self, target: &str, t: f64) -> String {
        let path = |p: &[u32]| serde_json::to_string(p).unwrap();
        match self {
            Edit::Insert(p, rule) => {
                let index = p
                    .as_ref()
                    .map(|p| format!(r#","index":{}"#, path(p)))
                    .unwrap_or_default();
                let rule = serde_json::to_string(rule).unwrap();
                incremental(8, &format!(r#"{target},"adds":[{{"rule":{rule}{index}}}]"#), t)
            }
            Edit::Delete(p) => incremental(8, &format!(r#"{target},"removes":[{{"index":{}}}]"#, path(p)), t),
            Edit::Set(p, v) => incremental(
                13,
                &format!(
                    r#"{target},"index":{},"set":{{"property":"color","value":"{v}"}}"#,
                    path(p)
                ),
                t,
            ),
        }
    }

    /// The same edit on the whole text (what the player did before chunks); an edit that
    /// fails leaves the text as it was.
    fn on_text(&self, text: &str) -> String {
        let done = match self {
            Edit::Insert(p, rule) => css::insert_rule(text, p.as_deref(), rule),
            Edit::Delete(p) => css::delete_rule(text, p),
            Edit::Set(p, v) => css::edit_declarations(text, p, &|d| css::set_property(d, "color", v, "")),
        };
        done.unwrap_or_else(|_| text.to_owned())
    }
}

/// A rule: a style rule padded to `pad` bytes, or an `@media` block of two.
fn rule() -> impl Strategy<Value = String> {
    prop_oneof![
        (0u32..1000, 0usize..900).prop_map(|(i, pad)| format!(".r{i}{{color:red;--p:{}}}", "x".repeat(pad))),
        (0u32..1000).prop_map(|i| format!("@media screen{{.m{i}{{color:red}}.n{i}{{color:blue}}}}")),
    ]
}

fn path() -> impl Strategy<Value = Vec<u32>> {
    prop_oneof![
        4 => (0u32..90).prop_map(|i| vec![i]),
        1 => (0u32..90, 0u32..3).prop_map(|(i, j)| vec![i, j]),
        1 => Just(vec![]),
    ]
}

/// What a page may hand `insertRule`: a rule, or text the browser refuses or closes (no rule,
/// two rules, an unclosed block, string or comment).
fn inserted() -> impl Strategy<Value = String> {
    prop_oneof![
        6 => rule(),
        1 => (0u32..1000).prop_map(|i| format!(".u{i}{{color:red")),
        1 => (0u32..1000).prop_map(|i| format!(".q{i}{{content:\"open")),
        1 => (0u32..1000).prop_map(|i| format!(".c{i}{{color:red}}/* open")),
        1 => (0u32..1000).prop_map(|i| format!(".a{i}{{color:red}}.b{i}{{color:blue}}")),
        1 => Just(String::new()),
    ]
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        4 => (prop::option::of(path()), inserted()).prop_map(|(p, r)| Edit::Insert(p, r)),
        2 => path().prop_map(Edit::Delete),
        1 => (path(), "[a-z]{1,6}").prop_map(|(p, v)| Edit::Set(p, v)),
    ]
}

/// The session: a `<style>` (5) holding `rules`, a constructed sheet (1) holding them too,
/// then each edit on both.
fn session(rules: &[String], edits: &[Edit]) -> Vec<String> {
    let adopted: Vec<String> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| format!(r#"{{"rule":{},"index":{i}}}"#, serde_json::to_string(r).unwrap()))
        .collect();
    let mut events = vec![
        meta(),
        snapshot(&element(5, "style", &text(6, &rules.concat())), START + 1.0),
        incremental(
            15,
            &format!(
                r#""id":1,"styleIds":[1],"styles":[{{"styleId":1,"rules":[{}]}}]"#,
                adopted.join(",")
            ),
            START + 1.0,
        ),
    ];
    for (i, e) in edits.iter().enumerate() {
        let t = START + 2000.0 + i as f64 * 1000.0;
        events.push(e.event(r#""id":5"#, t));
        events.push(e.event(r#""styleId":1"#, t));
    }
    events
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    /// Any run of edits on chunks (split as they grow) ends where the same edits on the whole
    /// text end, at the last moment and at a seek to the middle (from a checkpoint).
    #[test]
    fn chunked_edits_end_where_whole_text_edits_end(
        rules in prop::collection::vec(rule(), 0..60),
        edits in prop::collection::vec(edit(), 1..80),
    ) {
        let events = session(&rules, &edits);
        let (l, mut r) = play(&body(&events));
        for upto in [edits.len() / 2, edits.len()] {
            let mut want = rules.concat();
            for e in &edits[..upto] {
                want = e.on_text(&want);
            }
            let m = r.state_at(1500.0 + upto as f64 * 1000.0);
            let want = squeeze(&want);
            let style = squeeze(&m.text_content(5));
            prop_assert!(style == want, "after {} edits, the style: {}\n{}", upto, first_difference(&style, &want), messages(&l, &r));
            let constructed = m.page.sheets.get(&1).map(|s| s.iter().map(|t| t.to_string()).collect::<String>());
            let constructed = squeeze(&constructed.unwrap_or_default());
            prop_assert!(constructed == want, "after {} edits, the sheet: {}", upto, first_difference(&constructed, &want));
        }
    }
}

/// A sheet a page inserts 3,000 rules into, one at a time: no text of the page grows past two
/// chunks, every rule is there in order, and a seek halfway shows the first half.
#[test]
fn a_sheet_that_only_grows_is_held_in_chunks() {
    let rule = |i: usize| format!(".css-{i}{{color:red;padding:{i}px;margin:0 auto;display:flex}}");
    let mut events = vec![
        meta(),
        snapshot(&element(5, "style", &text(6, "body{margin:0}")), START + 1.0),
    ];
    for i in 0..3000 {
        let e = Edit::Insert(Some(vec![i as u32 + 1]), rule(i));
        events.push(e.event(r#""id":5"#, START + 2.0 + i as f64));
    }
    let (l, mut r) = play(&body(&events));
    // Playing through the inserts changes the style's texts, not the page's state (whose
    // patch re-applies the selection, focus marks and adopted sheets).
    r.frame(1.5);
    for k in 1..30 {
        let patches = r.frame(1.5 + k as f64 * 100.0);
        assert!(
            patches.iter().any(|p| matches!(p, Patch::Text(..) | Patch::Create(_))),
            "at {k}: {patches:?}"
        );
        assert!(!patches.iter().any(|p| matches!(p, Patch::Page)), "at {k}: {patches:?}");
    }
    for (at, n) in [(START + 2.0 + 3000.0, 3000), (START + 2.0 + 1499.5, 1500)] {
        let m = r.state_at(at - START);
        let want: String = std::iter::once("body{margin:0}".to_owned())
            .chain((0..n).map(rule))
            .collect();
        let got = squeeze(&m.text_content(5));
        assert!(
            got == squeeze(&want),
            "{} bytes, not {}: {}",
            got.len(),
            want.len(),
            messages(&l, &r)
        );
        let longest = m
            .subtree(5)
            .iter()
            .filter_map(|c| match &m.node(*c)?.kind {
                VKind::Text(t) => Some(t.len()),
                _ => None,
            })
            .max()
            .unwrap_or(0);
        assert!(longest <= 2 * CHUNK_BYTES + 100, "a text of {longest} bytes");
        assert!(m.subtree(5).len() > 10, "the rules are held in more than a few texts");
    }
}

/// A `:hover` rule whose marked copy (the player's, for the recorded pointer) falls where the
/// sheet is cut into chunks: the two stay together, and the rule keeps one copy.
#[test]
fn a_hover_rule_keeps_one_copy_across_chunks() {
    let filler = format!(".f{{--p:{}}}", "x".repeat(CHUNK_BYTES - 30));
    let mut events = vec![
        meta(),
        snapshot(
            &element(5, "style", &text(6, &format!("{filler}a:hover{{color:red}}"))),
            START + 1.0,
        ),
    ];
    for i in 0..40 {
        let e = Edit::Insert(None, format!(".x{i}{{color:blue;--p:{}}}", "y".repeat(400)));
        events.push(e.event(r#""id":5"#, START + 2.0 + i as f64));
    }
    let (l, mut r) = play(&body(&events));
    let m = r.state_at(100.0);
    let css = m.style_text(5);
    assert_eq!(css.matches("[data-tapedeck-hover]").count(), 1, "{}", messages(&l, &r));
    assert!(css.contains(".x39"), "{}", messages(&l, &r));
    assert!(m.subtree(5).len() > 3, "held in chunks");
}
