// Playback engine end to end: play, pause, speeds, seeking by drag, skip inactivity, keyboard,
// the end state, and the postMessage contract, as a user sees them.
import { test, expect } from "@playwright/test";
import { replay, expectState, animationFrames } from "./helpers.mjs";

/** Current time in seconds, as the player shows it. */
async function shownSeconds(page) {
  const text = await page.getByTestId("current-time").textContent();
  const parts = text.split(":").map(Number);
  return parts.reduce((acc, p) => acc * 60 + p, 0);
}

async function open(page, path) {
  await page.goto(path);
  await expectState(page, "ready");
}

/** Plays until the player shows `until` seconds, pauses, and returns how fast the shown time
 *  went: shown seconds per real second, between its first and last change. Measured in the page
 *  (a MutationObserver on the shown time), so the test runner's own latency does not count. */
async function playRate(page, until) {
  await page.evaluate(() => {
    const el = document.querySelector('[data-testid="current-time"]');
    const seconds = () => el.textContent.split(":").map(Number).reduce((acc, p) => acc * 60 + p, 0);
    // Each entry is the moment the shown second changed.
    window.__shownTimes = [];
    let shown = seconds();
    new MutationObserver(() => {
      if (seconds() !== shown) window.__shownTimes.push([performance.now(), (shown = seconds())]);
    }).observe(el, { childList: true, characterData: true, subtree: true });
  });
  await page.getByTestId("play-toggle").click();
  await expect.poll(() => shownSeconds(page)).toBeGreaterThanOrEqual(until);
  await page.getByTestId("play-toggle").click();
  await expectState(page, "paused");
  const times = await page.evaluate(() => window.__shownTimes);
  expect(times.length, JSON.stringify(times)).toBeGreaterThanOrEqual(3);
  const [t0, s0] = times[0];
  const [t1, s1] = times.at(-1);
  return (s1 - s0) / ((t1 - t0) / 1000);
}

test("play advances time and the picture; pause stops it", async ({ page }) => {
  await open(page, "/sessions/buggy-checkout");
  await expect(page.getByTestId("current-time")).toHaveText("0:00");
  await page.getByTestId("play-toggle").click();
  await expectState(page, "playing");
  await expect(page.getByTestId("current-time")).toHaveText("0:02", { timeout: 5000 });
  await page.getByTestId("play-toggle").click();
  await expectState(page, "paused");
  const stopped = await shownSeconds(page);
  // Time standing still has no event to wait for: let the page draw frames for 1.5 s (while
  // playing, the clock advances on every frame, so the shown second would change), then look.
  await animationFrames(page, 30, 1500);
  expect(await shownSeconds(page)).toBe(stopped);
});

test("speed 4× plays four times faster", async ({ page }) => {
  await open(page, "/sessions/buggy-checkout");
  await page.getByTestId("speed").selectOption("4");
  // The first 10 s of the recording have no inactivity to skip: all of it plays at 4×.
  const rate = await playRate(page, 10);
  expect(rate).toBeGreaterThan(3);
  expect(rate).toBeLessThan(5);
});

test("dragging on the timeline seeks, with a time tooltip; pages are marked", async ({ page }) => {
  await open(page, "/sessions/rust-book");
  const timeline = page.getByTestId("timeline");
  await expect(page.getByTestId("page-marker")).toHaveCount(9);
  const box = await timeline.boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.1, y);
  await expect(page.getByTestId("timeline-tooltip")).toHaveText(/0:1\d/);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.4, y, { steps: 5 });
  await page.mouse.move(box.x + box.width * 0.75, y, { steps: 5 });
  await page.mouse.up();
  await expectState(page, "paused");
  // 75 % of 3:10 is 2:23.
  const s = await shownSeconds(page);
  expect(Math.abs(s - 143)).toBeLessThanOrEqual(2);
  // The replay moved to a later page of the book, and the address bar followed it.
  await expect(page.getByTestId("url-bar")).not.toContainText("book/index.html");
  const seeks = await page.evaluate(() => performance.getEntriesByName("tapedeck:seek").length);
  expect(seeks).toBeGreaterThan(2);
});

/** Opens rust-book and presses the mouse on the timeline at `fraction` of its width; returns
 *  the timeline's box and the pointer's y. */
async function startDrag(page, fraction) {
  await open(page, "/sessions/rust-book");
  // "ready" comes with the first page; the rest may still be arriving (a slow machine), and the
  // timeline's scale is the duration known so far. Fractions below are of the whole 3:10.
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "false");
  await expect(page.getByTestId("duration")).toHaveText(/3:10/);
  const box = await page.getByTestId("timeline").boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * fraction, y);
  await page.mouse.down();
  return { box, y };
}

test("a drag shows one frame per animation frame, the latest position winning, and lands where it is let go", async ({ page }) => {
  const { box, y } = await startDrag(page, 0.1);
  // Twenty moves in one task (a fast mouse on a busy page): one seek at the next frame, to the
  // last of them — not twenty seeks the screen never shows.
  const seeks = await page.evaluate(
    async ({ x0, x1, y }) => {
      const el = document.querySelector('[data-testid="timeline"]');
      const before = performance.getEntriesByName("tapedeck:seek").length;
      for (let i = 1; i <= 20; i++) {
        el.dispatchEvent(new PointerEvent("pointermove", { clientX: x0 + ((x1 - x0) * i) / 20, clientY: y, bubbles: true }));
      }
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.getEntriesByName("tapedeck:seek").length - before;
    },
    { x0: box.x + box.width * 0.1, x1: box.x + box.width * 0.6, y },
  );
  expect(seeks).toBe(1);
  // 60 % of 3:10 is 1:54.
  expect(Math.abs((await shownSeconds(page)) - 114)).toBeLessThanOrEqual(2);
  // Let go right after a move: the player shows where the pointer was let go (75 %: 2:23).
  await page.evaluate(({ x, y }) => {
    const el = document.querySelector('[data-testid="timeline"]');
    el.dispatchEvent(new PointerEvent("pointermove", { clientX: x, clientY: y, bubbles: true }));
    el.dispatchEvent(new PointerEvent("pointerup", { clientX: x, clientY: y, bubbles: true }));
  }, { x: box.x + box.width * 0.75, y });
  expect(Math.abs((await shownSeconds(page)) - 143)).toBeLessThanOrEqual(2);
  await page.mouse.up();
  await expectState(page, "paused");
});

test("a drag whose pointer the browser takes away ends: hovering afterwards does not seek", async ({ page }) => {
  const { box, y } = await startDrag(page, 0.2);
  const after = await page.evaluate(
    async ({ x, y }) => {
      const el = document.querySelector('[data-testid="timeline"]');
      el.dispatchEvent(new PointerEvent("lostpointercapture", { bubbles: true }));
      const before = performance.getEntriesByName("tapedeck:seek").length;
      el.dispatchEvent(new PointerEvent("pointermove", { clientX: x, clientY: y, bubbles: true }));
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      return performance.getEntriesByName("tapedeck:seek").length - before;
    },
    { x: box.x + box.width * 0.7, y },
  );
  expect(after).toBe(0);
  // 20 % of 3:10 is 0:38: where the drag was when the pointer went.
  expect(Math.abs((await shownSeconds(page)) - 38)).toBeLessThanOrEqual(2);
  await page.mouse.up();
});

test("seeking shows the recorded state at that time (inputs typed, page scrolled)", async ({ page }) => {
  await open(page, "/sessions/buggy-checkout");
  await page.evaluate(() => window.postMessage({ type: "tapedeck:seek", ms: 52_000 }, "*"));
  await expect(page.getByTestId("current-time")).toHaveText("0:52");
  await expectState(page, "paused");
  const state = await page.getByTestId("replay-frame").evaluate((f) => {
    const d = f.contentDocument;
    return { scroll: d.scrollingElement.scrollTop, coupon: [...d.querySelectorAll("input")].map((i) => i.value).filter(Boolean).length };
  });
  expect(state.scroll).toBeGreaterThan(100);
  expect(state.coupon).toBeGreaterThan(3);
  await expect(page.getByTestId("cursor")).toBeVisible();
});

test("skip inactivity fast-forwards gaps, is shaded on the timeline, and can be turned off", async ({ page }) => {
  await open(page, "/play?src=/fixtures/checkout-idle.json");
  const shade = page.locator(".tl-inactive");
  await expect(shade).toHaveCount(1);
  await expect(page.getByTestId("skip-inactive")).toHaveAttribute("aria-pressed", "true");
  // Just before the idle gap (20 s .. 60 s), play at 1×: within a few seconds it is past it.
  await page.evaluate(() => window.postMessage({ type: "tapedeck:seek", ms: 19_000 }, "*"));
  await page.getByTestId("play-toggle").click();
  await expect.poll(() => shownSeconds(page), { timeout: 8000 }).toBeGreaterThan(60);
  await page.getByTestId("play-toggle").click();
  // Off (the k key): a gap plays at normal speed.
  await page.keyboard.press("k");
  await expect(page.getByTestId("skip-inactive")).toHaveAttribute("aria-pressed", "false");
  await page.evaluate(() => window.postMessage({ type: "tapedeck:seek", ms: 25_000 }, "*"));
  await expect(page.getByTestId("current-time")).toHaveText("0:25");
  // Skipping, the 40 s gap takes about 1.5 s (over 20×); not skipping, it plays at 1×.
  const rate = await playRate(page, 28);
  expect(rate).toBeGreaterThan(0.5);
  expect(rate).toBeLessThan(1.5);
  expect(await shownSeconds(page)).toBeLessThan(60);
});

test("keyboard: space, arrows, shift+arrows, [ and ]", async ({ page }) => {
  await open(page, "/sessions/buggy-checkout");
  await page.locator("body").click({ position: { x: 5, y: 5 } });
  await page.keyboard.press("ArrowRight");
  await expect(page.getByTestId("current-time")).toHaveText("0:05");
  await page.keyboard.press("Shift+ArrowRight");
  await expect(page.getByTestId("current-time")).toHaveText("0:06");
  await page.keyboard.press("ArrowLeft");
  await expect(page.getByTestId("current-time")).toHaveText("0:01");
  await page.keyboard.press("]");
  await expect(page.getByTestId("speed")).toHaveValue("2");
  await page.keyboard.press("[");
  await page.keyboard.press("[");
  await expect(page.getByTestId("speed")).toHaveValue("0.5");
  await page.keyboard.press(" ");
  await expectState(page, "playing");
  await page.keyboard.press(" ");
  await expectState(page, "paused");
});

test("the end: ended state, then replay from the start", async ({ page }) => {
  await open(page, "/sessions/buggy-checkout");
  await page.evaluate(() => window.postMessage({ type: "tapedeck:seek", ms: 69_500 }, "*"));
  await page.getByTestId("play-toggle").click();
  await expectState(page, "ended");
  await expect(page.getByTestId("current-time")).toHaveText("1:10");
  await page.getByTestId("replay-button").click();
  await expectState(page, "playing");
  expect(await shownSeconds(page)).toBeLessThan(3);
});

test("the frame at a time is the same however it is reached", async ({ page }) => {
  const t = 47_000;
  const frame = page.getByTestId("replay-frame");
  const snapshot = () =>
    frame.evaluate((f) => {
      const d = f.contentDocument;
      const scrolls = [...d.querySelectorAll("*")].filter((e) => e.scrollTop || e.scrollLeft).map((e) => [e.tagName, e.scrollTop, e.scrollLeft]);
      // A canvas shows its bitmap through an <img> whose `blob:` URL is new at every paint:
      // compared by its pixels.
      const html = d.documentElement.cloneNode(true);
      const copies = html.querySelectorAll("img[data-tapedeck=canvas-image]");
      d.querySelectorAll("img[data-tapedeck=canvas-image]").forEach((img, i) => {
        const c = document.createElement("canvas");
        [c.width, c.height] = [img.naturalWidth, img.naturalHeight];
        if (c.width) c.getContext("2d").drawImage(img, 0, 0);
        copies[i].setAttribute("src", `pixels of ${c.toDataURL()}`);
      });
      // Attributes in name order: the order the player's hover and focus marks were set in is
      // not something anyone sees.
      for (const el of [html, ...html.querySelectorAll("*")]) {
        const attrs = [...el.attributes].map((a) => [a.name, a.value]).sort(([a], [b]) => (a < b ? -1 : 1));
        for (const [n] of attrs) el.removeAttribute(n);
        for (const [n, v] of attrs) el.setAttribute(n, v);
      }
      return JSON.stringify({ html: html.outerHTML, scroll: d.scrollingElement.scrollTop, scrolls,
        values: [...d.querySelectorAll("input")].map((i) => [i.value, i.checked]) });
    });
  const seekTo = async (before) => {
    await open(page, "/sessions/buggy-checkout");
    if (before !== null) await page.evaluate((ms) => window.postMessage({ type: "tapedeck:seek", ms }, "*"), before);
    await page.evaluate((ms) => window.postMessage({ type: "tapedeck:seek", ms }, "*"), t);
    await expect(page.getByTestId("current-time")).toHaveText("0:47");
    // The page settles: its images and fonts are in (layout no longer moves under the recorded
    // scroll offsets the player re-applies), and it is the same over a few drawn frames.
    await expect
      .poll(() => frame.evaluate((f) => [...f.contentDocument.images].every((i) => i.complete) && f.contentDocument.fonts.status === "loaded"))
      .toBe(true);
    await expect
      .poll(async () => {
        const a = await snapshot();
        await animationFrames(page, 3);
        return a === (await snapshot());
      })
      .toBe(true);
  };
  await seekTo(null);
  const fresh = await snapshot();
  // Reached from before or after, the frame becomes exactly that one.
  await seekTo(10_000);
  await expect.poll(snapshot).toBe(fresh);
  await seekTo(65_000);
  await expect.poll(snapshot).toBe(fresh);
});
