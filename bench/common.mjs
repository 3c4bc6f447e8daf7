// What the Tapedeck benchmarks share: the built player on loopback, Chromium, a timed seek, and
// small statistics.
import fs from "node:fs";
import path from "node:path";
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** Serves dist/ (tests/e2e/server.mjs) on `port` with extra `env`; resolves once it answers. */
export async function startPlayer(port, env = {}) {
  const app = spawn(process.execPath, [path.join(ROOT, "tests/e2e/server.mjs")], {
    env: { ...process.env, PORT: String(port), ...env },
    stdio: "ignore",
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 50; i++) {
    try {
      if ((await fetch(`${base}/config.json`)).ok) break;
    } catch {}
    await new Promise((r) => setTimeout(r, 100));
  }
  return { app, base };
}

/** The system Chromium, headless, with this machine's flags. */
export function launchChromium(chromium) {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || "/usr/bin/chromium",
    args: ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
           "--disable-component-update", "--disable-sync", "--no-first-run",
           // CHROMIUM_ARGS: more flags, e.g. "--js-flags=--no-wasm-lazy-compilation" to see what
           // lazy compilation costs.
           ...(process.env.CHROMIUM_ARGS ? process.env.CHROMIUM_ARGS.split(" ") : [])],
  });
}

/** Seeks the player to `ms` (embedding contract) and returns its `tapedeck:seek` duration. */
export function seek(page, ms) {
  return page.evaluate(async (ms) => {
    const before = performance.getEntriesByName("tapedeck:seek").length;
    window.postMessage({ type: "tapedeck:seek", ms }, "*");
    for (let k = 0; k < 5000; k++) {
      await new Promise((r) => setTimeout(r, 2));
      const e = performance.getEntriesByName("tapedeck:seek");
      if (e.length > before) return e[e.length - 1].duration;
    }
    return null;
  }, ms);
}

export const r1 = (x) => (x == null ? null : Math.round(x * 10) / 10);
export const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
export const pct = (a, p) => {
  const s = [...a].sort((x, y) => x - y);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** PSS and RSS of a process, MB (PSS counts shared pages once across processes). */
export function processMemory(pid) {
  const text = fs.readFileSync(`/proc/${pid}/smaps_rollup`, "utf8");
  const kb = (key) => Number((text.match(new RegExp(`^${key}:\\s+(\\d+)`, "m")) || [0, 0])[1]);
  return { pss: kb("Pss") / 1024, rss: kb("Rss") / 1024 };
}

/** The process ids of `browser`'s renderers (Chromium tells them through SystemInfo). */
export async function rendererPids(browser) {
  const info = await browser.newBrowserCDPSession().then((s) => s.send("SystemInfo.getProcessInfo"));
  return info.processInfo.filter((p) => p.type === "renderer").map((p) => p.id);
}

// A trace's main-thread task `t` (a RunTask event) broken down: the `n` largest of what ran
// inside it, by name (calls, timers and events by what they called), each "name ms".
export function taskBreakdown(onMain, t, n) {
  const inside = onMain.filter((e) => e !== t && e.ph === "X" && e.ts >= t.ts && e.ts + (e.dur ?? 0) <= t.ts + t.dur);
  const by = new Map();
  for (const e of inside) {
    const key = e.name === "FunctionCall" || e.name === "TimerFire" || e.name === "EventDispatch"
      ? `${e.name} ${e.args?.data?.functionName ?? e.args?.data?.type ?? ""}`.trim() : e.name;
    by.set(key, (by.get(key) ?? 0) + (e.dur ?? 0));
  }
  return [...by].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, us]) => `${k} ${(us / 1000).toFixed(1)}`);
}
