// Starts the player. A file rather than Trunk's inline loader, so the Content-Security-Policy
// can forbid inline scripts.
import init from "/tapedeck.js";
init({ module_or_path: "/tapedeck_bg.wasm" });
