// Find: one search over the session — the text that was on screen, console, network, pages and
// activity — its results, stepping through them, deep links to them.
import { test, expect } from "@playwright/test";
import { replay, expectState, animationFrames } from "./helpers.mjs";

async function playheadMs(page) {
  return Number(await page.getByTestId("current-time").getAttribute("data-ms"));
}

const results = (page, kind) => page.locator(`[data-testid=find-result][data-kind=${kind}]`);
const times = (loc) => loc.evaluateAll((rs) => rs.map((r) => Number(r.dataset.ms)));

test("?q=Payment failed lists the console errors at 0:53.4 and 1:01.6, and Enter steps between them", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?q=Payment%20failed");
  await expectState(page, "paused");
  await expect(page.getByTestId("find-input")).toHaveValue("Payment failed");
  const console = results(page, "console");
  await expect(console).toHaveCount(2);
  await expect(console.nth(0)).toContainText("0:53.4");
  await expect(console.nth(1)).toContainText("1:01.6");
  expect((await times(console)).map((t) => Math.round(t / 100))).toEqual([534, 616]);
  // The words are marked in each result.
  await expect(console.nth(0).locator("mark")).toHaveText(["Payment", "failed"]);
  // The link lands on the first result: its moment, its row selected in the console.
  await expect.poll(() => playheadMs(page)).toBe((await times(console))[0]);
  await expect(console.nth(0)).toHaveAttribute("aria-current", "true");
  await expect(page.getByTestId("console-panel").locator('[aria-current="true"]')).toContainText("Payment failed");
  // Enter walks the results in time order, to the second error and round again.
  const input = page.getByTestId("find-input");
  const seen = new Set();
  for (let i = 0; i < 7; i++) {
    await input.press("Enter");
    const current = page.locator('[data-testid=find-result][aria-current="true"]');
    await expect(current).toHaveCount(1);
    const ms = Number(await current.getAttribute("data-ms"));
    await expect.poll(() => playheadMs(page)).toBe(ms);
    if ((await current.getAttribute("data-kind")) === "console") seen.add(Math.round(ms / 100));
  }
  expect([...seen].sort()).toEqual([534, 616]);
  // Shift+Enter goes back.
  const before = Number(await page.locator('[data-testid=find-result][aria-current="true"]').getAttribute("data-find-index"));
  await input.press("Shift+Enter");
  await input.press("Enter");
  await expect(page.locator('[data-testid=find-result][aria-current="true"]')).toHaveAttribute("data-find-index", String(before));
  // Marks on the timeline; a second query replaces them.
  await expect(page.getByTestId("marker-find").first()).toBeVisible();
});

test("the screen's text is read only once Find is opened, even after every checkpoint is built", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout");
  await expect(page.getByTestId("player")).toHaveAttribute("data-indexed", "true");
  // Nobody searched: the text was not read (it is kept only for those who search).
  await expect(page.getByTestId("find")).toHaveAttribute("data-indexed", "false");
  // Clicking into the box starts reading it; the query finds what was on screen.
  await page.getByTestId("find-input").click();
  await expect(page.getByTestId("find")).toHaveAttribute("data-indexed", "true");
  await page.getByTestId("find-input").fill("in:screen Processing");
  await expect(results(page, "screen")).toHaveCount(2);
});

test("in:screen Processing finds the button text at the moments it showed and outlines the button", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  await page.keyboard.press("/");
  const input = page.getByTestId("find-input");
  await expect(input).toBeFocused();
  await input.fill("in:screen Processing");
  const screen = results(page, "screen");
  await expect(screen).toHaveCount(2);
  await expect(page.locator("[data-testid=find-result]:not([data-kind=screen])")).toHaveCount(0);
  // Each with the span it was shown: the button says "Processing…" until the request fails.
  await expect(screen.nth(0).getByTestId("find-span")).toHaveText(/shown 0:5\d\.\d → 0:53\.\d/);
  await expect(screen.nth(1).getByTestId("find-span")).toHaveText(/shown 1:0\d\.\d → 1:01\.\d/);
  await screen.nth(1).click();
  const at = (await times(screen))[1];
  await expect.poll(() => playheadMs(page)).toBe(at);
  // The button shows the text at that moment, and the player outlines it over the replay.
  const pay = replay(page).locator("#pay");
  await expect(pay).toHaveText("Processing…");
  const outline = page.getByTestId("find-outline");
  await expect(outline).toBeVisible();
  await animationFrames(page, 2);
  const [o, b] = [await outline.boundingBox(), await pay.boundingBox()];
  expect(Math.abs(o.x + o.width / 2 - (b.x + b.width / 2))).toBeLessThan(4);
  expect(Math.abs(o.y + o.height / 2 - (b.y + b.height / 2))).toBeLessThan(4);
  expect(o.width).toBeGreaterThan(b.width);
  expect(o.width - b.width).toBeLessThan(12);
  // Escape closes Find; the outline goes with it.
  await input.press("Escape");
  await expect(outline).toHaveCount(0);
  await expect(page.getByTestId("find-results")).toBeHidden();
  await expect(page.getByTestId("marker-find")).toHaveCount(0);
});

test("a page is found by its title once the screen's text is read (the rows made before it are retitled)", async ({ page }) => {
  // Find opens with the link, so the pages' rows are made before the screen's text is read:
  // the title comes from that reading (\`Controller::index_complete\`).
  await page.goto(`/sessions/buggy-checkout?q=${encodeURIComponent("Crabby Shop in:pages")}`);
  const pages = results(page, "pages");
  await expect(page.getByTestId("find")).toHaveAttribute("data-indexed", "true", { timeout: 30_000 });
  await expect(pages).toHaveCount(1);
  await expect(pages.first()).toContainText("Crabby Shop — Checkout");
  // The link lands on it.
  await expect(page.getByTestId("find-status")).toHaveText("1 of 1");
});

test("status:500 lists the two POSTs; choosing one selects its request", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  await page.keyboard.press("Control+f");
  await expect(page.getByTestId("find-input")).toBeFocused();
  await page.keyboard.type("status:500");
  const net = results(page, "network");
  await expect(net).toHaveCount(2);
  await expect(page.getByTestId("find-result")).toHaveCount(2);
  for (const r of await net.all()) {
    await expect(r).toContainText("POST 500");
    await expect(r).toContainText("/api/pay");
  }
  await net.nth(1).click();
  await expect(page.getByTestId("tab-network")).toHaveAttribute("aria-selected", "true");
  const row = page.getByTestId("network-panel").locator('[aria-current="true"]');
  await expect(row).toContainText("/api/pay");
  await expect(row).toContainText("500");
  // n and N step through the results from the keyboard (outside the box).
  await page.getByTestId("timeline-slider").focus();
  await page.keyboard.press("n");
  await expect(net.nth(0)).toHaveAttribute("aria-current", "true");
  await page.keyboard.press("N");
  await expect(net.nth(1)).toHaveAttribute("aria-current", "true");
});

test("a query is text: markup in it or in the results never runs, bad filters are explained", async ({ page }) => {
  const fired = [];
  await page.exposeFunction("__fired", (x) => fired.push(x));
  const q = '<img src=x onerror="__fired(1)"> in:nowhere status:abc';
  await page.goto(`/sessions/buggy-checkout?q=${encodeURIComponent(q)}`);
  await expectState(page, "ready");
  await expect(page.getByTestId("find-input")).toHaveValue(q);
  await expect(page.getByTestId("find")).toContainText("“in:nowhere” is not a place to search");
  await expect(page.getByTestId("find")).toContainText("“status:abc” is not a status");
  await expect(page.getByTestId("find-status")).toHaveText(/No results/);
  await expect(page.getByTestId("notice")).toContainText("Nothing in this session matches");
  await page.waitForTimeout(300);
  expect(fired).toEqual([]);
  expect(await page.locator(".find img").count()).toBe(0);
});

test("?q= with &t= lands on the result nearest that time", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?q=Payment%20failed%20in:console&t=65");
  await expectState(page, "paused");
  const console = results(page, "console");
  await expect(console).toHaveCount(2);
  await expect(console.nth(1)).toHaveAttribute("aria-current", "true");
  await expect.poll(() => playheadMs(page)).toBe((await times(console))[1]);
});

test("the result stepped to is scrolled into the list's view, below its group's sticky title", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?t=40");
  await expectState(page, "paused");
  const input = page.getByTestId("find-input");
  await input.fill("e");
  await expect(page.getByTestId("find")).toHaveAttribute("data-indexed", "true");
  await expect(page.getByTestId("find-status")).toHaveText(/^\d+ results$/);
  // From the middle of the list, Enter walks on in time: results above and below the view.
  await page.getByTestId("find-results").evaluate((l) => (l.scrollTop = l.scrollHeight * 0.55));
  for (let i = 0; i < 4; i++) {
    await input.press("Enter");
    const place = await page.locator('[data-testid=find-result][aria-current="true"]').evaluate((row) => {
      const list = row.closest("[data-testid=find-results]").getBoundingClientRect();
      const title = row.closest("[data-testid=find-group]").querySelector(".find-group-title").getBoundingClientRect();
      const r = row.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, listBottom: list.bottom, titleBottom: title.bottom };
    });
    expect(place.top, JSON.stringify(place)).toBeGreaterThanOrEqual(place.titleBottom - 1);
    expect(place.bottom, JSON.stringify(place)).toBeLessThanOrEqual(place.listBottom + 1);
  }
});

test("the results list keeps its length as rows are first scrolled to (the scroll bar does not jump)", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout?t=40");
  await expectState(page, "paused");
  await page.getByTestId("find-input").fill("e");
  await expect(page.getByTestId("find")).toHaveAttribute("data-indexed", "true");
  await expect(page.getByTestId("find-status")).toHaveText(/^\d+ results$/);
  const heights = await page.getByTestId("find-results").evaluate(async (list) => {
    const frame = () => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
    await frame();
    const before = list.scrollHeight;
    // Rows out of view are laid out at an estimated size until seen: every row seen once.
    for (let y = 0; y <= before; y += list.clientHeight / 2) {
      list.scrollTop = y;
      await frame();
    }
    return { before, after: list.scrollHeight };
  });
  expect(Math.abs(heights.after - heights.before), JSON.stringify(heights)).toBeLessThanOrEqual(heights.after * 0.01);
});

test("a query typed while the body still arrives follows it: results of later parts join the list", async ({ page }) => {
  // 40 parts 0.4 s apart: the console errors (0:53, 1:01) are in the later ones, seconds after
  // the player is ready.
  const src = "/slow/buggy-checkout.json?ms=400&parts=40";
  await page.goto(`/play?src=${encodeURIComponent(src)}`);
  await expect(page.getByTestId("player")).toHaveAttribute("data-state", "ready");
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "true");
  await page.getByTestId("find-input").fill("Payment failed in:console");
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "true");
  const typedWith = await results(page, "console").count();
  expect(typedWith).toBeLessThan(2);
  // Each later analysis's rows are made searchable in the background, then the query runs.
  await expect(results(page, "console")).toHaveCount(2, { timeout: 30_000 });
  expect((await times(results(page, "console"))).map((t) => Math.round(t / 100))).toEqual([534, 616]);
  await expect(page.getByTestId("find-status")).toHaveText("2 results");
  // Emptied and typed again once all is in: the same two.
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "false", { timeout: 30_000 });
  await page.getByTestId("find-input").fill("");
  await page.getByTestId("find-input").fill("payment FAILED in:console");
  await expect(results(page, "console")).toHaveCount(2);
});

test("?q= on a body that trickles in lands on the first result once everything is read", async ({ page }) => {
  const src = "/slow/buggy-checkout.json?ms=60&parts=12";
  await page.goto(`/play?src=${encodeURIComponent(src)}&q=${encodeURIComponent("Payment failed in:console")}`);
  const console = results(page, "console");
  await expect(console).toHaveCount(2, { timeout: 20_000 });
  await expect(console.nth(0)).toHaveAttribute("aria-current", "true");
  await expect.poll(() => playheadMs(page)).toBe((await times(console))[0]);
});

test("axe-core finds nothing serious in Find's results or the export panel, in both themes", async ({ page }) => {
  const { default: AxeBuilder } = await import("@axe-core/playwright");
  for (const scheme of ["dark", "light"]) {
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/sessions/buggy-checkout?q=Payment%20failed");
    await expectState(page, "paused");
    await expect(page.locator("[data-testid=find-result]").first()).toBeVisible();
    await page.getByTestId("export-toggle").click();
    await expect(page.getByTestId("export-panel")).toBeVisible();
    const result = await new AxeBuilder({ page }).include("[data-testid=find]").include("[data-testid=export-panel]").analyze();
    const bad = result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`);
    expect(bad, scheme).toEqual([]);
  }
});
