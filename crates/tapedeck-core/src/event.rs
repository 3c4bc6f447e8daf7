//! The rrweb event model: what one recorded event says, typed.
//!
//! Events are decoded one at a time from their own JSON text (see [`crate::load`]), so a
//! malformed event is reported and skipped without losing its neighbours.

use serde::{Deserialize, Serialize};
use serde_json::value::RawValue;

use crate::node::{AttrValue, SerializedNode};
use crate::text::Text;

/// Node id as the recorder assigned it (unique within one page).
pub type NodeId = i64;

/// One recorded event. `timestamp` is epoch milliseconds.
#[derive(Debug, Clone)]
pub struct Event {
    pub timestamp: f64,
    pub data: EventData,
    /// The window (tab or frame) it was recorded in, when a vendor's recorder recorded several
    /// (PostHog): an index into the load's windows, 0 otherwise.
    pub window: u32,
}

/// The `type` field of an event, with its payload.
#[derive(Debug, Clone)]
pub enum EventData {
    DomContentLoaded,
    Load,
    FullSnapshot(Box<FullSnapshot>),
    Incremental(Incremental),
    Meta(Meta),
    Custom(Custom),
    Plugin(Plugin),
    Asset(Box<RawValue>),
}

/// Names of the rrweb event types, indexed by their number.
pub const EVENT_TYPE_NAMES: [&str; 8] = [
    "DomContentLoaded",
    "Load",
    "FullSnapshot",
    "IncrementalSnapshot",
    "Meta",
    "Custom",
    "Plugin",
    "Asset",
];

/// Names of the incremental sources, indexed by their number.
pub const SOURCE_NAMES: [&str; 17] = [
    "Mutation",
    "MouseMove",
    "MouseInteraction",
    "Scroll",
    "ViewportResize",
    "Input",
    "TouchMove",
    "MediaInteraction",
    "StyleSheetRule",
    "CanvasMutation",
    "Font",
    "Log",
    "Drag",
    "StyleDeclaration",
    "Selection",
    "AdoptedStyleSheet",
    "CustomElement",
];

impl EventData {
    /// The rrweb `type` number of this event.
    pub fn type_number(&self) -> u8 {
        match self {
            EventData::DomContentLoaded => 0,
            EventData::Load => 1,
            EventData::FullSnapshot(_) => 2,
            EventData::Incremental(_) => 3,
            EventData::Meta(_) => 4,
            EventData::Custom(_) => 5,
            EventData::Plugin(_) => 6,
            EventData::Asset(_) => 7,
        }
    }

    /// The rrweb type name ("FullSnapshot", "IncrementalSnapshot", …).
    pub fn type_name(&self) -> &'static str {
        EVENT_TYPE_NAMES[self.type_number() as usize]
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Meta {
    #[serde(default)]
    pub href: String,
    #[serde(default)]
    pub width: f64,
    #[serde(default)]
    pub height: f64,
}

#[derive(Debug, Clone, Copy, Default, Deserialize, Serialize, PartialEq)]
pub struct Offset {
    #[serde(default)]
    pub top: f64,
    #[serde(default)]
    pub left: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct FullSnapshot {
    pub node: SerializedNode,
    #[serde(default, rename = "initialOffset")]
    pub initial_offset: Offset,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Custom {
    #[serde(default)]
    pub tag: String,
    #[serde(default = "null_raw")]
    pub payload: Box<RawValue>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Plugin {
    pub plugin: String,
    #[serde(default = "null_raw")]
    pub payload: Box<RawValue>,
}

fn null_raw() -> Box<RawValue> {
    RawValue::from_string("null".to_owned()).expect("null is JSON")
}

/// An IncrementalSnapshot event, by source.
#[derive(Debug, Clone)]
pub enum Incremental {
    Mutation(Box<Mutation>),
    MouseMove(Positions),
    MouseInteraction(MouseInteraction),
    Scroll(Scroll),
    ViewportResize(ViewportResize),
    Input(Input),
    TouchMove(Positions),
    MediaInteraction(MediaInteraction),
    StyleSheetRule(Box<StyleSheetRule>),
    CanvasMutation(std::sync::Arc<CanvasMutation>),
    Font(Box<Font>),
    Log(Box<RawValue>),
    Drag(Positions),
    StyleDeclaration(Box<StyleDeclaration>),
    Selection(Selection),
    AdoptedStyleSheet(Box<AdoptedStyleSheet>),
    CustomElement(CustomElement),
}

impl Incremental {
    /// The rrweb `source` number.
    pub fn source_number(&self) -> u8 {
        match self {
            Incremental::Mutation(_) => 0,
            Incremental::MouseMove(_) => 1,
            Incremental::MouseInteraction(_) => 2,
            Incremental::Scroll(_) => 3,
            Incremental::ViewportResize(_) => 4,
            Incremental::Input(_) => 5,
            Incremental::TouchMove(_) => 6,
            Incremental::MediaInteraction(_) => 7,
            Incremental::StyleSheetRule(_) => 8,
            Incremental::CanvasMutation(_) => 9,
            Incremental::Font(_) => 10,
            Incremental::Log(_) => 11,
            Incremental::Drag(_) => 12,
            Incremental::StyleDeclaration(_) => 13,
            Incremental::Selection(_) => 14,
            Incremental::AdoptedStyleSheet(_) => 15,
            Incremental::CustomElement(_) => 16,
        }
    }

    pub fn source_name(&self) -> &'static str {
        SOURCE_NAMES[self.source_number() as usize]
    }

    /// User activity in rrweb's sense (sources 1–5): what skip-inactivity looks for.
    pub fn is_user_activity(&self) -> bool {
        (1..=5).contains(&self.source_number())
    }
}

#[derive(Debug, Clone, Default, Deserialize, Serialize)]
pub struct Mutation {
    #[serde(default)]
    pub texts: Vec<TextMutation>,
    #[serde(default)]
    pub attributes: Vec<AttributeMutation>,
    #[serde(default)]
    pub removes: Vec<RemovedNode>,
    #[serde(default)]
    pub adds: Vec<AddedNode>,
    #[serde(default, rename = "isAttachIframe")]
    pub is_attach_iframe: bool,
}

impl Mutation {
    /// The same mutation in vectors no larger than their contents (the decoder grows them by
    /// doubling; a session holds hundreds of thousands).
    pub fn compact(mut self) -> Self {
        self.texts.shrink_to_fit();
        self.attributes.shrink_to_fit();
        self.removes.shrink_to_fit();
        self.adds.shrink_to_fit();
        self
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct TextMutation {
    pub id: NodeId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AttributeMutation {
    pub id: NodeId,
    #[serde(
        deserialize_with = "crate::node::de_attr_list",
        serialize_with = "crate::node::ser_attr_list"
    )]
    pub attributes: Vec<(Text, AttrValue)>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RemovedNode {
    #[serde(rename = "parentId")]
    pub parent_id: NodeId,
    pub id: NodeId,
    #[serde(default, rename = "isShadow")]
    pub is_shadow: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AddedNode {
    #[serde(rename = "parentId")]
    pub parent_id: NodeId,
    #[serde(default, rename = "nextId", skip_serializing_if = "Option::is_none")]
    pub next_id: Option<NodeId>,
    #[serde(default, rename = "previousId", skip_serializing_if = "Option::is_none")]
    pub previous_id: Option<NodeId>,
    pub node: SerializedNode,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Position {
    pub x: f64,
    pub y: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<NodeId>,
    #[serde(default, rename = "timeOffset")]
    pub time_offset: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Positions {
    #[serde(default)]
    pub positions: Vec<Position>,
}

impl Positions {
    /// The same positions in a vector no larger than they are.
    pub fn compact(mut self) -> Self {
        self.positions.shrink_to_fit();
        self
    }
}

/// MouseInteractions: 0 MouseUp, 1 MouseDown, 2 Click, 3 ContextMenu, 4 DblClick, 5 Focus,
/// 6 Blur, 7 TouchStart, 8 TouchMove_Departed, 9 TouchEnd, 10 TouchCancel.
#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct MouseInteraction {
    #[serde(rename = "type")]
    pub kind: u8,
    pub id: NodeId,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub x: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub y: Option<f64>,
    #[serde(default, rename = "pointerType", skip_serializing_if = "Option::is_none")]
    pub pointer_type: Option<u8>,
}

pub const MOUSE_INTERACTION_NAMES: [&str; 11] = [
    "MouseUp",
    "MouseDown",
    "Click",
    "ContextMenu",
    "DblClick",
    "Focus",
    "Blur",
    "TouchStart",
    "TouchMove_Departed",
    "TouchEnd",
    "TouchCancel",
];

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Scroll {
    pub id: NodeId,
    pub x: f64,
    pub y: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct ViewportResize {
    pub width: f64,
    pub height: f64,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Input {
    pub id: NodeId,
    #[serde(default)]
    pub text: String,
    #[serde(default, rename = "isChecked")]
    pub is_checked: bool,
    #[serde(default, rename = "userTriggered", skip_serializing_if = "Option::is_none")]
    pub user_triggered: Option<bool>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct MediaInteraction {
    #[serde(rename = "type")]
    pub kind: u8,
    pub id: NodeId,
    #[serde(default, rename = "currentTime", skip_serializing_if = "Option::is_none")]
    pub current_time: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub volume: Option<f64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub muted: Option<bool>,
    #[serde(default, rename = "loop", skip_serializing_if = "Option::is_none")]
    pub looping: Option<bool>,
    #[serde(default, rename = "playbackRate", skip_serializing_if = "Option::is_none")]
    pub playback_rate: Option<f64>,
}

/// A rule index: a number, or a path of numbers into nested rules (`@media` etc.).
#[derive(Debug, Clone, Deserialize, Serialize, PartialEq)]
#[serde(untagged)]
pub enum RuleIndex {
    One(u32),
    Path(Vec<u32>),
}

impl RuleIndex {
    pub fn path(&self) -> Vec<u32> {
        match self {
            RuleIndex::One(i) => vec![*i],
            RuleIndex::Path(p) => p.clone(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RuleAdd {
    pub rule: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub index: Option<RuleIndex>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct RuleRemove {
    pub index: RuleIndex,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct StyleSheetRule {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<NodeId>,
    #[serde(default, rename = "styleId", skip_serializing_if = "Option::is_none")]
    pub style_id: Option<NodeId>,
    #[serde(default)]
    pub adds: Vec<RuleAdd>,
    #[serde(default)]
    pub removes: Vec<RuleRemove>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replace: Option<String>,
    #[serde(default, rename = "replaceSync", skip_serializing_if = "Option::is_none")]
    pub replace_sync: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct CanvasCommand {
    #[serde(deserialize_with = "crate::text::de_name")]
    pub property: Text,
    #[serde(default)]
    pub args: CanvasArgs,
    #[serde(default)]
    pub setter: bool,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct CanvasMutation {
    pub id: NodeId,
    /// 0 = 2d, 1 = webgl, 2 = webgl2.
    #[serde(rename = "type", default)]
    pub context: u8,
    /// Either a list of commands, or one command inline (`property`/`args`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub commands: Option<Vec<CanvasCommand>>,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "crate::text::de_opt_name"
    )]
    pub property: Option<Text>,
    #[serde(default)]
    pub args: CanvasArgs,
    #[serde(default)]
    pub setter: bool,
}

/// A canvas command's arguments, kept as their JSON text (an array) until the command is drawn:
/// decoded as values they took three times the room of the text.
#[derive(Debug, Clone, Serialize)]
pub struct CanvasArgs(Box<RawValue>);

impl CanvasArgs {
    /// The arguments as values (read again each time: drawing is the only reader).
    pub fn values(&self) -> Vec<serde_json::Value> {
        serde_json::from_str(self.0.get()).unwrap_or_default()
    }
}

impl Default for CanvasArgs {
    fn default() -> Self {
        CanvasArgs(RawValue::from_string("[]".to_owned()).expect("[] is JSON"))
    }
}

impl<'de> Deserialize<'de> for CanvasArgs {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let raw = Box::<RawValue>::deserialize(d)?;
        if !raw.get().trim_start().starts_with('[') {
            return Err(serde::de::Error::custom("canvas arguments are not a list"));
        }
        // Read once as values, as they will be drawn: what they cannot be read as (a number
        // out of range, nesting too deep) makes the event a problem now, not a silent no-op.
        serde_json::from_str::<Vec<serde_json::Value>>(raw.get()).map_err(serde::de::Error::custom)?;
        Ok(CanvasArgs(raw))
    }
}

impl CanvasMutation {
    /// The first command's name and arguments, whichever shape it was recorded in (without
    /// copying the others).
    pub fn first_command(&self) -> Option<(&str, &CanvasArgs)> {
        match (&self.commands, &self.property) {
            (Some(c), _) => c.first().map(|c| (c.property.as_str(), &c.args)),
            (None, Some(p)) => Some((p.as_str(), &self.args)),
            (None, None) => None,
        }
    }

    /// The commands of this mutation, whichever shape it was recorded in.
    pub fn command_list(&self) -> Vec<CanvasCommand> {
        match (&self.commands, &self.property) {
            (Some(c), _) => c.clone(),
            (None, Some(p)) => vec![CanvasCommand {
                property: p.clone(),
                args: self.args.clone(),
                setter: self.setter,
            }],
            (None, None) => Vec::new(),
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Font {
    pub family: String,
    #[serde(rename = "fontSource")]
    pub font_source: String,
    #[serde(default)]
    pub buffer: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub descriptors: Option<serde_json::Value>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct StyleSet {
    pub property: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub priority: Option<String>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct StyleRemove {
    pub property: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct StyleDeclaration {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<NodeId>,
    #[serde(default, rename = "styleId", skip_serializing_if = "Option::is_none")]
    pub style_id: Option<NodeId>,
    pub index: Vec<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub set: Option<StyleSet>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub remove: Option<StyleRemove>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct SelectionRange {
    pub start: NodeId,
    #[serde(rename = "startOffset")]
    pub start_offset: u32,
    pub end: NodeId,
    #[serde(rename = "endOffset")]
    pub end_offset: u32,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct Selection {
    #[serde(default)]
    pub ranges: Vec<SelectionRange>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AdoptedStyle {
    #[serde(rename = "styleId")]
    pub style_id: NodeId,
    #[serde(default)]
    pub rules: Vec<RuleAdd>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct AdoptedStyleSheet {
    pub id: NodeId,
    #[serde(default)]
    pub styles: Vec<AdoptedStyle>,
    #[serde(default, rename = "styleIds")]
    pub style_ids: Vec<NodeId>,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct CustomElementDefine {
    pub name: String,
}

#[derive(Debug, Clone, Deserialize, Serialize)]
pub struct CustomElement {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub define: Option<CustomElementDefine>,
}
