//! A stand-in for the browser DOM, for tests and fuzzing: it applies patches exactly as the
//! renderer must, so that "the patches turn the shown DOM into the target" can be checked
//! natively, on every recording and on fuzzed input.

use std::collections::HashMap;

use super::{escape, Mirror, Patch, VKind};
use crate::event::NodeId;

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
    /// Element state shown (value, checked, media, bitmaps); `None` is an element's default.
    state: Option<String>,
}

/// The element state a `State` patch shows, as text (`None`: the element's default).
fn state_of(m: &Mirror, id: NodeId) -> Option<String> {
    match &m.node(id)?.kind {
        VKind::Element(e) => {
            let s = &e.state;
            let key = (
                &s.value,
                s.checked,
                &s.media,
                s.image.as_ref().map(|i| i.len()),
                s.canvas.as_ref().map(|c| c.last.len),
            );
            (key != (&None, None, &None, None, None)).then(|| format!("{key:?}"))
        }
        _ => None,
    }
}

impl SimDom {
    fn create(&mut self, m: &Mirror, id: NodeId) {
        let n = m.node(id).unwrap();
        let (tag, attrs, text) = match &n.kind {
            VKind::Element(e) => (
                e.tag.to_string(),
                e.attrs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
                None,
            ),
            VKind::Text(t) => ("#text".into(), vec![], Some(t.to_string())),
            VKind::Comment(t) => ("#comment".into(), vec![], Some(t.to_string())),
            VKind::CData => ("#cdata".into(), vec![], None),
            VKind::DocType(t) => (format!("!{}", t.name), vec![], None),
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
                state: None,
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
                    self.root = m.root();
                    let Some(root) = m.root() else { continue };
                    for id in m.subtree(root) {
                        self.create(m, id);
                    }
                    for id in m.subtree(root) {
                        self.nodes.get_mut(&id).unwrap().state = state_of(m, id);
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
                Patch::Reuse { from, to } => {
                    let mut n = self.nodes.remove(from).expect("reuse of a rendered node");
                    assert!(!self.nodes.contains_key(to), "reuse as {to}: already rendered");
                    if let Some(p) = n.parent.and_then(|p| self.nodes.get_mut(&p)) {
                        for c in p.children.iter_mut().filter(|c| **c == *from) {
                            *c = *to;
                        }
                    }
                    for c in &n.children {
                        if let Some(cn) = self.nodes.get_mut(c) {
                            cn.parent = Some(*to);
                        }
                    }
                    n.shadow = m.node(*to).unwrap().in_shadow;
                    self.nodes.insert(*to, n);
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
                Patch::State(id) => {
                    if let Some(n) = self.nodes.get_mut(id) {
                        n.state = state_of(m, *id);
                    }
                }
                Patch::Page => {}
            }
        }
    }

    /// Checks that every node of `m` is shown under its own id with its state, and nothing else
    /// is shown.
    pub fn check_nodes(&self, m: &Mirror) -> Result<(), String> {
        let Some(root) = m.root() else { return Ok(()) };
        let mut count = 0;
        let mut stack = vec![root];
        while let Some(id) = stack.pop() {
            count += 1;
            let shown = self.nodes.get(&id).ok_or(format!("node {id} is not shown"))?;
            let want = m.node(id).unwrap();
            if shown.children != want.children {
                return Err(format!(
                    "node {id}: children {:?}, want {:?}",
                    shown.children, want.children
                ));
            }
            if shown.state != state_of(m, id) {
                return Err(format!(
                    "node {id}: state {:?}, want {:?}",
                    shown.state,
                    state_of(m, id)
                ));
            }
            stack.extend(&shown.children);
        }
        if count != m.subtree(root).len() {
            return Err(format!("{count} nodes shown, the mirror has {}", m.subtree(root).len()));
        }
        Ok(())
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
                if crate::sanitize::is_style_tag(t) {
                    // The player shows a `<style>`'s own texts as its one text (`Mirror::serialize`).
                    for c in &n.children {
                        if self.nodes[c].tag == "#text" {
                            escape(self.nodes[c].text.as_deref().unwrap_or(""), out);
                        }
                    }
                    out.push_str(&format!("</{t}>"));
                    return;
                }
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
