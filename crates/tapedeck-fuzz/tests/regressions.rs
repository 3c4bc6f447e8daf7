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

#[test]
fn load_regressions_play() {
    let cases = inputs("load");
    assert!(!cases.is_empty());
    for (name, data) in cases {
        eprintln!("load/{name}");
        tapedeck_fuzz::load_bytes(&data);
    }
}

#[test]
fn apply_regressions_seek_like_linear_playback() {
    let cases = inputs("apply");
    assert!(!cases.is_empty());
    for (name, data) in cases {
        eprintln!("apply/{name}");
        tapedeck_fuzz::apply_ops(&data);
    }
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
