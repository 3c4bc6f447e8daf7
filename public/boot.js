// Starts the player. A file rather than Trunk's inline loader, so the Content-Security-Policy
// can forbid inline scripts.
import init, { heapLiveBytes, heapPeakBytes } from "/tapedeck.js";

// The theme before the app's first paint: the one the user chose (src/theme.rs keeps it), else
// the system's. Storage may be switched off: then the system's.
try {
  const chosen = localStorage.getItem("tapedeck-theme");
  const system = matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
  document.documentElement.dataset.theme = chosen === "light" || chosen === "dark" ? chosen : system;
} catch {
  // The player applies the theme again when it starts.
}
// The engine stopped by a trap that is not a panic (the panic hook and the allocator show their
// own cards first): a WebAssembly RuntimeError, or the call stack running out inside the engine.
// It cannot go on, so a card says so (plain DOM, texts as text), as src/crash.rs does for a
// panic, instead of a page that silently stops updating. Errors that did not come out of the
// engine are left to the console.
// A stack that ran out inside the engine is a RangeError in Chromium and Safari, an
// InternalError ("too much recursion") in Firefox; its stack names WebAssembly frames.
const engineTrap = (e) =>
  (typeof WebAssembly === "object" && e instanceof WebAssembly.RuntimeError) ||
  (["RangeError", "InternalError"].includes(e?.name) && /wasm-function\[|wasm:\/\/|\[wasm code\]/.test(e.stack ?? ""));
function engineStopped(e) {
  // The first failure's card stays (src/crash.rs does the same): what fails after it is a consequence.
  if (!engineTrap(e) || document.querySelector("[data-testid=crash]")) return;
  document.querySelector("[data-testid=player]")?.setAttribute("data-state", "error");
  const card = document.createElement("div");
  card.className = "crash";
  card.dataset.testid = "crash";
  card.setAttribute("role", "alert");
  const add = (tag, text) => card.appendChild(Object.assign(document.createElement(tag), { textContent: text }));
  add("h2", "Tapedeck stopped: an internal error");
  add("pre", `${e.name}: ${e.message}`);
  add("p", "This is a bug in the player, not in your recording. The page is no longer updated; " +
    "reload to play again, and please report the message above.");
  const reload = add("a", "Reload");
  reload.href = location.href;
  reload.className = "button";
  document.body.appendChild(card);
}
addEventListener("error", (ev) => engineStopped(ev.error));
addEventListener("unhandledrejection", (ev) => engineStopped(ev.reason));
// The configuration is asked for now, beside the engine's download (src/config.rs awaits it).
// A failed request is reported by the player, not as an unhandled rejection.
window.tapedeckConfig = fetch("/config.json");
window.tapedeckConfig.catch(() => {});
init({ module_or_path: "/tapedeck_bg.wasm" }).then((wasm) => {
  // For benchmarks and diagnostics: how much memory the player's engine holds.
  window.tapedeckWasmBytes = () => wasm.memory.buffer.byteLength;
  // What of it the engine holds now, and held at most (src/heap.rs).
  window.tapedeckHeap = () => ({ live: heapLiveBytes(), peak: heapPeakBytes() });
});
// The fonts index.html lists, laid out a few a frame once the engine's download has begun (all
// in one layout, a task of 50-130 ms), then removed.
const warm = document.getElementById("font-warm");
if (warm) {
  const fonts = [...warm.children];
  const next = () => {
    if (!fonts.length) return warm.remove();
    for (const font of fonts.splice(0, 5)) font.hidden = false;
    requestAnimationFrame(next);
  };
  requestAnimationFrame(next);
}
