use leptos::prelude::*;

use crate::player::PlayerSignals;

/// The recorded pointer and click ripples, drawn over the replay (in recorded page pixels; the
/// layer is scaled with the replay). Everything here derives from the playhead, so a paused
/// frame shows the same pointer whichever way it was reached.
#[component]
pub fn PointerOverlay(signals: PlayerSignals) -> impl IntoView {
    view! {
        <div class="pointer-layer" aria-hidden="true">
            {move || signals.outline.get().map(|r| view! {
                <div
                    class="click-outline"
                    style:left=format!("{}px", r.x - 3.0)
                    style:top=format!("{}px", r.y - 3.0)
                    style:width=format!("{}px", r.w + 6.0)
                    style:height=format!("{}px", r.h + 6.0)
                ></div>
            })}
            // The element holding Find's chosen text.
            {move || signals.find.outline.get().map(|r| view! {
                <div
                    class="find-outline"
                    data-testid="find-outline"
                    style:left=format!("{}px", r.x - 4.0)
                    style:top=format!("{}px", r.y - 4.0)
                    style:width=format!("{}px", r.w + 8.0)
                    style:height=format!("{}px", r.h + 8.0)
                ></div>
            })}
            {move || signals.rage_rings.get().into_iter().map(|ring| {
                let r = ring.rect;
                let size = r.w.max(r.h).max(28.0) + 24.0;
                view! {
                    <div
                        class="rage-ring"
                        data-testid="rage-ring"
                        style:left=format!("{}px", r.x + r.w / 2.0 - size / 2.0)
                        style:top=format!("{}px", r.y + r.h / 2.0 - size / 2.0)
                        style:width=format!("{size}px")
                        style:height=format!("{size}px")
                    >
                        <span class="rage-count">{format!("×{}", ring.count)}</span>
                    </div>
                }
            }).collect_view()}
            {move || signals.ripples.get().into_iter().map(|r| {
                let k = (r.age / 700.0).clamp(0.0, 1.0);
                view! {
                    <span
                        class="ripple"
                        style:left=format!("{}px", r.x)
                        style:top=format!("{}px", r.y)
                        style:transform=format!("translate(-50%, -50%) scale({})", 0.4 + 1.6 * k)
                        style:opacity=format!("{}", 1.0 - k)
                    ></span>
                }
            }).collect_view()}
            {move || signals.pointer.get().map(|p| view! {
                <svg
                    class="cursor"
                    class:touch=p.touch
                    data-testid="cursor"
                    viewBox="0 0 20 24"
                    style:transform=format!("translate({}px, {}px)", p.x, p.y)
                >
                    <path d="M1 1 L1 19 L6 14.5 L9.5 22 L12.5 20.6 L9 13.4 L15.5 13.4 Z" fill="#111" stroke="#fff" stroke-width="1.4" stroke-linejoin="round"/>
                </svg>
            })}
        </div>
    }
}
