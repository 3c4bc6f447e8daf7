//! The work and memory budget: recorded input that asks for absurd work or sizes is capped,
//! the cap is reported as a problem, and the rest of the page still plays.

mod events;
use events::*;

fn element(id: i64, tag: &str, attrs: &str, children: &str) -> String {
    format!(r#"{{"type":2,"tagName":"{tag}","attributes":{{{attrs}}},"id":{id},"childNodes":[{children}]}}"#)
}

#[test]
fn a_huge_canvas_is_shown_at_a_capped_size_and_reported() {
    let b = body(&[
        meta(),
        snapshot(
            &[
                element(4, "canvas", r#""width":"40000","height":"40000""#, ""),
                element(5, "canvas", r#""width":"300","height":"150""#, ""),
                text(6, "harmless"),
            ]
            .join(","),
            START + 1.0,
        ),
        mutation(r#""attributes":[{"id":5,"attributes":{"width":"1e9"}}]"#, START + 2.0),
    ]);
    let (l, mut r) = play(&b);
    let all = messages(&l, &r);
    assert!(all.contains("canvas 40000×40000 shown at"), "{all}");
    assert!(all.contains("canvas 1000000000×150 shown at"), "{all}");
    let m = r.state_at(r.duration());
    for id in [4, 5] {
        let e = m.element(id).unwrap();
        let w: u64 = e.attr("width").unwrap().parse().unwrap();
        let h: u64 = e.attr("height").unwrap().parse().unwrap();
        assert!(w <= tapedeck_core::mirror::CANVAS_MAX_SIDE && h <= tapedeck_core::mirror::CANVAS_MAX_SIDE);
        assert!(w * h <= tapedeck_core::mirror::CANVAS_MAX_AREA, "{w}×{h}");
    }
    assert_eq!(m.element(5).unwrap().attr("height"), Some("150"));
    assert!(m.text_content(1).contains("harmless"));
}

/// One mutation adding a chain of `n` divs (ids 100…) under the body, in reverse order: each
/// add's parent is the node of the add after it, so a pass over the list places one.
fn reversed_chain(n: i64) -> Vec<u8> {
    let adds: Vec<String> = (0..n)
        .map(|k| {
            let id = 100 + k;
            let parent = if k == n - 1 { 3 } else { id + 1 };
            format!(r#"{{"parentId":{parent},"node":{}}}"#, element(id, "div", "", ""))
        })
        .collect();
    body(&[
        meta(),
        snapshot(&text(4, "harmless"), START + 1.0),
        mutation(&format!(r#""adds":[{}]"#, adds.join(",")), START + 2.0),
    ])
}

#[test]
fn adds_in_reverse_order_are_placed_in_linear_time() {
    let n = 30_000;
    let (l, mut r) = play(&reversed_chain(n));
    let all = messages(&l, &r);
    let m = r.state_at(r.duration());
    // The chain is built down to the depth cap; what would go deeper is refused and reported.
    let max = tapedeck_core::mirror::MAX_NODE_DEPTH;
    let deepest = (100..100 + n).filter(|id| m.contains(*id)).min().unwrap();
    assert_eq!(m.depth(deepest), max);
    let refused = deepest - 1;
    assert!(all.contains(&format!("node {refused} added more than {max} levels deep; not shown")));
    // Its descendants-to-be have no parent to go under, and say so.
    assert!(all.contains("node 100 added to unknown parent 101"));
    assert!(m.text_content(1).contains("harmless"));
}

#[test]
fn a_long_reversed_chain_under_the_cap_is_whole() {
    let n = 400;
    let (l, mut r) = play(&reversed_chain(n));
    assert_eq!(messages(&l, &r), "");
    let m = r.state_at(r.duration());
    assert_eq!(m.depth(100), m.depth(3) + n as usize);
}

#[test]
fn adds_keep_their_pass_order() {
    // 12 waits for 11, which comes later in the list; 13 is placeable at once. Passes place 11
    // and 13 first (in list order), then 12 before its next sibling 11.
    let adds = [
        r#"{"parentId":3,"nextId":11,"node":{"type":3,"textContent":"b","id":12}}"#,
        r#"{"parentId":3,"node":{"type":3,"textContent":"c","id":11}}"#,
        r#"{"parentId":3,"node":{"type":3,"textContent":"d","id":13}}"#,
    ];
    let b = body(&[
        meta(),
        snapshot(&text(4, "a"), START + 1.0),
        mutation(&format!(r#""adds":[{}]"#, adds.join(",")), START + 2.0),
    ]);
    let (_, mut r) = play(&b);
    let m = r.state_at(r.duration());
    assert_eq!(m.text_content(3), "abcd");
}

#[test]
fn one_sheet_adopted_thousands_of_times_is_adopted_once() {
    let ids = vec!["7"; 50_000].join(",");
    let many: Vec<String> = (1000..1400).map(|i| i.to_string()).collect();
    let b = body(&[
        meta(),
        snapshot(&text(4, "harmless"), START + 1.0),
        format!(
            r#"{{"type":3,"data":{{"source":15,"id":1,"styleIds":[{ids}],"styles":[{{"styleId":7,"rules":[{{"rule":"p{{color:red}}"}}]}}]}},"timestamp":{}}}"#,
            START + 2.0
        ),
        format!(
            r#"{{"type":3,"data":{{"source":15,"id":3,"styleIds":[{}],"styles":[]}},"timestamp":{}}}"#,
            many.join(","),
            START + 3.0
        ),
    ]);
    let (l, mut r) = play(&b);
    let all = messages(&l, &r);
    assert!(all.contains("adopted style sheets of node 3: 400 listed"), "{all}");
    let m = r.state_at(r.duration());
    assert_eq!(m.page.adopted.get(&1), Some(&vec![7]));
    let kept = &m.page.adopted[&3];
    assert_eq!(kept.len(), 256);
    assert_eq!(kept.last(), Some(&1399), "the last sheets listed are kept, in order");
}

#[test]
fn media_values_the_dom_refuses_are_brought_into_range() {
    let attrs = r#""rr_mediaState":"played","rr_mediaPlaybackRate":-3,"rr_mediaVolume":7,"rr_mediaCurrentTime":-1"#;
    let b = body(&[
        meta(),
        snapshot(
            &[
                element(4, "video", attrs, ""),
                element(5, "audio", r#""rr_mediaPlaybackRate":400"#, ""),
            ]
            .join(","),
            START + 1.0,
        ),
    ]);
    let (_, mut r) = play(&b);
    let m = r.state_at(0.0);
    let v = m.element(4).unwrap().state.media.clone().unwrap();
    assert_eq!((v.rate, v.volume, v.current_time), (1.0, 1.0, 0.0));
    let a = m.element(5).unwrap().state.media.clone().unwrap();
    assert_eq!(a.rate, tapedeck_core::mirror::MEDIA_MAX_RATE);
}

#[test]
fn a_rule_edit_with_a_deep_index_path_is_a_problem_not_a_crash() {
    let path = vec!["0"; 20_000].join(",");
    let b = body(&[
        meta(),
        snapshot(
            &[
                element(4, "style", "", &text(5, "@media screen{a{color:red}}")),
                text(6, "harmless"),
            ]
            .join(","),
            START + 1.0,
        ),
        format!(
            r#"{{"type":3,"data":{{"source":8,"id":4,"adds":[{{"rule":"b{{}}","index":[{path}]}}]}},"timestamp":{}}}"#,
            START + 2.0
        ),
    ]);
    let (l, mut r) = play(&b);
    let all = messages(&l, &r);
    assert!(all.contains("deeper than 32"), "{all}");
    assert!(r.state_at(r.duration()).text_content(1).contains("harmless"));
}

/// 10,000 attributes on one element (and 5,000 more by a mutation on another): each element
/// keeps the first `MAX_ATTRIBUTES` (an attribute is found by a scan, so this bounds the work
/// per element), the cap is reported, and existing attributes still change.
#[test]
fn an_element_keeps_a_bounded_number_of_attributes() {
    use tapedeck_core::mirror::MAX_ATTRIBUTES;
    let many = |n: usize| {
        (0..n)
            .map(|i| format!(r#""data-a{i}":"x""#))
            .collect::<Vec<_>>()
            .join(",")
    };
    let b = body(&[
        meta(),
        snapshot(
            &[
                element(4, "div", &many(10_000), &text(5, "many attributes")),
                element(6, "p", r#""class":"a""#, &text(7, "harmless")),
            ]
            .join(","),
            START + 1.0,
        ),
        mutation(
            &format!(r#""attributes":[{{"id":6,"attributes":{{{}}}}}]"#, many(5_000)),
            START + 2.0,
        ),
        mutation(
            r#""attributes":[{"id":4,"attributes":{"data-a0":"changed"}}]"#,
            START + 3.0,
        ),
    ]);
    let (l, mut r) = play(&b);
    let all = messages(&l, &r);
    assert!(
        all.contains("node 4: <div> with 10000 attributes: the first 1000 kept"),
        "{all}"
    );
    assert!(
        all.contains("node 6: <p> given 4001 attributes beyond the 1000 it keeps"),
        "{all}"
    );
    assert!(
        !all.contains("node 4: <div> given"),
        "a change of a kept attribute is no problem: {all}"
    );
    let m = r.state_at(r.duration());
    assert_eq!(m.element(4).unwrap().attrs.len(), MAX_ATTRIBUTES);
    assert_eq!(m.element(6).unwrap().attrs.len(), MAX_ATTRIBUTES);
    assert_eq!(m.element(4).unwrap().attr("data-a0"), Some("changed"));
    assert_eq!(m.element(6).unwrap().attr("class"), Some("a"));
    assert!(m.text_content(1).contains("harmless"));
}
