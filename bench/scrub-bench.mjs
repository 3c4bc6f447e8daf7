// Scrubbing like a video: the playhead dragged to and fro across the timeline with the mouse,
// as a user looking for a moment does. Prints, per session:
//   - frames shown per second of dragging (animation frames painted after a new seek landed),
//   - the seek p50/p95/max during the drag (`tapedeck:seek` measures: state, DOM and layout),
//   - the longest main-thread task during the drag and how many passed 50 ms (the panels follow
//     the playhead in the same tasks, so a stalled panel shows here),
//   - where the playhead ended and the console's latest row then (it follows the playhead).
// The drag starts once the session is whole and indexed (`data-indexed`), and, with --early, a
// second drag starts right after the first frame, while the body still arrives.
//
//   node bench/scrub-bench.mjs --anchor DIR [--session monaco-long] [--file target/huge/huge-1h.json]
//                              [--seconds 4] [--early]
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, launchChromium, pct, r1, startPlayer } from "./common.mjs";

const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const ANCHOR = path.resolve(opt("--anchor", path.join(process.env.HOME, ".cache/tapedeck/anchor")));
const FILE = opt("--file", null);
const SESSION = opt("--session", FILE ? null : "monaco-long");
const SECONDS = Number(opt("--seconds", "4"));
const EARLY = argv.includes("--early");
// --profile: the indexed drag is sampled by V8's profiler; the functions that took most of it
// are printed (self time), to see what a seek's task spends beyond the seek.
const PROFILE = argv.includes("--profile");
// --trace: the indexed drag is traced; the renderer's main-thread time is printed by kind of
// work (script, style, layout, paint...).
const TRACE = argv.includes("--trace");
// --css TEXT: a style added to the player before the drags (to try a rendering change unbuilt).
const CSS = opt("--css", null);
const PORT = 4193;
const { chromium } = await import(pathToFileURL(path.join(ANCHOR, "node_modules/playwright-core/index.mjs")).href);

const env = FILE ? { LOCAL_DIR: path.dirname(path.resolve(FILE)) } : {};
const { app, base: BASE } = await startPlayer(PORT, env);
const browser = await launchChromium(chromium);
const url = FILE ? `${BASE}/play?src=/local/${path.basename(FILE)}` : `${BASE}/sessions/${SESSION}`;
const name = FILE ? path.basename(FILE, ".json") : SESSION;

/** Drags the playhead to and fro for `seconds`; returns the figures of that drag. */
async function drag(page, seconds) {
  const box = await page.locator(".timeline-track").boundingBox();
  const y = box.y + box.height / 2;
  // Kept off the ends: a sweep covers 5 %..95 % of the track, one way each second.
  const x0 = box.x + box.width * 0.05;
  const span = box.width * 0.9;
  await page.evaluate(() => {
    window.__scrub = { frames: 0, rafs: 0, seen: performance.getEntriesByName("tapedeck:seek").length, tasks: [] };
    window.__scrubStart = performance.now();
    const tasks = window.__scrub.tasks;
    window.__scrub.observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) tasks.push(e.duration);
    });
    window.__scrub.observer.observe({ type: "longtask" });
    const tick = () => {
      const s = window.__scrub;
      if (s.done) return;
      s.rafs++;
      const n = performance.getEntriesByName("tapedeck:seek").length;
      if (n > s.seen) s.frames++;
      s.seen = n;
      requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  });
  await page.mouse.move(x0, y);
  await page.mouse.down();
  const t0 = Date.now();
  let moves = 0;
  let last = x0;
  // A mouse reports its position 125 times a second whatever the page is doing (the browser
  // folds the reports it could not deliver yet into one event per frame): the moves are sent
  // on that clock, not each after the page handled the last, the position following time.
  const pending = [];
  while (Date.now() - t0 < seconds * 1000) {
    const phase = ((Date.now() - t0) / 1000) % 2;
    const f = phase < 1 ? phase : 2 - phase;
    last = x0 + span * f;
    pending.push(page.mouse.move(last, y));
    moves++;
    await new Promise((r) => setTimeout(r, 8));
  }
  await Promise.all(pending);
  await page.mouse.up();
  const elapsed = (Date.now() - t0) / 1000;
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  const s = await page.evaluate(() => {
    window.__scrub.done = true;
    window.__scrub.observer.disconnect();
    const seeks = performance
      .getEntriesByName("tapedeck:seek")
      .filter((e) => e.startTime >= window.__scrubStart)
      .map((e) => e.duration);
    const { observer, ...counts } = window.__scrub;
    return { ...counts, seeks };
  });
  // Where the last move put the playhead, and whether the console followed it there.
  const follow = await page.evaluate(() => {
    const time = document.querySelector("[data-testid=current-time]")?.textContent ?? "";
    // The console marks its last row at or before the playhead `latest` (when the panel is shown).
    const latest = document.querySelector("[data-testid=console-row].latest .row-time");
    return { time, consoleLatest: latest ? latest.textContent : null };
  });
  return {
    seconds: r1(elapsed),
    moves,
    seeks: s.seeks.length,
    framesShown: s.frames,
    animationFrames: s.rafs,
    framesPerSecond: r1(s.frames / elapsed),
    seekP50: r1(pct(s.seeks, 50)),
    seekP95: r1(pct(s.seeks, 95)),
    seekMax: r1(Math.max(0, ...s.seeks)),
    longestTaskMs: r1(Math.max(0, ...s.tasks)),
    tasksOver50Ms: s.tasks.length,
    playheadAfter: follow.time,
    consoleLatestRowAfter: follow.consoleLatest,
  };
}

const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
const page = await context.newPage();
const result = { session: name };
await page.goto(url);
await page.waitForFunction(() => document.querySelector("[data-testid=player]")?.dataset.state === "ready", null, {
  timeout: 600_000,
});
if (CSS) await page.addStyleTag({ content: CSS });
if (EARLY) {
  const streaming = await page.evaluate(() => document.querySelector("[data-testid=player]")?.dataset.streaming);
  result.early = { ...(await drag(page, SECONDS)), startedWhileStreaming: streaming === "true" };
}
await page.waitForFunction(() => document.querySelector("[data-testid=player]")?.dataset.indexed === "true", null, {
  timeout: 600_000,
});
const cdp = PROFILE ? await context.newCDPSession(page) : null;
if (cdp) {
  await cdp.send("Profiler.enable");
  await cdp.send("Profiler.setSamplingInterval", { interval: 200 });
  await cdp.send("Profiler.start");
}
if (TRACE) await browser.startTracing(page, { categories: ["devtools.timeline", "blink", "disabled-by-default-devtools.timeline", "disabled-by-default-devtools.timeline.stack"] });
result.indexed = await drag(page, SECONDS);
if (TRACE) {
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const events = trace.traceEvents ?? trace;
  const main = events.find((e) => e.name === "thread_name" && e.args?.name === "CrRendererMain" &&
    events.some((x) => x.pid === e.pid && x.name === "FunctionCall"));
  const byName = new Map();
  for (const e of events) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.ph !== "X" || !e.dur) continue;
    byName.set(e.name, (byName.get(e.name) ?? 0) + e.dur);
  }
  // Each layout by the frame (document) it laid out, with how many objects it had to redo.
  const layouts = new Map();
  const forced = new Map();
  for (const e of events) {
    if (!main || e.pid !== main.pid || e.tid !== main.tid || e.name !== "Layout" || e.ph !== "X" || !e.dur) continue;
    const b = e.args?.beginData ?? {};
    const key = `${b.frame ?? "?"}`;
    const l = layouts.get(key) ?? { ms: 0, n: 0, dirty: 0, total: 0 };
    l.ms += e.dur / 1000;
    l.n += 1;
    l.dirty += b.dirtyObjects ?? 0;
    l.total = Math.max(l.total, b.totalObjects ?? 0);
    layouts.set(key, l);
    const top = (b.stackTrace ?? []).slice(0, 3).map((f) => f.functionName || "?").join(" < ") || "(lifecycle)";
    const k2 = `${key.slice(0, 6)} ${top}`;
    const f = forced.get(k2) ?? { ms: 0, n: 0, dirty: 0 };
    f.ms += e.dur / 1000;
    f.n += 1;
    f.dirty += b.dirtyObjects ?? 0;
    forced.set(k2, f);
  }
  if (process.env.LAYOUT_SEQ) {
    // The layouts in order (which frame, what asked, dirty objects, ms), to see two in one task.
    const seq = events
      .filter((e) => main && e.pid === main.pid && e.tid === main.tid && e.name === "Layout" && e.ph === "X" && e.dur)
      .sort((a, b) => a.ts - b.ts);
    let last = 0;
    for (const e of seq.slice(0, Number(process.env.LAYOUT_SEQ))) {
      const b = e.args?.beginData ?? {};
      const top = (b.stackTrace ?? []).slice(0, 3).map((f) => f.functionName || "?").join(" < ") || "(lifecycle)";
      console.error(`  +${((e.ts - last) / 1000).toFixed(1).padStart(7)} ms  ${(b.frame ?? "?").slice(0, 6)} ${String(b.dirtyObjects).padStart(5)} ${(e.dur / 1000).toFixed(1).padStart(5)} ms  ${top}`);
      last = e.ts;
    }
  }
  console.error("layouts by what asked for them (ms, count, dirty objects):");
  for (const [k, f] of [...forced].sort((a, b) => b[1].ms - a[1].ms).slice(0, 12)) {
    console.error(`  ${f.ms.toFixed(0).padStart(5)} ms ${String(f.n).padStart(4)} ${String(f.dirty).padStart(6)}  ${k}`);
  }
  console.error("layouts by frame (ms, count, dirty objects in all, objects at most):");
  for (const [k, l] of layouts) console.error(`  ${k}: ${l.ms.toFixed(0)} ms, ${l.n} layouts, ${l.dirty} dirty, ${l.total} objects`);
  console.error("renderer main thread during the indexed drag (ms, inclusive):");
  for (const [k, us] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 25)) {
    console.error(`  ${(us / 1000).toFixed(0).padStart(6)}  ${k}`);
  }
}
if (cdp) {
  const { profile } = await cdp.send("Profiler.stop");
  const self = new Map();
  const dt = new Map();
  profile.samples.forEach((id, i) => dt.set(id, (dt.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  for (const n of profile.nodes) {
    const key = `${n.callFrame.functionName || "(anonymous)"} ${path.basename(n.callFrame.url || "")}`;
    self.set(key, (self.get(key) ?? 0) + (dt.get(n.id) ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  console.error("self time during the indexed drag (ms, share):");
  for (const [k, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 30)) {
    console.error(`  ${(us / 1000).toFixed(0).padStart(6)}  ${((100 * us) / total).toFixed(1).padStart(5)} %  ${k}`);
  }
}
console.log(JSON.stringify(result, null, 2));
fs.mkdirSync(path.join(ROOT, "target/bench"), { recursive: true });
fs.writeFileSync(path.join(ROOT, `target/bench/${name}-scrub.json`), JSON.stringify(result, null, 2));
await browser.close();
app.kill();
