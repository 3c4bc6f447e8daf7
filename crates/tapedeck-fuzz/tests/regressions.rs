//! Every input the fuzzers ever crashed on (`fuzz/regressions/<target>/`), and the seeds they
//! started from, replayed on stable: each still runs through its harness without a panic, and
//! gives what it gave when it was kept — the same load result, the same problems, the same DOM
//! whether seeked to or played through, streamed or loaded whole.

use std::path::PathBuf;

use serde_json::Value;
use tapedeck_core::load::{load, LoadError, Problems};
use tapedeck_core::mirror::{Mirror, Patch};
use tapedeck_core::replay::Replay;
use tapedeck_core::session::Session;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../fuzz/regressions")
        .join(target);
    let mut out: Vec<_> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                std::fs::read(&p).unwrap(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The kept inputs of `target`, checked against the list of what is expected of each (every
/// input must be listed, so a new one comes with its expectations).
fn cases<'a, E>(target: &str, expected: &'a [(&'a str, E)]) -> Vec<(String, Vec<u8>, &'a E)> {
    let cases = inputs(target);
    let names: Vec<&str> = cases.iter().map(|c| c.0.as_str()).collect();
    let listed: Vec<&str> = expected.iter().map(|e| e.0).collect();
    assert_eq!(
        names, listed,
        "every input of fuzz/regressions/{target}/ is listed here"
    );
    cases
        .into_iter()
        .zip(expected)
        .map(|((n, d), (_, e))| (n, d, e))
        .collect()
}

/// The DOM of a mirror as text; empty when the page has no document.
fn dom(m: &Mirror) -> String {
    m.root().map(|r| m.serialize(r)).unwrap_or_default()
}

/// Offsets (ms from the start) of every event of a replay's session.
fn event_times(r: &Replay) -> Vec<f64> {
    r.session.events.iter().map(|e| e.timestamp - r.session.start).collect()
}

/// The DOM at each of `times`, seeked to in that order.
fn states(r: &mut Replay, times: impl IntoIterator<Item = f64>) -> Vec<String> {
    times.into_iter().map(|t| dom(r.state_at(t))).collect()
}

/// Messages of every problem: of the load, then of playing the whole session.
fn problem_messages(load: &Problems, replay: &Problems) -> Vec<String> {
    assert_eq!(load.total + replay.total, load.details.len() + replay.details.len());
    load.details
        .iter()
        .chain(&replay.details)
        .map(|p| p.to_string())
        .collect()
}

/// A problem of a harness-made recording: an operation on a node id that does not exist (the
/// harness names ids 1–64; the page has 8 and grows one per added node).
fn is_unknown_node(p: &str) -> bool {
    p.contains(" of unknown node ")
        || p.contains(" into unknown node ")
        || p.contains("removal of unknown node ")
        || p.contains(" added to unknown parent ")
}

/// What a `load` input gives.
enum Load {
    /// The body cannot be played: the player shows this error (streamed, it never gets a page).
    Fails(LoadError),
    /// A seed of the load target: a recording the `apply` harness makes, in the container named
    /// (`list`, `ndjson`, `wrapped`). It loads with `events` events and no load problem; played
    /// to the end it reports `problems` operations on unknown nodes; its DOM takes `states`
    /// distinct values.
    Plays {
        container: &'static str,
        events: usize,
        problems: usize,
        states: usize,
    },
}

const LOAD: &[(&str, Load)] = &[
    // The crash: a Meta at an absurd time (1.09e16 ms, year 346,000), a full snapshot at 1000 ms
    // (with a duplicated node id), then the body stops in the middle of an event. Between two
    // times the session keeps the later one (the upper median), so the snapshot is dropped as
    // absurd and one event is left: no page to show, an error instead of the panic it was.
    (
        "crash-93247a6df6ac57c62c9b56d1af0ae4ee1a25425d",
        Load::Fails(LoadError::NoFullSnapshot { events: 1 }),
    ),
    // The only change list-0 makes is its last event, a "move" of node 1 (the document):
    // `removes: [{id: 1, parentId: 5}]` removes the whole document although its parent is not
    // node 5, and the page is blank from then on (rrweb's replayer calls `parent.removeChild`,
    // which fails when 5 is not the parent: the page would stay).
    (
        "list-0",
        Load::Plays {
            container: "list",
            events: 30,
            problems: 33,
            states: 2,
        },
    ),
    // The NDJSON and wrapped seeds change nothing on the page (every operation names an unknown
    // node): they are there for their containers.
    (
        "ndjson-1",
        Load::Plays {
            container: "ndjson",
            events: 8,
            problems: 6,
            states: 1,
        },
    ),
    (
        "wrapped-2",
        Load::Plays {
            container: "wrapped",
            events: 4,
            problems: 2,
            states: 1,
        },
    ),
];

/// The events of a seed body, written as a plain JSON list.
fn as_json_list(body: &[u8], container: &str) -> Vec<u8> {
    let text = std::str::from_utf8(body).unwrap();
    let events: Vec<Value> = match container {
        "list" => serde_json::from_str(text).unwrap(),
        "ndjson" => text.lines().map(|l| serde_json::from_str(l).unwrap()).collect(),
        "wrapped" => serde_json::from_str::<Value>(text).unwrap()["events"]
            .as_array()
            .unwrap()
            .clone(),
        other => panic!("unknown container {other}"),
    };
    Value::Array(events).to_string().into_bytes()
}

#[test]
fn load_regressions_play() {
    for (name, data, expected) in cases("load", LOAD) {
        eprintln!("load/{name}");
        tapedeck_fuzz::load_bytes(&data);
        let (step, body) = tapedeck_fuzz::load_input(&data).unwrap();
        let streamed = tapedeck_fuzz::stream(body, step);
        match expected {
            Load::Fails(error) => {
                assert_eq!(load(body).err().as_ref(), Some(error), "{name}");
                assert!(streamed.is_none(), "{name}: streamed, it never has a page to show");
            }
            Load::Plays {
                container,
                events,
                problems,
                states: distinct,
            } => {
                let whole = load(body).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert!(whole.problems.is_empty(), "{name}: {:?}", whole.problems);
                assert_eq!(whole.session.events.len(), *events, "{name}");
                assert_eq!(whole.session.pages.len(), 1, "{name}");
                // The same events as the body written as a plain list: the container was read,
                // not guessed at.
                let list = load(&as_json_list(body, container)).unwrap();
                assert_eq!(
                    format!("{:?}", list.session.events),
                    format!("{:?}", whole.session.events),
                    "{name}"
                );

                // Linear playback (no checkpoint) is the reference. Seeking, with checkpoints
                // every 3 units of work (the harness's spacing) and every 7, backwards then
                // forwards, gives the same DOM at every event and reports the same problems.
                let events = whole.session.events.clone();
                let session = || Session::new(events.clone().into_vec(0), &mut Problems::default());
                let mut linear = Replay::with_spacing(session(), usize::MAX);
                let times = event_times(&linear);
                let reference = states(&mut linear, times.iter().copied());
                for spacing in [3, 7] {
                    let mut seeking = Replay::with_spacing(session(), spacing);
                    let mut backwards = states(&mut seeking, times.iter().rev().copied());
                    backwards.reverse();
                    assert_eq!(backwards, reference, "{name}: seeking backwards, spacing {spacing}");
                    let forwards = states(&mut seeking, times.iter().copied());
                    assert_eq!(forwards, reference, "{name}: seeking, spacing {spacing}");
                    assert_eq!(seeking.problems, linear.problems, "{name}: spacing {spacing}");
                }

                // Streamed in the chunks the input chooses, it ends as the same session.
                let (mut streamed, stream_problems) = streamed.unwrap_or_else(|| panic!("{name}: streamed"));
                assert!(stream_problems.is_empty(), "{name}: {stream_problems:?}");
                assert_eq!(event_times(&streamed), times, "{name}: streamed");
                assert_eq!(
                    states(&mut streamed, times.iter().copied()),
                    reference,
                    "{name}: streamed"
                );

                let mut unique = reference.clone();
                unique.sort();
                unique.dedup();
                assert_eq!(unique.len(), *distinct, "{name}: distinct states");

                let all = problem_messages(&whole.problems, &linear.problems);
                assert_eq!(all.len(), *problems, "{name}: {all:#?}");
                assert!(all.iter().all(|p| is_unknown_node(p)), "{name}: {all:#?}");
            }
        }
    }
}

/// The recording an `apply` input describes, played linearly: its event times, and the DOM after
/// each event.
fn ops_states(data: &[u8]) -> (Vec<f64>, Vec<String>, Problems) {
    let body = tapedeck_fuzz::ops_recording(data).expect("a recording");
    let loaded = load(body.as_bytes()).unwrap();
    assert!(loaded.problems.is_empty());
    let mut linear = Replay::with_spacing(loaded.session, usize::MAX);
    let times = event_times(&linear);
    let states = states(&mut linear, times.iter().copied());
    (times, states, linear.problems)
}

/// How many times the DOM changes from one event to the next: a harness comparing seeks with
/// linear playback at every event would see each of these if a seek stopped one event short.
fn changes(states: &[String]) -> usize {
    states.windows(2).filter(|w| w[0] != w[1]).count()
}

/// What an `apply` input gives: its events, the problems playing it reports (all operations on
/// unknown nodes), how often the DOM changes, and how many `Patch::Reuse` (a DOM node kept for a
/// same-shaped replacement) the harness's frames carry, with its checkpoints and in its order.
struct Apply {
    events: usize,
    problems: usize,
    changes: usize,
    reuses: usize,
}

const APPLY: &[(&str, Apply)] = &[
    (
        "random-3",
        Apply {
            events: 61,
            problems: 60,
            changes: 6,
            reuses: 0,
        },
    ),
    // The crash of a reused parent whose child changed kind: seeking must still reuse nodes, or
    // this input no longer tests what it was kept for.
    (
        "reused-parent-child-of-new-kind",
        Apply {
            events: 40,
            problems: 37,
            changes: 5,
            reuses: 4,
        },
    ),
];

/// Reuse patches of the frames the `apply` harness shows, in its order (back from the end, then
/// forward every third event), after building every checkpoint.
fn reuses(data: &[u8], times: &[f64]) -> usize {
    let body = tapedeck_fuzz::ops_recording(data).unwrap();
    let mut seeking = Replay::with_spacing(load(body.as_bytes()).unwrap().session, 2);
    seeking.build_ahead(usize::MAX);
    let n = times.len();
    (0..n)
        .rev()
        .chain((0..n).step_by(3))
        .flat_map(|k| seeking.frame(times[k]))
        .filter(|p| matches!(p, Patch::Reuse { .. }))
        .count()
}

#[test]
fn apply_regressions_seek_like_linear_playback() {
    for (name, data, expected) in cases("apply", APPLY) {
        eprintln!("apply/{name}");
        // Panics if a seek or the patches of a frame give another DOM than linear playback.
        tapedeck_fuzz::apply_ops(&data);
        let (times, states, problems) = ops_states(&data);
        assert_eq!(times.len(), expected.events, "{name}");
        // The page does change, so the harness compared different states, not one page.
        assert_eq!(changes(&states), expected.changes, "{name}");
        assert_eq!(problems.total, expected.problems, "{name}: {problems:#?}");
        assert!(
            problems.details.iter().all(|p| is_unknown_node(&p.message)),
            "{name}: {problems:#?}"
        );
        assert_eq!(reuses(&data, &times), expected.reuses, "{name}: reuse patches");
    }
}

/// The harness can find a disagreement when there is one: the recording it makes of a plain
/// input really changes the page, six times, so a seek that lands on the wrong state gives
/// another DOM (e.g. a seek that loses the first event after a restored checkpoint makes
/// `apply_ops` panic on this input), and the last frame differs from the first.
#[test]
fn the_ops_harness_makes_real_changes() {
    let data: Vec<u8> = (0..400u32).map(|i| (i * 101 % 251) as u8).collect();
    let (times, states, problems) = ops_states(&data);
    assert_eq!(times.len(), 46);
    assert_ne!(states.last(), states.first(), "the last frame differs from the first");
    assert_eq!(changes(&states), 6, "{states:#?}");
    // Most operations name ids that do not exist (reported, skipped); the others changed the DOM.
    assert_eq!(problems.total, 45);
    tapedeck_fuzz::apply_ops(&data);
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 48, ..Default::default() })]
    /// Random changes to a page: seeks agree with linear playback, and the inspector's answers
    /// (tree, comparisons, lives of nodes) hold at every moment.
    #[test]
    fn random_changes_seek_and_inspect(data in proptest::collection::vec(proptest::prelude::any::<u8>(), 64..1_500)) {
        tapedeck_fuzz::apply_ops(&data);
    }
}
