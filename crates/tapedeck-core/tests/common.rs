//! Shared helpers of the core's integration tests.
#![allow(dead_code)]

use std::path::PathBuf;

use serde_json::Value;
use tapedeck_core::mirror::{Mirror, VKind};

pub fn sessions_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../public/sessions")
}

/// (name, body bytes, meta) of every bundled recording that has a `.meta.json`.
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

/// The whole state of a mirror as text: the DOM, element state, page state.
pub fn fingerprint(m: &Mirror) -> String {
    let mut s = m.serialize(m.root().unwrap());
    for id in m.subtree(m.root().unwrap()) {
        match &m.node(id).unwrap().kind {
            VKind::Element(e) => {
                let st = &e.state;
                if st != &Default::default() {
                    let canvas = st.canvas.as_ref().map(|c| c.last.len);
                    s.push_str(&format!(
                        "\n#{id} scroll={:?} value={:?} checked={:?} media={:?} image={} canvas={canvas:?}",
                        st.scroll,
                        st.value,
                        st.checked,
                        st.media,
                        st.image.as_ref().map_or(0, |i| i.len())
                    ));
                }
            }
            VKind::Document { scroll: Some(sc), .. } => s.push_str(&format!("\n#{id} doc scroll={sc:?}")),
            _ => {}
        }
    }
    s.push_str(&format!("\n{:?}", m.page));
    s
}

#[allow(unused_imports)]
pub use tapedeck_core::mirror::sim::SimDom;
