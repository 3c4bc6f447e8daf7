//! The mirror at a moment written back as rrweb serialized nodes, with the same node ids, so
//! the events after that moment apply to it in any rrweb player.

use crate::event::NodeId;
use crate::mirror::{Mirror, Namespace, VKind};
use crate::node::{AttrValue, DocumentData, ElementData, NodeKind, SerializedNode};
use crate::text::Text;

use super::{mask_attrs, masked, Mask};

/// The page's document as a serialized tree, and the documents of recorded iframes (each to be
/// attached to its iframe element, as rrweb's recorder does: `(iframe id, document)`).
pub fn serialize_page(m: &Mirror, mask: Mask) -> Option<(SerializedNode, Vec<(NodeId, SerializedNode)>)> {
    let root = m.root()?;
    let mut frames = Vec::new();
    let doc = node(m, root, mask, false, &mut frames)?;
    // A document inside another iframe's document was met (and listed) first: parents first.
    frames.reverse();
    Some((doc, frames))
}

fn node(
    m: &Mirror,
    id: NodeId,
    mask: Mask,
    in_raw_text: bool,
    frames: &mut Vec<(NodeId, SerializedNode)>,
) -> Option<SerializedNode> {
    let n = m.node(id)?;
    let kind = match &n.kind {
        VKind::Document { quirks, .. } => NodeKind::Document(Box::new(DocumentData {
            children: children(m, id, mask, false, false, frames),
            compat_mode: Some(if *quirks { "BackCompat" } else { "CSS1Compat" }.to_owned()),
        })),
        VKind::DocType(t) => NodeKind::DocumentType(t.clone()),
        VKind::Element(e) => {
            let tag = e.tag.to_ascii_lowercase();
            let raw = matches!(tag.as_str(), "style" | "script" | "template" | "noscript");
            let mut attributes: Vec<(Text, AttrValue)> = Vec::with_capacity(e.attrs.len() + 2);
            let input = matches!(tag.as_str(), "input" | "textarea" | "select" | "option");
            let frame = matches!(e.recorded_tag.as_str(), "iframe" | "frame");
            for (k, v) in &e.attrs {
                let lower = k.to_ascii_lowercase();
                // What the player put there itself (markers, the iframe's sandbox).
                if lower.starts_with("data-tapedeck") || (frame && lower == "sandbox") {
                    continue;
                }
                attributes.push((k.clone(), AttrValue::Str(v.clone())));
            }
            mask_attrs(&mut attributes, mask, input);
            if let Some(href) = &e.link_href {
                if !attributes.iter().any(|(k, _)| k.eq_ignore_ascii_case("href")) {
                    attributes.push((Text::name("href"), AttrValue::Str(href.into())));
                }
            }
            let st = &e.state;
            let form = matches!(tag.as_str(), "input" | "textarea" | "select" | "option");
            if let Some(v) = st.value.as_ref().filter(|_| form) {
                let v = if mask.inputs || mask.text { masked(v) } else { v.clone() };
                attributes.retain(|(k, _)| k != "value");
                attributes.push((Text::name("value"), AttrValue::Str(v.into())));
            }
            if let Some(c) = st.checked.filter(|_| form) {
                attributes.retain(|(k, _)| k != "checked");
                if c {
                    attributes.push((Text::name("checked"), AttrValue::Bool(true)));
                }
            }
            if let Some((x, y)) = st.scroll {
                attributes.push((Text::name("rr_scrollLeft"), AttrValue::Num(x)));
                attributes.push((Text::name("rr_scrollTop"), AttrValue::Num(y)));
            }
            if let Some(img) = &st.image {
                attributes.push((Text::name("rr_dataURL"), AttrValue::Str(img.clone())));
            }
            // The player's own texts of a sheet (made from a `_cssText`, or chunks of rules the
            // page edited): the whole sheet as the attribute, which a player reads first.
            let sheet = tag == "style" || e.recorded_tag == "link";
            if sheet && n.children.iter().any(|c| *c < 0) {
                let css = m.style_text(id);
                if !css.is_empty() {
                    attributes.push((Text::name("_cssText"), AttrValue::Str(css.into())));
                }
            }
            // A textarea's text is its value: masked with the inputs.
            let field_mask = Mask {
                text: mask.text || (mask.inputs && tag == "textarea"),
                ..mask
            };
            let mut kids = children(m, id, field_mask, raw, sheet, frames);
            // A recorded iframe's document is attached after the snapshot.
            kids.retain(|k| {
                if matches!(k.kind, NodeKind::Document(_)) {
                    frames.push((id, k.clone()));
                    false
                } else {
                    true
                }
            });
            NodeKind::Element(Box::new(ElementData {
                tag: Text::name(&e.tag),
                attributes,
                children: kids,
                is_svg: e.ns == Namespace::Svg,
                need_block: false,
                // Defined by the page then (rrweb's `isCustom`): its `:defined` styles apply.
                is_custom: e.attrs.iter().any(|(k, _)| k == "data-tapedeck-defined"),
            }))
        }
        VKind::Text(t) => NodeKind::Text {
            text: if mask.text && !in_raw_text {
                masked(t).into()
            } else {
                t.as_str().into()
            },
            is_style: n
                .parent
                .and_then(|p| m.element(p))
                .is_some_and(|e| e.tag.eq_ignore_ascii_case("style")),
        },
        VKind::CData => NodeKind::CData,
        VKind::Comment(t) => NodeKind::Comment { text: t.clone() },
    };
    Some(SerializedNode {
        // Nodes the player made itself (an element's text set as a whole) get ids no recorder
        // gives: from the top of the range down.
        id: if id < 0 { SYNTHETIC_TOP + id } else { id },
        root_id: None,
        is_shadow_host: matches!(&n.kind, VKind::Element(e) if e.shadow_host),
        is_shadow: n.in_shadow,
        kind,
    })
}

/// Where the ids of the player's own nodes are mapped to (the mirror stores ids below 2^24).
const SYNTHETIC_TOP: NodeId = (1 << 24) - 1;

fn children(
    m: &Mirror,
    id: NodeId,
    mask: Mask,
    raw: bool,
    sheet: bool,
    frames: &mut Vec<(NodeId, SerializedNode)>,
) -> Vec<SerializedNode> {
    let Some(n) = m.node(id) else { return Vec::new() };
    n.children
        .iter()
        .filter(|c| !(sheet && **c < 0))
        .filter_map(|c| node(m, *c, mask, raw, frames))
        .collect()
}
