//! Every input the fuzzers ever crashed on (`fuzz/regressions/<target>/`), replayed on stable.

use std::path::PathBuf;

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

/// Runs `harness` on every kept input of `target` (there must be some).
fn replay_all(target: &str, harness: fn(&[u8])) {
    let cases = inputs(target);
    assert!(!cases.is_empty());
    for (name, data) in cases {
        eprintln!("{target}/{name}");
        harness(&data);
    }
}

#[test]
fn load_regressions_play() {
    replay_all("load", tapedeck_fuzz::load_bytes);
}

#[test]
fn apply_regressions_seek_like_linear_playback() {
    replay_all("apply", tapedeck_fuzz::apply_ops);
}

/// The harness itself finds a disagreement when there is one: a recording whose changes are
/// all applied must differ from its first frame.
#[test]
fn the_ops_harness_makes_real_changes() {
    let data: Vec<u8> = (0..400u32).map(|i| (i * 37 % 251) as u8).collect();
    let body = tapedeck_fuzz::ops_recording(&data).expect("a recording");
    let loaded = tapedeck_core::load::load(body.as_bytes()).unwrap();
    assert!(loaded.session.events.len() > 3, "{body}");
}
