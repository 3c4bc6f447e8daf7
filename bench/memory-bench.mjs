// Memory comes back: open a session from the home page, wait until it is indexed, go back —
// ROUNDS times in one tab — and print, after each return, the renderer process's memory (PSS
// and RSS from /proc), the JS heap, the DOM's node and document counts. After the last round
// the renderer should hold no more than 1.2× what it held after the first.
//
//   node bench/memory-bench.mjs [--session monaco-long] [--rounds 4] [--port 4191]
import { chromium } from "../tests/e2e/node_modules/@playwright/test/index.mjs";
import { startPlayer, launchChromium, processMemory, rendererPids } from "./common.mjs";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : fallback;
};
const session = arg("session", "monaco-long");
const rounds = Number(arg("rounds", 4));
const port = Number(arg("port", 4191));

const { app, base } = await startPlayer(port);
const browser = await launchChromium(chromium);
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Performance.enable");
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
  // The renderer process of this tab: the one whose command line names the renderer type and
  // that appeared for it (Chromium tells its process ids through SystemInfo).
  const renderers = await rendererPids(browser);
  const sample = async () => {
    await cdp.send("HeapProfiler.collectGarbage").catch(() => {});
    await page.waitForTimeout(500);
    const metrics = Object.fromEntries((await cdp.send("Performance.getMetrics")).metrics.map((m) => [m.name, m.value]));
    const dom = await cdp.send("Memory.getDOMCounters");
    const mem = renderers.map(processMemory).reduce((a, b) => ({ pss: a.pss + b.pss, rss: a.rss + b.rss }), { pss: 0, rss: 0 });
    return { pss: mem.pss, rss: mem.rss, jsHeap: metrics.JSHeapUsedSize / 1048576, nodes: dom.nodes, documents: dom.documents };
  };
  await page.goto(`${base}/`);
  await page.getByTestId("session-card").first().waitFor();
  const rows = [];
  rows.push({ round: 0, ...(await sample()) });
  for (let round = 1; round <= rounds; round++) {
    await page.locator(`a[href="/sessions/${session}"]`).first().click();
    await page.locator("[data-testid=player][data-indexed=true]").waitFor({ timeout: 120_000 });
    await page.goBack();
    await page.getByTestId("session-card").first().waitFor();
    rows.push({ round, ...(await sample()) });
  }
  const f = (x) => x.toFixed(1).padStart(8);
  console.log(`## Memory after leaving ${session}, ${rounds} rounds in one tab`);
  console.log("| round | renderer PSS MB | renderer RSS MB | JS heap MB | DOM nodes | documents |");
  console.log("|---|---|---|---|---|---|");
  for (const r of rows) console.log(`| ${r.round === 0 ? "home" : r.round} | ${f(r.pss)} | ${f(r.rss)} | ${f(r.jsHeap)} | ${r.nodes} | ${r.documents} |`);
  const first = rows[1], last = rows[rows.length - 1];
  const ratio = last.pss / first.pss;
  console.log(`\nround ${rounds} / round 1: PSS ${ratio.toFixed(2)}×, DOM nodes ${(last.nodes / first.nodes).toFixed(2)}× (bar: ≤ 1.2×)`);
  console.log(`errors logged: ${errors.length}${errors.length ? "\n" + errors.slice(0, 5).join("\n") : ""}`);
  if (ratio > 1.2 || last.nodes / first.nodes > 1.2 || errors.length) process.exitCode = 1;
} finally {
  await browser.close();
  app.kill();
}
