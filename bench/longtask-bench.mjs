// The work budget: every adversarial recording (tests/e2e/adversary.mjs) opened, seeked through
// (a seek per 250 ms) and played to the end, at 1× and at 4× CPU throttling
// (`Emulation.setCPUThrottlingRate`, a stand-in for a slow or loaded machine). Prints, per
// recording, the longest task while it loads (from `tapedeck:load-start`, after the player's own
// start-up, to the first frame: download, parse, first build) and after the first frame (seeks,
// playback, late loads), from a `PerformanceObserver` for long tasks (50 ms and over).
// The budget: no task over 100 ms after the first frame at 1×. It also prints the renderer
// process's memory after playing (PSS, in a browser of its own) above the player's own (the home
// page's), per byte of the recording.
//
//   node bench/longtask-bench.mjs [--rates 1,4] [--port 4192] [name …]
import { chromium } from "../tests/e2e/node_modules/@playwright/test/index.mjs";
import { startPlayer, launchChromium, processMemory, rendererPids } from "./common.mjs";
import { playThrough } from "../tests/e2e/helpers.mjs";
import { ADVERSARY_NAMES } from "../tests/e2e/adversary.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const rates = arg("rates", "1,4").split(",").map(Number);
const port = Number(arg("port", 4192));
const wanted = process.argv.slice(2).filter((a, i, all) => !a.startsWith("--") && !all[i - 1]?.startsWith("--"));
const names = wanted.length ? wanted : ADVERSARY_NAMES;
/** What opening any recording costs beyond the home page (the player, its panels, a replay
 *  document; 5–11.5 MB measured on recordings of a few KB, PSS moves by a MB or two between
 *  browsers), bytes: the bound per byte of recording is stated above it. */
const FIXED = 12 * 1048576;
/** Canvas recordings hold drawing surfaces (at most 8 Mpx, each held by the canvas and by the
 *  image that shows its bitmap) whatever their size: their memory is printed on its own line. */
const isCanvas = (name) => name.startsWith("canvas-");

/** PSS of Chromium's renderer processes, bytes. */
async function rendererPss(browser) {
  const pids = await rendererPids(browser);
  return pids.reduce((sum, pid) => sum + processMemory(pid).pss, 0) * 1048576;
}

/** The renderer's memory, in a browser of its own, after `path` has loaded and played. */
async function memoryAfter(base, path) {
  const browser = await launchChromium(chromium);
  try {
    const page = await browser.newPage();
    const cdp = await page.context().newCDPSession(page);
    await page.goto(base + path);
    if (path === "/") {
      await page.getByTestId("session-card").first().waitFor();
    } else {
      await page.waitForSelector("[data-testid=player][data-state=ready]", { timeout: 60_000 });
      await page.click("[data-testid=play-toggle]");
      await page.waitForSelector("[data-testid=player][data-state=ended]", { timeout: 120_000 });
    }
    await cdp.send("HeapProfiler.collectGarbage").catch(() => {});
    await page.waitForTimeout(500);
    return await rendererPss(browser);
  } finally {
    await browser.close();
  }
}

async function measure(browser, base, name, rate) {
  const page = await browser.newPage();
  try {
    if (rate > 1) {
      const cdp = await page.context().newCDPSession(page);
      await cdp.send("Emulation.setCPUThrottlingRate", { rate });
    }
    await page.addInitScript(() => {
      window.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) window.__longTasks.push([e.startTime, e.duration]);
      }).observe({ type: "longtask", buffered: true });
    });
    await page.goto(`${base}/play?src=` + encodeURIComponent(`/fixtures/adversary-${name}.json`));
    await page.waitForSelector("[data-testid=player][data-state=ready]", { timeout: 60_000 });
    await playThrough(page);
    await page.waitForTimeout(500);
    return await page.evaluate(() => {
      const ff = performance.getEntriesByName("tapedeck:first-frame")[0];
      const end = ff ? ff.startTime + ff.duration : 0;
      // Loading starts once the player has started (its own start-up is not the recording's).
      const load = performance.getEntriesByName("tapedeck:load-start")[0];
      const start = load ? load.startTime : 0;
      const max = (list) => Math.round(Math.max(0, ...list.map(([, d]) => d)));
      return {
        before: max(window.__longTasks.filter(([s]) => s >= start && s < end)),
        after: max(window.__longTasks.filter(([s]) => s >= end)),
      };
    });
  } finally {
    await page.close();
  }
}

const { app, base } = await startPlayer(port);
const browser = await launchChromium(chromium);
try {
  const home = await memoryAfter(base, "/");
  const mb = (b) => (b / 1048576).toFixed(1);
  console.log(`| recording | size | ${rates.map((r) => `${r}×: loading / after the first frame (ms)`).join(" | ")} | memory above the home page (MB) | bytes per byte above ${mb(FIXED)} MB |`);
  console.log(`|---|---|${rates.map(() => "---").join("|")}|---|---|`);
  const worst = Object.fromEntries(rates.map((r) => [r, 0]));
  const worstLoad = Object.fromEntries(rates.map((r) => [r, 0]));
  let worstRatio = 0;
  let worstCanvas = 0;
  for (const name of names) {
    const size = (await (await fetch(`${base}/fixtures/adversary-${name}.json`)).arrayBuffer()).byteLength;
    const cells = [];
    for (const rate of rates) {
      const m = await measure(browser, base, name, rate);
      worst[rate] = Math.max(worst[rate], m.after);
      worstLoad[rate] = Math.max(worstLoad[rate], m.before);
      cells.push(`${m.before} / ${m.after}`);
    }
    const memory = Math.max(0, (await memoryAfter(base, `/play?src=${encodeURIComponent(`/fixtures/adversary-${name}.json`)}`)) - home);
    const ratio = Math.max(0, memory - FIXED) / size;
    if (isCanvas(name)) worstCanvas = Math.max(worstCanvas, memory);
    else worstRatio = Math.max(worstRatio, ratio);
    console.log(`| ${name} | ${mb(size)} MB | ${cells.join(" | ")} | ${mb(memory)} | ${ratio.toFixed(1)} |`);
  }
  console.log(`\nLongest task while loading, any recording: ${rates.map((r) => `${worstLoad[r]} ms at ${r}×`).join(", ")}.`);
  console.log(`Longest task after the first frame, any recording: ${rates.map((r) => `${worst[r]} ms at ${r}×`).join(", ")} (budget: 100 ms at 1×).`);
  console.log(`Renderer memory (PSS, a browser of its own, after playing) above the home page's ${mb(home)} MB: at most ${mb(FIXED)} MB + ${worstRatio.toFixed(1)} bytes per byte of recording; with canvases, at most ${mb(worstCanvas)} MB.`);
} finally {
  await browser.close();
  app.kill();
}
