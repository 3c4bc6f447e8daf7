//! Find: the screen's text over a whole session and the panels' rows, on real recordings and on
//! hand-made hostile ones.

mod common;

use common::recordings;
use serde_json::{json, Value};
use tapedeck_core::analysis::{Analysis, ClickOptions};
use tapedeck_core::find::{Finder, Kind, Query, Results, ScreenIndex};
use tapedeck_core::load::load;
use tapedeck_core::replay::Replay;
use tapedeck_core::session::Session;

fn session_of(name: &str) -> Session {
    let (_, body, _) = recordings().into_iter().find(|r| r.0 == name).unwrap();
    load(&body).unwrap().session
}

fn find(session: &Session, q: &str) -> Results {
    let screen = ScreenIndex::build(session);
    let analysis = Analysis::new(session, &ClickOptions::default());
    Finder::new(session, &analysis, &screen).search(&screen, &Query::parse(q))
}

fn of(r: &Results, kind: Kind) -> Vec<&tapedeck_core::find::Hit> {
    r.hits.iter().filter(|h| h.kind == kind).collect()
}

#[test]
fn payment_failed_is_found_in_the_console_at_both_attempts() {
    let s = session_of("buggy-checkout");
    let r = find(&s, "Payment failed");
    let console = of(&r, Kind::Console);
    let times: Vec<u64> = console.iter().map(|h| (h.t / 100.0).round() as u64).collect();
    assert_eq!(times, [534, 616], "{console:#?}");
    for h in &console {
        assert_eq!(h.label, "console.error");
        let marked: Vec<String> = h.marks.iter().map(|&(a, b)| h.context[a..b].to_lowercase()).collect();
        assert_eq!(marked, ["payment", "failed"], "{h:?}");
    }
    // Case and spacing of the query do not matter; a phrase must be whole.
    assert_eq!(of(&find(&s, "  PAYMENT   failed "), Kind::Console).len(), 2);
    assert!(of(&find(&s, "\"failed payment\""), Kind::Console).is_empty());
    assert_eq!(
        of(&find(&s, "failed payment"), Kind::Console).len(),
        2,
        "words in any order"
    );
}

#[test]
fn the_processing_button_text_is_found_with_the_span_it_showed() {
    let s = session_of("buggy-checkout");
    let r = find(&s, "in:screen Processing");
    assert!(r.hits.iter().all(|h| h.kind == Kind::Screen));
    let hits = of(&r, Kind::Screen);
    assert_eq!(hits.len(), 2, "{hits:#?}");
    let mut replay = Replay::new(session_of("buggy-checkout"));
    for h in &hits {
        let until = h.until.expect("the button's text changed back");
        assert!(until > h.t, "{h:?}");
        // At the hit's moment the element holds the text; just after it is gone, it does not.
        let m = replay.state_at(h.t).clone();
        let el = h.node.unwrap();
        assert!(m.text_content(el).contains("Processing"), "{}", m.text_content(el));
        assert!(m
            .element(el)
            .unwrap()
            .attrs
            .iter()
            .any(|(k, v)| k == "id" && v == "pay"));
        let m = replay.state_at(until).clone();
        assert!(!m.text_content(el).contains("Processing"));
    }
}

#[test]
fn status_filters_list_the_failed_posts() {
    let s = session_of("buggy-checkout");
    let r = find(&s, "status:500");
    let net = of(&r, Kind::Network);
    assert_eq!(net.len(), 2, "{net:#?}");
    assert!(net
        .iter()
        .all(|h| h.label == "POST 500" && h.context.contains("/api/pay")));
    assert_eq!(r.hits.len(), 2, "status: searches the network only");
    assert_eq!(of(&find(&s, "status:5xx pay"), Kind::Network).len(), 2);
    assert!(of(&find(&s, "status:4xx /api/pay"), Kind::Network).is_empty());
    // Bodies are searched: the processor's error is in the responses.
    let body = find(&s, "card_processor_unavailable in:network");
    assert_eq!(of(&body, Kind::Network).len(), 2);
    assert!(of(&body, Kind::Network)[0].label.contains("response body"));
    let errors = find(&s, "level:error");
    assert_eq!(of(&errors, Kind::Console).len(), 4);
    assert_eq!(errors.hits.len(), 4);
}

#[test]
fn masked_inputs_stay_masked_and_placeholders_are_found() {
    let s = session_of("buggy-checkout");
    // The card number was typed into a masked field: only stars were recorded.
    assert!(find(&s, "4242").hits.iter().all(|h| h.kind != Kind::Screen));
    let screen = ScreenIndex::build(&s);
    let attrs: Vec<_> = screen
        .appearances
        .iter()
        .filter(|a| a.source != tapedeck_core::find::Source::Text)
        .collect();
    assert!(!attrs.is_empty(), "placeholders, values and labels are indexed");
    // The page's title is a page's, not the screen's.
    assert!(!screen.titles.is_empty());
    let title = screen.titles[0].2.clone();
    let r = find(&s, &format!("\"{title}\""));
    assert!(of(&r, Kind::Pages).len() == 1, "{r:#?}");
    assert!(of(&r, Kind::Screen).is_empty(), "a title is not on screen");
}

#[test]
fn every_recording_indexes_in_pieces_as_it_would_whole() {
    for (name, body, _) in recordings() {
        if name == "monaco-long" && cfg!(debug_assertions) {
            continue;
        }
        let s = load(&body).unwrap().session;
        let whole = ScreenIndex::build(&s);
        let mut pieces = ScreenIndex::new();
        while !pieces.extend(&s, 97) {}
        assert_eq!(whole.appearances, pieces.appearances, "{name}");
        assert_eq!(whole.texts(), pieces.texts());
        assert!(whole.appearances.iter().all(|a| a.from <= a.to), "{name}");
    }
}

#[test]
fn the_panels_rows_made_a_budget_at_a_time_find_what_they_find_made_at_once() {
    let queries = [
        "payment failed",
        "status:5xx",
        "level:error",
        "in:pages http",
        "in:activity button",
        "in:network api",
        "click",
        "e",
        "zzqxv-nowhere",
    ];
    for (name, body, _) in recordings() {
        if name == "monaco-long" && cfg!(debug_assertions) {
            continue;
        }
        let s = load(&body).unwrap().session;
        let screen = ScreenIndex::build(&s);
        let analysis = Analysis::new(&s, &ClickOptions::default());
        let whole = Finder::new(&s, &analysis, &screen);
        assert!(whole.is_whole());
        // A budget smaller than any row still makes one row a step: every row gets made.
        for budget in [0, 1, 5_000] {
            let mut pieces = Finder::empty(&s);
            let mut steps = 0;
            while !pieces.extend(&s, &analysis, &screen, budget) {
                steps += 1;
                assert!(!pieces.is_whole());
            }
            assert!(pieces.is_whole(), "{name}");
            assert!(
                pieces.extend(&s, &analysis, &screen, budget),
                "a whole finder stays whole"
            );
            if budget <= 1 {
                let rows = analysis.console.len() + analysis.network.len() + analysis.activity.len();
                assert!(steps >= rows, "{name}: {steps} steps for {rows} rows");
            }
            assert_eq!(whole.memory(), pieces.memory(), "{name}");
            for q in queries {
                let q = Query::parse(q);
                assert_eq!(whole.search(&screen, &q), pieces.search(&screen, &q), "{name}: {q:?}");
            }
        }
    }
}

#[test]
fn the_pages_titles_join_when_the_screen_index_has_them() {
    let s = session_of("buggy-checkout");
    let analysis = Analysis::new(&s, &ClickOptions::default());
    let full = ScreenIndex::build(&s);
    let title = full.titles.first().expect("the recording has a title").2.clone();
    let q = Query::parse(&format!("in:pages \"{}\"", title.to_lowercase()));
    // Made before the screen's text was read: the pages are found by address only.
    let mut finder = Finder::new(&s, &analysis, &ScreenIndex::new());
    assert!(finder.search(&full, &q).hits.is_empty());
    finder.retitle(&s, &full);
    let hits = finder.search(&full, &q).hits;
    assert!(
        !hits.is_empty() && hits.iter().all(|h| h.kind == Kind::Pages),
        "{hits:#?}"
    );
    assert_eq!(
        finder.search(&full, &q),
        Finder::new(&s, &analysis, &full).search(&full, &q)
    );
}
/// A session from hand-written events (timestamps from 1000).
fn hand_made(events: Vec<Value>) -> Session {
    let body = serde_json::to_vec(&Value::Array(events)).unwrap();
    load(&body).unwrap().session
}

fn el(id: i64, tag: &str, attrs: Value, children: Vec<Value>) -> Value {
    json!({"type": 2, "id": id, "tagName": tag, "attributes": attrs, "childNodes": children})
}

fn text(id: i64, t: &str) -> Value {
    json!({"type": 3, "id": id, "textContent": t})
}

fn snapshot(t: u64, body: Vec<Value>, title: &str) -> Vec<Value> {
    let head = el(
        3,
        "head",
        json!({}),
        vec![
            el(4, "title", json!({}), vec![text(5, title)]),
            el(6, "script", json!({}), vec![text(7, "var secretWord = 1")]),
        ],
    );
    let html = el(2, "html", json!({}), vec![head, el(8, "body", json!({}), body)]);
    vec![
        json!({"type": 4, "data": {"href": format!("https://shop.test/{title}"), "width": 800, "height": 600}, "timestamp": t}),
        json!({"type": 2, "data": {"node": {"type": 0, "id": 1, "childNodes": [html]}, "initialOffset": {"top": 0, "left": 0}}, "timestamp": t}),
    ]
}

fn mutation(t: u64, data: Value) -> Value {
    let mut d = json!({"source": 0, "texts": [], "attributes": [], "removes": [], "adds": []});
    d.as_object_mut().unwrap().extend(data.as_object().unwrap().clone());
    json!({"type": 3, "data": d, "timestamp": t})
}

#[test]
fn text_only_on_a_later_page_lands_on_that_page() {
    let mut events = snapshot(1000, vec![el(10, "p", json!({}), vec![text(11, "Welcome")])], "home");
    events.extend(snapshot(
        5000,
        vec![el(10, "p", json!({}), vec![text(11, "Order confirmed")])],
        "done",
    ));
    let s = hand_made(events);
    let r = find(&s, "confirmed");
    let hits = of(&r, Kind::Screen);
    assert_eq!(hits.len(), 1);
    assert_eq!((hits[0].t, hits[0].page, hits[0].until), (4000.0, 1, None));
    // The first page's text disappeared when the second page came.
    let w = find(&s, "welcome");
    assert_eq!(of(&w, Kind::Screen)[0].until, Some(4000.0));
    assert_eq!(of(&find(&s, "in:pages done"), Kind::Pages)[0].t, 4000.0);
    assert!(find(&s, "secretWord").hits.is_empty(), "scripts are not on screen");
}

#[test]
fn removals_take_their_subtree_and_moves_keep_their_span() {
    let list = el(
        10,
        "ul",
        json!({}),
        vec![
            el(11, "li", json!({"title": "first item"}), vec![text(12, "Alpha")]),
            el(13, "li", json!({}), vec![text(14, "Beta")]),
        ],
    );
    let mut events = snapshot(1000, vec![list], "p");
    // Beta moves to the front (removed and added in one mutation): still one appearance.
    events.push(mutation(2000, json!({"removes": [{"parentId": 10, "id": 13}], "adds": [{"parentId": 10, "nextId": 11, "node": el(13, "li", json!({}), vec![text(14, "Beta")])}]})));
    // The whole list goes.
    events.push(mutation(3000, json!({"removes": [{"parentId": 8, "id": 10}]})));
    // Text changes and input values.
    events.push(mutation(4000, json!({"adds": [{"parentId": 8, "nextId": null, "node": el(20, "input", json!({"placeholder": "Coupon code"}), vec![])}]})));
    events.push(
        json!({"type": 3, "data": {"source": 5, "id": 20, "text": "SPRING", "isChecked": false}, "timestamp": 4500}),
    );
    events.push(
        json!({"type": 3, "data": {"source": 5, "id": 20, "text": "SPRING24", "isChecked": false}, "timestamp": 4600}),
    );
    events.push(mutation(
        5000,
        json!({"attributes": [{"id": 20, "attributes": {"placeholder": null}}]}),
    ));
    let s = hand_made(events);
    let beta = find(&s, "beta");
    let b = of(&beta, Kind::Screen);
    assert_eq!(b.len(), 1, "{b:#?}");
    assert_eq!((b[0].t, b[0].until), (0.0, Some(2000.0)));
    let alpha = find(&s, "alpha");
    assert_eq!(of(&alpha, Kind::Screen)[0].until, Some(2000.0));
    let title = find(&s, "first item");
    assert_eq!(of(&title, Kind::Screen)[0].label, "title");
    assert_eq!(of(&title, Kind::Screen)[0].until, Some(2000.0));
    let coupon = find(&s, "coupon");
    assert_eq!(
        (of(&coupon, Kind::Screen)[0].t, of(&coupon, Kind::Screen)[0].until),
        (3000.0, Some(4000.0))
    );
    let typed = find(&s, "spring");
    let t = of(&typed, Kind::Screen);
    assert_eq!(t.len(), 2);
    assert_eq!((t[0].t, t[0].until, t[1].until), (3500.0, Some(3600.0), None));
    assert_eq!(t[0].label, "typed value");
    assert_eq!(t[0].node, Some(20));
}

#[test]
fn hostile_texts_ids_and_depths_do_not_break_the_index() {
    // A very deep chain, a text far past the cut, separators and odd Unicode in texts, ids
    // added twice, removes of nodes never seen, text changes on unknown nodes.
    // A chain 20,000 elements deep, built by adds (snapshots are cut to depth by the loader;
    // mutations are not), with text at the bottom; then its top removed.
    let mut adds: Vec<Value> = (0..20_000).map(|i| json!({"parentId": if i == 0 { 8 } else { 999 + i }, "nextId": null, "node": el(1000 + i, "div", json!({}), vec![])})).collect();
    adds.push(json!({"parentId": 20_999, "nextId": null, "node": text(100_000, "bottom of the well")}));
    let huge = format!("{} tail-word", "x".repeat(200_000));
    let mut events = snapshot(1000, vec![el(9, "pre", json!({}), vec![text(99, &huge)])], "odd");
    events.push(mutation(
        2000,
        json!({"adds": [{"parentId": 8, "nextId": null, "node": text(200, "nul\u{0}inside İSTANBUL")}]}),
    ));
    events.push(mutation(
        2100,
        json!({"adds": [{"parentId": 8, "nextId": null, "node": text(200, "again")}]}),
    ));
    events.push(mutation(
        2200,
        json!({"removes": [{"parentId": 1, "id": 777_777}], "texts": [{"id": 888_888, "value": "ghost"}]}),
    ));
    events.push(mutation(2300, json!({"adds": adds})));
    events.push(mutation(2400, json!({"removes": [{"parentId": 8, "id": 1000}]})));
    let s = hand_made(events);
    let screen = ScreenIndex::build(&s);
    assert!(screen.appearances.iter().all(|a| a.from <= a.to));
    let well = find(&s, "well");
    assert_eq!(
        of(&well, Kind::Screen)
            .iter()
            .map(|h| (h.t, h.until))
            .collect::<Vec<_>>(),
        [(1300.0, Some(1400.0))]
    );
    assert!(find(&s, "tail-word").hits.is_empty(), "past the cut");
    assert_eq!(of(&find(&s, "xxxx"), Kind::Screen).len(), 1);
    let ist = find(&s, "istanbul");
    assert!(ist.hits.is_empty(), "İ lower-cases to i + dot: {ist:?}");
    assert_eq!(
        of(&find(&s, "i̇stanbul"), Kind::Screen)[0].until,
        Some(1100.0),
        "re-added id replaced"
    );
    assert!(find(&s, "ghost").hits.is_empty());
    assert_eq!(of(&find(&s, "nul inside"), Kind::Screen).len(), 1, "NUL is a space");
}

#[test]
fn the_nearest_result_is_found_for_a_time() {
    let s = session_of("buggy-checkout");
    let r = find(&s, "Payment failed in:console");
    let near = r.nearest(60_000.0).unwrap();
    assert_eq!((r.hits[near].t / 100.0).round(), 616.0);
    let near = r.nearest(0.0).unwrap();
    assert_eq!((r.hits[near].t / 100.0).round(), 534.0);
    assert_eq!(find(&s, "").hits.len(), 0);
    assert_eq!(find(&s, "zzqqxx-not-there").total(), 0);
}

#[test]
fn titles_set_by_text_changes_hidden_inputs_and_events_before_the_first_page() {
    // A mutation before any snapshot, then a page whose title a framework sets by changing the
    // title's text, with a hidden input carrying a token.
    let mut events = vec![mutation(
        500,
        json!({"adds": [{"parentId": 1, "nextId": null, "node": text(900, "stray")}]}),
    )];
    events.extend(snapshot(
        1000,
        vec![
            el(
                30,
                "input",
                json!({"type": "HIDDEN", "value": "csrf-token-xyz"}),
                vec![],
            ),
            el(31, "p", json!({}), vec![text(32, "Visible words")]),
        ],
        "Loading",
    ));
    events.push(mutation(
        2000,
        json!({"texts": [{"id": 5, "value": "Order #42 — Shop"}]}),
    ));
    let s = hand_made(events);
    let r = find(&s, "order #42");
    let pages = of(&r, Kind::Pages);
    assert_eq!(pages.len(), 1, "{r:#?}");
    assert_eq!(pages[0].page, 0, "the first snapshot is the first page");
    assert!(of(&r, Kind::Screen).is_empty());
    assert!(
        find(&s, "csrf-token").hits.is_empty(),
        "a hidden input is not on screen"
    );
    assert_eq!(of(&find(&s, "visible words"), Kind::Screen)[0].page, 0);
}

#[test]
fn a_pasted_megabyte_query_is_cut_and_warned() {
    let q = Query::parse(&"word ".repeat(200_000));
    assert_eq!(q.terms, ["word"]);
    assert!(q.warnings.iter().any(|w| w.contains("cut")));
    let many: String = (0..100).map(|i| format!("w{i} ")).collect();
    let q = Query::parse(&many);
    assert_eq!(q.terms.len(), 32);
    assert!(q.warnings.iter().any(|w| w.contains("first 32 words")));
}
