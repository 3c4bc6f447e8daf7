use leptos::prelude::*;
use tapedeck_core::export::{ClipOptions, Mask};

use crate::format;
use crate::player::{Controller, PlayerSignals};

/// `m:ss.s`, `m:ss` or seconds to ms.
fn parse_offset(s: &str) -> Option<f64> {
    let s = s.trim();
    let secs = match s.split_once(':') {
        Some((m, rest)) => m.trim().parse::<f64>().ok()? * 60.0 + rest.trim().parse::<f64>().ok()?,
        None => s.parse::<f64>().ok()?,
    };
    (secs.is_finite() && secs >= 0.0).then_some(secs * 1000.0)
}

/// "Take it with you": a clip of a range (the selected error's lead-up by default, or what was
/// Shift-dragged on the timeline) as a recording of its own, with masks; the moment as HTML; a
/// bug report to paste.
#[component]
pub fn ExportMenu(signals: PlayerSignals, controller: Controller) -> impl IntoView {
    let ctl = StoredValue::new_local(controller);
    let (mask_text, set_mask_text) = signal(false);
    let (mask_inputs, set_mask_inputs) = signal(false);
    let (drop_bodies, set_drop_bodies) = signal(false);
    let open = move || signals.export.with(|e| e.is_some());
    let range = move || signals.export.get().unwrap_or((0.0, 0.0));
    let set_end = move |start: bool, text: String| {
        let Some(ms) = parse_offset(&text) else {
            signals.notice.set(Some(format!("“{text}” is not a time: use m:ss.s")));
            return;
        };
        let ms = ms.min(signals.duration());
        signals.export.update(|e| {
            if let Some((a, b)) = e {
                if start {
                    *a = ms;
                } else {
                    *b = ms;
                }
            }
        });
    };
    let download = move |_| {
        let (a, b) = range();
        let options = ClipOptions {
            mask: Mask {
                text: mask_text.get_untracked(),
                inputs: mask_inputs.get_untracked(),
            },
            drop_bodies: drop_bodies.get_untracked(),
        };
        ctl.with_value(|c| c.download_clip(a, b, options));
    };
    let check = |label: &'static str, testid: &'static str, get: ReadSignal<bool>, set: WriteSignal<bool>| {
        view! {
            <label class="export-check">
                <input type="checkbox" data-testid=testid prop:checked=move || get.get() on:change=move |ev| set.set(event_target_checked(&ev))/>
                {label}
            </label>
        }
    };
    view! {
        <div class="export">
            <button
                class="toggle"
                data-testid="export-toggle"
                title="Take this moment with you: a clip, the page as HTML, a bug report"
                aria-expanded=move || open().to_string()
                aria-controls="export-panel"
                on:click=move |_| {
                    if open() {
                        signals.export.set(None);
                    } else {
                        ctl.with_value(|c| c.open_export(None));
                    }
                }
            >
                <svg viewBox="0 0 24 24" aria-hidden="true"><path d="M12 3v12m0 0-4-4m4 4 4-4M5 17v3h14v-3" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"/></svg>
                <span class="label">"Export"</span>
            </button>
            <Show when=open>
                <div class="export-panel" id="export-panel" data-testid="export-panel" role="region" aria-label="Take this moment with you">
                    <div class="export-head">
                        <strong>"Clip"</strong>
                        <span class="dim">" a range as a recording of its own: it plays here and in rrweb's player"</span>
                    </div>
                    <div class="export-range">
                        <label>"From "
                            <input data-testid="clip-from" inputmode="decimal" prop:value=move || format::offset(range().0)
                                on:change=move |ev| set_end(true, event_target_value(&ev))/>
                        </label>
                        <label>"to "
                            <input data-testid="clip-to" inputmode="decimal" prop:value=move || format::offset(range().1)
                                on:change=move |ev| set_end(false, event_target_value(&ev))/>
                        </label>
                        <span class="dim export-length">{move || { let (a, b) = range(); format!("{:.1} s", (b - a).abs() / 1000.0) }}</span>
                    </div>
                    <p class="dim export-hint">"Shift-drag on the timeline to choose another range."</p>
                    <div class="export-checks">
                        {check("Mask all text", "mask-text", mask_text, set_mask_text)}
                        {check("Mask inputs", "mask-inputs", mask_inputs, set_mask_inputs)}
                        {check("Drop network bodies", "drop-bodies", drop_bodies, set_drop_bodies)}
                    </div>
                    <button class="export-primary" data-testid="download-clip" on:click=download>"Download clip"</button>
                    <div class="export-head export-moment-head"><strong>"This moment"</strong></div>
                    <div class="export-row">
                        <button class="export-secondary" data-testid="download-html" on:click=move |_| ctl.with_value(|c| c.download_moment_html())>"Page as HTML"</button>
                        <button class="export-secondary" data-testid="copy-bug-report" on:click=move |_| ctl.with_value(|c| c.copy_bug_report())>"Copy as bug report"</button>
                    </div>
                </div>
            </Show>
        </div>
    }
}
