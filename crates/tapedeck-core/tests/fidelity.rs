//! The state behind the picture: a style's rules after its text changes, `_cssText` against
//! text children, WebGL canvases. Each checked on the mirror the renderer builds from.

mod events;
use events::*;

fn element(id: i64, tag: &str, attrs: &str, children: &str) -> String {
    format!(r#"{{"type":2,"tagName":"{tag}","attributes":{{{attrs}}},"id":{id},"childNodes":[{children}]}}"#)
}

fn incremental(source: u32, data: &str, t: f64) -> String {
    format!(r#"{{"type":3,"data":{{"source":{source},{data}}},"timestamp":{t}}}"#)
}

/// A mouse interaction (1 press, 5 focus, 6 blur) on node `id` at `t`.
fn interaction(kind: u8, id: i64, t: f64) -> String {
    incremental(2, &format!(r#""type":{kind},"id":{id}"#), t)
}

/// The CSS a `<style>` holds at the end of the recording, without spaces.
fn style_at_end(events: &[String], style: i64) -> (String, String) {
    let (l, mut r) = play(&body(events));
    let m = r.state_at(r.duration());
    let css: String = m.text_content(style).chars().filter(|c| !c.is_whitespace()).collect();
    (css, messages(&l, &r))
}

/// `insertRule` on a `<style>`, then a text node appended to it: the browser built the sheet
/// anew from the text, and the inserted rule was gone.
#[test]
fn a_text_added_to_a_style_drops_its_inserted_rules() {
    let events = [
        meta(),
        snapshot(&element(5, "style", "", &text(6, "p { color: red; }")), START + 1.0),
        incremental(
            8,
            r#""id":5,"adds":[{"rule":"h1 { color: blue; }","index":1}]"#,
            START + 2.0,
        ),
        mutation(
            r#""adds":[{"parentId":5,"nextId":null,"node":{"type":3,"textContent":"b { color: green; }","id":7}}]"#,
            START + 3.0,
        ),
    ];
    let (before, _) = style_at_end(&events[..3], 5);
    assert!(before.contains("h1{color:blue;}"), "{before}");
    let (after, problems) = style_at_end(&events, 5);
    assert_eq!(after, "p{color:red;}b{color:green;}", "{problems}");
}

/// The same after a text change of the style's text node, a removed text node, and after
/// declaration edits; and rules edited again after the reset count from the new text.
#[test]
fn every_text_change_of_a_style_resets_its_rules() {
    let snap = snapshot(
        &element(
            5,
            "style",
            "",
            &[text(6, "p { color: red; }"), text(7, "i { color: red; }")].join(","),
        ),
        START + 1.0,
    );
    let delete = incremental(8, r#""id":5,"removes":[{"index":0}]"#, START + 2.0);
    let declare = incremental(
        13,
        r#""id":5,"index":[0],"set":{"property":"color","value":"blue"}"#,
        START + 2.0,
    );
    for (edit, change, want) in [
        (
            &delete,
            mutation(r#""texts":[{"id":6,"value":"p { color: black; }"}]"#, START + 3.0),
            "p{color:black;}i{color:red;}",
        ),
        (
            &delete,
            mutation(r#""removes":[{"parentId":5,"id":7}]"#, START + 3.0),
            "p{color:red;}",
        ),
        (
            &declare,
            mutation(r#""removes":[{"parentId":5,"id":6}]"#, START + 3.0),
            "i{color:red;}",
        ),
    ] {
        let (css, problems) = style_at_end(&[meta(), snap.clone(), edit.clone(), change.clone()], 5);
        assert_eq!(css, want, "{edit} then {change}: {problems}");
    }
    // Edited, reset, edited again: the second edit starts from the text.
    let (css, problems) = style_at_end(
        &[
            meta(),
            snap.clone(),
            delete.clone(),
            mutation(r#""texts":[{"id":6,"value":"p { color: black; }"}]"#, START + 3.0),
            incremental(8, r#""id":5,"removes":[{"index":1}]"#, START + 4.0),
        ],
        5,
    );
    assert_eq!(css, "p{color:black;}", "{problems}");
}

/// A style recorded with both a `_cssText` and text children: the attribute wins, once. Split
/// pieces go to their children; unsplit, the first child gets it all and the others nothing;
/// a declaration edit then edits the attribute's rules only.
#[test]
fn the_css_text_attribute_wins_over_text_children() {
    let two = [text(6, "p { color: red; }"), text(7, "i { color: red; }")].join(",");
    let split = r#""_cssText":"p { color: green; }/* rr_split */i { color: green; }""#;
    let (l, mut r) = play(&body(&[
        meta(),
        snapshot(&element(5, "style", split, &two), START + 1.0),
    ]));
    let m = r.state_at(0.0);
    assert_eq!(
        m.text_content(6).replace(' ', ""),
        "p{color:green;}",
        "{}",
        messages(&l, &r)
    );
    assert_eq!(m.text_content(7).replace(' ', ""), "i{color:green;}");

    let whole = r#""_cssText":"p { color: green; }""#;
    let events = [
        meta(),
        snapshot(&element(5, "style", whole, &two), START + 1.0),
        incremental(
            13,
            r#""id":5,"index":[0],"set":{"property":"color","value":"blue"}"#,
            START + 2.0,
        ),
    ];
    let (css, _) = style_at_end(&events[..2], 5);
    assert_eq!(css, "p{color:green;}");
    let (css, problems) = style_at_end(&events, 5);
    assert_eq!(css, "p{color:blue;}", "{problems}");
}

/// WebGL drawing is not replayed: the canvas keeps its snapshot image or stays blank, and
/// that is said once a canvas, however many frames it drew.
#[test]
fn webgl_drawing_is_reported_once_a_canvas() {
    let gl = |id: i64, t: f64| {
        incremental(
            9,
            &format!(r#""id":{id},"type":1,"commands":[{{"property":"clear","args":[16384]}}]"#),
            t,
        )
    };
    let events = [
        meta(),
        snapshot(
            &[
                element(5, "canvas", r#""width":"240","height":"120""#, ""),
                element(8, "canvas", r#""rr_dataURL":"data:image/png;base64,iVBORw0KGgo=""#, ""),
            ]
            .join(","),
            START + 1.0,
        ),
        gl(5, START + 2.0),
        gl(5, START + 3.0),
        gl(8, START + 4.0),
        gl(5, START + 5.0),
    ];
    let (l, mut r) = play(&body(&events));
    let all = messages(&l, &r);
    assert_eq!(all.matches("WebGL drawing is not replayed").count(), 2, "{all}");
    assert!(
        all.contains(
            "canvas 5: WebGL drawing is not replayed (it would run the page's shaders); it stays blank at its size"
        ),
        "{all}"
    );
    assert!(
        all.contains(
            "canvas 8: WebGL drawing is not replayed (it would run the page's shaders); its snapshot image stays"
        ),
        "{all}"
    );
    let m = r.state_at(r.duration());
    assert_eq!(m.element(5).unwrap().attr("width"), Some("240"));
    assert!(m.element(8).unwrap().state.image.is_some());
}

/// Web components: a page rule `:not(:defined) { display: none }` must not hide elements that
/// were defined when recorded (`isCustom`, or defined later by `customElements.define`).
#[test]
fn custom_elements_recorded_as_defined_stay_defined() {
    let custom = |id: i64, tag: &str, custom: bool| {
        format!(
            r#"{{"type":2,"tagName":"{tag}","attributes":{{}},"isCustom":{custom},"id":{id},"childNodes":[{}]}}"#,
            text(id + 100, "inside")
        )
    };
    let events = [
        meta(),
        snapshot(
            &[
                element(5, "style", "", &text(6, ":not(:defined) { display: none; }")),
                custom(7, "sl-button", true),
                custom(8, "late-card", false),
                custom(9, "never-defined", false),
            ]
            .join(","),
            START + 1.0,
        ),
        incremental(16, r#""define":{"name":"late-card"}"#, START + 2.0),
        mutation(
            &format!(
                r#""adds":[{{"parentId":3,"nextId":null,"node":{}}}]"#,
                custom(10, "late-card", false)
            ),
            START + 3.0,
        ),
    ];
    let (l, mut r) = play(&body(&events));
    let defined = |m: &tapedeck_core::mirror::Mirror, id: i64| {
        m.element(id)
            .unwrap()
            .attr(tapedeck_core::mirror::css::DEFINED_ATTR)
            .is_some()
    };
    let first = r.state_at(0.0).clone();
    assert!(defined(&first, 7) && !defined(&first, 8) && !defined(&first, 9));
    let last = r.state_at(r.duration()).clone();
    assert!(defined(&last, 7) && defined(&last, 8) && defined(&last, 10) && !defined(&last, 9));
    let css = last.text_content(5);
    assert!(
        css.contains(":not(:is(:defined,[data-tapedeck-defined]))"),
        "{css} {}",
        messages(&l, &r)
    );
}

/// A dialog opened with `showModal()` is open and modal (the renderer shows it in the top
/// layer); closed, it is neither; opened with `show()`, open only.
#[test]
fn a_dialog_opened_modal_is_modal_state() {
    let dialog =
        r#"{"type":2,"tagName":"dialog","attributes":{"open":"","rr_open_mode":"modal"},"id":5,"childNodes":[]}"#;
    let events = [
        meta(),
        snapshot(dialog, START + 1.0),
        mutation(r#""attributes":[{"id":5,"attributes":{"open":null}}]"#, START + 2.0),
        mutation(
            r#""attributes":[{"id":5,"attributes":{"rr_open_mode":"non-modal","open":""}}]"#,
            START + 3.0,
        ),
        mutation(
            r#""attributes":[{"id":5,"attributes":{"open":"","rr_open_mode":"modal"}}]"#,
            START + 4.0,
        ),
    ];
    let (_, mut r) = play(&body(&events));
    let at = |r: &mut tapedeck_core::replay::Replay, ms: f64| {
        let e = r.state_at(ms).element(5).unwrap().clone();
        (e.state.modal, e.attr("open").is_some())
    };
    // Times are ms from the start: the changes came at 2, 3 and 4 ms.
    assert_eq!(at(&mut r, 1.5), (true, true));
    assert_eq!(at(&mut r, 2.5), (false, false));
    assert_eq!(at(&mut r, 3.5), (false, true));
    assert_eq!(at(&mut r, 4.5), (true, true));
}

/// Focus moving through a form: the mirror knows the focused element at every time, whether
/// the browser showed it (a click on a button does not show focus; tabbing, or a text field,
/// does), and loses it on blur or when the element goes.
#[test]
fn focus_follows_focus_and_blur() {
    let events = [
        meta(),
        snapshot(
            &[
                element(5, "input", r#""type":"text""#, ""),
                element(6, "button", "", &text(7, "Pay")),
                element(8, "a", r#""href":"/x""#, &text(9, "more")),
            ]
            .join(","),
            START + 1.0,
        ),
        interaction(1, 5, START + 2.0),
        interaction(5, 5, START + 2.0),
        interaction(6, 5, START + 3.0),
        interaction(1, 6, START + 3.0),
        interaction(5, 6, START + 3.0),
        interaction(6, 6, START + 4.0),
        interaction(5, 8, START + 4.0),
        mutation(r#""removes":[{"parentId":3,"id":8}]"#, START + 5.0),
    ];
    let (l, mut r) = play(&body(&events));
    let mut at = |ms: f64| r.state_at(ms).page.focus;
    assert_eq!(at(1.5), None);
    assert_eq!(at(2.5), Some((5, true)), "a text field shows focus after a click");
    assert_eq!(at(3.5), Some((6, false)), "a clicked button does not");
    assert_eq!(at(4.5), Some((8, true)), "focus without a press (tabbing) shows");
    assert_eq!(at(5.5), None, "the focused element went");
    assert!(!messages(&l, &r).contains("focus"));
}

/// A press inside a button (on its icon) gave the button focus: no focus ring. The same
/// focus coming back by the keyboard later shows it.
#[test]
fn a_press_inside_an_element_counts_as_a_press_on_it() {
    let events = [
        meta(),
        snapshot(
            &element(6, "button", "", &element(7, "span", "", &text(8, "Pay"))),
            START + 1.0,
        ),
        interaction(1, 7, START + 2.0),
        interaction(5, 6, START + 2.0),
        interaction(6, 6, START + 3.0),
        interaction(5, 6, START + 4.0),
    ];
    let (_, mut r) = play(&body(&events));
    assert_eq!(r.state_at(2.5).page.focus, Some((6, false)));
    assert_eq!(r.state_at(4.5).page.focus, Some((6, true)), "the press was used up");
}

/// What a recording cannot do to the player's bookkeeping: set or remove its markers
/// (`data-tapedeck…`), or put CSS text into an element that is not a style.
#[test]
fn recorded_attributes_cannot_spoof_the_players_markers_or_restyle_a_div() {
    let events = [
        meta(),
        snapshot(
            &[
                element(
                    5,
                    "div",
                    r#""data-tapedeck":"player","DATA-TAPEDECK-FOCUS":"","_cssText":"p { color: red; }""#,
                    &text(6, "kept"),
                ),
                r#"{"type":2,"tagName":"x-card","attributes":{},"isCustom":true,"id":7,"childNodes":[]}"#.to_owned(),
            ]
            .join(","),
            START + 1.0,
        ),
        mutation(
            r#""attributes":[{"id":7,"attributes":{"data-tapedeck-defined":null,"data-tapedeck-hover":""}}]"#,
            START + 2.0,
        ),
    ];
    let (l, mut r) = play(&body(&events));
    let m = r.state_at(r.duration()).clone();
    let div = m.element(5).unwrap();
    assert!(
        div.attrs
            .iter()
            .all(|(n, _)| !n.to_ascii_lowercase().starts_with("data-tapedeck")),
        "{:?}",
        div.attrs
    );
    assert_eq!(m.text_content(5), "kept", "{}", messages(&l, &r));
    let card = m.element(7).unwrap();
    assert!(
        card.attr(tapedeck_core::mirror::css::DEFINED_ATTR).is_some(),
        "the recording cannot take it away"
    );
    assert!(card.attr(tapedeck_core::mirror::css::HOVER_ATTR).is_none());
}
