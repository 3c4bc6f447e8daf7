#!/usr/bin/env node
// Measures Tapedeck the way ../shared/bench measures rrweb's Replayer, in the same run, and
// checks its frames against rrweb's screenshots.
//
//   node bench/tapedeck-bench.mjs --anchor <anchor copy> --rrweb <rrweb results.json>
//        --shots-rrweb <rrweb shots dir> --out <dir> [recordings...]
//
// For every recording:
//   first frame  `tapedeck:first-frame` (download + decompress + parse + rebuild + layout), fresh
//                page, median of 3;
//   seeks        `tapedeck:seek` (request → iframe shows the target, layout forced) over rrweb's
//                own 40 seeded targets, once indexing is done (`data-indexed`), p50/p95/max;
//   fidelity     the replay iframe paused at rrweb's screenshot times, fresh page each,
//                compared with rrweb's screenshot (pixels differing by more than a tolerance);
//   determinism  the same frame reached by a fresh seek, a forward seek and a backward seek,
//                compared pixel for pixel (channel delta ≤ 2);
//   playback     (longest recording) share of animation frames over 50 ms while playing at 4×.
import fs from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { ROOT, launchChromium, median, pct, r1, seek, startPlayer } from "./common.mjs";
const argv = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv[i + 1] : dflt;
};
const valued = ["--anchor", "--rrweb", "--shots-rrweb", "--out", "--port"];
const recordings = argv.filter((a, i) => !a.startsWith("--") && !valued.includes(argv[i - 1]));
const ANCHOR = path.resolve(opt("--anchor"));
const OUT = path.resolve(opt("--out", path.join(ROOT, "target/bench")));
const RRWEB = JSON.parse(fs.readFileSync(opt("--rrweb"), "utf8"));
const RRWEB_SHOTS = path.resolve(opt("--shots-rrweb"));
const PORT = Number(opt("--port", 4190));
const TOLERANCE = 16; // per-channel difference that still counts as the same pixel
const VIEWPORT = { width: 1800, height: 1100 }; // large enough that the 1280×800 replay beside the side panel is not scaled

const { chromium } = await import(pathToFileURL(path.join(ANCHOR, "node_modules/playwright-core/index.mjs")).href);
const { ensureAssetServer } = await import(pathToFileURL(path.join(ANCHOR, "server.mjs")).href);
const { pngDiff } = await import(pathToFileURL(path.join(ANCHOR, "tools/png-diff.mjs")).href);


// The player (dist/) on loopback, and the recordings' asset origin (127.0.0.1:8377).
const { app, base: BASE } = await startPlayer(PORT);
const assets = await ensureAssetServer();
const browser = await launchChromium(chromium);

/** Opens a recording; waits for the whole body unless `firstFrameOnly`. */
async function openSession(rec, firstFrameOnly = false) {
  const context = await browser.newContext({ viewport: VIEWPORT, deviceScaleFactor: 1 });
  await context.route("**/*", (route) => {
    const u = new URL(route.request().url());
    if (u.protocol === "data:" || u.protocol === "blob:" || u.hostname === "127.0.0.1") return route.continue();
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  await page.goto(`${BASE}/sessions/${rec}`);
  await page.waitForFunction(() => ["ready", "error"].includes(document.querySelector("[data-testid=player]")?.dataset.state), null, { timeout: 180_000 });
  if (!firstFrameOnly) await loaded(page);
  return { context, page };
}

/** Waits until the whole body has arrived (the first frame comes before it). */
async function loaded(page) {
  await page.waitForFunction(() => document.querySelector("[data-testid=player]")?.dataset.streaming === "false", null, { timeout: 180_000 });
}

/** Waits until the replayed page has settled: fonts loaded, images complete, and layout (size
 *  and scroll of the document) unchanged over three polls; then two frames. At most 8 s. */
async function settle(page, frameSelector) {
  await page.evaluate(async (sel) => {
    const d = document.querySelector(sel)?.contentDocument;
    if (!d) return;
    const sig = () => {
      const s = d.scrollingElement || d.documentElement;
      return [d.fonts.status, s.scrollHeight, s.scrollTop, d.body?.getBoundingClientRect().height, [...d.images].filter((i) => i.complete).length].join();
    };
    const deadline = performance.now() + 8000;
    let last = null;
    let stable = 0;
    while (performance.now() < deadline && stable < 3) {
      await new Promise((r) => setTimeout(r, 250));
      const now = sig();
      stable = now === last && d.fonts.status === "loaded" ? stable + 1 : 0;
      last = now;
    }
    await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
  }, frameSelector);
}

/** rrweb's Replayer (the harness's own adapter page) at `t`, screenshot once its layout settled. */
async function rrwebSettledShot(rec, t) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  await page.goto(`${assets.url}/anchor/rrweb-replayer.html`);
  await page.waitForFunction(() => window.benchReady === true);
  await page.evaluate(async (rec) => {
    window.__benchText = await (await fetch(`/recordings/${rec}.json`)).text();
  }, rec);
  await page.evaluate(() => window.benchPlayer.parse());
  await page.evaluate(() => window.benchPlayer.build("screenshot"));
  await page.evaluate((tt) => window.benchPlayer.seek(tt), t);
  await settle(page, "iframe");
  const rect = await page.evaluate(() => window.benchPlayer.viewportRect());
  const buf = await page.screenshot({ clip: { x: rect.x, y: rect.y, width: 1280, height: 800 }, animations: "disabled", caret: "hide" });
  const scroll = await page.evaluate(docScroll, "iframe");
  await context.close();
  return { buf, scroll };
}

async function frameShot(page) {
  await settle(page, "[data-testid=replay-frame]");
  await page.addStyleTag({ content: ".pointer-layer, .end-overlay { display: none !important; }" });
  const box = await page.getByTestId("replay-frame").boundingBox();
  return page.screenshot({ clip: { x: box.x, y: box.y, width: Math.round(box.width), height: Math.round(box.height) }, animations: "disabled", caret: "hide" });
}

/** Fresh loads (a new browser context each): `tapedeck:first-frame` (from the start of the
 *  session's download), its steps, and the time from navigation to the same moment. */
async function firstFrames(rec) {
  const out = [];
  for (let i = 0; i < FIRST_FRAME_RUNS; i++) {
    const { context, page } = await openSession(rec, true);
    out.push(await page.evaluate(() => {
      const at = (n) => performance.getEntriesByName(n)[0]?.startTime;
      const ff = performance.getEntriesByName("tapedeck:first-frame")[0];
      const start = at("tapedeck:load-start");
      return {
        ms: ff?.duration ?? null,
        fromNavigation: ff ? ff.startTime + ff.duration : null,
        firstBytes: at("tapedeck:first-bytes") - start,
        parsed: at("tapedeck:first-page-parsed") - start,
        built: at("tapedeck:first-page-built") - start,
      };
    }));
    await context.close();
  }
  const med = (k) => r1(median(out.map((x) => x[k])));
  return { ms: out.map((x) => x.ms), fromNavigation: med("fromNavigation"), steps: { firstBytes: med("firstBytes"), parsed: med("parsed"), built: med("built"), frame: med("ms") } };
}
const FIRST_FRAME_RUNS = 7;

async function seeks(rec, targets) {
  const { context, page } = await openSession(rec);
  const t0 = Date.now();
  await page.waitForFunction(() => document.querySelector("[data-testid=player]")?.dataset.indexed === "true", null, { timeout: 300_000 });
  const indexWaitMs = Date.now() - t0;
  const times = [];
  for (const t of targets) times.push(await seek(page, t));
  await context.close();
  return { times, indexWaitMs };
}

/** The page scroll the recording says at offset t: the page's initial offset, then its scroll events. */
function recordedScroll(events, t) {
  const start = events[0].timestamp;
  let root = null;
  let y = 0;
  for (const e of events) {
    if (e.timestamp - start > t) break;
    if (e.type === 2) {
      root = e.data.node.id;
      y = e.data.initialOffset?.top ?? 0;
    } else if (e.type === 3 && e.data.source === 3 && e.data.id === root) {
      y = e.data.y;
    }
  }
  return y;
}

const docScroll = (sel) => (document.querySelector(sel)?.contentDocument?.scrollingElement?.scrollTop ?? null);

async function fidelity(rec, shotTimes, duration) {
  const events = JSON.parse(fs.readFileSync(path.join(ANCHOR, "recordings", `${rec}.json`), "utf8"));
  const dir = path.join(OUT, "shots-tapedeck", rec);
  fs.mkdirSync(dir, { recursive: true });
  const rows = [];
  for (const t of shotTimes) {
    const { context, page } = await openSession(rec);
    await seek(page, t);
    const fresh = await frameShot(page);
    const ourScroll = await page.evaluate(docScroll, "[data-testid=replay-frame]");
    await context.close();
    fs.writeFileSync(path.join(dir, `${t}.png`), fresh);
    const row = { t };
    const ref = path.join(RRWEB_SHOTS, rec, `${t}.png`);
    if (fs.existsSync(ref)) {
      const d = await pngDiff(fs.readFileSync(ref), fresh, { threshold: TOLERANCE, diffOut: path.join(dir, `${t}.diff.png`), browser });
      row.vsRrweb = { differingFraction: d.differingFraction, differingPixels: d.differingPixels, sameSize: d.sameSize };
    }
    // rrweb's harness screenshots are taken 600 ms after the seek, before fonts and images of
    // the replayed page have settled; compare with rrweb settled too.
    const { buf: settled, scroll: rrScroll } = await rrwebSettledShot(rec, t);
    row.scroll = { recorded: recordedScroll(events, t), tapedeck: ourScroll, rrweb: rrScroll };
    fs.writeFileSync(path.join(dir, `${t}.rrweb-settled.png`), settled);
    const ds = await pngDiff(settled, fresh, { threshold: TOLERANCE, browser });
    row.vsRrwebSettled = { differingFraction: ds.differingFraction, differingPixels: ds.differingPixels };
    // The same time reached forward (from earlier) and backward (from later).
    for (const [label, from] of [["forward", Math.max(0, t - duration * 0.3)], ["backward", Math.min(duration, t + duration * 0.3)]]) {
      const s = await openSession(rec);
      await seek(s.page, from);
      await s.page.waitForTimeout(300);
      await seek(s.page, t);
      const shot = await frameShot(s.page);
      await s.context.close();
      // Identical up to antialiasing: no channel differs by more than 2 (rrweb's own fresh
      // re-renders differ by 1).
      const d = await pngDiff(fresh, shot, { threshold: 2, browser });
      row[label] = d.differingPixels;
      if (d.differingPixels) fs.writeFileSync(path.join(dir, `${t}.${label}.png`), shot);
    }
    rows.push(row);
  }
  return rows;
}

async function playback(rec, duration) {
  const { context, page } = await openSession(rec);
  await page.waitForFunction(() => document.querySelector("[data-testid=player]")?.dataset.indexed === "true", null, { timeout: 300_000 });
  await page.getByTestId("speed").selectOption("4");
  const all = [];
  for (const f of [0.05, 0.3, 0.55, 0.8]) {
    await seek(page, Math.round(duration * f));
    const intervals = await page.evaluate(async () => {
      window.postMessage({ type: "tapedeck:play" }, "*");
      const out = [];
      let last = null;
      await new Promise((resolve) => {
        const end = performance.now() + 8000;
        const step = (now) => {
          if (last !== null) out.push(now - last);
          last = now;
          if (now < end) requestAnimationFrame(step);
          else resolve();
        };
        requestAnimationFrame(step);
      });
      window.postMessage({ type: "tapedeck:pause" }, "*");
      return out;
    });
    all.push(...intervals);
  }
  await context.close();
  return { frames: all.length, over50: all.filter((x) => x > 50).length, p95: pct(all, 95), max: Math.max(...all) };
}

const results = { date: new Date().toISOString(), browser: `Chromium ${browser.version()}`, recordings: {} };
const lines = [];
const longest = [...recordings].sort((a, b) => (RRWEB.recordings[b]?.events ?? 0) - (RRWEB.recordings[a]?.events ?? 0))[0];
for (const rec of recordings) {
  const rr = RRWEB.recordings[rec];
  if (!rr) throw new Error(`no rrweb results for ${rec}`);
  const duration = rr.playerDurationMs ?? rr.durationMs;
  const targets = rr.seekTargets;
  const shotTimes = [0.1, 0.3, 0.5, 0.7, 0.9].map((f) => Math.round(duration * f));
  console.error(`${rec}: first frames…`);
  const ff = await firstFrames(rec);
  console.error(`${rec}: ${targets.length} seeks…`);
  const sk = await seeks(rec, targets);
  console.error(`${rec}: fidelity and determinism at ${shotTimes.join(", ")} ms…`);
  const fid = await fidelity(rec, shotTimes, duration);
  const pb = rec === longest ? await playback(rec, duration) : null;
  const rs = Object.values(rr.configs)[0].summary;
  const r = {
    firstFrameMs: r1(median(ff.ms)),
    firstFrameRuns: ff.ms.map(r1),
    firstFrameSteps: ff.steps,
    firstFrameFromNavigationMs: ff.fromNavigation,
    rrwebTtffMs: rs.ttffMs,
    seekP50: r1(median(sk.times)),
    seekP95: r1(pct(sk.times, 95)),
    seekMax: r1(Math.max(...sk.times)),
    rrwebSeekP50: rs.seekMedianMs,
    rrwebSeekP95: rs.seekP95Ms,
    rrwebSeekMax: rs.seekMaxMs,
    indexWaitMs: sk.indexWaitMs,
    fidelity: fid,
    playback4x: pb,
  };
  results.recordings[rec] = r;
  lines.push(
    `| ${rec} | ${r.firstFrameMs} | ${r.rrwebTtffMs} | ${r.seekP50} / ${r.seekP95} / ${r.seekMax} | ${r.rrwebSeekP50} / ${r.rrwebSeekP95} / ${r.rrwebSeekMax} | ` +
      `${(r.rrwebSeekP95 / r.seekP95).toFixed(1)}× | ` +
      fid.map((f) => `${f.vsRrweb ? (f.vsRrweb.differingFraction * 100).toFixed(2) + "%" : "–"}`).join(" ") +
      " | " +
      fid.map((f) => `${(f.vsRrwebSettled.differingFraction * 100).toFixed(2)}%`).join(" ") +
      ` | ${fid.filter((f) => f.forward === 0 && f.backward === 0).length}/${fid.length} |`,
  );
  console.error(lines[lines.length - 1]);
}
fs.mkdirSync(OUT, { recursive: true });
fs.writeFileSync(path.join(OUT, "tapedeck-results.json"), JSON.stringify(results, null, 2));

console.log("\nPage scroll at each screenshot (recorded / Tapedeck / rrweb settled):");
for (const [rec, r] of Object.entries(results.recordings)) {
  console.log(`  ${rec}: ` + r.fidelity.map((f) => `${f.t} ms ${f.scroll.recorded}/${f.scroll.tapedeck}/${f.scroll.rrweb}`).join(", "));
}
console.log(`\nTapedeck vs rrweb ${RRWEB.env?.rrweb ?? ""} — ${results.browser}, ${results.date}`);
console.log("| recording | Tapedeck first frame ms | rrweb TTFF ms | Tapedeck seek p50 / p95 / max ms | rrweb seek p50 / p95 / max ms | rrweb p95 ÷ Tapedeck p95 | frame vs rrweb's shot (pixels differing, per shot) | frame vs rrweb settled | same frame fresh/forward/backward |");
console.log("|---|---:|---:|---:|---:|---:|---|---|---|");
for (const l of lines) console.log(l);
console.log(`\nFirst frame, median of ${FIRST_FRAME_RUNS} fresh loads (ms after the session's download starts: first bytes / first page parsed / built / shown with layout; and from navigation):`);
for (const [rec, r] of Object.entries(results.recordings)) {
  const s = r.firstFrameSteps;
  console.log(`  ${rec}: ${s.firstBytes} / ${s.parsed} / ${s.built} / ${s.frame}; from navigation ${r.firstFrameFromNavigationMs}; runs ${r.firstFrameRuns.join(", ")}`);
}
const pb = results.recordings[longest]?.playback4x;
if (pb) console.log(`\nPlayback of ${longest} at 4×: ${pb.frames} frames, ${pb.over50} over 50 ms (${((pb.over50 / pb.frames) * 100).toFixed(2)} %), p95 ${r1(pb.p95)} ms, max ${r1(pb.max)} ms`);

await browser.close();
await assets.close?.();
app.kill();
