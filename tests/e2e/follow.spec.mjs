// A panel's list follows the playhead until the user scrolls it: by wheel, touch, keys or its
// scroll bar (Playwright hides scroll bars in headless Chromium: shown here, one is pressed).
import { test, expect } from "@playwright/test";
import { expectState, latestInView } from "./helpers.mjs";
import { launchOptions } from "./launch.mjs";

test.use({ launchOptions: { ...launchOptions, ignoreDefaultArgs: ["--hide-scrollbars"] } });

test("scrolling a panel's list by keys or by its scroll bar stops it following the playhead", async ({ page }) => {
  await page.setViewportSize({ width: 1280, height: 520 });
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  const panel = page.getByTestId("console-panel");
  const list = panel.locator(".rows");
  const follow = panel.getByTestId("follow-button");
  await page.evaluate(() => window.postMessage({ type: "tapedeck:seek", ms: 53_900 }, "*"));
  await expect.poll(() => latestInView(panel, "console-row", { scrolled: true })).toBe(true);
  await expect(follow).toBeHidden();
  // Keys on the list: Home scrolls it to the top and it stays there when the playhead moves.
  await list.focus();
  await page.keyboard.press("Home");
  await expect(follow).toBeVisible();
  await expect.poll(() => list.evaluate((l) => l.scrollTop)).toBe(0);
  const latest = panel.locator("[data-testid=console-row].latest");
  const before = await latest.textContent();
  await page.evaluate(() => window.postMessage({ type: "tapedeck:seek", ms: 61_700 }, "*"));
  await expect(page.getByTestId("current-time")).toHaveText("1:01");
  await expect(latest).not.toHaveText(before);
  // Two frames later (a list may scroll at the next frame), still where the user put it.
  const settled = () => list.evaluate((l) => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done(l.scrollTop)))));
  expect(await settled()).toBe(0);
  // Following again goes back to the latest row.
  await follow.click();
  await expect(follow).toBeHidden();
  await expect.poll(() => latestInView(panel, "console-row", { scrolled: true })).toBe(true);
  // A press on the list's scroll bar (right of its content) stops following too; a click on a
  // row does not. (An overlay scroll bar, taking no room, counts within 16 px of the edge.)
  await panel.locator("[data-testid=console-row]").first().click({ position: { x: 5, y: 5 } });
  await expect(follow).toBeHidden();
  const box = await list.boundingBox();
  const bar = await list.evaluate((l) => l.offsetWidth - l.clientWidth);
  expect(bar).toBeGreaterThan(0);
  await page.mouse.move(box.x + box.width - bar / 2, box.y + box.height - 8);
  await page.mouse.down();
  await page.mouse.up();
  await expect(follow).toBeVisible();
  // The wheel over the list scrolls it and stops following (its listener is passive: the
  // list scrolls without waiting for the player).
  // The row clicked above moved the playhead to its message, the first: following again
  // scrolls the list back up to it (its place was once taken from the panel's top, not the
  // list's, and the header's height hid it above the view).
  // The press on the bar's arrow scrolls smoothly: once it has stopped (two reads a few
  // frames apart agree).
  let last = -1;
  await expect.poll(async () => { const now = await settled(); const still = now === last; last = now; return still; }).toBe(true);
  expect(last).toBeGreaterThan(0);
  await follow.click();
  await expect(follow).toBeHidden();
  await expect.poll(() => latestInView(panel, "console-row")).toBe(true);
  const top = await list.evaluate((l) => l.scrollTop);
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.wheel(0, 150);
  await expect(follow).toBeVisible();
  await expect.poll(() => list.evaluate((l) => l.scrollTop)).toBeGreaterThan(top);
});
