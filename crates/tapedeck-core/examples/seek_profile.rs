//! Whether playing costs more the further into a session it gets: checkpoints built and seeks
//! made per tenth of the session, and the longest text the page holds at the start of each.
//! A cost that grows tenth after tenth is state that grows with the session.
//!
//!     cargo run --release -p tapedeck-core --example seek_profile -- FILE
use std::time::Instant;

use tapedeck_core::load::Loader;
use tapedeck_core::mirror::{Mirror, VKind};
use tapedeck_core::replay::Replay;

fn main() {
    let path = std::env::args().nth(1).expect("a recording");
    let body = std::fs::read(&path).expect("a readable file");
    let mut loader = Loader::new();
    for chunk in body.chunks(1 << 20) {
        loader.push(chunk);
    }
    drop(body);
    let loaded = loader.finish().expect("a recording that loads");
    let tenth = loaded.session.events.len().div_ceil(10);
    // Every checkpoint kept, at the first spacing: only the session's own growth shows.
    let mut replay = Replay::new(loaded.session).with_budget(usize::MAX);
    for k in 0..10 {
        let t = Instant::now();
        replay.build_ahead(tenth);
        println!(
            "tenth {k}: checkpoints built in {:>8.1} ms ({} in all)",
            t.elapsed().as_secs_f64() * 1000.0,
            replay.checkpoint_count()
        );
    }
    let d = replay.duration();
    replay.frame(0.0);
    for k in 0..10 {
        let (mut total, mut max) = (0.0, 0.0f64);
        for j in 0..20 {
            let at = (d * (k as f64 + j as f64 / 20.0) / 10.0 + 997.0).min(d);
            let t = Instant::now();
            replay.frame(at);
            let ms = t.elapsed().as_secs_f64() * 1000.0;
            total += ms;
            max = max.max(ms);
        }
        let (len, id) = longest_text(replay.state_at(d * k as f64 / 10.0));
        println!(
            "tenth {k}: 20 seeks mean {:.2} ms, max {max:.2}; longest text {len} bytes (node {id})",
            total / 20.0
        );
    }
}

/// The longest text node of the page: its length and id.
fn longest_text(m: &Mirror) -> (usize, i64) {
    let ids = m.root().map(|r| m.subtree(r)).unwrap_or_default();
    ids.into_iter()
        .filter_map(|id| match &m.node(id)?.kind {
            VKind::Text(t) => Some((t.len(), id)),
            _ => None,
        })
        .max()
        .unwrap_or((0, 0))
}
