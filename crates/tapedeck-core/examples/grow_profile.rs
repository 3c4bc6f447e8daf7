//! What one delivery of more events costs while a session streams in, as the player does it:
//! the body fed in 64 KB slices, more events taken every `EVERY` MB, each joining the session
//! (`Replay::extend`) and the analysis growing (`Analyser::read_some` reads the new events,
//! `Analyser::analyse_some` puts the rows together, 2,000 a slice). A cost that grows
//! delivery after delivery is a task that will pass 100 ms on long sessions.
//!
//!     cargo run --release -p tapedeck-core --example grow_profile -- FILE [EVERY_MB]
use std::time::Instant;

use tapedeck_core::analysis::Analyser;
use tapedeck_core::analysis::ClickOptions;
use tapedeck_core::load::Loader;
use tapedeck_core::replay::Replay;

fn main() {
    let path = std::env::args().nth(1).expect("a recording");
    let every: usize = std::env::args().nth(2).map_or(40, |s| s.parse().expect("MB")) << 20;
    let body = std::fs::read(&path).expect("a readable file");
    let mut loader = Loader::new();
    let mut replay = None;
    let mut analyser = Analyser::default();
    let options = ClickOptions::default();
    let (mut fed, mut k) = (0, 0);
    let ms = |t: Instant| t.elapsed().as_secs_f64() * 1000.0;
    for piece in body.chunks(64 << 10) {
        let t = Instant::now();
        loader.push(piece);
        let decode = ms(t);
        fed += piece.len();
        match &mut replay {
            None => {
                if let Some(loaded) = loader.take_playable() {
                    replay = Some(Replay::new(loaded.session));
                }
            }
            Some(r) if fed >= every * (k + 1) => {
                k += 1;
                let events = loader.take_events();
                let n = events.len();
                let t = Instant::now();
                r.extend(events).expect("events in order");
                let extend = ms(t);
                let t = Instant::now();
                analyser.read_some(&r.session, usize::MAX);
                let read = ms(t);
                // Put together as the player does, 2,000 rows a slice: the whole and the
                // longest slice.
                let (mut rows, mut longest, mut slices) = (0.0, 0.0f64, 0);
                let analysis = loop {
                    let t = Instant::now();
                    let done = analyser.analyse_some(&r.session, &options, 2_000);
                    let slice = ms(t);
                    rows += slice;
                    longest = longest.max(slice);
                    slices += 1;
                    if let Some(a) = done {
                        break a;
                    }
                };
                println!(
                    "delivery {k:>3}: {n:>7} events, {:>8} in all; extend {extend:>6.1} ms, analysis: read {read:>6.1} ms, rows {rows:>6.1} ms in {slices} slices (longest {longest:.1} ms; {} clicks); last 64 KB decoded in {decode:.1} ms",
                    r.session.events.len(),
                    analysis.clicks.len(),
                );
            }
            Some(_) => {}
        }
    }
}
