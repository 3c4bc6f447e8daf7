//! Keyboard shortcuts of the player: space play/pause, ←/→ ±5 s, shift+←/→ ±1 s, `[`/`]` speed,
//! `k` skip inactivity, `/` or Ctrl/Cmd+F find, `n`/`N` next/previous result, `f` theater / full screen (Escape leaves), `i` pick an element to inspect
//! (Escape leaves). Keys typed into a form field
//! are left alone.

use leptos::prelude::*;
use wasm_bindgen::closure::Closure;
use wasm_bindgen::JsCast;
use web_sys::KeyboardEvent;

use super::use_event_listener;
use crate::player::Controller;

pub fn use_player_keys(controller: Controller) {
    let Some(window) = web_sys::window() else { return };
    let handler = Closure::<dyn FnMut(KeyboardEvent)>::new(move |ev: KeyboardEvent| {
        if ev.default_prevented() {
            return;
        }
        // Ctrl/Cmd+F: the session's own Find, not the browser's (which cannot see the replay).
        if (ev.ctrl_key() || ev.meta_key()) && !ev.alt_key() && ev.key().eq_ignore_ascii_case("f") {
            ev.prevent_default();
            controller.open_find();
            return;
        }
        if ev.ctrl_key() || ev.meta_key() || ev.alt_key() {
            return;
        }
        let target = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok());
        let tag = target.as_ref().map(|t| t.tag_name()).unwrap_or_default();
        if matches!(tag.as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || target.as_ref().is_some_and(|t| t.has_attribute("contenteditable"))
        {
            return;
        }
        let step = if ev.shift_key() { 1_000.0 } else { 5_000.0 };
        match ev.key().as_str() {
            // A focused button, summary or link takes space itself.
            " " if matches!(tag.as_str(), "BUTTON" | "SUMMARY" | "A") => return,
            " " => controller.toggle(),
            "ArrowLeft" => controller.seek_by(-step),
            "ArrowRight" => controller.seek_by(step),
            "[" => controller.step_speed(-1),
            "]" => controller.step_speed(1),
            "k" | "K" => controller.toggle_skip(),
            // Held down, `f` toggles once.
            "f" | "F" if ev.repeat() => {}
            "f" | "F" => controller.signals().theater.update(|t| *t = !*t),
            "/" => controller.open_find(),
            "n" if has_results(&controller) => controller.find_step(true),
            "N" if has_results(&controller) => controller.find_step(false),
            "i" | "I" if ev.repeat() => {}
            "i" | "I" => controller.set_picking(!controller.signals().inspect.picking.get_untracked()),
            // Escape leaves pick mode first, then theater.
            "Escape" if controller.signals().inspect.picking.get_untracked() => controller.set_picking(false),
            "Escape" if controller.signals().find.open.get_untracked() => controller.close_find(),
            "Escape" if controller.signals().theater.get_untracked() => controller.signals().theater.set(false),
            _ => return,
        }
        ev.prevent_default();
    });
    // Removed when the player goes away.
    use_event_listener(window.into(), "keydown", handler);
}

fn has_results(c: &Controller) -> bool {
    c.signals().find.results.with_untracked(|r| !r.hits.is_empty())
}
