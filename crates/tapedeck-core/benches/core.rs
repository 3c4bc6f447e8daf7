//! Core-only figures, natively: events applied per second (criterion), and for the longest
//! recording the memory its checkpoints take and the cost of a seek (restore + apply + diff).
//!
//!     cargo bench -p tapedeck-core --bench core

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use tapedeck_core::event::EventData;
use tapedeck_core::load::load;
use tapedeck_core::mirror::Mirror;
use tapedeck_core::replay::Replay;
use tapedeck_core::session::Session;

/// Counts live heap bytes, to weigh checkpoints.
struct Counting;
static LIVE: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        LIVE.fetch_add(layout.size(), Ordering::Relaxed);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.dealloc(ptr, layout) }
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        LIVE.fetch_add(new_size, Ordering::Relaxed);
        LIVE.fetch_sub(layout.size(), Ordering::Relaxed);
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

const RECORDINGS: [&str; 3] = ["buggy-checkout.json", "rust-book.json", "monaco-long.json.gz"];

fn session(file: &str) -> Session {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../public/sessions")
        .join(file);
    load(&std::fs::read(path).unwrap()).unwrap().session
}

/// Applies every event once, in order (a fresh mirror at each full snapshot).
fn apply_all(s: &Session) -> usize {
    let mut mirror: Option<Mirror> = None;
    let mut warnings = Vec::new();
    for e in &s.events {
        match &e.data {
            EventData::FullSnapshot(snap) => {
                mirror = Some(Mirror::from_snapshot(&snap.node, snap.initial_offset, &mut warnings))
            }
            EventData::Incremental(inc) => {
                if let Some(m) = &mut mirror {
                    m.apply(inc, e.timestamp, &mut warnings);
                }
            }
            _ => {}
        }
    }
    mirror.map_or(0, |m| m.len())
}

fn throughput(c: &mut Criterion) {
    let mut group = c.benchmark_group("apply every event");
    group.sample_size(10);
    for file in RECORDINGS {
        let s = session(file);
        group.throughput(Throughput::Elements(s.events.len() as u64));
        group.bench_function(file, |b| b.iter(|| apply_all(&s)));
    }
    group.finish();
}

fn checkpoints_and_seeks(_: &mut Criterion) {
    let file = RECORDINGS[2];
    let s = session(file);
    let events = s.events.len();
    let before = LIVE.load(Ordering::Relaxed);
    let mut replay = Replay::new(s);
    let first = LIVE.load(Ordering::Relaxed);
    let t = Instant::now();
    while !replay.build_ahead(10_000) {}
    let build = t.elapsed();
    let after = LIVE.load(Ordering::Relaxed);
    let d = replay.duration();
    let mut seed = 7u64;
    let mut times = Vec::new();
    for _ in 0..40 {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        let target = (seed >> 11) as f64 / (1u64 << 53) as f64 * d;
        let t = Instant::now();
        let patches = replay.frame(target);
        std::hint::black_box(patches);
        times.push(t.elapsed().as_secs_f64() * 1000.0);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "\n{file}: {events} events; first frame state {:.1} MB; all {} checkpoints built in {:.0} ms, holding {:.1} MB more",
        (first - before) as f64 / 1e6,
        replay.checkpoint_count(),
        build.as_secs_f64() * 1000.0,
        (after as f64 - first as f64) / 1e6
    );
    println!(
        "native seek (restore + apply + diff) over 40 targets: p50 {:.2} ms, p95 {:.2} ms, max {:.2} ms\n",
        times[20], times[37], times[39]
    );
}

criterion_group!(benches, throughput, checkpoints_and_seeks);
criterion_main!(benches);
