// Leaving a player lets go of it: no error is logged, its replay document is gone, and nothing
// it started keeps running (no animation frame, no timer, no download).
import { test, expect } from "@playwright/test";
import { expectState } from "./helpers.mjs";

/** Counts animation frames and timers the page asks for from now on. */
async function countWork(page) {
  await page.addInitScript(() => {
    window.__work = { frames: 0, timers: 0 };
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => {
      window.__work.frames++;
      return raf(cb);
    };
    const st = window.setTimeout.bind(window);
    window.setTimeout = (cb, ms, ...rest) => {
      window.__work.timers++;
      return st(cb, ms, ...rest);
    };
  });
}

async function workDuring(page, ms) {
  const before = await page.evaluate(() => ({ ...window.__work }));
  await page.waitForTimeout(ms);
  const after = await page.evaluate(() => ({ ...window.__work }));
  return { frames: after.frames - before.frames, timers: after.timers - before.timers };
}

test("leaving a playing player stops everything it started and logs no error", async ({ page }) => {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // Recorded assets on hosts this machine cannot reach fail to load: that is the network's
  // message, not the player's.
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text()));
  await countWork(page);
  await page.goto("/");
  await page.getByTestId("session-card").first().waitFor();
  await page.locator('a[href="/sessions/buggy-checkout"]').click();
  await expectState(page, "ready");
  await expect(page.getByTestId("player")).toHaveAttribute("data-indexed", "true");
  await page.getByTestId("play-toggle").click();
  await expectState(page, "playing");
  // While playing, the clock asks for a frame every frame.
  expect((await workDuring(page, 500)).frames).toBeGreaterThan(5);

  await page.goBack();
  await page.getByTestId("session-card").first().waitFor();
  await expect(page.locator("iframe")).toHaveCount(0);
  // Let what was already queued finish, then nothing more may be asked for.
  await page.waitForTimeout(500);
  expect(await workDuring(page, 1500)).toEqual({ frames: 0, timers: 0 });
  expect(errors).toEqual([]);
});

test("leaving while the recording still downloads stops the download", async ({ page }) => {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  // Recorded assets on hosts this machine cannot reach fail to load: that is the network's
  // message, not the player's.
  page.on("console", (m) => m.type() === "error" && !m.text().startsWith("Failed to load resource") && errors.push(m.text()));
  await countWork(page);
  let finished = false;
  page.on("requestfinished", (r) => r.url().includes("/slow/") && (finished = true));
  await page.goto("/");
  await page.getByTestId("session-card").first().waitFor();
  // A slow body (60 parts, 150 ms apart: 9 s): its first page shows while the rest arrives.
  await page.evaluate(() => {
    history.pushState(null, "", "/play?src=" + encodeURIComponent("/slow/rust-book.json?parts=60&ms=150"));
    dispatchEvent(new PopStateEvent("popstate"));
  });
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "true");
  await page.goBack();
  await page.getByTestId("session-card").first().waitFor();
  await page.waitForTimeout(500);
  expect(await workDuring(page, 1500)).toEqual({ frames: 0, timers: 0 });
  expect(finished, "the download was cancelled, not read to its end").toBe(false);
  expect(errors).toEqual([]);
});
