//! Broken input: the player shows what it can, lists what it skipped with the reason, and
//! never panics. Every case ends by playing the session at several times.

mod events;
use events::*;
use tapedeck_core::load::{load, LoadError};

#[test]
fn truncated_json_keeps_the_complete_events() {
    let mut b = body(&[
        meta(),
        snapshot(&text(4, "hello"), START + 1.0),
        mutation(r#""texts":[{"id":4,"value":"bye"}]"#, START + 2.0),
    ]);
    b.truncate(b.len() - 20);
    let (l, r) = play(&b);
    assert!(messages(&l, &r).contains("truncated"), "{}", messages(&l, &r));
    assert_eq!(r.session.events.len(), 2);
}

#[test]
fn not_rrweb_empty_and_no_snapshot_are_clear_errors() {
    assert!(matches!(
        load(br#"[{"hello":"world"}]"#),
        Err(LoadError::NotRrweb { .. })
    ));
    assert!(matches!(load(b"[]"), Err(LoadError::Empty)));
    assert!(matches!(load(b"   "), Err(LoadError::Empty)));
    assert!(matches!(load(b"<html>"), Err(LoadError::NotJson { .. })));
    assert!(matches!(
        load(body(&[meta()]).as_slice()),
        Err(LoadError::NoFullSnapshot { .. })
    ));
    let gz = [0x1f, 0x8b, 1, 2, 3];
    assert!(load(&gz).is_err());
}

#[test]
fn events_before_any_snapshot_are_reported_and_the_rest_plays() {
    let (l, r) = play(&body(&[
        meta(),
        mutation(
            r#""adds":[{"parentId":3,"nextId":null,"node":{"type":3,"textContent":"early","id":9}}]"#,
            START + 1.0,
        ),
        snapshot(&text(4, "hello"), START + 2.0),
    ]));
    assert!(
        messages(&l, &r).contains("before any full snapshot"),
        "{}",
        messages(&l, &r)
    );
    let mut r = r;
    assert!(r.state_at(5.0).text_content(1).contains("hello"));
}

#[test]
fn impossible_mutations_become_warnings() {
    let (l, r) = play(&body(&[
        meta(),
        snapshot(
            &format!(
                r#"{},{{"type":2,"tagName":"div","attributes":{{}},"id":5,"childNodes":[{{"type":2,"tagName":"span","attributes":{{}},"id":6,"childNodes":[]}}]}}"#,
                text(4, "keep me")
            ),
            START + 1.0,
        ),
        // Unknown parent, unknown removal, unknown text and attribute targets.
        mutation(
            r#""adds":[{"parentId":999,"nextId":null,"node":{"type":3,"textContent":"x","id":50}}],"removes":[{"parentId":3,"id":777}],"texts":[{"id":888,"value":"y"}],"attributes":[{"id":666,"attributes":{"a":"b"}}]"#,
            START + 2.0,
        ),
        // A duplicate id, and a node moved into its own descendant.
        mutation(
            r#""adds":[{"parentId":3,"nextId":null,"node":{"type":2,"tagName":"p","attributes":{},"id":4,"childNodes":[]}},{"parentId":6,"nextId":null,"node":{"type":2,"tagName":"div","attributes":{},"id":5,"childNodes":[]}}]"#,
            START + 3.0,
        ),
        // Fields of the wrong type, unknown types and sources.
        r#"{"type":3,"data":{"source":3,"id":"one","x":1,"y":2},"timestamp":1700000000004}"#.to_owned(),
        r#"{"type":42,"data":{},"timestamp":1700000000005}"#.to_owned(),
        r#"{"type":3,"data":{"source":99},"timestamp":1700000000006}"#.to_owned(),
        r#"{"type":3,"data":{"source":0,"adds":"nope"},"timestamp":1700000000007}"#.to_owned(),
        r#"{"type":2,"data":{"node":{"type":2,"id":1}},"timestamp":"soon"}"#.to_owned(),
    ]));
    let m = messages(&l, &r);
    for expected in [
        "unknown parent 999",
        "removal of unknown node 777",
        "text change of unknown node 888",
        "attribute change of unknown node 666",
        "cannot move into its own descendant",
        "unknown event type 42",
        "unknown incremental source 99",
        "invalid data",
        "malformed",
    ] {
        assert!(m.contains(expected), "missing {expected:?} in\n{m}");
    }
    assert_eq!(l.skipped_events, 5, "{m}");
}

#[test]
fn out_of_order_negative_and_absurd_timestamps() {
    let (l, r) = play(&body(&[
        meta(),
        snapshot(&text(4, "a"), START + 10.0),
        mutation(r#""texts":[{"id":4,"value":"c"}]"#, START + 30.0),
        mutation(r#""texts":[{"id":4,"value":"b"}]"#, START + 20.0),
        mutation(r#""texts":[{"id":4,"value":"never"}]"#, -5.0),
        mutation(r#""texts":[{"id":4,"value":"never"}]"#, 1e15),
    ]));
    let m = messages(&l, &r);
    assert!(m.contains("out of time order"), "{m}");
    assert!(m.contains("negative time"), "{m}");
    assert!(m.contains("hours away"), "{m}");
    assert_eq!(r.session.duration(), 30.0);
    let mut r = r;
    assert_eq!(r.state_at(25.0).text_content(4), "b");
    assert_eq!(r.state_at(30.0).text_content(4), "c");
}

#[test]
fn a_ten_megabyte_text_node_plays_its_first_megabyte() {
    let big = "é".repeat(5 << 20);
    let (l, mut r) = play(&body(&[
        meta(),
        snapshot(&text(4, &big), START + 1.0),
        mutation(
            &format!(r#""texts":[{{"id":4,"value":"{}"}}]"#, "y".repeat(3 << 20)),
            START + 2.0,
        ),
    ]));
    let first = r.state_at(1.0).text_content(4);
    assert_eq!(first.len(), tapedeck_core::mirror::MAX_TEXT_BYTES);
    assert!(first.chars().all(|c| c == 'é'));
    assert_eq!(
        r.state_at(r.duration()).text_content(4).len(),
        tapedeck_core::mirror::MAX_TEXT_BYTES
    );
    let all = messages(&l, &r);
    assert!(
        all.contains("text of node 4 (10.0 MB) shown as its first 256 KB"),
        "{all}"
    );
    assert!(
        all.contains("text of node 4 (3.0 MB) shown as its first 256 KB"),
        "{all}"
    );
}

#[test]
fn a_dom_ten_thousand_levels_deep_shows_what_it_can() {
    let depth = 10_000;
    let mut nested = String::new();
    for i in 0..depth {
        nested.push_str(&format!(
            r#"{{"type":2,"tagName":"div","attributes":{{}},"id":{},"childNodes":["#,
            100 + i
        ));
    }
    nested.push_str(&text(99_999, "deepest"));
    nested.push_str(&"]}".repeat(depth));
    let (l, mut r) = play(&body(&[
        meta(),
        snapshot(&format!("{},{}", text(4, "shallow"), nested), START + 1.0),
    ]));
    assert!(messages(&l, &r).contains("levels deep"));
    let m = r.state_at(1.0);
    assert!(m.text_content(1).contains("shallow"));
    assert!(m.len() > 400 && m.len() < depth, "kept {} nodes", m.len());
}

#[test]
fn a_large_body_loads_in_chunks() {
    // ~60 MB: a session padded with big console messages (the browser test goes to 200 MB).
    let pad = "y".repeat(60_000);
    let mut events = vec![meta(), snapshot(&text(4, "big"), START + 1.0)];
    for i in 0..1000 {
        events.push(format!(
            r#"{{"type":6,"data":{{"plugin":"rrweb/console@1","payload":{{"level":"log","trace":[],"payload":["\"{pad}\""]}}}},"timestamp":{}}}"#,
            START + 2.0 + i as f64
        ));
    }
    let b = body(&events);
    assert!(b.len() > 60_000_000);
    let mut loader = tapedeck_core::load::Loader::new();
    for c in b.chunks(1 << 20) {
        loader.push(c);
    }
    let loaded = loader.finish().unwrap();
    assert_eq!(loaded.session.events.len(), 1002);
}
