//! The inspector's core: the tree at a moment, a node's life, two moments compared, on real
//! recordings and on hand-made hostile ones.

mod common;

use std::collections::HashSet;

use common::recordings;
use tapedeck_core::analysis::{Analysis, ClickOptions};
use tapedeck_core::event::NodeId;
use tapedeck_core::inspect::{
    attributes_at, compare, default_expanded, node_history, node_label, outer_html, tree_rows, unique_selector, Change,
    NodeDiff, NodeIndex, RowLabel,
};
use tapedeck_core::load::load;
use tapedeck_core::mirror::Mirror;
use tapedeck_core::replay::Replay;

/// A node's life on page `page` (the page's index built first).
fn life(r: &mut Replay, page: usize, id: NodeId, a: Option<&Analysis>) -> Vec<tapedeck_core::inspect::HistoryEntry> {
    let index = NodeIndex::build(&r.session, page);
    node_history(r, &index, id, a)
}

fn checkout() -> Replay {
    let (_, body, _) = recordings().into_iter().find(|r| r.0 == "buggy-checkout").unwrap();
    Replay::new(load(&body).unwrap().session)
}

/// The element whose `id` attribute is `value`.
fn by_id(m: &Mirror, value: &str) -> NodeId {
    m.subtree(m.root().unwrap())
        .into_iter()
        .find(|n| {
            m.element(*n)
                .is_some_and(|e| e.attrs.iter().any(|(k, v)| k == "id" && v == value))
        })
        .unwrap_or_else(|| panic!("no #{value}"))
}

#[test]
fn the_pay_button_is_in_the_tree_with_its_path_open() {
    let mut r = checkout();
    let m = r.state_at(10_000.0).clone();
    let pay = by_id(&m, "pay");
    let closed = tree_rows(&m, &default_expanded(&m, None));
    assert!(
        closed.iter().all(|row| row.id != pay),
        "the button is deep: not listed until its path opens"
    );
    assert!(closed
        .iter()
        .any(|row| matches!(&row.label, RowLabel::Element { tag, .. } if tag == "body")));
    let rows = tree_rows(&m, &default_expanded(&m, Some(pay)));
    let row = rows
        .iter()
        .find(|row| row.id == pay)
        .expect("the path to the button opens");
    match &row.label {
        RowLabel::Element { tag, attrs } => {
            assert_eq!(tag, "button");
            assert!(attrs.contains(&("id".to_owned(), "pay".to_owned())));
        }
        other => panic!("{other:?}"),
    }
    assert!(row.has_children && !row.expanded);
    // Depths grow by one from a parent to its children, and no blank text is listed.
    for w in rows.windows(2) {
        assert!(w[1].depth <= w[0].depth + 1);
    }
    assert!(!rows
        .iter()
        .any(|r| matches!(&r.label, RowLabel::Text(t) if t.is_empty())));
    assert_eq!(node_label(&m, pay), "button#pay.primary");
    assert_eq!(unique_selector(&m, pay), "#pay");
}

#[test]
fn the_shadow_root_and_the_frame_document_are_rows() {
    let mut r = checkout();
    let m = r.state_at(60_000.0).clone();
    let all: HashSet<NodeId> = m.subtree(m.root().unwrap()).into_iter().collect();
    let rows = tree_rows(&m, &all);
    assert!(
        rows.iter().any(|r| r.label == RowLabel::ShadowRoot),
        "trust-badge's shadow root"
    );
    assert!(
        rows.iter().filter(|r| r.label == RowLabel::Document).count() >= 1,
        "the iframe's document"
    );
    // Every row's key is unique.
    let keys: HashSet<_> = rows.iter().map(|r| r.key()).collect();
    assert_eq!(keys.len(), rows.len());
    // A node in the shadow root gets a selector through its host.
    let shadow_child = rows
        .iter()
        .skip_while(|r| r.label != RowLabel::ShadowRoot)
        .nth(1)
        .map(|r| r.id)
        .unwrap();
    let sel = unique_selector(&m, shadow_child);
    assert!(sel.contains(">>>"), "{sel}");
}

#[test]
fn the_pay_button_history_lists_its_text_changes_when_they_happened() {
    let mut r = checkout();
    let pay = by_id(&r.state_at(10_000.0).clone(), "pay");
    let analysis = Analysis::new(&r.session, &ClickOptions::default());
    let h = life(&mut r, 0, pay, Some(&analysis));
    assert_eq!(h[0].change, Change::Created);
    assert!(h.windows(2).all(|w| w[0].t <= w[1].t), "in time order");
    let texts: Vec<_> = h.iter().filter(|e| e.change == Change::Text).collect();
    assert!(texts.len() >= 2, "{h:#?}");
    assert!(
        texts[0].what.contains("Pay €48.00") && texts[0].what.contains("Processing…"),
        "{:?}",
        texts[0]
    );
    // The text changed at the first payment: between the first Pay click and its error.
    let typeerr = analysis
        .errors
        .iter()
        .find(|e| e.message.contains("TypeError"))
        .unwrap();
    assert!(
        texts[0].t < typeerr.t && typeerr.t - texts[0].t < 2_000.0,
        "{} vs {}",
        texts[0].t,
        typeerr.t
    );
    // The class changed with it, and the user clicked it.
    assert!(h
        .iter()
        .any(|e| e.change == Change::Attribute && e.what.contains("primary processing")));
    assert_eq!(h.iter().filter(|e| e.change == Change::Click).count(), 2, "{h:#?}");
    // At each text change's moment, the mirror shows the new text.
    for e in &texts {
        let m = r.state_at(e.t).clone();
        let new = e.what.rsplit('→').next().unwrap().trim().trim_matches('"');
        assert_eq!(m.text_content(pay).trim(), new, "at {}", e.t);
    }
}

#[test]
fn recorded_attributes_follow_the_moment() {
    let mut r = checkout();
    let pay = by_id(&r.state_at(10_000.0).clone(), "pay");
    let h = life(&mut r, 0, pay, None);
    let change = h.iter().find(|e| e.change == Change::Attribute).unwrap();
    let before = attributes_at(&h, change.t - 1.0).unwrap();
    let after = attributes_at(&h, change.t).unwrap();
    let class = |a: &[(String, String)]| a.iter().find(|(k, _)| k == "class").unwrap().1.clone();
    assert_eq!(class(&before), "primary");
    assert_eq!(class(&after), "primary processing");
    assert_eq!(attributes_at(&h, -1.0), None, "before the page");
    assert_eq!(attributes_at(&life(&mut r, 0, 9_999_999, None), 1_000.0), None);
}

#[test]
fn compare_lists_what_changed_between_the_coupon_click_and_the_error() {
    let mut r = checkout();
    let analysis = Analysis::new(&r.session, &ClickOptions::default());
    let rage = analysis.rage_clicks.first().expect("the coupon rage click");
    let err = analysis
        .errors
        .iter()
        .find(|e| e.message.contains("TypeError"))
        .unwrap();
    let a = r.state_at(rage.t).clone();
    let b = r.state_at(err.t).clone();
    let pay = by_id(&a, "pay");
    let c = compare(&a, &b);
    // The button's text was replaced ("Pay €48.00" → "Processing…" → its label again).
    let text_of_pay_then = a.node(pay).unwrap().children.clone();
    let text_of_pay_now = b.node(pay).unwrap().children.clone();
    assert_ne!(text_of_pay_then, text_of_pay_now);
    let diffs = c.by_node();
    for id in &text_of_pay_then {
        assert_eq!(diffs.get(id), Some(&NodeDiff::Removed), "{c:?}");
    }
    for id in &text_of_pay_now {
        assert_eq!(diffs.get(id), Some(&NodeDiff::Added), "{c:?}");
    }
    // Compared with itself, a moment has no changes; reversed, added and removed swap.
    assert!(compare(&b, &b).nodes.is_empty());
    let back = compare(&b, &a);
    assert_eq!(back.count(NodeDiff::Added), c.count(NodeDiff::Removed));
    assert_eq!(back.count(NodeDiff::Changed), c.count(NodeDiff::Changed));
}

#[test]
fn html_at_a_moment_is_the_sanitised_subtree() {
    let mut r = checkout();
    let m = r.state_at(53_000.0).clone();
    let pay = by_id(&m, "pay");
    let html = outer_html(&m, pay);
    assert!(html.starts_with("<button"), "{html}");
    assert!(html.contains("Processing…") && html.ends_with("</button>"), "{html}");
    let page = outer_html(&m, m.root().unwrap());
    assert!(page.contains("<template shadowrootmode=\"open\">"));
    assert!(!page.contains("<script"), "scripts are inert templates");
}

/// Hand-made pages: hostile names, deep trees, ids the page never had.
mod hostile {
    use super::*;
    use tapedeck_core::session::Session;

    fn session(events: &str) -> Session {
        load(events.as_bytes()).unwrap().session
    }

    const PAGE: &str = r#"[
      {"type":4,"timestamp":1000,"data":{"href":"http://x/","width":800,"height":600}},
      {"type":2,"timestamp":1001,"data":{"node":{"type":0,"id":1,"childNodes":[
        {"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[
          {"type":2,"id":3,"tagName":"body","attributes":{},"childNodes":[
            {"type":2,"id":4,"tagName":"div","attributes":{"id":"a b\"c","class":"x"},"childNodes":[
              {"type":3,"id":5,"textContent":"hello"}]},
            {"type":2,"id":6,"tagName":"div","attributes":{"id":"a b\"c"},"childNodes":[]},
            {"type":2,"id":7,"tagName":"p","attributes":{"onclick":"alert(1)"},"childNodes":[]}]}]}]},
        "initialOffset":{"top":0,"left":0}}},
      {"type":3,"timestamp":2000,"data":{"source":0,"texts":[{"id":5,"value":"bye"}],"attributes":[{"id":4,"attributes":{"class":null}}],"removes":[],"adds":[]}},
      {"type":3,"timestamp":3000,"data":{"source":0,"texts":[],"attributes":[],"removes":[{"parentId":3,"id":4}],"adds":[{"parentId":3,"nextId":null,"node":{"type":2,"id":4,"tagName":"div","attributes":{},"childNodes":[{"type":3,"id":5,"textContent":"moved"}]}}]}},
      {"type":3,"timestamp":4000,"data":{"source":0,"texts":[],"attributes":[],"removes":[{"parentId":2,"id":3}],"adds":[]}}
    ]"#;

    #[test]
    fn life_of_a_node_through_text_move_and_ancestor_removal() {
        let mut r = Replay::new(session(PAGE));
        let h = life(&mut r, 0, 5, None);
        let kinds: Vec<Change> = h.iter().map(|e| e.change).collect();
        assert_eq!(
            kinds,
            [Change::Created, Change::Text, Change::Moved, Change::Removed],
            "{h:#?}"
        );
        assert!(h[1].what.contains("\"hello\" → \"bye\""));
        assert!(h[3].what.contains("ancestor"), "{:?}", h[3]);
        let div = life(&mut r, 0, 4, None);
        assert!(
            div.iter()
                .any(|e| e.change == Change::Attribute && e.what == "class: \"x\" → (none)"),
            "{div:#?}"
        );
        let at = |t: f64| attributes_at(&div, t).map(|a| a.into_iter().map(|(k, _)| k).collect::<Vec<_>>());
        assert_eq!(at(0.5), None, "before the snapshot");
        assert_eq!(at(500.0), Some(vec!["id".to_owned(), "class".to_owned()]));
        assert_eq!(at(1_500.0), Some(vec!["id".to_owned()]), "class removed at 1 s");
        assert_eq!(at(2_500.0), Some(vec![]), "moved: added again without attributes");
        assert_eq!(at(3_500.0), None, "removed with its ancestor");
        // Unknown ids and pages have no history.
        assert!(life(&mut r, 0, 12345, None).is_empty());
        assert!(life(&mut r, 7, 5, None).is_empty());
        assert!(life(&mut r, 0, -3, None).is_empty());
    }

    #[test]
    fn selectors_escape_and_stay_unique() {
        let mut r = Replay::new(session(PAGE));
        let m = r.state_at(0.0).clone();
        // The id is shared by two elements: the selector falls back to a path.
        let sel = unique_selector(&m, 4);
        assert_eq!(sel, "html > body > div:nth-child(1)");
        assert_eq!(unique_selector(&m, 7), "html > body > p:nth-child(3)");
        assert_eq!(unique_selector(&m, 5), "", "a text node has no selector");
        assert_eq!(tapedeck_core::inspect::css_escape("a b\"c"), "a\\ b\\\"c");
        assert_eq!(tapedeck_core::inspect::css_escape("1x"), "\\31 x");
        // The sanitised page: the handler is gone from the HTML.
        assert!(!outer_html(&m, 7).contains("alert"), "{}", outer_html(&m, 7));
    }

    #[test]
    fn a_deep_page_lists_and_describes_without_recursion() {
        let depth = 5_000;
        let mut node = String::from(r#"{"type":3,"id":999999,"textContent":"leaf"}"#);
        for i in (0..depth).rev() {
            node = format!(
                r#"{{"type":2,"id":{},"tagName":"div","attributes":{{}},"childNodes":[{node}]}}"#,
                10 + i
            );
        }
        let body = format!(
            r#"[{{"type":4,"timestamp":1,"data":{{"href":"http://x/","width":10,"height":10}}}},
               {{"type":2,"timestamp":2,"data":{{"node":{{"type":0,"id":1,"childNodes":[{node}]}},"initialOffset":{{"top":0,"left":0}}}}}}]"#
        );
        let loaded = load(body.as_bytes()).unwrap();
        let mut r = Replay::new(loaded.session);
        let m = r.state_at(0.0).clone();
        let all: HashSet<NodeId> = m.subtree(m.root().unwrap()).into_iter().collect();
        let rows = tree_rows(&m, &all);
        assert!(rows.len() > 100);
        let deepest = rows.last().unwrap().id;
        assert!(!unique_selector(&m, deepest).is_empty() || m.element(deepest).is_none());
        let _ = outer_html(&m, m.root().unwrap());
        let _ = life(&mut r, 0, deepest, None);
    }
}

#[test]
fn a_moment_compared_with_itself_reached_another_way_has_no_changes() {
    // The checkout's canvas is drawn on: a state restored from a checkpoint replays its
    // drawing into lists of its own, and is still the same moment.
    let mut r = Replay::with_spacing(checkout().session, 50);
    r.build_ahead(usize::MAX);
    for t in [20_000.0, 35_000.0, 53_000.0, 65_000.0] {
        let a = r.state_at(t).clone();
        r.state_at(0.0);
        let b = r.state_at(t).clone();
        assert!(compare(&a, &b).nodes.is_empty(), "at {t}: {:?}", compare(&a, &b));
    }
}
