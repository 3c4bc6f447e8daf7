//! The automation and embedding contract: `performance.measure` marks, and `postMessage`
//! commands in and state out.
//!
//! In: `{type:"tapedeck:seek", ms}`, `{type:"tapedeck:play"}`, `{type:"tapedeck:pause"}` from the
//! player's own window or its parent. Out: `{type:"tapedeck:state", state, ms}` to the parent
//! (the window itself when not embedded) on every state change.

use js_sys::{Object, Reflect};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use web_sys::MessageEvent;

pub const MARK_LOAD_START: &str = "tapedeck:load-start";
pub const MEASURE_FIRST_FRAME: &str = "tapedeck:first-frame";
/// Steps of the first frame, for benchmarks: the first bytes of the body arrived; the first page
/// is parsed; its DOM is built (layout follows).
pub const MARK_FIRST_BYTES: &str = "tapedeck:first-bytes";
pub const MARK_FIRST_PAGE_PARSED: &str = "tapedeck:first-page-parsed";
pub const MARK_FIRST_PAGE_BUILT: &str = "tapedeck:first-page-built";
/// The warm-up before the first recording (see `warmup`).
pub const MARK_WARM_UP: &str = "tapedeck:warm-up-start";
pub const MEASURE_WARM_UP: &str = "tapedeck:warm-up";
pub const MARK_SEEK_START: &str = "tapedeck:seek-start";
pub const MEASURE_SEEK: &str = "tapedeck:seek";
/// A download's later events joining the session (`tapedeck:grow`), of which the panels'
/// analysis (`tapedeck:analyse`): the loading benchmark reads them.
pub const MARK_GROW_START: &str = "tapedeck:grow-start";
pub const MEASURE_GROW: &str = "tapedeck:grow";
pub const MARK_ANALYSE_START: &str = "tapedeck:analyse-start";
pub const MEASURE_ANALYSE: &str = "tapedeck:analyse";

fn performance() -> Option<web_sys::Performance> {
    web_sys::window()?.performance()
}

pub fn mark(name: &str) {
    if let Some(p) = performance() {
        let _ = p.mark(name);
    }
}

/// Records `performance.measure(name)` from the mark `from` until now.
pub fn measure(name: &str, from: &str) {
    if let Some(p) = performance() {
        let _ = p.measure_with_start_mark(name, from);
    }
}

/// A span of work that happens many times (a seek, a grow): marks its start when made, and when
/// dropped records its measure and forgets the start mark, since the browser keeps every entry
/// until the page goes.
#[must_use = "the span is measured when dropped"]
pub struct Span {
    name: &'static str,
    start: &'static str,
}

impl Span {
    pub fn start(name: &'static str, start: &'static str) -> Span {
        mark(start);
        Span { name, start }
    }
}

impl Drop for Span {
    fn drop(&mut self) {
        measure(self.name, self.start);
        if let Some(p) = performance() {
            p.clear_marks_with_mark_name(self.start);
        }
    }
}

/// A command received over `postMessage`.
#[derive(Debug, Clone, PartialEq)]
pub enum Command {
    Seek(f64),
    Play,
    Pause,
}

fn parse_command(data: &JsValue) -> Option<Command> {
    let kind = Reflect::get(data, &"type".into()).ok()?.as_string()?;
    match kind.as_str() {
        "tapedeck:seek" => {
            let ms = Reflect::get(data, &"ms".into()).ok()?.as_f64()?;
            ms.is_finite().then_some(Command::Seek(ms))
        }
        "tapedeck:play" => Some(Command::Play),
        "tapedeck:pause" => Some(Command::Pause),
        _ => None,
    }
}

/// Listens for commands from this window or its parent until the returned guard is dropped.
pub struct CommandListener {
    closure: Closure<dyn FnMut(MessageEvent)>,
}

impl CommandListener {
    pub fn new(mut on_command: impl FnMut(Command) + 'static) -> Option<CommandListener> {
        let window = web_sys::window()?;
        let own = window.clone();
        let closure = Closure::<dyn FnMut(MessageEvent)>::new(move |ev: MessageEvent| {
            let source = ev.source();
            let from_self = source
                .as_ref()
                .is_some_and(|s| JsValue::from(own.clone()) == JsValue::from(s.clone()));
            let from_parent = match (source.as_ref(), own.parent().ok().flatten()) {
                (Some(s), Some(p)) => JsValue::from(p) == JsValue::from(s.clone()),
                _ => false,
            };
            if !(from_self || from_parent) {
                return;
            }
            if let Some(cmd) = parse_command(&ev.data()) {
                on_command(cmd);
            }
        });
        window
            .add_event_listener_with_callback("message", closure.as_ref().unchecked_ref())
            .ok()?;
        Some(CommandListener { closure })
    }
}

impl Drop for CommandListener {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            let _ = w.remove_event_listener_with_callback("message", self.closure.as_ref().unchecked_ref());
        }
    }
}

/// Posts `{type:"tapedeck:state", state, ms}` to the parent window (or this window when top-level).
pub fn post_state(state: &str, ms: f64) {
    let Some(window) = web_sys::window() else { return };
    let msg = Object::new();
    let _ = Reflect::set(&msg, &"type".into(), &"tapedeck:state".into());
    let _ = Reflect::set(&msg, &"state".into(), &state.into());
    let _ = Reflect::set(&msg, &"ms".into(), &ms.into());
    let target = window.parent().ok().flatten().unwrap_or(window);
    let _ = target.post_message(&msg, "*");
}
