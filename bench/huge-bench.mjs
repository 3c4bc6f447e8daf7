// The huge-session benchmark: a generated recording (scripts/make-huge-session.mjs: one hour and
// 500,000 events, or four hours and two million) loaded and seeked in the built player:
//   first frame   `tapedeck:first-frame` (download start → first page laid out);
//   early seeks   40 seeded seeks started as soon as the first frame is shown, while the body
//                 still downloads and the checkpoints are built (targets within what has arrived);
//   seeks         40 seeded seeks over the whole session once it is indexed (`data-indexed`);
//   memory        peak of the JS heap + WebAssembly memory, sampled throughout; the engine's
//                 heap (live and peak bytes, src/heap.rs) at the end;
//   long tasks    the longest main-thread task (PerformanceObserver `longtask`) until indexed.
//   node bench/huge-bench.mjs --anchor DIR [--file target/huge/huge-1h.json] [--seeks 40]
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, launchChromium, pct, r1, seek, startPlayer, taskBreakdown } from "./common.mjs";
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const ANCHOR = path.resolve(opt("--anchor"));
const FILE = path.resolve(opt("--file", path.join(ROOT, "target/huge/huge-1h.json")));
const N_SEEKS = Number(opt("--seeks", 40));
// --trace: the load is traced until indexed; each main-thread task over 100 ms is printed with
// what it held (the trace's events within it, by kind, and the player's own measures).
const TRACE = argv.includes("--trace");
const PORT = 4191;
const { chromium } = await import(pathToFileURL(path.join(ANCHOR, "node_modules/playwright-core/index.mjs")).href);

const { app, base: BASE } = await startPlayer(PORT, { LOCAL_DIR: path.dirname(FILE) });
const browser = await launchChromium(chromium);
const mb = (b) => Math.round(b / 1e6);

const meta = JSON.parse(fs.readFileSync(FILE.replace(/\.json$/, ".meta.json"), "utf8"));
const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
const page = await context.newPage();
await page.addInitScript(() => {
  window.__longTasks = [];
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
  }).observe({ type: "longtask", buffered: true });
});
const cdp = await context.newCDPSession(page);
const memory = async () => {
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  const wasm = await page.evaluate(() => (window.tapedeckWasmBytes ? window.tapedeckWasmBytes() : 0));
  return { js: usedSize, wasm, total: usedSize + wasm };
};
let peak = { js: 0, wasm: 0, total: 0 };
const sample = async () => {
  try {
    const m = await memory();
    peak = { js: Math.max(peak.js, m.js), wasm: Math.max(peak.wasm, m.wasm), total: Math.max(peak.total, m.total) };
  } catch {}
};
if (TRACE) await browser.startTracing(page, { categories: ["devtools.timeline", "blink.user_timing", "v8", "disabled-by-default-devtools.timeline"] });
const t0 = Date.now();
await page.goto(`${BASE}/play?src=/local/${path.basename(FILE)}`);
let firstFrame = null;
let responsive = [];
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
/** The duration the player shows (what has arrived so far), ms. */
const shownDuration = () =>
  page.evaluate(() => {
    const t = document.querySelector("[data-testid=duration]")?.textContent ?? "";
    return t.split(":").reduce((acc, x) => acc * 60 + Number(x), 0) * 1000;
  });
const earlySeeks = [];
let earlyDoneWhileStreaming = 0;
while (true) {
  await sample();
  const s = await page.evaluate(() => {
    const p = document.querySelector("[data-testid=player]")?.dataset ?? {};
    return { state: p.state, streaming: p.streaming };
  });
  if (s.state === "error") throw new Error("the player failed to load the session");
  if (firstFrame === null && s.state === "ready") {
    firstFrame = await page.evaluate(() => performance.getEntriesByName("tapedeck:first-frame")[0]?.duration);
    // A user who lands and scrubs at once: seeks before the body or the checkpoints are in.
    for (let i = 0; i < N_SEEKS; i++) {
      const d = await seek(page, Math.round(rand() * (await shownDuration())));
      earlySeeks.push(d ?? 10_000);
      const streaming = await page.evaluate(() => document.querySelector("[data-testid=player]")?.dataset.streaming);
      if (streaming === "true") earlyDoneWhileStreaming++;
      await sample();
    }
  }
  // Responsiveness while loading: how long the page takes to answer.
  const t = Date.now();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => r())));
  responsive.push(Date.now() - t);
  if (s.state !== "loading" && s.streaming === "false") break;
  if (responsive.length % 25 === 0) {
    const status = await page.evaluate(() => document.querySelector("[data-testid=still-loading]")?.textContent);
    console.error(`${Math.round((Date.now() - t0) / 1000)} s: ${s.state} ${status ?? ""}`);
  }
  await new Promise((r) => setTimeout(r, 200));
}
const loadMs = await page.evaluate(() => performance.now() - performance.getEntriesByName("tapedeck:load-start")[0].startTime);
await page.waitForFunction(() => document.querySelector("[data-testid=player]")?.dataset.indexed === "true", null, { timeout: 600_000 });
const indexedMs = Date.now() - t0;
if (TRACE) printLongTasks(JSON.parse((await browser.stopTracing()).toString()));
await sample();
const duration = await page.evaluate(() => document.querySelector("[data-testid=duration]")?.textContent);
const longTasks = await page.evaluate(() => window.__longTasks);
const longestTaskMs = Math.max(0, ...longTasks.map(([, d]) => d));
// What the long tasks were: later events joining (the panels' analysis within), or else.
const spans = await page.evaluate(() =>
  ["tapedeck:grow", "tapedeck:analyse"].map((n) => performance.getEntriesByName(n).map((e) => [e.startTime, e.duration])),
);
const [grows, analyses] = spans;
const within = ([s, d], list) => list.some(([gs, gd]) => gs >= s - 1 && gs + gd <= s + d + 1);
const longGrowTasks = longTasks.filter((t) => t[1] > 100 && within(t, grows)).length;
console.error(`loaded: first frame ${r1(firstFrame)} ms, whole body ${r1(loadMs)} ms, checkpoints ${indexedMs} ms, peak ${JSON.stringify(peak)}`);
page.on("crash", () => console.error("the page crashed"));
const durationMs = meta.durationMs;
const seeks = [];
for (let i = 0; i < N_SEEKS; i++) {
  const ms = Math.round(rand() * durationMs);
  const d = await seek(page, ms);
  seeks.push(d);
  await sample();
}
const after = await memory();
const result = {
  file: path.basename(FILE),
  bytes: fs.statSync(FILE).size,
  duration,
  firstFrameMs: r1(firstFrame),
  loadMs: r1(loadMs),
  checkpointsDoneMs: indexedMs,
  events: meta.eventCount,
  longestUiWaitWhileLoadingMs: Math.max(...responsive),
  longestTaskUntilIndexedMs: r1(longestTaskMs),
  longTasksOver100Ms: longTasks.filter(([, d]) => d > 100).length,
  longTasksOver100MsWithAGrow: longGrowTasks,
  grows: grows.length,
  growP50Ms: r1(pct(grows.map(([, d]) => d), 50)),
  growMaxMs: r1(Math.max(0, ...grows.map(([, d]) => d))),
  analyseMaxMs: r1(Math.max(0, ...analyses.map(([, d]) => d))),
  earlySeekP50: r1(pct(earlySeeks, 50)),
  earlySeekP95: r1(pct(earlySeeks, 95)),
  earlySeekMax: r1(Math.max(...earlySeeks)),
  earlySeeksWhileStreaming: earlyDoneWhileStreaming,
  seekP50: r1(pct(seeks, 50)),
  seekP95: r1(pct(seeks, 95)),
  seekMax: r1(Math.max(...seeks)),
  peakMemoryMB: { js: mb(peak.js), wasm: mb(peak.wasm), total: mb(peak.total) },
  afterSeeksMB: { js: mb(after.js), wasm: mb(after.wasm) },
  // What the engine held (src/heap.rs): now, and at most — beside the wasm memory, which keeps
  // its high-water mark and what the allocator could not reuse.
  engineHeapMB: await page
    .evaluate(() => (window.tapedeckHeap ? window.tapedeckHeap() : null))
    .then((h) => h && { live: mb(h.live), peak: mb(h.peak) }),
};
console.log(JSON.stringify(result, null, 2));

/** Each renderer main-thread task over 100 ms, with the events it held (inclusive ms by name). */
function printLongTasks(trace) {
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain" &&
    events.some((x) => x.pid === e.pid && x.name === "FunctionCall"));
  if (!main) return;
  const onMain = events.filter((e) => e.pid === main.pid && e.tid === main.tid);
  const user = events.filter((e) => e.cat?.includes("blink.user_timing") && e.name.startsWith("tapedeck:"));
  const tasks = onMain.filter((e) => e.ph === "X" && e.name === "RunTask" && e.dur > 100_000);
  const start = user.find((e) => e.name === "tapedeck:load-start");
  for (const t of tasks) {
    const marks = user.filter((e) => e.ts >= t.ts && e.ts <= t.ts + t.dur).map((e) => e.name);
    const top = taskBreakdown(onMain, t, 8);
    const before = user.filter((e) => e.ts < t.ts).at(-1);
    const at = start ? `${((t.ts - start.ts) / 1000).toFixed(0)} ms after load-start` : "";
    console.error(`task ${(t.dur / 1000).toFixed(1)} ms ${at} (after ${before?.name ?? "no mark"}): ${top.join("; ")}${marks.length ? ` | marks: ${[...new Set(marks)].join(", ")}` : ""}`);
  }
}
fs.mkdirSync(path.join(ROOT, "target/bench"), { recursive: true });
fs.writeFileSync(path.join(ROOT, `target/bench/${path.basename(FILE, ".json")}-tapedeck.json`), JSON.stringify(result, null, 2));
await browser.close();
app.kill();
