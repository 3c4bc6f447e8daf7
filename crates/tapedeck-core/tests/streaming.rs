//! Playing while loading: a session shown from the body's beginning and grown chunk by chunk
//! ends in exactly the state of one loaded whole.

mod common;
mod events;

use common::{fingerprint, recordings};
use tapedeck_core::analysis::{Analyser, Analysis, ClickOptions};
use tapedeck_core::load::{load, Loader, Problems};
use tapedeck_core::replay::Replay;

/// Loads `body` in `chunk`-byte pieces the way the player does: a replay as soon as a full
/// snapshot is in, grown after every `grow_every` chunks, completed at the end; analysed (or
/// read a few events further) after each growth by one [`Analyser`], whose last analysis is
/// returned.
fn stream(body: &[u8], chunk: usize, grow_every: usize) -> (Replay, Problems, usize, bool, Analysis) {
    let mut analyser = Analyser::default();
    let options = ClickOptions::default();
    let mut loader = Loader::new();
    let mut replay: Option<Replay> = None;
    let mut preview_problems = Problems::default();
    let mut held = Vec::new();
    let mut first_frame_at = 0;
    for (i, piece) in body.chunks(chunk).enumerate() {
        loader.push(piece);
        match &mut replay {
            None if loader.has_snapshot() => {
                let Some(loaded) = loader.take_playable() else { continue };
                preview_problems.merge(loaded.problems);
                let mut r = Replay::new(loaded.session);
                r.frame(0.0);
                replay = Some(r);
                first_frame_at = (i + 1) * chunk;
            }
            Some(r) if i % grow_every == 0 && held.is_empty() => {
                if let Err(back) = r.extend(loader.take_events()) {
                    held = back;
                }
                // Read in slices (as the player's background builder does), or analysed in
                // slices of rows that the next growth may interrupt (an analysis finished
                // later is of the session as it was when its rows began), or at once.
                match (i / grow_every) % 3 {
                    0 => {
                        analyser.read_some(&r.session, 37);
                        analyser.read_some(&r.session, 1);
                    }
                    1 => {
                        for budget in [50, 1, 5_000, 3] {
                            analyser.analyse_some(&r.session, &options, budget);
                        }
                    }
                    _ => {
                        analyser.analyse(&r.session, &options);
                    }
                }
                // Something is shown at the end of what has arrived.
                let end = r.duration();
                r.frame(end);
            }
            _ => {}
        }
    }
    let mut replay = replay.expect("a snapshot arrived");
    let rest = loader.finish_rest().unwrap();
    held.extend(rest.events);
    let mut problems = rest.problems;
    let rebuilt = replay.complete(held, &mut problems).unwrap();
    let analysis = analyser.analyse(&replay.session, &options);
    (replay, problems, first_frame_at, rebuilt, analysis)
}

#[test]
fn a_streamed_session_ends_like_one_loaded_whole() {
    for (name, body, _) in recordings() {
        let mut whole = Replay::new(load(&body).unwrap().session);
        let (mut streamed, problems, first_at, rebuilt, analysis) = stream(&body, 64 * 1024, 3);
        assert!(!rebuilt, "{name}: a clean recording should grow in place");
        assert!(problems.is_empty(), "{name}: {problems:?}");
        assert_eq!(streamed.session.events.len(), whole.session.events.len(), "{name}");
        assert_eq!(streamed.session.pages, whole.session.pages, "{name}");
        assert_eq!(streamed.duration(), whole.duration(), "{name}");
        assert_eq!(streamed.index.inactive, whole.index.inactive, "{name}");
        // The index grown part by part is the index of the whole.
        assert_eq!(format!("{:?}", streamed.index), format!("{:?}", whole.index), "{name}");
        // The analysis grown part by part is the analysis of the whole.
        let at_once = Analysis::new(&whole.session, &ClickOptions::default());
        assert!(!at_once.console.is_empty() && !at_once.clicks.is_empty(), "{name}");
        assert_eq!(format!("{analysis:?}"), format!("{at_once:?}"), "{name}");
        // The first frame came long before the end of the body.
        if body.len() > 10_000_000 {
            assert!(
                first_at * 20 < body.len(),
                "{name}: first frame after {first_at} of {} bytes",
                body.len()
            );
        }
        let d = whole.duration();
        for k in 0..=20 {
            let t = d * k as f64 / 20.0;
            assert_eq!(
                fingerprint(streamed.state_at(t)),
                fingerprint(whole.state_at(t)),
                "{name} at {t} ms"
            );
        }
    }
}

#[test]
fn a_late_out_of_order_event_rebuilds_the_session_with_the_repair() {
    let ev = |t: u64, data: &str| format!(r#"{{"type":3,"data":{data},"timestamp":{t}}}"#);
    let snapshot = r#"{"type":2,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"id":2,"tagName":"html","attributes":{},"childNodes":[{"type":2,"id":3,"tagName":"body","attributes":{},"childNodes":[]}]}]},"initialOffset":{"top":0,"left":0}},"timestamp":1000}"#;
    let add = |id: u32, text: &str| {
        format!(
            r#"{{"source":0,"texts":[],"attributes":[],"removes":[],"adds":[{{"parentId":3,"nextId":null,"node":{{"type":3,"id":{id},"textContent":"{text}"}}}}]}}"#
        )
    };
    let body = format!(
        "[{snapshot},{},{},{},{}]",
        ev(2000, &add(10, "a")),
        ev(4000, &add(11, "c")),
        // Recorded late: belongs before "c".
        ev(3000, &add(12, "b")),
        // Recorded late too, before everything the analysis had read but the snapshot.
        r#"{"type":6,"data":{"plugin":"rrweb/console@1","payload":{"level":"warn","payload":["\"late\""],"trace":[]}},"timestamp":1500}"#,
    );
    let (mut streamed, problems, _, rebuilt, analysis) = stream(body.as_bytes(), 16, 1);
    assert!(rebuilt, "the out-of-order event must rebuild");
    assert!(
        problems.details.iter().any(|p| p.message.contains("out of time order")),
        "{problems:?}"
    );
    let mut whole = Replay::new(load(body.as_bytes()).unwrap().session);
    // The analyser read the rebuilt session again rather than growing on what it had read.
    let at_once = Analysis::new(&whole.session, &ClickOptions::default());
    assert_eq!(at_once.console.len(), 1);
    assert_eq!(format!("{analysis:?}"), format!("{at_once:?}"));
    for t in [0.0, 1000.0, 1500.0, 2000.0, 2500.0, 3000.0] {
        assert_eq!(
            fingerprint(streamed.state_at(t)),
            fingerprint(whole.state_at(t)),
            "at {t}"
        );
    }
    // Sorted: "b" (recorded at 3 s) comes before "c" (4 s).
    let m = streamed.state_at(3000.0);
    let last = m.serialize(m.root().unwrap());
    assert!(last.contains("<body>abc</body>"), "{last}");
}

#[test]
fn each_analysis_of_a_growing_session_shares_the_texts_of_the_last() {
    // The panels hold the last analysis while the next is made: texts read once (console
    // arguments and traces, requests' urls, headers and bodies) are shared, not copied.
    use std::sync::Arc;
    use tapedeck_core::analysis::ActivityKind;
    for (name, body, _) in recordings() {
        let session = load(&body).unwrap().session;
        let mut analyser = Analyser::default();
        let options = ClickOptions::default();
        let last = analyser.analyse(&session, &options);
        let next = analyser.analyse(&session, &options);
        assert!(!last.console.is_empty() && !last.network.is_empty(), "{name}");
        for (a, b) in last.console.iter().zip(&next.console) {
            assert!(
                Arc::ptr_eq(&a.args, &b.args) && Arc::ptr_eq(&a.trace, &b.trace),
                "{name}"
            );
        }
        for (a, b) in last.network.iter().zip(&next.network) {
            assert!(Arc::ptr_eq(&a.url, &b.url), "{name}: {}", a.url);
            assert!(
                Arc::ptr_eq(&a.response_headers, &b.response_headers),
                "{name}: {}",
                a.url
            );
        }
        // An error's message is the one its activity row shows.
        for e in &next.errors {
            let shared = next
                .activity
                .iter()
                .any(|r| matches!(&r.kind, ActivityKind::Error { message } if Arc::ptr_eq(message, &e.message)));
            assert!(shared, "{name}: {}", e.message);
        }
    }
}

/// A page with a button and a div. Clicks on the button that nothing answers: at 1 s and 1.5 s
/// (one burst, decided in two analyses: the pointer moves at 8.2 s and 8.7 s), at 3 s, at 40 s.
/// Not dead: a click on the div (5 s, not clickable), a click from the keyboard (10 s), one a
/// change answers (20 s), one a change answers exactly at the end of its wait (30 s; the pointer
/// moved at that same time just before). Typing at 48–49 s and 55 s; the pointer moves until 60 s.
fn dead_click_session() -> Vec<u8> {
    use events::{body, meta, mutation, snapshot, START};
    let page = r#"{"type":2,"tagName":"button","attributes":{},"id":10,"childNodes":[]},{"type":2,"tagName":"div","attributes":{},"id":11,"childNodes":[]}"#;
    let at = |s: f64| START + s * 1000.0;
    let click = |s: f64, id: u32, x: u32| {
        let e = format!(
            r#"{{"type":3,"data":{{"source":2,"type":2,"id":{id},"x":{x},"y":{x}}},"timestamp":{}}}"#,
            at(s)
        );
        (s, e)
    };
    let input = |s: f64| {
        let e = format!(
            r#"{{"type":3,"data":{{"source":5,"id":10,"text":"a","isChecked":false}},"timestamp":{}}}"#,
            at(s)
        );
        (s, e)
    };
    let moved = |s: f64| {
        let e = format!(
            r#"{{"type":3,"data":{{"source":1,"positions":[{{"x":1,"y":1,"id":10,"timeOffset":0}}]}},"timestamp":{}}}"#,
            at(s)
        );
        (s, e)
    };
    let changed = |s: f64| {
        let data = r#""adds":[],"removes":[],"texts":[],"attributes":[{"id":10,"attributes":{"class":"busy"}}]"#;
        (s, mutation(data, at(s)))
    };
    let mut timed = vec![
        click(1.0, 10, 50),
        click(1.5, 10, 50),
        click(3.0, 10, 50),
        click(5.0, 11, 50),
        moved(8.2),
        moved(8.7),
        click(10.0, 10, 0),
        click(20.0, 10, 50),
        changed(21.0),
        click(30.0, 10, 50),
        moved(37.0),
        changed(37.0),
        click(40.0, 10, 50),
    ];
    timed.extend([48.0, 49.0, 55.0].map(input));
    timed.extend((82..=120).map(|half| moved(half as f64 / 2.0)));
    // Stable: the move at 37 s stays before the change at 37 s.
    timed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut events = vec![meta(), snapshot(page, START)];
    events.extend(timed.into_iter().map(|(_, e)| e));
    body(&events)
}

/// The bundled recordings under 4 MB and the hand-made dead-click session.
fn small_bodies() -> Vec<(String, Vec<u8>)> {
    let mut bodies: Vec<(String, Vec<u8>)> = recordings()
        .into_iter()
        .filter(|(_, b, _)| b.len() < 4_000_000)
        .map(|(name, b, _)| (name, b))
        .collect();
    bodies.push(("dead clicks".to_owned(), dead_click_session()));
    bodies
}

#[test]
fn an_analysis_grown_in_fifty_parts_is_the_analysis_of_the_whole() {
    // Clicks, typing, dead clicks and console errors are kept between analyses and only
    // extended: a click near the end of one part is decided once a later part covers its wait.
    let bodies = small_bodies();
    for (name, body) in bodies {
        let whole = Analysis::new(&load(&body).unwrap().session, &ClickOptions::default());
        let (_, _, _, _, grown) = stream(&body, body.len() / 50 + 1, 1);
        assert_eq!(format!("{grown:?}"), format!("{whole:?}"), "{name}");
        if name == "dead clicks" {
            let dead: Vec<f64> = grown.dead_clicks.iter().map(|d| d.t).collect();
            assert_eq!(dead, [1_000.0, 3_000.0, 40_000.0]);
            let typed = grown
                .activity
                .iter()
                .filter(|r| matches!(r.kind, tapedeck_core::analysis::ActivityKind::Input { .. }));
            assert_eq!(typed.map(|r| r.t).collect::<Vec<_>>(), [48_000.0, 55_000.0]);
        }
    }
}

#[test]
fn an_analysis_put_together_in_slices_is_of_the_session_when_its_rows_began() {
    // The rows are copied a budget at a time while the session goes on growing: the analysis
    // that comes out is the one of the events read before its rows began, whatever the budget,
    // and the next one takes in what came meanwhile.
    let bodies = small_bodies();
    let options = ClickOptions::default();
    for (name, body) in bodies {
        let whole = load(&body).unwrap().session;
        let at_once = Analysis::new(&whole, &options);
        assert!(!at_once.activity.is_empty(), "{name}");
        for budget in [1, 2, 7, 1_000] {
            let mut analyser = Analyser::default();
            let in_slices = std::iter::repeat_with(|| analyser.analyse_some(&whole, &options, budget))
                .take(10_000_000)
                .find_map(|a| a)
                .expect("an analysis");
            assert_eq!(
                format!("{in_slices:?}"),
                format!("{at_once:?}"),
                "{name}, {budget} rows a slice"
            );
        }
        // Half the session read, its rows begun, then the rest of the session joins.
        let prefix: Vec<_> = whole.events.range(..whole.events.len() / 2).cloned().collect();
        let half = tapedeck_core::session::Session::new(prefix, &mut Problems::default());
        let of_half = Analysis::new(&half, &options);
        let mut analyser = Analyser::default();
        assert!(analyser.read_some(&half, usize::MAX));
        assert!(
            analyser.analyse_some(&half, &options, 3).is_none(),
            "{name}: 3 rows cannot be all of them"
        );
        let done = std::iter::repeat_with(|| analyser.analyse_some(&whole, &options, 5))
            .take(10_000_000)
            .find_map(|a| a)
            .expect("an analysis");
        assert_eq!(
            format!("{done:?}"),
            format!("{of_half:?}"),
            "{name}: the half it began with"
        );
        assert!(analyser.is_behind(&whole), "{name}");
        let next = analyser.analyse(&whole, &options);
        assert_eq!(format!("{next:?}"), format!("{at_once:?}"), "{name}: then the whole");
        assert!(!analyser.is_behind(&whole), "{name}");
    }
}
