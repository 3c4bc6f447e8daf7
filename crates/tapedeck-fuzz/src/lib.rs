//! Fuzzing harnesses of the core. `fuzz/` (cargo-fuzz, nightly) drives them with libFuzzer;
//! `tests/regressions.rs` replays every input they ever crashed on, on stable, in `make test`.
//!
//! - [`load_bytes`]: any bytes, cut into chunks the input chooses, loaded whole and streamed;
//!   whatever loads is played and seeked.
//! - [`apply_ops`]: a page and a sequence of DOM changes the input chooses (adds, moves, removes,
//!   attributes, texts, on ids that exist or not), played linearly and by seeking from
//!   checkpoints: both must give the same DOM.

use arbitrary::{Arbitrary, Unstructured};
use serde_json::{json, Value};
use tapedeck_core::load::{Loader, Problems};
use tapedeck_core::mirror::sim::SimDom;
use tapedeck_core::replay::Replay;
use tapedeck_core::session::Session;

/// A `load` input: the size of the chunks its body arrives in (from the first byte), and the body.
pub fn load_input(data: &[u8]) -> Option<(usize, &[u8])> {
    let (&step, body) = data.split_first()?;
    Some((1 + step as usize * 7, body))
}

/// Loads `data` (first byte: chunk size), then plays what loaded.
pub fn load_bytes(data: &[u8]) {
    let Some((step, body)) = load_input(data) else {
        return;
    };
    let whole = tapedeck_core::load::load(body);
    if let Some((mut r, _)) = stream(body, step) {
        play(&mut r);
    }
    if let Ok(loaded) = whole {
        play(&mut Replay::with_spacing(loaded.session, 3));
    }
}

/// The body streamed in chunks of `step` bytes, played while it arrives as the player does: a
/// replay from the first snapshot, grown, completed. The replay at the end and the problems of
/// the load, when the body had a page and the load completed.
pub fn stream(body: &[u8], step: usize) -> Option<(Replay, Problems)> {
    let mut loader = Loader::new();
    let mut replay: Option<Replay> = None;
    let mut repairs = Problems::default();
    for (i, piece) in body.chunks(step).enumerate() {
        loader.push(piece);
        match &mut replay {
            None if loader.has_snapshot() => {
                let Some(loaded) = loader.take_playable() else { continue };
                let mut r = Replay::new(loaded.session);
                r.frame(0.0);
                replay = Some(r);
                repairs = loaded.problems;
            }
            Some(r) if i % 3 == 0 => {
                let _ = r.extend(loader.take_events());
                let d = r.duration();
                r.frame(d);
            }
            _ => {}
        }
    }
    let mut r = replay?;
    let rest = loader.finish_rest().ok()?;
    let mut problems = rest.problems;
    problems.merge(repairs);
    r.complete(rest.events, &mut problems).ok()?;
    Some((r, problems))
}

/// Seeks around a replay, forward and back, showing every frame.
fn play(r: &mut Replay) {
    let d = r.duration();
    for f in [0.0, 0.5, 1.0, 0.25, 0.75, 0.0] {
        let _ = r.frame(d * f);
    }
}

/// A node the fuzzer can add.
#[derive(Arbitrary, Debug)]
enum NewNode {
    Element {
        tag: u8,
        attrs: Vec<(u8, String)>,
        children: Vec<NewNode>,
    },
    Text(String),
    Comment(String),
}

/// One change to the page.
#[derive(Arbitrary, Debug)]
enum Op {
    Add {
        parent: u8,
        next: Option<u8>,
        node: NewNode,
    },
    Remove {
        parent: u8,
        id: u8,
    },
    Move {
        parent: u8,
        next: Option<u8>,
        id: u8,
    },
    Attribute {
        id: u8,
        name: u8,
        value: Option<String>,
    },
    Text {
        id: u8,
        value: Option<String>,
    },
    Scroll {
        id: u8,
        x: i16,
        y: i16,
    },
    Input {
        id: u8,
        text: String,
        checked: bool,
    },
    Wait(u16),
}

const TAGS: &[&str] = &[
    "div", "span", "p", "ul", "li", "svg", "a", "img", "style", "input", "iframe", "script", "template",
];
const ATTRS: &[&str] = &[
    "class",
    "id",
    "style",
    "href",
    "src",
    "onclick",
    "title",
    "xlink:href",
    "srcdoc",
    "value",
    "rr_dataURL",
    "data-x",
];

struct Ids(u32);

impl Ids {
    fn node(&mut self, n: &NewNode) -> Value {
        self.0 += 1;
        let id = self.0;
        match n {
            NewNode::Element { tag, attrs, children } => {
                let attributes: serde_json::Map<String, Value> = attrs
                    .iter()
                    .map(|(k, v)| (ATTRS[*k as usize % ATTRS.len()].to_owned(), Value::String(v.clone())))
                    .collect();
                let children: Vec<Value> = children.iter().take(4).map(|c| self.node(c)).collect();
                json!({"type": 2, "id": id, "tagName": TAGS[*tag as usize % TAGS.len()], "attributes": attributes, "childNodes": children})
            }
            NewNode::Text(t) => json!({"type": 3, "id": id, "textContent": t}),
            NewNode::Comment(t) => json!({"type": 5, "id": id, "textContent": t}),
        }
    }
}

/// Ids 1–8 exist in the page; the fuzzer names ids up to 64 (most of them added by it).
fn id(n: u8) -> u32 {
    1 + (n as u32 % 64)
}

/// The recording an input describes: a small page, then its changes.
pub fn ops_recording(data: &[u8]) -> Option<String> {
    let mut u = Unstructured::new(data);
    let mut ops: Vec<Op> = Vec::new();
    while !u.is_empty() && ops.len() < 200 {
        ops.push(u.arbitrary().ok()?);
    }
    let page = json!({"type": 0, "id": 1, "childNodes": [
        {"type": 1, "id": 2, "name": "html", "publicId": "", "systemId": ""},
        {"type": 2, "id": 3, "tagName": "html", "attributes": {}, "childNodes": [
            {"type": 2, "id": 4, "tagName": "head", "attributes": {}, "childNodes": []},
            {"type": 2, "id": 5, "tagName": "body", "attributes": {"class": "b"}, "childNodes": [
                {"type": 2, "id": 6, "tagName": "div", "attributes": {"id": "a"}, "childNodes": [
                    {"type": 3, "id": 7, "textContent": "hello"}]},
                {"type": 2, "id": 8, "tagName": "ul", "attributes": {}, "childNodes": []}]}]}]});
    let mut t = 1_000.0;
    let mut events = vec![
        json!({"type": 4, "data": {"href": "https://example.com/", "width": 800, "height": 600}, "timestamp": t}),
        json!({"type": 2, "data": {"node": page, "initialOffset": {"top": 0, "left": 0}}, "timestamp": t}),
    ];
    let mut ids = Ids(8);
    for op in &ops {
        let mutation = |adds: Vec<Value>, removes: Vec<Value>, attributes: Vec<Value>, texts: Vec<Value>| json!({"source": 0, "adds": adds, "removes": removes, "attributes": attributes, "texts": texts});
        let data = match op {
            Op::Add { parent, next, node } => mutation(
                vec![json!({"parentId": id(*parent), "nextId": next.map(id), "node": ids.node(node)})],
                vec![],
                vec![],
                vec![],
            ),
            Op::Remove { parent, id: n } => mutation(
                vec![],
                vec![json!({"parentId": id(*parent), "id": id(*n)})],
                vec![],
                vec![],
            ),
            Op::Move { parent, next, id: n } => mutation(
                vec![
                    json!({"parentId": id(*parent), "nextId": next.map(id), "node": {"type": 2, "id": id(*n), "tagName": "div", "attributes": {}, "childNodes": []}}),
                ],
                vec![json!({"parentId": 5, "id": id(*n)})],
                vec![],
                vec![],
            ),
            Op::Attribute { id: n, name, value } => mutation(
                vec![],
                vec![],
                vec![json!({"id": id(*n), "attributes": {ATTRS[*name as usize % ATTRS.len()]: value}})],
                vec![],
            ),
            Op::Text { id: n, value } => mutation(vec![], vec![], vec![], vec![json!({"id": id(*n), "value": value})]),
            Op::Scroll { id: n, x, y } => json!({"source": 3, "id": id(*n), "x": x, "y": y}),
            Op::Input { id: n, text, checked } => {
                json!({"source": 5, "id": id(*n), "text": text, "isChecked": checked})
            }
            Op::Wait(ms) => {
                t += *ms as f64;
                continue;
            }
        };
        t += 10.0;
        events.push(json!({"type": 3, "data": data, "timestamp": t}));
    }
    Some(Value::Array(events).to_string())
}

/// The DOM of a mirror, as text.
fn dom(m: &tapedeck_core::mirror::Mirror) -> String {
    m.root().map(|r| m.serialize(r)).unwrap_or_default()
}

/// Plays the changes an input describes: linearly, and by seeking with checkpoints every few
/// changes (restore, then apply). Panics when the two disagree.
pub fn apply_ops(data: &[u8]) {
    let Some(body) = ops_recording(data) else { return };
    let Ok(loaded) = tapedeck_core::load::load(body.as_bytes()) else {
        return;
    };
    let events = loaded.session.events;
    let start = loaded.session.start;
    let times: Vec<f64> = events.iter().map(|e| e.timestamp - start).collect();
    let session = || Session::new(events.clone().into_vec(0), &mut Problems::default());
    let mut linear = Replay::with_spacing(session(), usize::MAX);
    let expected: Vec<String> = times.iter().map(|t| dom(linear.state_at(*t))).collect();
    inspect_checks(&mut linear, &times);
    find_and_clip_checks(&mut linear, &times);
    // Checkpoints every 2 units of work (one after nearly every change: seeks mostly restore a
    // checkpoint as it is), every 7 (seeks restore one and apply the events after it), and
    // every 1 with at most 3 kept (thinned again and again as they are built).
    for (spacing, budget) in [(2, usize::MAX), (7, usize::MAX), (1, 3)] {
        let mut seeking = Replay::with_spacing(session(), spacing).with_budget(budget);
        // Build every checkpoint first, then seek backwards and forwards: every state comes
        // from a restored checkpoint plus the events after it.
        seeking.build_ahead(usize::MAX);
        // The patches of every frame, applied to a stand-in DOM, give the same DOM (nodes
        // reused for replaced ones keep their ids and state right).
        let mut shown = SimDom::default();
        let n = times.len();
        for k in (0..n).rev().chain((0..n).step_by(3)) {
            let got = dom(seeking.state_at(times[k]));
            assert_eq!(
                got, expected[k],
                "state at {} ms differs after a seek (checkpoints every {spacing})",
                times[k]
            );
            let patches = seeking.frame(times[k]);
            let Some(target) = seeking.shown() else { continue };
            shown.apply(target, &patches);
            assert_eq!(shown.serialize(), expected[k], "DOM after patching to {} ms", times[k]);
            if let Err(e) = shown.check_nodes(target) {
                panic!("after patching to {} ms: {e}", times[k]);
            }
        }
    }
}

/// Find's index holds on any page (every span in order, built the same in pieces as whole, any
/// query answered), and a clip of any range replays exactly what the session showed there.
fn find_and_clip_checks(r: &mut Replay, times: &[f64]) {
    use tapedeck_core::export::{clip, ClipOptions, Mask};
    use tapedeck_core::find::{Finder, Query, ScreenIndex};
    let whole = ScreenIndex::build(&r.session);
    let mut pieces = ScreenIndex::new();
    while !pieces.extend(&r.session, 3) {}
    assert_eq!(
        whole.appearances, pieces.appearances,
        "the index differs when built in pieces"
    );
    assert!(
        whole.appearances.iter().all(|a| a.from <= a.to),
        "a text gone before it came"
    );
    let analysis = tapedeck_core::analysis::Analysis::new(&r.session, &Default::default());
    let finder = Finder::new(&r.session, &analysis, &whole);
    for q in ["a", "\"b c\"", "in:screen x", "status:5xx", "level:error", "İ", "\u{0}"] {
        let res = finder.search(&whole, &Query::parse(q));
        for h in &res.hits {
            for &(a, b) in &h.marks {
                assert!(
                    a < b && b <= h.context.len() && h.context.is_char_boundary(a) && h.context.is_char_boundary(b)
                );
            }
        }
    }
    let (Some(&first), Some(&last)) = (times.first(), times.last()) else {
        return;
    };
    let from = first + (last - first) / 3.0;
    if last - from < 1.0 {
        return;
    }
    for mask in [
        Mask::default(),
        Mask {
            text: true,
            inputs: true,
        },
    ] {
        // No page at its start (its document removed): refused, with why.
        let Ok(c) = clip(
            r,
            from,
            last,
            ClipOptions {
                mask,
                drop_bodies: true,
            },
        ) else {
            continue;
        };
        let loaded = tapedeck_core::load::load(c.json.as_bytes()).expect("a clip loads");
        let mut cr = Replay::new(loaded.session);
        // The clip's first frame is the session's at its start — unless forged changes put
        // nodes under a text node, which no DOM (and no snapshot) can hold. Later frames may
        // differ on forged changes too (the replay keeps state no snapshot carries), so the
        // property of whole ranges is tested on real recordings (`tests/export.rs`).
        let m = r.state_at(from).clone();
        let impossible = m.root().is_some_and(|root| {
            m.subtree(root).iter().any(|id| {
                m.node(*id).is_some_and(|n| {
                    !n.children.is_empty()
                        && !matches!(
                            n.kind,
                            tapedeck_core::mirror::VKind::Element(_) | tapedeck_core::mirror::VKind::Document { .. }
                        )
                })
            })
        });
        if mask == Mask::default() && !impossible {
            // A field's value and checked state are written as attributes, as rrweb's recorder
            // does: compared without them.
            let plain = |s: String| {
                let mut s = s.replace(" checked=\"\"", "");
                while let Some(i) = s.find(" value=\"") {
                    let end = s[i + 8..].find('"').map_or(s.len(), |j| i + 9 + j);
                    s.replace_range(i..end, "");
                }
                s
            };
            assert_eq!(
                plain(dom(cr.state_at(0.0))),
                plain(dom(&m)),
                "the clip's first frame differs"
            );
        }
    }
}

/// The inspector's answers hold on any page: every node is listed once in the open tree, a
/// comparison's added nodes are in the later moment and not the earlier one (and so on), and
/// every node's life is in time order.
fn inspect_checks(r: &mut Replay, times: &[f64]) {
    use std::collections::HashSet;
    use tapedeck_core::inspect::{compare, node_history, tree_rows, NodeDiff};
    let mut before: Option<tapedeck_core::mirror::Mirror> = None;
    let mut ids = HashSet::new();
    for t in times {
        let m = r.state_at(*t).clone();
        let Some(root) = m.root() else { continue };
        let all: HashSet<_> = m.subtree(root).into_iter().collect();
        ids.extend(all.iter().copied());
        let rows = tree_rows(&m, &all);
        let keys: HashSet<_> = rows.iter().map(|r| r.key()).collect();
        assert_eq!(keys.len(), rows.len(), "a node listed twice in the tree at {t} ms");
        assert!(
            rows.iter().all(|r| all.contains(&r.id)),
            "a row for a node not in the page"
        );
        if let Some(b) = &before {
            for (id, d) in compare(b, &m).nodes {
                match d {
                    NodeDiff::Added => assert!(m.contains(id) && !b.contains(id)),
                    NodeDiff::Removed => assert!(b.contains(id) && !m.contains(id)),
                    NodeDiff::Changed => assert!(b.contains(id) && m.contains(id)),
                }
            }
            assert!(compare(&m, &m).nodes.is_empty());
        }
        before = Some(m);
    }
    let index = tapedeck_core::inspect::NodeIndex::build(&r.session, 0);
    for id in ids.into_iter().filter(|id| *id >= 0).take(40) {
        let h = node_history(r, &index, id, None);
        assert!(h.windows(2).all(|w| w[0].t <= w[1].t), "node {id}'s life out of order");
    }
}
