use leptos::prelude::*;

use crate::player::{Panel, PlayerSignals};

/// The element the inspector points at, outlined over the replay with its name and size (in
/// recorded page pixels: the layer is scaled with the replay).
#[component]
pub fn NodeHighlight(signals: PlayerSignals) -> impl IntoView {
    let sig = signals.inspect;
    let shown = move || {
        // The selected node stays outlined while the Elements panel shows it.
        let selected_shown = sig.selected.get().is_some() && signals.panel.get() == Panel::Elements;
        let active = sig.picking.get() || sig.hover.get().is_some() || selected_shown;
        sig.highlight.get().filter(|_| active)
    };
    move || {
        shown().map(|h| {
            let r = h.rect;
            // The label sits above the box, or inside it at the top of the page.
            let above = r.y >= 22.0;
            view! {
                <div
                    class="node-highlight"
                    data-testid="node-highlight"
                    style:left=format!("{}px", r.x)
                    style:top=format!("{}px", r.y)
                    style:width=format!("{}px", r.w)
                    style:height=format!("{}px", r.h)
                >
                    <span class="node-highlight-label" class:inside=!above>{h.label}</span>
                </div>
            }
        })
    }
}
