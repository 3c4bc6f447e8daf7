//! Seeking: a checkpoint restore plus the events after it gives exactly the state of applying
//! every event of the page, at any time, in any order of seeks; and patches applied to what was
//! shown give exactly the target.

mod common;

use common::{fingerprint, recordings, SimDom};
use tapedeck_core::event::EventData;
use tapedeck_core::load::load;
use tapedeck_core::mirror::Mirror;
use tapedeck_core::replay::Replay;
use tapedeck_core::session::Session;

/// The reference: one pass over every event in order, a fresh mirror at every full snapshot,
/// the state's fingerprint taken at each of `times` (sorted).
fn linear_fingerprints(session: &Session, times: &[f64]) -> Vec<String> {
    let mut out = Vec::new();
    let mut mirror: Option<Mirror> = None;
    let mut ignored = Vec::new();
    let mut i = 0;
    let first_snapshot = session.pages[0].snapshot;
    for &t in times {
        let limit = session.start + t;
        while i < session.events.len() && (session.events[i].timestamp <= limit || i <= first_snapshot) {
            let e = &session.events[i];
            match &e.data {
                EventData::FullSnapshot(s) => {
                    let mut m = Mirror::from_snapshot(&s.node, s.initial_offset, &mut ignored);
                    let page = session.pages.iter().find(|p| p.snapshot == i).unwrap();
                    m.set_viewport(page.width, page.height);
                    mirror = Some(m);
                }
                EventData::Incremental(inc) => {
                    if let Some(m) = &mut mirror {
                        m.apply(inc, e.timestamp, &mut ignored);
                    }
                }
                _ => {}
            }
            i += 1;
        }
        out.push(fingerprint(mirror.as_ref().unwrap()));
    }
    out
}

/// Deterministic pseudo-random times over the session (forward and backward seeks mixed),
/// plus every page start and the exact timestamps of some events.
fn targets(replay: &Replay, n: usize) -> Vec<f64> {
    let d = replay.duration();
    let mut seed = 0x2545F4914F6CDD1Du64;
    let mut out: Vec<f64> = (0..n)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            (seed % 1_000_000) as f64 / 1_000_000.0 * d
        })
        .collect();
    out.extend(replay.index.pages.iter().map(|p| p.start));
    let start = replay.session.start;
    let step = (replay.session.events.len() / 15).max(1);
    out.extend(replay.session.events.iter().step_by(step).map(|e| e.timestamp - start));
    out.push(0.0);
    out.push(d);
    out
}

#[test]
fn checkpoint_seek_equals_linear_apply_on_every_recording() {
    for (name, body, _) in recordings() {
        let session = load(&body).unwrap().session;
        // Small spacing so that many checkpoints are exercised.
        let mut replay = Replay::with_spacing(session, 300);
        let times = targets(&replay, 60);
        let mut sorted = times.clone();
        sorted.sort_by(f64::total_cmp);
        let reference = linear_fingerprints(&replay.session, &sorted);
        for t in times {
            let fast = fingerprint(replay.state_at(t));
            let slow = &reference[sorted.iter().position(|s| *s == t).unwrap()];
            assert!(
                &fast == slow,
                "{name}: state at {t} ms differs between checkpoint seek and linear apply"
            );
        }
        assert!(replay.checkpoint_count() > 1, "{name}");
    }
}

#[test]
fn seeks_past_what_was_built_equal_linear_apply() {
    // While a session loads, seeks land past the checkpoints built so far: the state the
    // builder stops at is the one shown. Ascending targets take that path every time.
    for (name, body, _) in recordings() {
        let session = load(&body).unwrap().session;
        let mut replay = Replay::with_spacing(session, 300);
        let mut times = targets(&replay, 30);
        times.sort_by(f64::total_cmp);
        let reference = linear_fingerprints(&replay.session, &times);
        for (t, slow) in times.iter().zip(&reference) {
            let fast = fingerprint(replay.state_at(*t));
            assert!(&fast == slow, "{name}: state at {t} ms differs from linear apply");
        }
        // Back again, from the checkpoints those seeks built.
        for (t, slow) in times.iter().zip(&reference).rev().step_by(3) {
            assert!(&fingerprint(replay.state_at(*t)) == slow, "{name}: back at {t} ms");
        }
    }
}

#[test]
fn thinned_checkpoints_seek_like_a_linear_apply() {
    // A tiny spacing and budget: checkpoints are thinned many times while they are built, by
    // a session built ahead of time and by seeks past what was built (ascending targets).
    const BUDGET: usize = 5;
    for (name, body, _) in recordings() {
        for ahead in [true, false] {
            let session = load(&body).unwrap().session;
            let mut replay = Replay::with_spacing(session, 10).with_budget(BUDGET);
            let pages = replay.index.pages.len();
            let mut times = targets(&replay, 60);
            times.sort_by(f64::total_cmp);
            let reference = linear_fingerprints(&replay.session, &times);
            if ahead {
                assert!(replay.build_ahead(usize::MAX), "{name}");
            }
            let order: Vec<usize> = if ahead {
                // Backwards then every third forwards: each seek restores a kept checkpoint.
                (0..times.len()).rev().chain((0..times.len()).step_by(3)).collect()
            } else {
                (0..times.len()).chain((0..times.len()).rev().step_by(3)).collect()
            };
            for k in order {
                let t = times[k];
                let fast = fingerprint(replay.state_at(t));
                assert!(fast == reference[k], "{name}: state at {t} ms differs (ahead: {ahead})");
                assert!(
                    replay.checkpoint_count() <= BUDGET + pages,
                    "{name}: {} checkpoints kept, budget {BUDGET} + {pages} pages",
                    replay.checkpoint_count()
                );
            }
            // Thinned at least three times: the spacing doubled each time.
            assert!(
                replay.checkpoint_spacing() >= 80,
                "{name}: spacing {}",
                replay.checkpoint_spacing()
            );
        }
    }
}

#[test]
fn the_budget_bounds_checkpoints_and_a_new_policy_starts_at_the_first_spacing() {
    for (name, body, _) in recordings() {
        let mut unbounded = Replay::with_spacing(load(&body).unwrap().session, 10).with_budget(usize::MAX);
        unbounded.build_ahead(usize::MAX);
        let mut replay = Replay::with_spacing(load(&body).unwrap().session, 10).with_budget(8);
        replay.build_ahead(usize::MAX);
        let pages = replay.index.pages.len();
        assert!(
            unbounded.checkpoint_count() > 8 + pages,
            "{name}: the budget is exercised"
        );
        assert!(replay.checkpoint_count() <= 8 + pages, "{name}");
        // Thinning keeps about half the budget at least: the session is still well covered.
        assert!(
            replay.checkpoint_count() > 8 / 2,
            "{name}: {}",
            replay.checkpoint_count()
        );
        assert_eq!(unbounded.checkpoint_spacing(), 10, "{name}");
        assert!(replay.checkpoint_spacing() > 10, "{name}");
        replay.set_policy(tapedeck_core::sanitize::Policy { block_remote: true });
        assert_eq!(
            replay.checkpoint_spacing(),
            10,
            "{name}: rebuilt from the first spacing"
        );
        replay.build_ahead(usize::MAX);
        assert!(
            replay.checkpoint_count() <= 8 + pages,
            "{name}: the rebuilt keeps the budget"
        );
        // A budget set once they are built thins them at once, as often as it takes.
        let thinned = unbounded.with_budget(3);
        assert!(
            thinned.checkpoint_count() <= 3 + pages,
            "{name}: {}",
            thinned.checkpoint_count()
        );
        assert!(thinned.checkpoint_spacing() >= 40, "{name}");
    }
}

#[test]
fn patches_turn_the_shown_dom_into_the_target() {
    // Seeded targets, then forward in small steps as live playback does; and, from nothing
    // built, ascending targets (seeks while a session loads, each past what was built).
    for (name, body, _) in recordings() {
        for ascending in [false, true] {
            let session = load(&body).unwrap().session;
            let replay = Replay::with_spacing(session, 300);
            let mut times = targets(&replay, 30);
            let d = replay.duration();
            if ascending {
                times.sort_by(f64::total_cmp);
            } else {
                times.extend((0..200).map(|i| i as f64 * d / 200.0));
            }
            patch_through(&name, replay, times);
        }
    }
}

fn patch_through(name: &str, mut replay: Replay, times: Vec<f64>) {
    let mut dom = SimDom::default();
    for t in times {
        let patches = replay.frame(t);
        let shown = replay.shown().unwrap();
        dom.apply(shown, &patches);
        assert_eq!(
            dom.serialize(),
            shown.serialize(shown.root().unwrap()),
            "{name}: DOM after patching to {t} ms"
        );
        if let Err(e) = dom.check_nodes(shown) {
            panic!("{name}: after patching to {t} ms: {e}");
        }
    }
}

/// The problems Tapedeck reports for each bundled recording (loading it, then playing it to the
/// end), and why. Every bundled recording must be listed.
const EXPECTED_PROBLEMS: &[(&str, &[&str])] = &[
    // All three were recorded by rrweb 2.2.2 in Chromium from real pages (see each
    // `.meta.json`: `recordedWith`, `partial: false`, `nonMonotonicTimestamps: 0`): complete
    // bodies, timestamps in order, and every mutation names nodes the recorder had serialized.
    // Nothing is skipped or repaired, so anything reported here is a bug in the player.
    ("buggy-checkout", &[]),
    ("monaco-long", &[]),
    ("rust-book", &[]),
];

#[test]
fn playback_reaches_every_page() {
    let recordings = recordings();
    let names: Vec<&str> = recordings.iter().map(|r| r.0.as_str()).collect();
    let listed: Vec<&str> = EXPECTED_PROBLEMS.iter().map(|e| e.0).collect();
    assert_eq!(names, listed, "EXPECTED_PROBLEMS lists every bundled recording");
    for ((name, body, meta), (_, expected)) in recordings.iter().zip(EXPECTED_PROBLEMS) {
        let loaded = load(body).unwrap();
        let mut problems: Vec<String> = loaded.problems.details.iter().map(ToString::to_string).collect();
        assert_eq!(loaded.problems.skipped_events, 0, "{name}");
        let mut replay = Replay::new(loaded.session);
        let pages = meta["fullSnapshots"].as_array().unwrap();
        assert_eq!(replay.index.pages.len(), pages.len(), "{name}");
        for (i, p) in pages.iter().enumerate() {
            let t = p["offsetMs"].as_f64().unwrap() + 100.0;
            assert!(replay.state_at(t).root().is_some(), "{name}");
            assert_eq!(replay.index.page_at(t), i, "{name}");
        }
        // Play to the end: every event is applied once, and reports what it could not do.
        let end = replay.duration();
        assert!(replay.state_at(end).root().is_some(), "{name}");
        problems.extend(replay.problems.details.iter().map(ToString::to_string));
        assert_eq!(
            loaded.problems.total + replay.problems.total,
            problems.len(),
            "{name}: every problem kept its details"
        );
        assert_eq!(problems, *expected, "{name}: problems");
    }
}

/// What the mirror holds for each node is lean: an element's live state is allocated only when
/// it has one, and a text node shares the recorded text instead of copying it.
#[test]
fn the_mirror_shares_texts_and_allocates_state_only_when_used() {
    use tapedeck_core::mirror::VKind;
    use tapedeck_core::node::{AttrValue, NodeKind, SerializedNode};
    for (name, body, _) in recordings() {
        let loaded = load(&body).unwrap();
        let s = &loaded.session;
        let EventData::FullSnapshot(snap) = &s.events[s.pages[0].snapshot].data else {
            panic!("{name}")
        };
        let m = Mirror::from_snapshot(&snap.node, snap.initial_offset, &mut Vec::new());
        let (mut elements, mut with_state, mut texts, mut shared) = (0, 0, 0, 0);
        let (mut equal_values, mut shared_values) = (0, 0);
        let mut stack: Vec<&SerializedNode> = vec![&snap.node];
        while let Some(n) = stack.pop() {
            stack.extend(n.children());
            match (&n.kind, m.node(n.id).map(|v| &v.kind)) {
                (NodeKind::Element(recorded), Some(VKind::Element(e))) => {
                    elements += 1;
                    for (name, value) in &recorded.attributes {
                        let AttrValue::Str(value) = value else { continue };
                        // Short values live in the handle (no allocation to share): not counted.
                        if let Some((_, kept)) = e
                            .attrs
                            .iter()
                            .find(|(n, v)| n == name && v == value && !value.is_inline())
                        {
                            equal_values += 1;
                            shared_values += usize::from(kept.same_allocation(value));
                        }
                    }
                    if e.state.is_allocated() {
                        // Allocated state is state: a value, a scroll, a picture, a mode.
                        assert_ne!(*e.state, Default::default(), "{name}: node {}", n.id);
                        with_state += 1;
                    }
                }
                (NodeKind::Text { text, is_style: false }, Some(VKind::Text(t))) if !text.is_inline() => {
                    texts += 1;
                    shared += usize::from(t.same_allocation(text));
                }
                _ => {}
            }
        }
        assert!(elements > 20, "{name}: {elements} elements");
        assert!(
            with_state * 4 < elements,
            "{name}: {with_state} of {elements} elements hold state"
        );
        // Texts inside <style> or <script> parents are rewritten; the page's own texts are not.
        assert!(shared * 10 >= texts * 9, "{name}: {shared} of {texts} texts shared");
        // So do attribute values the sanitiser left as they were (a few are rewritten to
        // themselves: a style attribute read and written again).
        assert!(equal_values > 5, "{name}: {equal_values}");
        assert!(
            shared_values * 100 >= equal_values * 95,
            "{name}: {shared_values} of {equal_values} attribute values shared"
        );
    }
}
