//! Taking a moment elsewhere: a clip (a time range as a self-contained rrweb recording), the
//! page at a moment as one static HTML file, and a bug report in Markdown.

mod report;
mod snapshot;

use std::collections::HashSet;

use serde_json::{json, Value};

use crate::event::{Event, EventData, Incremental, NodeId};
use crate::mirror::VKind;
use crate::node::{AttrValue, NodeKind, SerializedNode};
use crate::replay::Replay;
use crate::text::Text;

pub use report::{bug_report, ReportInput};
pub use snapshot::serialize_page;

/// What a clip hides.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Mask {
    /// Every text on the page (and the attributes people read) as `*`, as rrweb's
    /// `maskAllText` does.
    pub text: bool,
    /// Every input's value as `*`, as rrweb's `maskAllInputs` does.
    pub inputs: bool,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct ClipOptions {
    pub mask: Mask,
    /// Requests keep their URL, method, status and headers, not their bodies.
    pub drop_bodies: bool,
}

/// A clip: the recording's text and what it holds.
#[derive(Debug, Clone, PartialEq)]
pub struct Clip {
    pub json: String,
    pub events: usize,
    /// The range, offsets in ms from the session start.
    pub from: f64,
    pub to: f64,
}

/// The custom event that ends a clip (at the end of its range, so that it lasts the range).
pub const CLIP_TAG: &str = "tapedeck-clip";

/// Characters replaced by `*`, spaces kept.
pub fn masked(s: &str) -> String {
    s.chars().map(|c| if c.is_whitespace() { c } else { '*' }).collect()
}

/// Attributes whose text a user reads: masked with the page's text.
pub(crate) const TEXT_ATTRIBUTES: [&str; 4] = ["placeholder", "title", "alt", "aria-label"];

/// The range `from`..`to` (offsets, ms) of the session as a recording of its own: a Meta and a
/// full snapshot of the page at `from` (written from the mirror, same node ids; recorded
/// iframes' documents attached right after), every event of the range (console and network
/// included), and a closing custom event at `to`.
pub fn clip(replay: &mut Replay, from: f64, to: f64, o: ClipOptions) -> Result<Clip, String> {
    let duration = replay.duration();
    let (from, to) = (from.clamp(0.0, duration), to.clamp(0.0, duration));
    if to.partial_cmp(&from) != Some(std::cmp::Ordering::Greater) {
        return Err(format!(
            "a clip needs an end after its start ({from:.0} ms → {to:.0} ms)"
        ));
    }
    let start = replay.session.start;
    let (t0, t1) = (start + from, start + to);
    let page = replay.index.page_at(from);
    let href = replay.index.pages.get(page).map(|p| p.href.clone()).unwrap_or_default();
    let m = replay.state_at(from).clone();
    let (doc, frames) = serialize_page(&m, o.mask).ok_or("the session shows no page at the clip's start")?;
    let (left, top) = m
        .root()
        .and_then(|r| match m.node(r)?.kind {
            VKind::Document { scroll, .. } => scroll,
            _ => None,
        })
        .unwrap_or((0.0, 0.0));
    let (width, height) = m.page.viewport;
    let mut out: Vec<String> = Vec::new();
    let push = |out: &mut Vec<String>, v: Value| out.push(v.to_string());
    push(
        &mut out,
        json!({"type": 4, "data": {"href": href, "width": width, "height": height}, "timestamp": t0}),
    );
    push(
        &mut out,
        json!({"type": 2, "data": {"node": doc, "initialOffset": {"left": left, "top": top}}, "timestamp": t0}),
    );
    for (iframe, d) in frames {
        push(
            &mut out,
            json!({"type": 3, "data": {"source": 0, "texts": [], "attributes": [], "removes": [],
                "adds": [{"parentId": iframe, "nextId": null, "node": d}], "isAttachIframe": true}, "timestamp": t0}),
        );
    }
    // Constructed style sheets adopted by the documents and shadow roots then.
    for (host, ids) in &m.page.adopted {
        let styles: Vec<Value> = ids
            .iter()
            .filter_map(|sid| {
                let rules = m.page.sheets.get(sid)?;
                let rules: Vec<Value> = rules
                    .iter()
                    .enumerate()
                    .map(|(i, r)| json!({"rule": r, "index": i}))
                    .collect();
                Some(json!({"styleId": sid, "rules": rules}))
            })
            .collect();
        push(
            &mut out,
            json!({"type": 3, "data": {"source": 15, "id": host, "styleIds": ids, "styles": styles}, "timestamp": t0}),
        );
    }
    // Custom elements the page had defined by then (their `:defined` styles).
    for name in &m.page.defined {
        push(
            &mut out,
            json!({"type": 3, "data": {"source": 16, "define": {"name": name}}, "timestamp": t0}),
        );
    }
    // Text nodes of `<style>`s and scripts: their text is never masked.
    let mut raw_texts: HashSet<NodeId> = HashSet::new();
    if o.mask.text {
        for id in m.root().map(|r| m.subtree(r)).unwrap_or_default() {
            if let Some(e) = m.element(id) {
                if matches!(e.tag.to_ascii_lowercase().as_str(), "style" | "script" | "template") {
                    raw_texts.extend(m.node(id).map(|n| n.children.clone()).unwrap_or_default());
                }
            }
        }
    }
    let events = &replay.session.events;
    let first = events.partition_point(|e| e.timestamp <= t0);
    // What the page had loaded and drawn by then, which no snapshot holds: its fonts (the
    // page's Font events before the range) and each canvas's drawing since its image.
    let page_first = replay.session.pages.get(page).map_or(first, |p| p.first.min(first));
    for e in events.range(page_first..first) {
        if let EventData::Incremental(inc @ Incremental::Font(_)) = &e.data {
            if let Some(v) = incremental_value(inc, o, &mut raw_texts) {
                push(&mut out, json!({"type": 3, "data": v, "timestamp": t0}));
            }
        }
    }
    for id in m.root().map(|r| m.subtree(r)).unwrap_or_default() {
        let Some(log) = m.element(id).and_then(|e| e.state.canvas.as_ref()) else {
            continue;
        };
        for entry in log.entries().1 {
            if let Ok(mut v) = serde_json::to_value(&*entry.mutation) {
                if let Some(obj) = v.as_object_mut() {
                    obj.insert("source".to_owned(), 9.into());
                }
                push(&mut out, json!({"type": 3, "data": v, "timestamp": t0}));
            }
        }
    }
    for e in events.range(first..).take_while(|e| e.timestamp <= t1) {
        if let Some(v) = event_value(e, o, &mut raw_texts) {
            push(&mut out, v);
        }
    }
    push(
        &mut out,
        json!({"type": 5, "data": {"tag": CLIP_TAG, "payload": {"from": from, "to": to, "href": replay.index.pages.get(page).map(|p| p.href.clone())}}, "timestamp": t1}),
    );
    let total = out.len();
    let mut json = String::with_capacity(out.iter().map(|s| s.len() + 2).sum::<usize>() + 4);
    json.push_str("[\n");
    json.push_str(&out.join(",\n"));
    json.push_str("\n]\n");
    Ok(Clip {
        json,
        events: total,
        from,
        to,
    })
}

/// One event as rrweb JSON, masked and stripped as `o` says.
fn event_value(e: &Event, o: ClipOptions, raw_texts: &mut HashSet<NodeId>) -> Option<Value> {
    let data = match &e.data {
        EventData::DomContentLoaded | EventData::Load => json!({}),
        EventData::FullSnapshot(f) => {
            // A new page numbers its nodes anew.
            raw_texts.clear();
            let mut f = (**f).clone();
            mask_node(&mut f.node, o.mask, false, raw_texts);
            serde_json::to_value(&f).ok()?
        }
        EventData::Incremental(inc) => incremental_value(inc, o, raw_texts)?,
        EventData::Meta(m) => serde_json::to_value(m).ok()?,
        EventData::Custom(c) => {
            let mut payload = parse(c.payload.get())?;
            if o.drop_bodies && c.tag == "performanceSpan" {
                for side in ["request", "response"] {
                    if let Some(obj) = payload
                        .pointer_mut(&format!("/data/{side}"))
                        .and_then(Value::as_object_mut)
                    {
                        obj.remove("body");
                        if let Some(h) = obj.get_mut("headers") {
                            drop_secret_headers(h);
                        }
                    }
                }
            }
            json!({"tag": c.tag, "payload": payload})
        }
        EventData::Plugin(p) => {
            let mut payload = parse(p.payload.get())?;
            if o.drop_bodies && p.plugin.starts_with("rrweb/network") {
                if let Some(reqs) = payload.pointer_mut("/requests").and_then(Value::as_array_mut) {
                    for r in reqs.iter_mut().filter_map(Value::as_object_mut) {
                        r.remove("requestBody");
                        r.remove("responseBody");
                        for h in ["requestHeaders", "responseHeaders"] {
                            if let Some(h) = r.get_mut(h) {
                                drop_secret_headers(h);
                            }
                        }
                    }
                }
            }
            json!({"plugin": p.plugin, "payload": payload})
        }
        EventData::Asset(raw) => parse(raw.get())?,
    };
    Some(json!({"type": e.data.type_number(), "data": data, "timestamp": e.timestamp}))
}

fn incremental_value(inc: &Incremental, o: ClipOptions, raw_texts: &mut HashSet<NodeId>) -> Option<Value> {
    let mask = o.mask;
    let mut v = match inc {
        Incremental::Mutation(m) => {
            let mut m = (**m).clone();
            if mask.text || mask.inputs {
                for a in &mut m.adds {
                    let parent_raw = raw_texts.contains(&a.parent_id);
                    mask_node(&mut a.node, mask, parent_raw, raw_texts);
                }
                for t in &mut m.texts {
                    if mask.text && !raw_texts.contains(&t.id) {
                        t.value = t.value.as_deref().map(masked);
                    }
                }
                for a in &mut m.attributes {
                    mask_attrs(&mut a.attributes, mask, true);
                }
            }
            serde_json::to_value(&m).ok()?
        }
        Incremental::MouseMove(p) | Incremental::TouchMove(p) | Incremental::Drag(p) => serde_json::to_value(p).ok()?,
        Incremental::MouseInteraction(x) => serde_json::to_value(x).ok()?,
        Incremental::Scroll(x) => serde_json::to_value(x).ok()?,
        Incremental::ViewportResize(x) => serde_json::to_value(x).ok()?,
        Incremental::Input(i) => {
            let mut i = i.clone();
            if mask.inputs || mask.text {
                i.text = masked(&i.text);
            }
            serde_json::to_value(&i).ok()?
        }
        Incremental::MediaInteraction(x) => serde_json::to_value(x).ok()?,
        Incremental::StyleSheetRule(x) => serde_json::to_value(x).ok()?,
        Incremental::CanvasMutation(x) => serde_json::to_value(&**x).ok()?,
        Incremental::Font(x) => serde_json::to_value(x).ok()?,
        Incremental::Log(raw) => parse(raw.get())?,
        Incremental::StyleDeclaration(x) => serde_json::to_value(x).ok()?,
        Incremental::Selection(x) => serde_json::to_value(x).ok()?,
        Incremental::AdoptedStyleSheet(x) => serde_json::to_value(x).ok()?,
        Incremental::CustomElement(x) => serde_json::to_value(x).ok()?,
    };
    v.as_object_mut()?
        .insert("source".to_owned(), inc.source_number().into());
    Some(v)
}

/// Recorded JSON, however deep (the loader has already bounded it).
fn parse(raw: &str) -> Option<Value> {
    let mut de = serde_json::Deserializer::from_str(raw);
    de.disable_recursion_limit();
    serde::Deserialize::deserialize(&mut de).ok()
}

/// Headers that carry credentials: dropped with the bodies.
const SECRET_HEADERS: [&str; 5] = [
    "authorization",
    "proxy-authorization",
    "cookie",
    "set-cookie",
    "x-api-key",
];

fn drop_secret_headers(h: &mut Value) {
    if let Some(map) = h.as_object_mut() {
        map.retain(|k, _| !SECRET_HEADERS.contains(&k.to_ascii_lowercase().as_str()));
    }
}

/// Masks a serialized subtree in place (iteratively: added subtrees may be deep).
fn mask_node(root: &mut SerializedNode, mask: Mask, raw_parent: bool, raw_texts: &mut HashSet<NodeId>) {
    if !(mask.text || mask.inputs) {
        return;
    }
    // (node, under a style or script, under a textarea)
    let mut stack: Vec<(&mut SerializedNode, bool, bool)> = vec![(root, raw_parent, false)];
    while let Some((n, raw, field)) = stack.pop() {
        let id = n.id;
        match &mut n.kind {
            NodeKind::Text { text, is_style } => {
                if raw || *is_style {
                    raw_texts.insert(id);
                } else if mask.text || field {
                    *text = masked(text).into();
                }
            }
            NodeKind::Element(e) => {
                let tag = e.tag.to_ascii_lowercase();
                let raw_here = matches!(tag.as_str(), "style" | "script" | "template");
                if raw_here {
                    raw_texts.insert(id);
                }
                let input = matches!(tag.as_str(), "input" | "textarea" | "select" | "option");
                mask_attrs(&mut e.attributes, mask, input);
                let field = field || (mask.inputs && tag == "textarea");
                for c in e.children.iter_mut() {
                    stack.push((c, raw_here, field));
                }
            }
            NodeKind::Document(d) => {
                for c in d.children.iter_mut() {
                    stack.push((c, false, false));
                }
            }
            _ => {}
        }
    }
}

pub(crate) fn mask_attrs(attrs: &mut [(Text, AttrValue)], mask: Mask, input: bool) {
    for (k, v) in attrs.iter_mut() {
        let lower = k.to_ascii_lowercase();
        let hide = (mask.text && TEXT_ATTRIBUTES.contains(&lower.as_str()))
            || ((mask.inputs || mask.text) && input && lower == "value");
        if hide {
            if let AttrValue::Str(s) = v {
                *s = masked(s.as_str()).into();
            }
        }
    }
}

/// The page at `ms` (offset) as one static HTML file: the sanitised mirror (scripts inert,
/// handlers gone), its styles inline as recorded, and a policy that lets nothing run or be
/// sent — images and fonts load from their (absolute) URLs only when `remote` allows.
pub fn moment_html(replay: &mut Replay, ms: f64, remote: bool) -> Option<String> {
    let start = replay.session.start;
    let page = replay.index.page_at(ms);
    let href = replay.index.pages.get(page).map(|p| p.href.clone()).unwrap_or_default();
    let m = replay.state_at(ms).clone();
    let root = m.root()?;
    let html_el = m
        .node(root)?
        .children
        .iter()
        .copied()
        .find(|c| m.element(*c).is_some())?;
    let assets = if remote { "data: blob: http: https:" } else { "data:" };
    let csp = format!(
        "default-src 'none'; style-src 'unsafe-inline' {assets}; img-src {assets}; font-src {assets}; media-src {assets}; form-action 'none'; base-uri 'none'"
    );
    let body = crate::inspect::outer_html(&m, html_el);
    // The charset and the policy come first, before `<html>`: the parser puts them in the head
    // whatever the recorded page holds, so the policy applies to all of it.
    let note = format!("Saved by Tapedeck: {} at {} ms", href, (ms + start).round())
        .replace("--", "- -")
        .replace('>', "&gt;");
    Some(format!(
        "<!DOCTYPE html>\n<meta charset=\"utf-8\"><meta http-equiv=\"Content-Security-Policy\" content=\"{}\"><!-- {note} -->\n{body}\n",
        esc(&csp)
    ))
}

fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    crate::mirror::escape(s, &mut out);
    out
}
