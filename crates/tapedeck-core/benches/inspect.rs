//! The inspector's figures on monaco-long, natively: the history of its 10 busiest nodes, the
//! comparison of 20 random pairs of moments, and the tree at a moment.
//!
//!     cargo bench -p tapedeck-core --bench inspect

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::time::Instant;

use tapedeck_core::event::{EventData, Incremental, NodeId};
use tapedeck_core::inspect::{compare, default_expanded, node_history, tree_rows, NodeIndex};
use tapedeck_core::load::load;
use tapedeck_core::replay::Replay;

mod common;
use common::{ms, spread};

fn main() {
    let file = "monaco-long.json.gz";
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../public/sessions")
        .join(file);
    let session = load(&std::fs::read(path).unwrap()).unwrap().session;
    let mut replay = Replay::new(session);
    while !replay.build_ahead(10_000) {}
    let s = &replay.session;
    let (events, pages) = (s.events.len(), s.pages.len());

    // The busiest nodes: most mutations naming them (attributes, texts, children).
    let mut touches: HashMap<(usize, NodeId), usize> = HashMap::new();
    let mut page = 0;
    for (i, e) in s.events.iter().enumerate() {
        while page + 1 < s.pages.len() && s.pages[page + 1].snapshot <= i {
            page += 1;
        }
        if let EventData::Incremental(Incremental::Mutation(m)) = &e.data {
            let ids = m.attributes.iter().map(|a| a.id).chain(m.texts.iter().map(|t| t.id));
            let ids = ids
                .chain(m.adds.iter().map(|a| a.parent_id))
                .chain(m.removes.iter().map(|r| r.parent_id));
            for id in ids {
                *touches.entry((page, id)).or_default() += 1;
            }
        }
    }
    let mut busiest: Vec<_> = touches.into_iter().collect();
    busiest.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let t = Instant::now();
    let indexes: Vec<NodeIndex> = (0..pages).map(|p| NodeIndex::build(&replay.session, p)).collect();
    let built = ms(t);
    let bytes: usize = indexes.iter().map(|i| i.bytes()).sum();
    let mut times = Vec::new();
    let mut rows = 0;
    for ((page, id), _) in busiest.iter().take(10) {
        let t = Instant::now();
        rows += std::hint::black_box(node_history(&mut replay, &indexes[*page], *id, None)).len();
        times.push(ms(t));
    }
    println!("\n{file}: {events} events, {pages} pages");
    println!(
        "node index (which events name each node), built once per page: {built:.1} ms, {:.1} MB",
        bytes as f64 / 1e6
    );
    println!("history of the 10 busiest nodes ({rows} rows): {}", spread(times));

    // 20 random pairs of moments, on one page each: seek to both, compare.
    let d = replay.duration();
    let mut seed = 11u64;
    let mut rand = move || {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 11) as f64 / (1u64 << 53) as f64
    };
    let (mut with_seeks, mut compare_only, mut changed) = (Vec::new(), Vec::new(), 0);
    for _ in 0..20 {
        let (a, b) = (rand() * d, rand() * d);
        let (a, b) = (a.min(b), a.max(b));
        let t = Instant::now();
        let ma = replay.state_at(a).clone();
        let mb = replay.state_at(b).clone();
        let t2 = Instant::now();
        changed += std::hint::black_box(compare(&ma, &mb)).nodes.len();
        compare_only.push(ms(t2));
        with_seeks.push(ms(t));
    }
    println!(
        "compare 20 random pairs of moments ({changed} nodes differ in all): {}",
        spread(compare_only)
    );
    println!("  the same with both seeks: {}", spread(with_seeks));

    // The tree at a moment: as it opens (html, body), and with every node open.
    let (mut open, mut all_open, mut n) = (Vec::new(), Vec::new(), 0);
    for _ in 0..20 {
        let m = replay.state_at(rand() * d).clone();
        let t = Instant::now();
        n = n.max(std::hint::black_box(tree_rows(&m, &default_expanded(&m, None))).len());
        open.push(ms(t));
        let every: HashSet<NodeId> = m.subtree(m.root().unwrap()).into_iter().collect();
        let t = Instant::now();
        n = n.max(std::hint::black_box(tree_rows(&m, &every)).len());
        all_open.push(ms(t));
    }
    println!("tree rows at 20 random moments, as it opens: {}", spread(open));
    println!("  with every node open (up to {n} rows): {}\n", spread(all_open));
}
