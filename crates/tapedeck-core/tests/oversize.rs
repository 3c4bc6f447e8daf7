//! Bodies bigger than the player may hold: an event over the size cap is skipped (never held),
//! and a load the player stops keeps what came before and says why.

mod events;

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use events::{meta, mutation, snapshot, text, START};
use flate2::write::GzEncoder;
use flate2::Compression;
use tapedeck_core::load::split::MAX_EVENT_BYTES;
use tapedeck_core::load::Loader;

/// The bytes this test binary holds, and their peak (tests here run one at a time: see
/// `held_at_most`).
static LIVE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);
struct Counting;

// SAFETY: every call goes to the system allocator unchanged; only sizes are counted.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, l: Layout) -> *mut u8 {
        PEAK.fetch_max(LIVE.fetch_add(l.size(), Relaxed) + l.size(), Relaxed);
        unsafe { System.alloc(l) }
    }
    unsafe fn dealloc(&self, p: *mut u8, l: Layout) {
        LIVE.fetch_sub(l.size(), Relaxed);
        unsafe { System.dealloc(p, l) }
    }
}

#[global_allocator]
static COUNTING: Counting = Counting;

/// The most bytes held more than before while `f` ran.
fn held_at_most(f: impl FnOnce()) -> usize {
    static ONE_AT_A_TIME: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let before = LIVE.load(Relaxed);
    PEAK.store(before, Relaxed);
    f();
    PEAK.load(Relaxed) - before
}

/// A body whose third event holds one string of `size` bytes, fed to `loader` a megabyte at a
/// time without ever being whole in memory; gzip-compressed on the way when `gzip`.
fn feed_with_giant(loader: &mut Loader, size: usize, gzip: bool) {
    let head = format!(
        r#"[{},{},{{"type":3,"data":{{"source":0,"texts":[{{"id":4,"value":""#,
        meta(),
        snapshot(&text(4, "before"), START + 1.0)
    );
    let tail = format!(
        r#""}}],"attributes":[],"removes":[],"adds":[]}},"timestamp":{}}},{}]"#,
        START + 2.0,
        mutation(
            r#""texts":[{"id":4,"value":"after"}],"attributes":[],"removes":[],"adds":[]"#,
            START + 3.0
        )
    );
    let chunk = vec![b'x'; 1 << 20];
    let mut parts: Vec<&[u8]> = vec![head.as_bytes()];
    parts.extend(std::iter::repeat_n(&chunk[..], size >> 20));
    parts.push(tail.as_bytes());
    if !gzip {
        parts.into_iter().for_each(|p| loader.push(p));
        return;
    }
    let mut gz = GzEncoder::new(Vec::new(), Compression::fast());
    for p in parts {
        gz.write_all(p).unwrap();
        let out = std::mem::take(gz.get_mut());
        loader.push(&out);
    }
    loader.push(&gz.finish().unwrap());
}

#[test]
fn an_event_over_256_mib_is_skipped_and_the_rest_plays() {
    for gzip in [false, true] {
        let mut loader = Loader::new();
        // A gigabyte read, less than twice the cap held (the buffer's last growth: the old
        // block and the new one, which is at most the cap).
        let held = held_at_most(|| feed_with_giant(&mut loader, 4 * MAX_EVENT_BYTES, gzip));
        assert!(held < 2 * MAX_EVENT_BYTES, "gzip {gzip}: {} MB held", held >> 20);
        let loaded = loader.finish().expect("the events around it play");
        assert_eq!(loaded.session.events.len(), 3, "meta, snapshot, the mutation after");
        assert_eq!(loaded.problems.skipped_events, 1);
        assert_eq!(
            loaded.problems.details[0].to_string(),
            "event #3: larger than 256 MB, the most one event may take: left out"
        );
        assert_eq!(loaded.problems.cut_short, None);
    }
}

#[test]
fn an_event_just_under_the_cap_is_kept() {
    let mut loader = Loader::new();
    // Its text, and the string decoded from it: twice its size, not more.
    let held = held_at_most(|| feed_with_giant(&mut loader, MAX_EVENT_BYTES - (1 << 20), false));
    assert!(held < 2 * MAX_EVENT_BYTES + (16 << 20), "{} MB held", held >> 20);
    let loaded = loader.finish().unwrap();
    assert_eq!(loaded.session.events.len(), 4);
    assert!(loaded.problems.is_empty(), "{:?}", loaded.problems);
}

/// A session of `n` mutations after its page, as JSON text.
fn session_text(n: usize) -> String {
    let mut events = vec![meta(), snapshot(&text(4, "t0"), START + 1.0)];
    for i in 1..=n {
        let data = format!(r#""texts":[{{"id":4,"value":"t{i}"}}],"attributes":[],"removes":[],"adds":[]"#);
        events.push(mutation(&data, START + 1.0 + i as f64 * 100.0));
    }
    format!("[{}]", events.join(","))
}

#[test]
fn a_stopped_load_keeps_the_events_before_and_says_why() {
    let body = session_text(50);
    // Stopped in the middle of an event: the complete ones before it are the session.
    let cut = body.find(r#""value":"t31""#).unwrap();
    for gzip in [false, true] {
        let bytes = if gzip {
            let mut gz = GzEncoder::new(Vec::new(), Compression::default());
            gz.write_all(&body.as_bytes()[..cut]).unwrap();
            gz.flush().unwrap();
            std::mem::take(gz.get_mut())
        } else {
            body.as_bytes()[..cut].to_vec()
        };
        let mut loader = Loader::new();
        loader.push(&bytes);
        loader.stop("the player holds as much as it may");
        // The first reason given stays.
        loader.stop("a later reason");
        loader.push(&body.as_bytes()[cut..]);
        let loaded = loader.finish().unwrap_or_else(|e| panic!("gzip {gzip}: {e:?}"));
        assert_eq!(loaded.session.events.len(), 2 + 30, "gzip {gzip}");
        assert_eq!(
            loaded.problems.cut_short.as_deref(),
            Some("the player holds as much as it may")
        );
        // Not reported as a truncated body or a broken gzip stream: the player chose to stop.
        assert_eq!(loaded.problems.total, 0, "{:?}", loaded.problems.details);
        assert!(!loaded.problems.is_empty());
        // The same body broken off by the network: the same events, and the break is said.
        let mut loader = Loader::new();
        loader.push(&bytes);
        let loaded = loader.finish().unwrap();
        assert_eq!(loaded.session.events.len(), 2 + 30, "gzip {gzip}");
        let said: Vec<String> = loaded.problems.details.iter().map(|p| p.to_string()).collect();
        assert!(
            said.iter().any(|p| p.contains("ends in the middle of event #33")),
            "{said:?}"
        );
        assert_eq!(
            said.iter().any(|p| p.contains("gzip stream is incomplete")),
            gzip,
            "{said:?}"
        );
        assert_eq!(loaded.problems.cut_short, None);
    }
}

#[test]
fn a_load_stopped_while_playing_gives_the_rest_before_the_stop() {
    let body = session_text(200);
    let mut loader = Loader::new();
    let (first, second) = body.as_bytes().split_at(body.len() / 2);
    loader.push(&first[..first.len() / 2]);
    let playing = loader.take_playable().expect("the page is in");
    loader.push(&first[first.len() / 2..]);
    loader.stop("stopped");
    loader.push(second);
    let rest = loader.finish_rest().unwrap();
    let kept = playing.session.events.len() + rest.events.len();
    assert!((90..=110).contains(&kept), "about half of 202 events: {kept}");
    assert_eq!(rest.problems.cut_short.as_deref(), Some("stopped"));
    // Merged into the player's problems, the reason stays (the first one given).
    let mut all = playing.problems.clone();
    all.merge(rest.problems);
    all.merge(tapedeck_core::load::Problems {
        cut_short: Some("later".into()),
        ..Default::default()
    });
    assert_eq!(all.cut_short.as_deref(), Some("stopped"));
}

#[test]
fn a_load_stopped_before_its_first_page_fails_with_the_reason() {
    let body = session_text(10);
    // A plain body stopped before its page, and a form post (read whole before it is
    // decoded: its part is dropped) stopped before its end.
    let form = format!("data={}", body.replace('[', "%5B").replace(']', "%5D"));
    for bytes in [&body.as_bytes()[..40], &form.as_bytes()[..form.len() / 2]] {
        let mut loader = Loader::new();
        loader.push(bytes);
        loader.stop("too big");
        match loader.finish() {
            Err(tapedeck_core::load::LoadError::Stopped(why)) => assert_eq!(why, "too big"),
            other => panic!("{:?}", other.map(|l| l.session.events.len())),
        }
    }
    // A body that is not a recording says so, stopped or not.
    let mut loader = Loader::new();
    loader.push(b"<!doctype html><p>Sign in");
    loader.stop("too big");
    assert!(matches!(
        loader.finish(),
        Err(tapedeck_core::load::LoadError::NotJson { .. })
    ));
    // Not stopped, the whole form post plays.
    let mut loader = Loader::new();
    loader.push(form.as_bytes());
    assert_eq!(loader.finish().unwrap().session.events.len(), 12);
}
