// Take it with you: a clip of the TypeError's lead-up downloads, plays in Tapedeck for exactly its
// range and in rrweb's own Replayer; a Shift-drag chooses another range; the moment as HTML; the
// bug report.
import fs from "node:fs";
import path from "node:path";
import { test, expect } from "@playwright/test";
import { replay, expectState } from "./helpers.mjs";

import { fileURLToPath } from "node:url";

// rrweb's own Replayer (a test dependency, the version the reference harness measures).
const rrwebUmd = path.join(path.dirname(fileURLToPath(import.meta.url)), "node_modules/rrweb/dist/rrweb.umd.cjs");

/** Selects buggy-checkout's first TypeError in the errors panel and opens the export panel. */
async function leadUpOfTheTypeError(page) {
  await page.goto("/sessions/buggy-checkout?panel=errors");
  await expectState(page, "ready");
  await page.getByTestId("error-row").filter({ hasText: "TypeError" }).first().click();
  await expectState(page, "paused");
  await page.getByTestId("export-toggle").click();
  await expect(page.getByTestId("export-panel")).toBeVisible();
}

async function downloadClip(page, testInfo) {
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-clip").click()]);
  const file = testInfo.outputPath(download.suggestedFilename());
  await download.saveAs(file);
  return { name: download.suggestedFilename(), file, events: JSON.parse(fs.readFileSync(file, "utf8")) };
}

test("a clip of the TypeError's lead-up plays in Tapedeck for its range and in rrweb's Replayer", async ({ page, browser }, testInfo) => {
  await leadUpOfTheTypeError(page);
  // By default: 30 s before the error to 5 s after.
  await expect(page.getByTestId("clip-from")).toHaveValue("0:23.4");
  await expect(page.getByTestId("clip-to")).toHaveValue("0:58.4");
  await expect(page.getByTestId("export-range")).toBeVisible();
  const clip = await downloadClip(page, testInfo);
  expect(clip.name).toBe("buggy-checkout_0m23.4s-0m58.4s.rrweb.json");
  // A recording of its own: a Meta and a full snapshot first, 35 s long.
  expect(clip.events[0].type).toBe(4);
  expect(clip.events[1].type).toBe(2);
  const span = clip.events.at(-1).timestamp - clip.events[0].timestamp;
  expect(Math.round(span)).toBe(35_000);

  // In Tapedeck: opened as a file, it lasts the range and shows the moment of the error at +30 s.
  const tapedeck = await browser.newPage();
  await tapedeck.goto("/");
  await tapedeck.getByTestId("file-input").setInputFiles(clip.file);
  await expectState(tapedeck, "ready");
  await expect(tapedeck.getByTestId("duration")).toHaveText("0:35");
  await expect(tapedeck.getByTestId("problems")).toHaveCount(0);
  await expect(tapedeck.getByTestId("tab-errors")).toContainText("3");
  await tapedeck.getByTestId("timeline-slider").focus();
  await tapedeck.keyboard.press("End");
  await expect(replay(tapedeck).locator("#banner")).toContainText("Payment failed");

  // In rrweb's own Replayer: no missing nodes, and the same page at the end.
  const rr = await browser.newPage();
  const warnings = [];
  rr.on("console", (m) => {
    // The recorded page's own images are not served here; anything else rrweb says is a fault.
    if (m.type() !== "log" && !m.text().startsWith("Failed to load resource")) warnings.push(m.text());
  });
  rr.on("pageerror", (e) => warnings.push(String(e)));
  await rr.setContent("<!doctype html><html><body><div id=root></div></body></html>");
  await rr.addScriptTag({ path: rrwebUmd });
  const seen = await rr.evaluate(async (events) => {
    const r = new rrweb.Replayer(events, { root: document.getElementById("root"), showWarning: true, mouseTail: false });
    const shot = async (ms) => {
      r.pause(ms);
      await new Promise((res) => setTimeout(res, 150));
      const doc = r.iframe.contentDocument;
      return { banner: doc.querySelector("#banner")?.textContent ?? null, pay: doc.querySelector("#pay")?.textContent ?? null, brand: doc.querySelector(".brand")?.textContent ?? null };
    };
    return [await shot(0), await shot(29_600), await shot(34_900)];
  }, clip.events);
  expect(seen[0].brand).toBe("Crabby Shop");
  expect(seen[0].pay).toBe("Pay €48.00");
  expect(seen[1].pay).toBe("Processing…");
  expect(seen[2].banner).toContain("Payment failed");
  expect(warnings).toEqual([]);
});

test("Shift-drag on the timeline chooses the range; masks hide text and inputs; bodies are dropped", async ({ page }, testInfo) => {
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  const playhead = await page.getByTestId("current-time").getAttribute("data-ms");
  const track = await page.getByTestId("timeline-slider").boundingBox();
  const y = track.y + track.height / 2;
  const x = (f) => track.x + track.width * f;
  await page.keyboard.down("Shift");
  await page.mouse.move(x(0.5), y);
  await page.mouse.down();
  await page.mouse.move(x(0.7), y, { steps: 4 });
  await page.mouse.move(x(0.9), y, { steps: 4 });
  await page.mouse.up();
  await page.keyboard.up("Shift");
  // The playhead did not move; the range is shown and offered.
  await expect(page.getByTestId("current-time")).toHaveAttribute("data-ms", playhead);
  await expect(page.getByTestId("export-range")).toBeVisible();
  await expect(page.getByTestId("export-panel")).toBeVisible();
  const from = await page.getByTestId("clip-from").inputValue();
  const to = await page.getByTestId("clip-to").inputValue();
  expect(from).toMatch(/^0:3[45]\.\d$/);
  expect(to).toMatch(/^1:0[34]\.\d$/);
  // A range typed in wins.
  await page.getByTestId("clip-from").fill("0:40");
  await page.getByTestId("clip-from").press("Enter");
  await expect(page.getByTestId("clip-from")).toHaveValue("0:40.0");
  await page.getByTestId("mask-text").check();
  await page.getByTestId("mask-inputs").check();
  await page.getByTestId("drop-bodies").check();
  const clip = await downloadClip(page, testInfo);
  expect(clip.name).toMatch(/^buggy-checkout_0m40\.0s-1m0\d\.\ds\.rrweb\.json$/);
  const text = JSON.stringify(clip.events[1]);
  expect(text).not.toContain("Crabby Shop");
  expect(text).toContain("*****");
  for (const e of clip.events) {
    if (e.type === 3 && e.data.source === 5) expect(e.data.text).toMatch(/^[*\s]*$/);
    if (e.type === 6 && e.data.plugin.startsWith("rrweb/network")) {
      for (const r of e.data.payload.requests) {
        expect(r.responseBody).toBeUndefined();
        expect(r.requestBody).toBeUndefined();
      }
    }
  }
});

test("the moment as HTML runs nothing; the bug report lists the steps and the failed requests", async ({ page, context }, testInfo) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await leadUpOfTheTypeError(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByTestId("download-html").click()]);
  expect(download.suggestedFilename()).toBe("buggy-checkout_0m53.4s.html");
  const file = testInfo.outputPath("moment.html");
  await download.saveAs(file);
  const html = fs.readFileSync(file, "utf8");
  expect(html).toContain("Content-Security-Policy");
  expect(html.toLowerCase()).not.toContain("<script");
  // Opened on its own, it shows the page and runs nothing.
  const viewer = await context.newPage();
  const errors = [];
  viewer.on("pageerror", (e) => errors.push(String(e)));
  await viewer.goto("file://" + file);
  await expect(viewer.locator(".brand")).toHaveText("Crabby Shop");
  await expect(viewer.locator("#banner")).toContainText("Payment failed");
  expect(errors).toEqual([]);

  await page.getByTestId("copy-bug-report").click();
  await expect(page.getByTestId("notice")).toContainText("Bug report copied");
  const md = await page.evaluate(() => navigator.clipboard.readText());
  expect(md).toMatch(/^### Uncaught exception: `/);
  expect(md).toContain("/sessions/buggy-checkout?");
  expect(md).toContain("t=53.4");
  expect(md).toMatch(/#### Steps before it\n\n(\d+\. .*\n){10}/);
  expect(md).toContain("` POST http://127.0.0.1:8377/api/pay ` → 500");
});

test("text only on a later page: the result lands on that page, and a clip around it plays in both players", async ({ page, browser }, testInfo) => {
  await page.goto("/sessions/rust-book?q=in:screen%20insatiable");
  await expectState(page, "paused");
  const hit = page.locator("[data-testid=find-result][data-kind=screen]").first();
  await expect(hit).toHaveAttribute("aria-current", "true");
  const at = Number(await hit.getAttribute("data-ms"));
  // rust-book's fifth page: its snapshot is the first moment the word was on screen.
  expect(at).toBeGreaterThan(70_000);
  await expect(page.getByTestId("current-time")).toHaveAttribute("data-ms", String(at));
  await expect(replay(page).getByText("insatiable").first()).toBeAttached();
  // A clip from 30 s before it (an earlier page) to 5 s after: the page change is in it.
  await page.getByTestId("export-toggle").click();
  const clip = await downloadClip(page, testInfo);
  expect(clip.events.filter((e) => e.type === 2).length).toBeGreaterThanOrEqual(2);
  const tapedeck = await browser.newPage();
  await tapedeck.goto("/");
  await tapedeck.getByTestId("file-input").setInputFiles(clip.file);
  await expectState(tapedeck, "ready");
  await expect(tapedeck.getByTestId("duration")).toHaveText("0:35");
  await tapedeck.getByTestId("timeline-slider").focus();
  await tapedeck.keyboard.press("End");
  await expect(replay(tapedeck).getByText("insatiable").first()).toBeAttached();
  const rr = await browser.newPage();
  await rr.setContent("<!doctype html><html><body><div id=root></div></body></html>");
  await rr.addScriptTag({ path: rrwebUmd });
  const found = await rr.evaluate(async (events) => {
    const r = new rrweb.Replayer(events, { root: document.getElementById("root"), mouseTail: false });
    r.pause(34_000);
    await new Promise((res) => setTimeout(res, 200));
    return r.iframe.contentDocument.body.textContent.includes("insatiable");
  }, clip.events);
  expect(found).toBe(true);
});

test("on a phone the export panel fits the window", async ({ page }) => {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  await page.getByTestId("export-toggle").click();
  const box = await page.getByTestId("export-panel").boundingBox();
  expect(box.x).toBeGreaterThanOrEqual(0);
  expect(box.x + box.width).toBeLessThanOrEqual(390);
  await expect(page.getByTestId("download-clip")).toBeInViewport();
});
