//! A panic becomes a visible error state, not a frozen page: the hook logs it to the console and
//! puts a card over the player saying what happened (its text set as text, never as markup).

/// Installs the panic hook (once, at start).
pub fn install() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show(&info.to_string());
    }));
}

/// Shows the crash card with `message` and marks the player as stopped (`data-state="error"`).
/// Uses only plain DOM calls: after a panic the app's code may not run again.
pub fn show(message: &str) {
    let here = web_sys::window()
        .and_then(|w| w.location().href().ok())
        .unwrap_or_default();
    card(
        &here,
        "Tapedeck stopped: an internal error",
        message,
        "This is a bug in the player, not in your recording. The page is no longer updated; \
         reload to play again, and please report the message above.",
    );
}

/// The crash card when the engine could get no more memory (called by the allocator, before
/// the program aborts). Nothing here asks for memory: its texts are fixed, and its reload link
/// is the page's own address (an empty reference).
pub fn out_of_memory() {
    card(
        "",
        "Tapedeck stopped: out of memory",
        "The player could not get more memory for this recording.",
        "WebAssembly's memory ends at 4 GB, and the browser may give a tab less. The page is no \
         longer updated. Reload to play again; for a recording this large, lower max_memory_mb \
         in config.json so that loading stops, and the part loaded plays, before memory runs out.",
    );
}

/// The card: a title, a message as text, advice, and a link to `reload` (an address).
fn card(reload: &str, title: &str, message: &str, advice: &str) {
    let Some(doc) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(Some(player)) = doc.query_selector("[data-testid=player]") {
        let _ = player.set_attribute("data-state", "error");
    }
    let Some(body) = doc.body() else { return };
    // The first failure is the cause, and its card stays: what fails after it (a panic on a
    // borrow that a trap left held, the trap that ends a panic) is a consequence.
    if !matches!(doc.query_selector("[data-testid=crash]"), Ok(None)) {
        return;
    }
    let Ok(card) = doc.create_element("div") else { return };
    let _ = card.set_attribute("class", "crash");
    let _ = card.set_attribute("data-testid", "crash");
    let _ = card.set_attribute("role", "alert");
    let _ = body.append_child(&card);
    let add = |tag: &str, text: &str| {
        if let Ok(el) = doc.create_element(tag) {
            el.set_text_content(Some(text));
            let _ = card.append_child(&el);
            Some(el)
        } else {
            None
        }
    };
    add("h2", title);
    add("pre", message);
    add("p", advice);
    if let Some(link) = add("a", "Reload") {
        let _ = link.set_attribute("href", reload);
        let _ = link.set_attribute("class", "button");
    }
}

/// The crash card on demand, for diagnostics and the accessibility checks of the end-to-end
/// tests (`import("/tapedeck.js").then(m => m.show_crash_card("…"))`): a card like a panic's,
/// without a panic. Only the player's own origin can call it.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn show_crash_card(message: &str) {
    show(message);
}

/// A trap of the engine that is not a panic, on demand, for the end-to-end test of the card
/// `boot.js` shows then (`import("/tapedeck.js").then(m => m.trap_for_diagnostics(false))`):
/// `unreachable` (an abort), or with `overflow` the call stack running out in a recursion, as
/// a recording nested too deep for a recursive walk would. Only the player's own origin can
/// call it.
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn trap_for_diagnostics(overflow: bool) {
    if overflow {
        std::hint::black_box(deeper(0));
    }
    #[cfg(target_arch = "wasm32")]
    core::arch::wasm32::unreachable();
}

/// Calls itself until the engine's call stack runs out (its frame lives in the engine's own
/// stack, not in linear memory).
#[inline(never)]
fn deeper(n: u64) -> u64 {
    if std::hint::black_box(n) == u64::MAX {
        return n;
    }
    std::hint::black_box(deeper(n + 1)) + 1
}
