use leptos::html::Div;
use leptos::prelude::*;

use crate::player::{Controller, PlayerSignals};

/// Over the replay while picking: the pointer's position, mapped into the replay's own pixels
/// (the replay is scaled to fit), asks the rendered page which element is there; a click
/// selects it. The replay itself never receives the pointer.
#[component]
pub fn PickLayer(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    let layer = NodeRef::<Div>::new();
    let picking = signals.inspect.picking;
    // Client coordinates to recorded page pixels.
    let to_replay = move |ev: &web_sys::MouseEvent| {
        let el = layer.get_untracked()?;
        let r = el.get_bounding_client_rect();
        let (w, _) = signals.viewport.get_untracked();
        let scale = if r.width() > 0.0 && w > 0.0 { r.width() / w } else { 1.0 };
        Some((
            (ev.client_x() as f64 - r.left()) / scale,
            (ev.client_y() as f64 - r.top()) / scale,
        ))
    };
    let ctl = controller.clone();
    let on_move = move |ev: web_sys::PointerEvent| {
        let id = to_replay(&ev).and_then(|(x, y)| ctl.node_at(x, y));
        ctl.hover_node(id);
    };
    let ctl = controller.clone();
    let on_click = move |ev: web_sys::MouseEvent| {
        ev.prevent_default();
        if let Some(id) = to_replay(&ev).and_then(|(x, y)| ctl.node_at(x, y)) {
            ctl.set_picking(false);
            ctl.select_node(Some(id));
        }
    };
    let ctl = controller;
    view! {
        <div
            class="pick-layer"
            data-testid="pick-layer"
            node_ref=layer
            hidden=move || !picking.get()
            on:pointermove=on_move
            on:click=on_click
            on:pointerleave=move |_| ctl.hover_node(None)
        ></div>
    }
}
