//! Every bundled recording loads, and what the core finds agrees with its `.meta.json`.

use std::path::PathBuf;

use serde_json::Value;
use tapedeck_core::load::{load, Loader};

pub fn sessions_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/sessions")
}

/// (name, body bytes, meta) of every recording that has a `.meta.json`.
pub fn recordings() -> Vec<(String, Vec<u8>, Value)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(sessions_dir()).unwrap() {
        let path = entry.unwrap().path();
        let file = path.file_name().unwrap().to_str().unwrap().to_owned();
        let Some(name) = file.strip_suffix(".meta.json") else {
            continue;
        };
        let meta: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        let body = ["json", "json.gz"]
            .iter()
            .map(|ext| sessions_dir().join(format!("{name}.{ext}")))
            .find(|p| p.exists())
            .unwrap_or_else(|| panic!("no body for {name}"));
        out.push((name.to_owned(), std::fs::read(body).unwrap(), meta));
    }
    out.sort_by(|a, b| a.0.cmp(&b.0));
    assert!(out.len() >= 3, "expected the bundled recordings");
    out
}

fn expect_counts(
    name: &str,
    counts: &std::collections::BTreeMap<String, usize>,
    meta: &Value,
    key: &str,
    prefix: &str,
) {
    let expected = meta[key].as_object().unwrap();
    for (k, v) in expected {
        let k = if prefix == "type" && k == "IncrementalSnapshot" {
            "IncrementalSnapshot"
        } else {
            k
        };
        let got = counts.get(&format!("{prefix}:{k}")).copied().unwrap_or(0);
        assert_eq!(got as u64, v.as_u64().unwrap(), "{name}: {prefix} {k}");
    }
    let total_got: usize = counts
        .iter()
        .filter(|(k, _)| k.starts_with(&format!("{prefix}:")))
        .map(|(_, v)| v)
        .sum();
    let total_expected: u64 = expected.values().map(|v| v.as_u64().unwrap()).sum();
    assert_eq!(
        total_got as u64, total_expected,
        "{name}: no {prefix} that the meta does not list"
    );
}

#[test]
fn counts_agree_with_meta() {
    for (name, body, meta) in recordings() {
        let loaded = load(&body).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(loaded.problems.is_empty(), "{name}: {:?}", loaded.problems);
        let s = &loaded.session;
        assert_eq!(s.events.len() as u64, meta["eventCount"].as_u64().unwrap(), "{name}");
        assert_eq!(s.duration() as u64, meta["durationMs"].as_u64().unwrap(), "{name}");
        assert_eq!(s.start as u64, meta["firstTimestamp"].as_u64().unwrap(), "{name}");
        let counts = s.counts();
        expect_counts(&name, &counts, &meta, "countByType", "type");
        expect_counts(&name, &counts, &meta, "countByIncrementalSource", "source");
        expect_counts(&name, &counts, &meta, "countByMouseInteraction", "interaction");
        expect_counts(&name, &counts, &meta, "countByPlugin", "plugin");
        assert_eq!(
            s.pages.len() as u64,
            meta["fullSnapshotCount"].as_u64().unwrap(),
            "{name}"
        );
        let metas = meta["pages"].as_array().unwrap();
        for (n, (page, m)) in s.pages.iter().zip(metas).enumerate() {
            assert_eq!(page.href, m["href"].as_str().unwrap(), "{name}");
            assert_eq!(page.width as u64, m["width"].as_u64().unwrap(), "{name}");
            assert_eq!(s.page_of_snapshot(page.snapshot), Some(n), "{name}");
            assert_eq!(s.page_of_snapshot(page.snapshot + 1), None, "{name}");
        }
    }
}

#[test]
fn chunked_loading_gives_the_same_session() {
    for (name, body, _) in recordings() {
        let whole = load(&body).unwrap();
        for chunk in [1usize << 10, 64 << 10] {
            let mut loader = Loader::new();
            for c in body.chunks(chunk) {
                loader.push(c);
            }
            let chunked = loader.finish().unwrap();
            assert_eq!(chunked.session.events.len(), whole.session.events.len(), "{name}");
            assert_eq!(chunked.session.pages, whole.session.pages, "{name}");
        }
    }
}

#[test]
fn first_frames_rebuild_safely() {
    use tapedeck_core::event::EventData;
    use tapedeck_core::mirror::Mirror;
    for (name, body, meta) in recordings() {
        let loaded = load(&body).unwrap();
        let s = &loaded.session;
        for (page, m) in s.pages.iter().zip(meta["fullSnapshots"].as_array().unwrap()) {
            let EventData::FullSnapshot(snap) = &s.events[page.snapshot].data else {
                panic!()
            };
            let mut warnings = Vec::new();
            let mirror = Mirror::from_snapshot(&snap.node, snap.initial_offset, &mut warnings);
            assert!(warnings.is_empty(), "{name}: {warnings:?}");
            assert_eq!(snap.node.count() as u64, m["nodes"].as_u64().unwrap(), "{name}");
            let html = mirror.serialize(mirror.root().unwrap());
            assert!(!html.contains("<script"), "{name}: a live script");
            for id in mirror.subtree(mirror.root().unwrap()) {
                if let Some(e) = mirror.element(id) {
                    assert_ne!(e.tag, "script", "{name}");
                    assert!(
                        !e.attrs.iter().any(|(n, _)| n.to_ascii_lowercase().starts_with("on")),
                        "{name}: handler on {id}"
                    );
                }
            }
            // Inlined style sheets come back as <style> with their CSS.
            let inlined = m["inlinedStylesheets"].as_u64().unwrap_or(0);
            assert!(html.matches("<style").count() as u64 >= inlined, "{name}");
            assert!(html.contains("<body"), "{name}");
        }
    }
}
