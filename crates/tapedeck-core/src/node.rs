//! Serialized nodes: the DOM as the recorder wrote it (FullSnapshot `node`, Mutation `adds[].node`).

use std::fmt;

use serde::de::{self, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::ser::{SerializeMap, Serializer};
use serde::{Deserialize, Serialize};

use crate::event::NodeId;
use crate::text::Text;

/// One serialized node with its subtree.
#[derive(Debug, Clone, PartialEq)]
pub struct SerializedNode {
    pub id: NodeId,
    /// Id of the document this node belongs to, for nodes inside same-origin iframes.
    pub root_id: Option<NodeId>,
    pub is_shadow_host: bool,
    /// This node is a child of its parent's shadow root.
    pub is_shadow: bool,
    pub kind: NodeKind,
}

/// What a node is. Rare kinds are boxed: a session holds hundreds of thousands of nodes, most of
/// them texts and elements, and each takes the room of the largest kind.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    Document(Box<DocumentData>),
    DocumentType(Box<DocType>),
    Element(Box<ElementData>),
    Text {
        /// Shared when long: inline style sheets come again with every snapshot.
        text: Text,
        is_style: bool,
    },
    CData,
    Comment {
        text: Text,
    },
}

#[derive(Debug, Clone, PartialEq)]
pub struct DocumentData {
    pub children: Vec<SerializedNode>,
    pub compat_mode: Option<String>,
}

/// A `<!DOCTYPE>`'s three parts.
#[derive(Debug, Clone, PartialEq)]
pub struct DocType {
    pub name: String,
    pub public_id: String,
    pub system_id: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ElementData {
    pub tag: Text,
    pub attributes: Vec<(Text, AttrValue)>,
    pub children: Vec<SerializedNode>,
    pub is_svg: bool,
    pub need_block: bool,
    pub is_custom: bool,
}

impl SerializedNode {
    pub fn children(&self) -> &[SerializedNode] {
        match &self.kind {
            NodeKind::Document(d) => &d.children,
            NodeKind::Element(e) => &e.children,
            _ => &[],
        }
    }

    /// Number of nodes in this subtree (iteratively: recordings may nest deeply).
    pub fn count(&self) -> usize {
        let mut n = 0;
        let mut stack = vec![self];
        while let Some(node) = stack.pop() {
            n += 1;
            stack.extend(node.children());
        }
        n
    }
}

/// An attribute value as recorded. Snapshots hold strings and `true`; rrweb's special
/// `rr_*` attributes may be numbers or booleans; mutations add `null` (remove) and style
/// objects (set or remove single properties).
#[derive(Debug, Clone, PartialEq)]
pub enum AttrValue {
    Str(Text),
    Bool(bool),
    Num(f64),
    Null,
    Style(Vec<(String, StyleChange)>),
}

/// One property of a style-object attribute mutation.
#[derive(Debug, Clone, PartialEq)]
pub enum StyleChange {
    Set { value: String, priority: String },
    Remove,
}

impl AttrValue {
    /// The value as an attribute string, when it has one (`true` is the empty string).
    pub fn as_attr_string(&self) -> Option<String> {
        match self {
            AttrValue::Str(s) => Some(s.to_string()),
            AttrValue::Bool(true) => Some(String::new()),
            AttrValue::Bool(false) => Some("false".to_owned()),
            AttrValue::Num(n) => Some(format_number(*n)),
            AttrValue::Null | AttrValue::Style(_) => None,
        }
    }

    pub fn as_f64(&self) -> Option<f64> {
        match self {
            AttrValue::Num(n) => Some(*n),
            AttrValue::Str(s) => s.trim().trim_end_matches("px").parse().ok(),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            AttrValue::Bool(b) => Some(*b),
            AttrValue::Str(s) => match s.as_str() {
                "true" | "" => Some(true),
                "false" => Some(false),
                _ => None,
            },
            AttrValue::Num(n) => Some(*n != 0.0),
            _ => None,
        }
    }
}

/// Numbers as JavaScript prints them for integers (no trailing `.0`).
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

impl<'de> Deserialize<'de> for AttrValue {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = AttrValue;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an attribute value (string, boolean, number, null or style object)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<AttrValue, E> {
                Ok(AttrValue::Str(Text::new(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<AttrValue, E> {
                Ok(AttrValue::Bool(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<AttrValue, E> {
                Ok(AttrValue::Num(v as f64))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<AttrValue, E> {
                Ok(AttrValue::Num(v as f64))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<AttrValue, E> {
                Ok(AttrValue::Num(v))
            }
            fn visit_unit<E: de::Error>(self) -> Result<AttrValue, E> {
                Ok(AttrValue::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<AttrValue, E> {
                Ok(AttrValue::Null)
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<AttrValue, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<String, StyleChangeDe>()? {
                    out.push((k, v.0));
                }
                Ok(AttrValue::Style(out))
            }
        }
        d.deserialize_any(V)
    }
}

struct StyleChangeDe(StyleChange);

impl<'de> Deserialize<'de> for StyleChangeDe {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = StyleChangeDe;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a style value: string, [value, priority] or false")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<StyleChangeDe, E> {
                Ok(StyleChangeDe(StyleChange::Set {
                    value: v.to_owned(),
                    priority: String::new(),
                }))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<StyleChangeDe, E> {
                Ok(StyleChangeDe(StyleChange::Remove))
            }
            fn visit_unit<E: de::Error>(self) -> Result<StyleChangeDe, E> {
                Ok(StyleChangeDe(StyleChange::Remove))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<StyleChangeDe, E> {
                self.visit_str(&format_number(v))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<StyleChangeDe, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<StyleChangeDe, E> {
                self.visit_str(&v.to_string())
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<StyleChangeDe, A::Error> {
                let value: Option<String> = seq.next_element()?;
                let priority: Option<String> = seq.next_element().unwrap_or(None);
                while seq.next_element::<de::IgnoredAny>()?.is_some() {}
                Ok(StyleChangeDe(StyleChange::Set {
                    value: value.unwrap_or_default(),
                    priority: priority.unwrap_or_default(),
                }))
            }
        }
        d.deserialize_any(V)
    }
}

/// Deserializes a JSON object into an ordered list of (name, value) pairs.
pub fn de_attr_list<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<(Text, AttrValue)>, D::Error> {
    struct V;
    impl<'de> Visitor<'de> for V {
        type Value = Vec<(Text, AttrValue)>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("an object of attributes")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::with_capacity(map.size_hint().unwrap_or(0));
            while let Some((name, value)) = map.next_entry::<crate::text::NameField, AttrValue>()? {
                out.push((name.0, value));
            }
            out.shrink_to_fit();
            Ok(out)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
    }
    d.deserialize_any(V)
}

#[derive(Deserialize)]
struct AttrList(#[serde(deserialize_with = "de_attr_list")] Vec<(Text, AttrValue)>);

/// The wire shape of a node: every field of every node type, optional.
#[derive(Deserialize)]
struct RawNode {
    #[serde(rename = "type")]
    kind: u8,
    id: NodeId,
    #[serde(default, rename = "rootId")]
    root_id: Option<NodeId>,
    #[serde(default, rename = "isShadowHost")]
    is_shadow_host: Option<bool>,
    #[serde(default, rename = "isShadow")]
    is_shadow: Option<bool>,
    /// `null` entries are subtrees cut for depth by the loader.
    #[serde(default, rename = "childNodes")]
    child_nodes: Option<Vec<Option<SerializedNode>>>,
    #[serde(default, rename = "compatMode")]
    compat_mode: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default, rename = "publicId")]
    public_id: Option<String>,
    #[serde(default, rename = "systemId")]
    system_id: Option<String>,
    #[serde(default, rename = "tagName", deserialize_with = "crate::text::de_opt_name")]
    tag_name: Option<Text>,
    #[serde(default)]
    attributes: Option<AttrList>,
    #[serde(default, rename = "isSVG")]
    is_svg: Option<bool>,
    #[serde(default, rename = "needBlock")]
    need_block: Option<bool>,
    #[serde(default, rename = "isCustom")]
    is_custom: Option<bool>,
    #[serde(default, rename = "textContent")]
    text_content: Option<Text>,
    #[serde(default, rename = "isStyle")]
    is_style: Option<bool>,
}

/// A node's children, in a vector no larger than they are: the decoder grows its vectors by
/// doubling, and a session holds millions of them.
fn children(list: Option<Vec<Option<SerializedNode>>>) -> Vec<SerializedNode> {
    let mut out: Vec<SerializedNode> = list.unwrap_or_default().into_iter().flatten().collect();
    out.shrink_to_fit();
    out
}

impl<'de> Deserialize<'de> for SerializedNode {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = RawNode::deserialize(d)?;
        let kind = match raw.kind {
            0 => NodeKind::Document(Box::new(DocumentData {
                children: children(raw.child_nodes),
                compat_mode: raw.compat_mode,
            })),
            1 => NodeKind::DocumentType(Box::new(DocType {
                name: raw.name.unwrap_or_default(),
                public_id: raw.public_id.unwrap_or_default(),
                system_id: raw.system_id.unwrap_or_default(),
            })),
            2 => {
                let tag = raw
                    .tag_name
                    .ok_or_else(|| de::Error::custom(format!("element node {} has no tagName", raw.id)))?;
                NodeKind::Element(Box::new(ElementData {
                    tag,
                    attributes: raw.attributes.map(|a| a.0).unwrap_or_default(),
                    children: children(raw.child_nodes),
                    is_svg: raw.is_svg.unwrap_or(false),
                    need_block: raw.need_block.unwrap_or(false),
                    is_custom: raw.is_custom.unwrap_or(false),
                }))
            }
            3 => NodeKind::Text {
                text: raw.text_content.unwrap_or_default(),
                is_style: raw.is_style.unwrap_or(false),
            },
            4 => NodeKind::CData,
            5 => NodeKind::Comment {
                text: raw.text_content.unwrap_or_default(),
            },
            n => return Err(de::Error::custom(format!("node {} has unknown node type {n}", raw.id))),
        };
        Ok(SerializedNode {
            id: raw.id,
            root_id: raw.root_id,
            is_shadow_host: raw.is_shadow_host.unwrap_or(false),
            is_shadow: raw.is_shadow.unwrap_or(false),
            kind,
        })
    }
}

impl Serialize for AttrValue {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            AttrValue::Str(v) => s.serialize_str(v),
            AttrValue::Bool(b) => s.serialize_bool(*b),
            AttrValue::Num(n) => s.serialize_f64(*n),
            AttrValue::Null => s.serialize_unit(),
            AttrValue::Style(changes) => {
                let mut m = s.serialize_map(Some(changes.len()))?;
                for (name, change) in changes {
                    match change {
                        StyleChange::Set { value, priority } if priority.is_empty() => {
                            m.serialize_entry(name, value)?
                        }
                        StyleChange::Set { value, priority } => m.serialize_entry(name, &[value, priority])?,
                        StyleChange::Remove => m.serialize_entry(name, &false)?,
                    }
                }
                m.end()
            }
        }
    }
}

/// An attribute list as rrweb writes it: an object, in recorded order.
pub fn ser_attr_list<S: Serializer>(list: &[(Text, AttrValue)], s: S) -> Result<S::Ok, S::Error> {
    let mut m = s.serialize_map(Some(list.len()))?;
    for (k, v) in list {
        m.serialize_entry(k, v)?;
    }
    m.end()
}

/// A serialized node as rrweb writes it (`type`, `id`, and the fields of its kind).
impl Serialize for SerializedNode {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        struct Attrs<'a>(&'a [(Text, AttrValue)]);
        impl Serialize for Attrs<'_> {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                ser_attr_list(self.0, s)
            }
        }
        let mut m = s.serialize_map(None)?;
        let kind: u8 = match &self.kind {
            NodeKind::Document(_) => 0,
            NodeKind::DocumentType(_) => 1,
            NodeKind::Element(_) => 2,
            NodeKind::Text { .. } => 3,
            NodeKind::CData => 4,
            NodeKind::Comment { .. } => 5,
        };
        m.serialize_entry("type", &kind)?;
        m.serialize_entry("id", &self.id)?;
        if let Some(r) = self.root_id {
            m.serialize_entry("rootId", &r)?;
        }
        if self.is_shadow_host {
            m.serialize_entry("isShadowHost", &true)?;
        }
        if self.is_shadow {
            m.serialize_entry("isShadow", &true)?;
        }
        match &self.kind {
            NodeKind::Document(d) => {
                if let Some(c) = &d.compat_mode {
                    m.serialize_entry("compatMode", c)?;
                }
                m.serialize_entry("childNodes", &d.children)?;
            }
            NodeKind::DocumentType(t) => {
                m.serialize_entry("name", &t.name)?;
                m.serialize_entry("publicId", &t.public_id)?;
                m.serialize_entry("systemId", &t.system_id)?;
            }
            NodeKind::Element(e) => {
                m.serialize_entry("tagName", &e.tag)?;
                m.serialize_entry("attributes", &Attrs(&e.attributes))?;
                m.serialize_entry("childNodes", &e.children)?;
                if e.is_svg {
                    m.serialize_entry("isSVG", &true)?;
                }
                if e.need_block {
                    m.serialize_entry("needBlock", &true)?;
                }
                if e.is_custom {
                    m.serialize_entry("isCustom", &true)?;
                }
            }
            NodeKind::Text { text, is_style } => {
                m.serialize_entry("textContent", text)?;
                if *is_style {
                    m.serialize_entry("isStyle", &true)?;
                }
            }
            NodeKind::CData => m.serialize_entry("textContent", "")?,
            NodeKind::Comment { text } => m.serialize_entry("textContent", text)?,
        }
        m.end()
    }
}
