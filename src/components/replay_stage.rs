use leptos::html::{Div, Iframe};
use leptos::prelude::*;

use crate::components::{EndOverlay, LoadError, LoadProgress, NodeHighlight, PickLayer, PointerOverlay};
use crate::hooks::use_element_size;
use crate::player::{Controller, PlayState, PlayerSignals};

/// The replay: the sandboxed iframe at the recorded viewport size, scaled to fit.
///
/// The iframe never gets `allow-scripts`, and ignores the pointer: recorded content is shown,
/// never run or clicked. `page`: the address of the frame's page and what to call when it has
/// loaded (`renderer::FramePage`); the frame is made with it, so it loads at once.
#[component]
pub fn ReplayStage(
    signals: PlayerSignals,
    controller: Controller,
    frame: NodeRef<Iframe>,
    page: Option<(String, js_sys::Function)>,
) -> impl IntoView {
    let (src, arrived) = page.unzip();
    let stage = NodeRef::<Div>::new();
    let (avail_w, avail_h) = use_element_size(stage);
    let size = move || signals.viewport.get();
    let scale = move || {
        let (w, h) = size();
        let s = ((avail_w.get() - 32.0) / w).min((avail_h.get() - 32.0) / h).min(1.0);
        if s.is_finite() && s > 0.0 {
            s
        } else {
            1.0
        }
    };
    // Shown from the first frame on, before the controls and the panels are ready.
    let visible = move || match signals.state.get() {
        PlayState::Error => false,
        PlayState::Loading => signals.frame_shown.get(),
        _ => true,
    };
    view! {
        <div class="stage" node_ref=stage>
            <div
                class="viewport-box"
                class:hidden=move || !visible()
                style:width=move || format!("{}px", size().0 * scale())
                style:height=move || format!("{}px", size().1 * scale())
            >
                <div
                    class="viewport"
                    style:width=move || format!("{}px", size().0)
                    style:height=move || format!("{}px", size().1)
                    style:transform=move || format!("scale({})", scale())
                >
                    <iframe
                        node_ref=frame
                        data-testid="replay-frame"
                        title="Session replay"
                        sandbox="allow-same-origin"
                        referrerpolicy="no-referrer"
                        // After `sandbox` and `referrerpolicy`: the page never loads unsandboxed.
                        src=src
                        on:load=move |_| {
                            if let Some(f) = &arrived {
                                let _ = f.call0(&wasm_bindgen::JsValue::NULL);
                            }
                        }
                        tabindex="-1"
                        width=move || size().0
                        height=move || size().1
                    ></iframe>
                    <PointerOverlay signals=signals/>
                    <NodeHighlight signals=signals/>
                    <PickLayer signals=signals controller=controller.clone()/>
                </div>
            </div>
            <Show when=move || signals.state.get() == PlayState::Loading && !signals.frame_shown.get()>
                <LoadProgress signals=signals/>
            </Show>
            <LoadError signals=signals/>
            <EndOverlay signals=signals controller=controller/>
        </div>
    }
}
