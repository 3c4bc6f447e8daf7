//! Shared helpers of the core's integration tests.
#![allow(dead_code)]

use std::collections::HashMap;
use std::path::PathBuf;

use serde_json::Value;
use tapedeck_core::event::NodeId;
use tapedeck_core::mirror::{escape, Mirror, Patch, VKind};

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

/// A stand-in for the browser DOM: applies patches exactly as the renderer must.
#[derive(Default)]
pub struct SimDom {
    nodes: HashMap<NodeId, SimNode>,
    root: Option<NodeId>,
}

#[derive(Clone)]
struct SimNode {
    tag: String,
    attrs: Vec<(String, String)>,
    text: Option<String>,
    children: Vec<NodeId>,
    parent: Option<NodeId>,
    shadow: bool,
}

impl SimDom {
    fn create(&mut self, m: &Mirror, id: NodeId) {
        let n = m.node(id).unwrap();
        let (tag, attrs, text) = match &n.kind {
            VKind::Element(e) => (e.tag.clone(), e.attrs.clone(), None),
            VKind::Text(t) => ("#text".into(), vec![], Some(t.clone())),
            VKind::Comment(t) => ("#comment".into(), vec![], Some(t.clone())),
            VKind::CData => ("#cdata".into(), vec![], None),
            VKind::DocType { name, .. } => (format!("!{name}"), vec![], None),
            VKind::Document { .. } => ("#document".into(), vec![], None),
        };
        self.nodes.insert(
            id,
            SimNode {
                tag,
                attrs,
                text,
                children: vec![],
                parent: None,
                shadow: n.in_shadow,
            },
        );
    }

    fn detach(&mut self, id: NodeId) {
        if let Some(p) = self.nodes.get(&id).and_then(|n| n.parent) {
            if let Some(pn) = self.nodes.get_mut(&p) {
                pn.children.retain(|c| *c != id);
            }
        }
        if let Some(n) = self.nodes.get_mut(&id) {
            n.parent = None;
        }
    }

    pub fn apply(&mut self, m: &Mirror, patches: &[Patch]) {
        for p in patches {
            match p {
                Patch::Rebuild => {
                    self.nodes.clear();
                    let root = m.root().unwrap();
                    self.root = Some(root);
                    for id in m.subtree(root) {
                        self.create(m, id);
                    }
                    for id in m.subtree(root) {
                        let children = m.node(id).unwrap().children.clone();
                        for c in &children {
                            self.nodes.get_mut(c).unwrap().parent = Some(id);
                        }
                        self.nodes.get_mut(&id).unwrap().children = children;
                    }
                }
                Patch::Remove(id) => {
                    self.detach(*id);
                    self.nodes.remove(id);
                }
                Patch::Create(id) => self.create(m, *id),
                Patch::Attrs { id, set, remove } => {
                    let n = self.nodes.get_mut(id).expect("attrs on a rendered node");
                    n.attrs.retain(|(k, _)| !remove.contains(k));
                    for (k, v) in set {
                        match n.attrs.iter_mut().find(|(a, _)| a == k) {
                            Some((_, old)) => *old = v.clone(),
                            None => n.attrs.push((k.clone(), v.clone())),
                        }
                    }
                }
                Patch::Text(id, t) => self.nodes.get_mut(id).expect("text of a rendered node").text = Some(t.clone()),
                Patch::Children(id) => {
                    let wanted: Vec<NodeId> = m
                        .node(*id)
                        .unwrap()
                        .children
                        .iter()
                        .copied()
                        .filter(|c| self.nodes.contains_key(c))
                        .collect();
                    for c in &wanted {
                        self.detach(*c);
                        self.nodes.get_mut(c).unwrap().parent = Some(*id);
                    }
                    let old = std::mem::take(&mut self.nodes.get_mut(id).unwrap().children);
                    for c in old {
                        if !wanted.contains(&c) {
                            if let Some(n) = self.nodes.get_mut(&c) {
                                n.parent = None;
                            }
                        }
                    }
                    self.nodes.get_mut(id).unwrap().children = wanted;
                }
                Patch::State(_) | Patch::Page => {}
            }
        }
    }

    /// Serialised like `Mirror::serialize` (element state aside).
    pub fn serialize(&self) -> String {
        let mut out = String::new();
        if let Some(r) = self.root {
            self.write(r, &mut out);
        }
        out
    }

    fn write(&self, id: NodeId, out: &mut String) {
        let n = &self.nodes[&id];
        let mut close = String::new();
        match n.tag.as_str() {
            "#document" => {
                if n.parent.is_some() {
                    out.push_str("<#document>");
                    close = "</#document>".into();
                }
            }
            "#text" => escape(n.text.as_deref().unwrap_or(""), out),
            "#comment" => {
                out.push_str("<!--");
                escape(n.text.as_deref().unwrap_or(""), out);
                out.push_str("-->");
            }
            "#cdata" => {}
            t if t.starts_with('!') => out.push_str(&format!("<!DOCTYPE {}>", &t[1..])),
            t => {
                out.push('<');
                out.push_str(t);
                let mut attrs = n.attrs.clone();
                attrs.sort();
                for (k, v) in attrs {
                    out.push_str(&format!(" {k}=\""));
                    escape(&v, out);
                    out.push('"');
                }
                out.push('>');
                close = format!("</{t}>");
            }
        }
        let shadow: Vec<_> = n.children.iter().filter(|c| self.nodes[c].shadow).collect();
        if !shadow.is_empty() {
            out.push_str("<#shadow>");
            for c in shadow {
                self.write(*c, out);
            }
            out.push_str("</#shadow>");
        }
        for c in n.children.iter().filter(|c| !self.nodes[c].shadow) {
            self.write(*c, out);
        }
        out.push_str(&close);
    }
}
