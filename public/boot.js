// Starts the player. A file rather than Trunk's inline loader, so the Content-Security-Policy
// can forbid inline scripts.
import init from "/tapedeck.js";
init({ module_or_path: "/tapedeck_bg.wasm" }).then((wasm) => {
  // For benchmarks and diagnostics: how much memory the player's engine holds.
  window.tapedeckWasmBytes = () => wasm.memory.buffer.byteLength;
});
