//! DOM calls on the replayed page that recorded content cannot redirect.
//!
//! A replayed document and every replayed `<form>` have named properties that win over their
//! own methods: `<img name="createElement">` makes `document.createElement` that image, and
//! `<form><input name="appendChild">` does the same to `form.appendChild`. web-sys looks
//! methods and getters up on the object, so it would call (or read) whatever the recording
//! put there. Everything here is bound `final`: taken once from the prototypes of the
//! player's own realm (`Node.prototype.appendChild`, …) and called on the replayed object,
//! which no recorded name can shadow. Calls that can throw are bound with `catch` and return
//! a `Result`, so no DOM exception ever unwinds through the player.

use wasm_bindgen::prelude::*;
use web_sys::{Document, Element, Node, ShadowRoot};

#[wasm_bindgen]
extern "C" {
    /// Any object of the replayed page, seen only through the prototype methods below.
    type Raw;

    // Node
    #[wasm_bindgen(method, getter, final, js_class = "Node", js_name = nodeType)]
    fn node_type_(this: &Raw) -> u16;
    #[wasm_bindgen(method, getter, final, js_class = "Node", js_name = parentNode)]
    fn parent_node_(this: &Raw) -> Option<Node>;
    #[wasm_bindgen(method, getter, final, js_class = "Node", js_name = firstChild)]
    fn first_child_(this: &Raw) -> Option<Node>;
    #[wasm_bindgen(method, getter, final, js_class = "Node", js_name = nextSibling)]
    fn next_sibling_(this: &Raw) -> Option<Node>;
    #[wasm_bindgen(method, getter, final, js_class = "Node", js_name = ownerDocument)]
    fn owner_document_(this: &Raw) -> Option<Document>;
    #[wasm_bindgen(method, getter, final, js_class = "Node", js_name = isConnected)]
    fn is_connected_(this: &Raw) -> bool;
    #[wasm_bindgen(method, final, js_class = "Node", js_name = isSameNode)]
    fn is_same_node_(this: &Raw, other: Option<&Node>) -> bool;
    #[wasm_bindgen(method, catch, final, js_class = "Node", js_name = appendChild)]
    fn append_child_(this: &Raw, child: &Node) -> Result<Node, JsValue>;
    #[wasm_bindgen(method, catch, final, js_class = "Node", js_name = insertBefore)]
    fn insert_before_(this: &Raw, child: &Node, before: Option<&Node>) -> Result<Node, JsValue>;
    #[wasm_bindgen(method, catch, final, js_class = "Node", js_name = removeChild)]
    fn remove_child_(this: &Raw, child: &Node) -> Result<Node, JsValue>;
    #[wasm_bindgen(method, setter, final, js_class = "Node", js_name = textContent)]
    fn set_text_content_(this: &Raw, text: Option<&str>);
    #[wasm_bindgen(method, setter, final, js_class = "Node", js_name = nodeValue)]
    fn set_node_value_(this: &Raw, text: Option<&str>);

    // Element
    #[wasm_bindgen(method, catch, final, js_class = "Element", js_name = setAttribute)]
    fn set_attribute_(this: &Raw, name: &str, value: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, final, js_class = "Element", js_name = setAttributeNS)]
    fn set_attribute_ns_(this: &Raw, ns: Option<&str>, name: &str, value: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, final, js_class = "Element", js_name = removeAttribute)]
    fn remove_attribute_(this: &Raw, name: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, final, js_class = "Element", js_name = getAttribute)]
    fn get_attribute_(this: &Raw, name: &str) -> Option<String>;
    #[wasm_bindgen(method, final, js_class = "Element", js_name = hasAttribute)]
    fn has_attribute_(this: &Raw, name: &str) -> bool;
    #[wasm_bindgen(method, getter, final, js_class = "Element", js_name = localName)]
    fn local_name_(this: &Raw) -> String;
    #[wasm_bindgen(method, getter, final, js_class = "Element", js_name = namespaceURI)]
    fn namespace_uri_(this: &Raw) -> Option<String>;
    #[wasm_bindgen(method, getter, final, js_class = "Element", js_name = attributes)]
    fn attributes_(this: &Raw) -> web_sys::NamedNodeMap;
    #[wasm_bindgen(method, getter, final, js_class = "Element", js_name = shadowRoot)]
    fn shadow_root_(this: &Raw) -> Option<ShadowRoot>;
    #[wasm_bindgen(method, catch, final, js_class = "Element", js_name = attachShadow)]
    fn attach_shadow_(this: &Raw, init: &JsValue) -> Result<ShadowRoot, JsValue>;
    #[wasm_bindgen(method, getter, final, js_class = "Element", js_name = firstElementChild)]
    fn first_element_child_(this: &Raw) -> Option<Element>;
    #[wasm_bindgen(method, getter, final, js_class = "Element", js_name = nextElementSibling)]
    fn next_element_sibling_(this: &Raw) -> Option<Element>;
    #[wasm_bindgen(method, getter, final, js_class = "Element", js_name = scrollLeft)]
    fn scroll_left_(this: &Raw) -> f64;
    #[wasm_bindgen(method, getter, final, js_class = "Element", js_name = scrollTop)]
    fn scroll_top_(this: &Raw) -> f64;
    #[wasm_bindgen(method, getter, final, js_class = "Element", js_name = scrollHeight)]
    fn scroll_height_(this: &Raw) -> i32;
    #[wasm_bindgen(method, catch, final, js_class = "Element", js_name = scrollTo)]
    fn scroll_to_(this: &Raw, options: &JsValue) -> Result<(), JsValue>;
    #[wasm_bindgen(method, final, js_class = "Element", js_name = getBoundingClientRect)]
    fn bounding_rect_(this: &Raw) -> web_sys::DomRect;
    #[wasm_bindgen(method, catch, final, js_class = "Element", js_name = matches)]
    fn matches_(this: &Raw, selectors: &str) -> Result<bool, JsValue>;
    #[wasm_bindgen(method, catch, final, js_class = "HTMLDialogElement", js_name = showModal)]
    fn show_modal_(this: &Raw) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, final, js_class = "HTMLDialogElement", js_name = close)]
    fn close_(this: &Raw) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, final, js_class = "CSSStyleSheet", js_name = replaceSync)]
    fn replace_sync_(this: &Raw, css: &str) -> Result<(), JsValue>;
    #[wasm_bindgen(method, setter, catch, final, js_class = "Document", js_name = adoptedStyleSheets)]
    fn set_document_adopted_(this: &Raw, sheets: &js_sys::Array) -> Result<(), JsValue>;
    #[wasm_bindgen(method, setter, catch, final, js_class = "ShadowRoot", js_name = adoptedStyleSheets)]
    fn set_shadow_adopted_(this: &Raw, sheets: &js_sys::Array) -> Result<(), JsValue>;
    #[wasm_bindgen(method, getter, final, js_class = "Document", js_name = defaultView)]
    fn default_view_(this: &Raw) -> Option<js_sys::Object>;
    #[wasm_bindgen(method, getter, catch, final, js_class = "ShadowRoot", js_name = host)]
    fn shadow_host_(this: &Raw) -> Result<Element, JsValue>;

    // Document
    #[wasm_bindgen(method, catch, final, js_class = "Document", js_name = createElement)]
    fn create_element_(this: &Raw, tag: &str) -> Result<Element, JsValue>;
    #[wasm_bindgen(method, catch, final, js_class = "Document", js_name = createElementNS)]
    fn create_element_ns_(this: &Raw, ns: Option<&str>, tag: &str) -> Result<Element, JsValue>;
    #[wasm_bindgen(method, final, js_class = "Document", js_name = createTextNode)]
    fn create_text_node_(this: &Raw, text: &str) -> Node;
    #[wasm_bindgen(method, final, js_class = "Document", js_name = createComment)]
    fn create_comment_(this: &Raw, text: &str) -> Node;
    #[wasm_bindgen(method, catch, final, js_class = "Document", js_name = createRange)]
    fn create_range_(this: &Raw) -> Result<web_sys::Range, JsValue>;
    #[wasm_bindgen(method, getter, final, js_class = "Document", js_name = implementation)]
    fn implementation_(this: &Raw) -> web_sys::DomImplementation;
    #[wasm_bindgen(method, catch, final, js_class = "DOMImplementation", js_name = createDocumentType)]
    fn create_document_type_(this: &Raw, name: &str, public_id: &str, system_id: &str) -> Result<Node, JsValue>;
    #[wasm_bindgen(method, getter, final, js_class = "Document", js_name = head)]
    fn head_(this: &Raw) -> Option<Element>;
    #[wasm_bindgen(method, getter, final, js_class = "Document", js_name = documentElement)]
    fn document_element_(this: &Raw) -> Option<Element>;
    #[wasm_bindgen(method, getter, final, js_class = "Document", js_name = scrollingElement)]
    fn scrolling_element_(this: &Raw) -> Option<Element>;
    #[wasm_bindgen(method, getter, final, js_class = "Document", js_name = fonts)]
    fn fonts_(this: &Raw) -> web_sys::FontFaceSet;
    #[wasm_bindgen(method, catch, final, js_class = "Document", js_name = getSelection)]
    fn get_selection_(this: &Raw) -> Result<Option<web_sys::Selection>, JsValue>;
    #[wasm_bindgen(method, getter, final, js_class = "Document", js_name = URL)]
    fn url_(this: &Raw) -> String;
    #[wasm_bindgen(method, catch, final, js_class = "EventTarget", js_name = addEventListener)]
    fn add_listener_(this: &Raw, kind: &str, f: &js_sys::Function, capture: bool) -> Result<(), JsValue>;
    #[wasm_bindgen(method, catch, final, js_class = "EventTarget", js_name = removeEventListener)]
    fn remove_listener_(this: &Raw, kind: &str, f: &js_sys::Function, capture: bool) -> Result<(), JsValue>;
    #[wasm_bindgen(method, getter, final, js_class = "Document", js_name = compatMode)]
    fn compat_mode_(this: &Raw) -> String;
}

fn raw<T: JsCast>(x: &T) -> &Raw {
    x.unchecked_ref()
}

pub const ELEMENT_NODE: u16 = 1;
pub const DOCUMENT_NODE: u16 = 9;
pub const DOCUMENT_FRAGMENT_NODE: u16 = 11;

pub fn node_type(n: &Node) -> u16 {
    raw(n).node_type_()
}
pub fn parent_node(n: &Node) -> Option<Node> {
    raw(n).parent_node_()
}
pub fn first_child(n: &Node) -> Option<Node> {
    raw(n).first_child_()
}
pub fn next_sibling(n: &Node) -> Option<Node> {
    raw(n).next_sibling_()
}
pub fn owner_document(n: &Node) -> Option<Document> {
    raw(n).owner_document_()
}
pub fn is_connected(n: &Node) -> bool {
    raw(n).is_connected_()
}
pub fn is_same_node(a: &Node, b: Option<&Node>) -> bool {
    raw(a).is_same_node_(b)
}
pub fn append_child(parent: &Node, child: &Node) -> Result<Node, JsValue> {
    raw(parent).append_child_(child)
}
pub fn insert_before(parent: &Node, child: &Node, before: Option<&Node>) -> Result<Node, JsValue> {
    raw(parent).insert_before_(child, before)
}
pub fn remove_child(parent: &Node, child: &Node) -> Result<Node, JsValue> {
    raw(parent).remove_child_(child)
}
/// Takes `n` out of its parent, if it has one.
pub fn detach(n: &Node) {
    if let Some(p) = parent_node(n) {
        let _ = remove_child(&p, n);
    }
}
pub fn set_text_content(n: &Node, text: &str) {
    raw(n).set_text_content_(Some(text))
}
pub fn set_node_value(n: &Node, text: &str) {
    raw(n).set_node_value_(Some(text))
}

pub fn set_attribute(el: &Element, name: &str, value: &str) -> Result<(), JsValue> {
    raw(el).set_attribute_(name, value)
}
pub fn set_attribute_ns(el: &Element, ns: &str, name: &str, value: &str) -> Result<(), JsValue> {
    raw(el).set_attribute_ns_(Some(ns), name, value)
}
pub fn remove_attribute(el: &Element, name: &str) -> Result<(), JsValue> {
    raw(el).remove_attribute_(name)
}
pub fn get_attribute(el: &Element, name: &str) -> Option<String> {
    raw(el).get_attribute_(name)
}
pub fn has_attribute(el: &Element, name: &str) -> bool {
    raw(el).has_attribute_(name)
}
pub fn local_name(el: &Element) -> String {
    raw(el).local_name_()
}
pub fn namespace_uri(el: &Element) -> Option<String> {
    raw(el).namespace_uri_()
}
pub fn attributes(el: &Element) -> web_sys::NamedNodeMap {
    raw(el).attributes_()
}
pub fn shadow_root(el: &Element) -> Option<ShadowRoot> {
    raw(el).shadow_root_()
}
/// Attaches an open shadow root.
pub fn attach_shadow(el: &Element) -> Result<ShadowRoot, JsValue> {
    let init = js_sys::Object::new();
    js_sys::Reflect::set(&init, &"mode".into(), &"open".into())?;
    raw(el).attach_shadow_(&init)
}
pub fn first_element_child(el: &Element) -> Option<Element> {
    raw(el).first_element_child_()
}
pub fn next_element_sibling(el: &Element) -> Option<Element> {
    raw(el).next_element_sibling_()
}
pub fn scroll_offset(el: &Element) -> (f64, f64) {
    (raw(el).scroll_left_(), raw(el).scroll_top_())
}
/// Reading it forces layout.
pub fn scroll_height(el: &Element) -> i32 {
    raw(el).scroll_height_()
}
/// Scrolls instantly to (x, y), whatever the page's `scroll-behavior` says.
pub fn scroll_to(el: &Element, x: f64, y: f64) -> Result<(), JsValue> {
    let opts = js_sys::Object::new();
    js_sys::Reflect::set(&opts, &"left".into(), &x.into())?;
    js_sys::Reflect::set(&opts, &"top".into(), &y.into())?;
    js_sys::Reflect::set(&opts, &"behavior".into(), &"instant".into())?;
    raw(el).scroll_to_(&opts)
}
/// Whether `el` matches `selectors` (false for a selector the browser refuses).
pub fn matches(el: &Element, selectors: &str) -> bool {
    raw(el).matches_(selectors).unwrap_or(false)
}

/// Opens a `<dialog>` as modal (top layer, backdrop). The dialog's focusing steps would move
/// the player's own focus into the replay: whatever had it gets it back.
pub fn show_modal(dialog: &Element) -> Result<(), JsValue> {
    keeping_player_focus(|| raw(dialog).show_modal_())
}

/// Runs `f`, which may move focus into the replay, then puts the player's focus back where it
/// was (on the element that had it, or on no element).
fn keeping_player_focus(f: impl FnOnce() -> Result<(), JsValue>) -> Result<(), JsValue> {
    let player = web_sys::window().and_then(|w| w.document());
    let had_focus = player.as_ref().and_then(|d| d.active_element());
    let done = f();
    let has_focus = player.as_ref().and_then(|d| d.active_element());
    if had_focus != has_focus {
        let body = player.as_ref().and_then(|d| d.body()).map(Element::from);
        match had_focus.filter(|e| Some(e) != body.as_ref()) {
            Some(el) => {
                if let Ok(el) = el.dyn_into::<web_sys::HtmlElement>() {
                    let _ = el.focus();
                }
            }
            // Nothing had focus: the frame that took it lets it go.
            None => {
                if let Some(el) = has_focus.and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
                    let _ = el.blur();
                }
            }
        }
    }
    done
}

/// A constructed style sheet of `doc`'s realm holding `css`, to be adopted by `doc` or its
/// shadow roots (a sheet is adopted only where it was constructed). The constructor is the
/// realm's own: no script ever runs in the replay, so nothing could have replaced it.
pub fn construct_sheet(doc: &Document, css: &str) -> Result<JsValue, JsValue> {
    let view = raw(doc)
        .default_view_()
        .ok_or_else(|| JsValue::from_str("the document has no window"))?;
    let ctor: js_sys::Function = js_sys::Reflect::get(&view, &"CSSStyleSheet".into())?.dyn_into()?;
    let sheet = js_sys::Reflect::construct(&ctor, &js_sys::Array::new())?;
    raw(&sheet).replace_sync_(css)?;
    Ok(sheet)
}

/// Replaces the rules of a constructed sheet (every document or shadow root adopting it sees
/// the new rules).
pub fn replace_sheet(sheet: &JsValue, css: &str) -> Result<(), JsValue> {
    raw(sheet).replace_sync_(css)
}

/// Sets the adopted style sheets of a document or shadow root (through the prototypes'
/// setters: a recorded element named `adoptedStyleSheets` cannot stand in the way).
pub fn set_adopted(target: &Node, sheets: &js_sys::Array) -> Result<(), JsValue> {
    match node_type(target) {
        DOCUMENT_NODE => raw(target).set_document_adopted_(sheets),
        _ => raw(target).set_shadow_adopted_(sheets),
    }
}

/// Closes a `<dialog>`.
pub fn close_dialog(dialog: &Element) -> Result<(), JsValue> {
    raw(dialog).close_()
}

pub fn bounding_rect(el: &Element) -> web_sys::DomRect {
    raw(el).bounding_rect_()
}
/// The host of `n` when it is a shadow root.
pub fn shadow_host(n: &Node) -> Option<Element> {
    raw(n).shadow_host_().ok()
}

pub fn create_element(doc: &Document, tag: &str) -> Result<Element, JsValue> {
    raw(doc).create_element_(tag)
}
pub fn create_element_ns(doc: &Document, ns: &str, tag: &str) -> Result<Element, JsValue> {
    raw(doc).create_element_ns_(Some(ns), tag)
}
pub fn create_text_node(doc: &Document, text: &str) -> Node {
    raw(doc).create_text_node_(text)
}
pub fn create_comment(doc: &Document, text: &str) -> Node {
    raw(doc).create_comment_(text)
}
pub fn create_range(doc: &Document) -> Result<web_sys::Range, JsValue> {
    raw(doc).create_range_()
}
pub fn create_document_type(doc: &Document, name: &str, public_id: &str, system_id: &str) -> Result<Node, JsValue> {
    let implementation = raw(doc).implementation_();
    raw(&implementation).create_document_type_(name, public_id, system_id)
}
pub fn head(doc: &Document) -> Option<Element> {
    raw(doc).head_()
}
pub fn document_element(doc: &Document) -> Option<Element> {
    raw(doc).document_element_()
}
pub fn scrolling_element(doc: &Document) -> Option<Element> {
    raw(doc).scrolling_element_()
}
pub fn fonts(doc: &Document) -> web_sys::FontFaceSet {
    raw(doc).fonts_()
}
pub fn get_selection(doc: &Document) -> Option<web_sys::Selection> {
    raw(doc).get_selection_().ok().flatten()
}
pub fn url(doc: &Document) -> String {
    raw(doc).url_()
}
pub fn add_listener(target: &JsValue, kind: &str, f: &js_sys::Function, capture: bool) -> Result<(), JsValue> {
    raw(target).add_listener_(kind, f, capture)
}
pub fn remove_listener(target: &JsValue, kind: &str, f: &js_sys::Function, capture: bool) {
    let _ = raw(target).remove_listener_(kind, f, capture);
}
/// Whether the document is in quirks mode.
pub fn is_quirks(doc: &Document) -> bool {
    raw(doc).compat_mode_() == "BackCompat"
}
