//! What loading and playing a recording costs natively: time, events, problems, memory.
//!
//!     cargo run --release -p tapedeck-core --example load_stats -- FILE
use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::time::Instant;

use tapedeck_core::event::EventData;
use tapedeck_core::load::split::{Piece, Splitter};
use tapedeck_core::load::{decode_event, Loader};
use tapedeck_core::replay::Replay;

struct Counting;
static NOW: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
/// Live allocations: each costs the allocator's bookkeeping beside its bytes (in wasm32's
/// dlmalloc, 4 bytes of header and a rounding to 8, at least 16 bytes a chunk).
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        let n = NOW.fetch_add(l.size(), Relaxed) + l.size();
        PEAK.fetch_max(n, Relaxed);
        LIVE.fetch_add(1, Relaxed);
        System.alloc(l)
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        NOW.fetch_sub(l.size(), Relaxed);
        LIVE.fetch_sub(1, Relaxed);
        System.dealloc(p, l)
    }
}

#[global_allocator]
static A: Counting = Counting;

fn mb(n: usize) -> String {
    format!("{:.0} MB", n as f64 / 1e6)
}

fn main() {
    let path = std::env::args().nth(1).expect("a recording");
    let body = std::fs::read(&path).unwrap();
    let base = NOW.load(Relaxed);
    let base_live = LIVE.load(Relaxed);
    PEAK.store(base, Relaxed);
    let t = Instant::now();
    let mut loader = Loader::new();
    for chunk in body.chunks(64 * 1024) {
        loader.push(chunk);
    }
    let loaded = loader.finish().unwrap();
    println!(
        "{path}: {} events, {:.1} min, loaded in {:?}; {} problems",
        loaded.session.events.len(),
        loaded.session.duration() / 60_000.0,
        t.elapsed(),
        loaded.problems.total
    );
    for p in loaded.problems.details.iter().take(5) {
        println!("  {p}");
    }
    println!(
        "  events held: {} in {} allocations (body {} not counted)",
        mb(NOW.load(Relaxed) - base),
        LIVE.load(Relaxed) - base_live,
        mb(body.len())
    );
    let t = Instant::now();
    let _index = tapedeck_core::index::SessionIndex::new(&loaded.session);
    let index_time = t.elapsed();
    let t = Instant::now();
    let before = NOW.load(Relaxed);
    let mut analyser = tapedeck_core::analysis::Analyser::default();
    let analysis = analyser.analyse(&loaded.session, &Default::default());
    let with_analyser = NOW.load(Relaxed) - before;
    let time = t.elapsed();
    // What each grow adds while the panels still hold the last analysis.
    let t = Instant::now();
    let before_again = NOW.load(Relaxed);
    let again = analyser.analyse(&loaded.session, &Default::default());
    let (again_bytes, again_time) = (NOW.load(Relaxed) - before_again, t.elapsed());
    drop((analyser, again));
    println!(
        "  whole session indexed in {index_time:?}, analysed in {time:?}: the analysis holds {}, the analyser kept {} more; analysed again in {again_time:?}, holding {} more",
        mb(NOW.load(Relaxed) - before),
        mb(with_analyser + before - NOW.load(Relaxed)),
        mb(again_bytes)
    );
    drop((_index, analysis));
    let t = Instant::now();
    // SPACING=N: checkpoints every N units of work instead of the engine's default.
    let spacing = std::env::var("SPACING").ok().and_then(|s| s.parse().ok());
    let mut replay = match spacing {
        Some(n) => Replay::with_spacing(loaded.session, n),
        None => Replay::new(loaded.session),
    };
    // BUDGET=N: at most N work checkpoints kept instead of the engine's default.
    if let Some(n) = std::env::var("BUDGET").ok().and_then(|s| s.parse().ok()) {
        replay = replay.with_budget(n);
    }
    while !replay.build_ahead(10_000) {}
    println!(
        "  checkpoints: {} (every {} units of work) built in {:?}; events + checkpoints {}; peak {}",
        replay.checkpoint_count(),
        replay.checkpoint_spacing(),
        t.elapsed(),
        mb(NOW.load(Relaxed) - base),
        mb(PEAK.load(Relaxed) - base)
    );
    println!("  apply problems: {}", replay.problems.total);
    by_kind(&body);
    let d = replay.duration();
    let mut seed = 7u64;
    let mut times = Vec::new();
    let mut patches = 0;
    replay.frame(0.0);
    for _ in 0..40 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let t = (seed >> 11) as f64 / (1u64 << 53) as f64 * d;
        let s = Instant::now();
        patches += replay.frame(t).len();
        times.push(s.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "  40 seeks (state + diff): p50 {:.1} ms, p95 {:.1} ms, {patches} patches",
        times[20], times[38]
    );
    for p in replay.problems.details.iter().take(5) {
        println!("  {p}");
    }
}

/// What each kind of event costs decoded, beside its JSON text: every event decoded again on
/// its own and the allocator's live bytes counted while the decoded events are held.
fn by_kind(body: &[u8]) {
    let mut splitter = Splitter::new();
    let mut rows: std::collections::BTreeMap<String, (usize, usize, usize)> = Default::default();
    let mut held = Vec::new();
    for chunk in body.chunks(64 * 1024) {
        splitter.push(chunk);
        for piece in splitter.drain() {
            let Piece::Event { text, .. } = piece else { continue };
            let before = NOW.load(Relaxed);
            let Ok(event) = decode_event(&text) else { continue };
            let cost = NOW.load(Relaxed) - before + std::mem::size_of_val(&event);
            let kind = match &event.data {
                EventData::Incremental(i) => i.source_name().to_owned(),
                EventData::Plugin(p) => p.plugin.clone(),
                other => other.type_name().to_owned(),
            };
            let row = rows.entry(kind).or_default();
            row.0 += 1;
            row.1 += text.len();
            row.2 += cost;
            held.push(event);
        }
    }
    println!("  decoded, by kind (count, JSON, held, ratio):");
    let mut rows: Vec<_> = rows.into_iter().collect();
    rows.sort_by_key(|r| std::cmp::Reverse(r.1 .2));
    for (kind, (n, json, cost)) in rows {
        println!(
            "    {kind:<24} {n:>8} {:>8} {:>8} {:.2}x",
            mb(json),
            mb(cost),
            cost as f64 / json as f64
        );
    }
}
