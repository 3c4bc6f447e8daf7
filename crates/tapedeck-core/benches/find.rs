//! Find's figures, natively: the screen index built as a loading session grows (in slices of
//! 1,000 events), its memory beside the events' own, and 20 queries.
//!
//!     cargo bench -p tapedeck-core --bench find [-- path/to/session.json ...]
//!
//! Without paths: monaco-long, and the one-hour session when `target/huge/huge-1h.json` exists
//! (`node scripts/make-huge-session.mjs`). Memory is measured by counting the allocator's live
//! bytes, not estimated.

use std::alloc::{GlobalAlloc, Layout, System};
use std::path::PathBuf;
use std::sync::atomic::{AtomicIsize, Ordering};
use std::time::Instant;

use tapedeck_core::analysis::{Analysis, ClickOptions};
use tapedeck_core::find::{Finder, Query, ScreenIndex};
use tapedeck_core::load::load;

struct Counting;

static LIVE: AtomicIsize = AtomicIsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        LIVE.fetch_add(l.size() as isize, Ordering::Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size() as isize, Ordering::Relaxed);
        unsafe { System.dealloc(p, l) }
    }
    unsafe fn realloc(&self, p: *mut u8, l: Layout, new: usize) -> *mut u8 {
        LIVE.fetch_add(new as isize - l.size() as isize, Ordering::Relaxed);
        unsafe { System.realloc(p, l, new) }
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

fn live() -> f64 {
    LIVE.load(Ordering::Relaxed) as f64 / 1e6
}

mod common;
use common::{ms, spread};

/// 20 queries: words and phrases taken from the session's own screen text and console (spread
/// over the session), filters, a word found nowhere, and one letter (matches almost everything).
fn queries(screen: &ScreenIndex, analysis: &Analysis) -> Vec<String> {
    let mut q = Vec::new();
    let n = screen.texts().max(1);
    let mut k = 0;
    while q.len() < 10 && k < 400 {
        let text = screen.text(((k * 7919) % n) as u32);
        k += 1;
        if let Some(w) = text
            .split_whitespace()
            .filter(|w| w.chars().all(char::is_alphanumeric))
            .max_by_key(|w| w.len())
        {
            if w.len() >= 4 && !q.contains(&w.to_owned()) {
                q.push(w.to_owned());
            }
        }
    }
    if let Some(t) = (0..n)
        .map(|i| screen.text(i as u32))
        .find(|t| t.split(' ').count() >= 3)
    {
        q.push(format!("\"{}\"", t.split(' ').take(3).collect::<Vec<_>>().join(" ")));
    }
    if let Some(c) = analysis
        .console
        .iter()
        .find(|c| &*c.level == "error")
        .or(analysis.console.first())
    {
        q.push(c.message().split_whitespace().take(2).collect::<Vec<_>>().join(" "));
    }
    q.extend(
        [
            "status:5xx",
            "level:error",
            "in:pages http",
            "in:network api",
            "in:activity button",
            "zzqxv-nowhere",
            "e",
            "in:screen the",
        ]
        .map(str::to_owned),
    );
    q.truncate(20);
    q
}

fn bench(path: &PathBuf) {
    let name = path.file_name().unwrap().to_string_lossy().into_owned();
    let bytes = std::fs::read(path).unwrap();
    let before = live();
    let session = load(&bytes).unwrap().session;
    drop(bytes);
    let events_mb = live() - before;
    let t = Instant::now();
    let before = live();
    let mut screen = ScreenIndex::new();
    let mut slices = Vec::new();
    loop {
        let s = Instant::now();
        let done = screen.extend(&session, 1_000);
        slices.push(ms(s));
        if done {
            break;
        }
    }
    let built = ms(t);
    let screen_mb = live() - before;
    let analysis = Analysis::new(&session, &ClickOptions::default());
    let before = live();
    let t = Instant::now();
    let finder = Finder::new(&session, &analysis, &screen);
    let finder_ms = ms(t);
    // Built again as a growing session's analysis is (the first build above pays for the
    // allocator's first touch of fresh memory).
    let t = Instant::now();
    drop(Finder::new(&session, &analysis, &screen));
    let again_ms = ms(t);
    let finder_mb = live() - before;
    let index_mb = screen_mb + finder_mb;
    println!(
        "{name}: {} events, {} pages, events {events_mb:.1} MB in memory",
        session.events.len(),
        session.pages.len()
    );
    println!(
        "  screen index: built in {built:.0} ms ({} slices of 1,000 events: {}), {} texts, {} appearances, {screen_mb:.1} MB",
        slices.len(),
        spread(slices),
        screen.texts(),
        screen.appearances.len()
    );
    println!(
        "  panel rows ({} console, {} network, {} activity): {finder_ms:.1} ms first, {again_ms:.1} ms again, {finder_mb:.1} MB",
        analysis.console.len(),
        analysis.network.len(),
        analysis.activity.len()
    );
    println!(
        "  index memory: {index_mb:.1} MB = {:.1} % of the events' memory (bar: 25 %)",
        100.0 * index_mb / events_mb
    );
    let qs = queries(&screen, &analysis);
    let mut times = Vec::new();
    for q in &qs {
        let mut best = f64::INFINITY;
        let mut found = 0;
        for _ in 0..3 {
            let t = Instant::now();
            let r = finder.search(&screen, &Query::parse(q));
            best = best.min(ms(t));
            found = r.total();
        }
        println!("    {q:<40} {found:>7} results  {best:>7.2} ms");
        times.push(best);
    }
    println!("  {} queries: {} (bar: p95 ≤ 30 ms)", qs.len(), spread(times));
}

fn main() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut paths: Vec<PathBuf> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .map(PathBuf::from)
        .collect();
    if paths.is_empty() {
        paths.push(root.join("public/sessions/monaco-long.json.gz"));
        let huge = root.join("target/huge/huge-1h.json");
        if huge.exists() {
            paths.push(huge);
        } else {
            println!("(no target/huge/huge-1h.json: `node scripts/make-huge-session.mjs` makes the one-hour session)");
        }
    }
    for p in &paths {
        bench(p);
    }
}
