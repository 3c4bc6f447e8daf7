// Every screen, every hand: the player at phone, tablet and laptop sizes, in both themes, with
// axe-core, and driven from the keyboard alone.
import { test, expect } from "@playwright/test";
import AxeBuilder from "@axe-core/playwright";
import { expectState, replay } from "./helpers.mjs";

const SIZES = [
  [390, 844],
  [768, 1024],
  [1024, 640],
  [1280, 520],
  [1440, 900],
];

// The checkout's first uncaught TypeError (epoch ms), as an error dashboard links it.
const UNCAUGHT_AT = 1795762187744;

/** Every control of the controls row and every panel tab that is rendered: where it is, and
 *  what the page has at its centre. Waits for the bar and the tabs, which are built a part a
 *  task once the player is ready. */
async function controlPlacement(page) {
  await expect(page.getByTestId("controls-row")).toBeVisible();
  await expect(page.getByRole("tab")).toHaveCount(5);
  return page.evaluate(() => {
    const sel = [
      '[data-testid="controls-row"] button',
      '[data-testid="controls-row"] select',
      '[data-testid="timeline-slider"]',
      '[data-testid="timeline"] .tl-marker',
      '[role="tab"]',
    ].join(",");
    return [...document.querySelectorAll(sel)]
      .filter((el) => el.checkVisibility())
      .map((el) => {
        const r = el.getBoundingClientRect();
        const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
        const hit = document.elementFromPoint(x, y);
        return {
          name: el.getAttribute("data-testid") || el.getAttribute("aria-label") || el.textContent.trim(),
          inside: r.left >= 0 && r.top >= 0 && r.right <= innerWidth && r.bottom <= innerHeight && r.width > 0,
          reachable: !!hit && (hit === el || el.contains(hit)),
          width: r.width,
          height: r.height,
        };
      });
  });
}

for (const [width, height] of SIZES) {
  test(`at ${width}×${height} every control and panel tab is on screen, uncovered, no sideways scroll`, async ({ page }, info) => {
    await page.setViewportSize({ width, height });
    await page.goto(`/sessions/buggy-checkout?t=53`);
    await expectState(page, "paused");
    const placed = await controlPlacement(page);
    // Play, time line and its markers, speed, skip, errors ‹ ›, remote assets, copy link, full
    // screen; four tabs.
    expect(placed.length).toBeGreaterThanOrEqual(16);
    expect(placed.filter((c) => !c.inside).map((c) => c.name)).toEqual([]);
    expect(placed.filter((c) => !c.reachable).map((c) => c.name)).toEqual([]);
    if (width < 600) {
      // Touch-sized targets on a phone: the buttons, the tabs, and the timeline, which takes a
      // finger over its whole height (its markers are dots: the errors panel has the same moments
      // as full rows).
      const small = placed.filter((c) => c.height < 44 && c.name !== "timeline-slider" && !c.name.startsWith("marker-"));
      expect(small.map((c) => c.name)).toEqual([]);
      expect((await page.getByTestId("timeline").boundingBox()).height).toBeGreaterThanOrEqual(44);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
    // The replay is shown, not squeezed to nothing.
    const box = await page.getByTestId("replay-frame").boundingBox();
    expect(box.width).toBeGreaterThan(Math.min(width, 1280) * 0.25);
    // For looking at: both themes (`make screenshots` puts them in screenshots/).
    const shot = (name) => (process.env.SCREENSHOTS_DIR ? `${process.env.SCREENSHOTS_DIR}/${name}` : info.outputPath(name));
    for (const scheme of ["light", "dark"]) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator("html")).toHaveAttribute("data-theme", scheme);
      await page.screenshot({ path: shot(`player-${width}x${height}-${scheme}.png`) });
    }
    // The home page does not scroll sideways either.
    await page.goto("/");
    await expect(page.getByTestId("session-card").first()).toBeVisible();
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth)).toBe(true);
  });
}

/** axe-core on the page as it is: no serious or critical violation. */
async function expectAccessible(page, what) {
  const result = await new AxeBuilder({ page }).analyze();
  const bad = result.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => `${what}: ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join(" | ")}`);
  expect(bad).toEqual([]);
}

for (const scheme of ["dark", "light"]) {
  test(`axe-core finds nothing serious in the ${scheme} theme: home, each panel, the error and crash cards`, async ({ page }) => {
    test.setTimeout(120_000);
    await page.emulateMedia({ colorScheme: scheme });
    await page.goto("/");
    await expect(page.getByTestId("session-card").first()).toBeVisible();
    await expect(page.locator("html")).toHaveAttribute("data-theme", scheme);
    await expectAccessible(page, "home");
    for (const panel of ["console", "network", "errors", "activity"]) {
      await page.goto(`/sessions/buggy-checkout?t=40&panel=${panel}`);
      await expectState(page, "paused");
      await expect(page.getByTestId(`tab-${panel}`)).toHaveAttribute("aria-selected", "true");
      if (panel === "network") await page.getByTestId("network-row").first().click();
      await expectAccessible(page, panel);
    }
    // The Elements panel with a node selected (details, life) and two moments compared.
    await page.goto("/sessions/buggy-checkout?t=53&panel=elements");
    await expectState(page, "paused");
    await page.locator("[data-testid=dom-node]").filter({ hasText: "<body" }).click();
    await expect(page.getByTestId("node-history-row").first()).toBeVisible();
    const compare = page.getByTestId("compare-select");
    await compare.selectOption(await compare.locator("option", { hasText: "Rage click" }).getAttribute("value"));
    await expect(page.getByTestId("compare-summary")).toBeVisible();
    await expectAccessible(page, "elements");
    await page.goto(`/play?src=${encodeURIComponent("/missing.json")}`);
    await expectState(page, "error");
    await expect(page.getByTestId("load-error")).toBeVisible();
    await expectAccessible(page, "error card");
    await page.goto("/sessions/buggy-checkout");
    await expectState(page, "ready");
    await page.evaluate(() => import("/tapedeck.js").then((m) => m.show_crash_card("panicked at 'a test'")));
    await expect(page.getByTestId("crash")).toBeVisible();
    await expectAccessible(page, "crash card");
  });
}

test("the theme follows the system until chosen, is remembered, and never re-colours the replay", async ({ page }) => {
  await page.emulateMedia({ colorScheme: "dark" });
  await page.goto("/sessions/buggy-checkout?t=10");
  await expectState(page, "paused");
  const html = page.locator("html");
  await expect(html).toHaveAttribute("data-theme", "dark");
  const replayLook = () =>
    replay(page).locator("body").evaluate((b) => ({
      bg: getComputedStyle(b).backgroundColor,
      color: getComputedStyle(b).color,
      dark: matchMedia("(prefers-color-scheme: dark)").matches,
    }));
  const before = await replayLook();
  const bg = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  const darkBg = await bg();
  await page.getByTestId("theme-toggle").click();
  await expect(html).toHaveAttribute("data-theme", "light");
  expect(await bg()).not.toBe(darkBg);
  expect(await replayLook()).toEqual(before);
  // Remembered over a reload, whatever the system says.
  await page.reload();
  await expectState(page, "paused");
  await expect(html).toHaveAttribute("data-theme", "light");
  expect(await replayLook()).toEqual(before);
  await page.getByTestId("theme-toggle").click();
  await expect(html).toHaveAttribute("data-theme", "dark");
  expect(await bg()).toBe(darkBg);
});

test("full screen: the button and f give the replay the window with its controls; Escape leaves", async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 640 });
  await page.goto("/sessions/buggy-checkout?t=20");
  await expectState(page, "paused");
  const main = page.locator(".player-main");
  const stageWidth = async () => (await page.getByTestId("replay-frame").boundingBox()).width;
  const normal = await stageWidth();
  await page.getByTestId("fullscreen").click();
  await expect(page.getByTestId("fullscreen")).toHaveAttribute("aria-pressed", "true");
  await expect(main).toHaveClass(/theater/);
  const b = await main.boundingBox();
  expect(b.width).toBeGreaterThanOrEqual(1023);
  expect(b.height).toBeGreaterThanOrEqual(639);
  await expect(page.getByTestId("play-toggle")).toBeVisible();
  expect(await stageWidth()).toBeGreaterThan(normal);
  await page.keyboard.press("Escape");
  await expect(main).not.toHaveClass(/theater/);
  await expect(page.getByTestId("fullscreen")).toHaveAttribute("aria-pressed", "false");
  await page.keyboard.press("f");
  await expect(main).toHaveClass(/theater/);
  await page.keyboard.press("f");
  await expect(main).not.toHaveClass(/theater/);
  // `f` pressed while the browser is still leaving full screen: the end of the old stay, which
  // Chromium may announce twice, does not take the new theater away.
  await page.getByTestId("fullscreen").click();
  await expect(main).toHaveClass(/theater/);
  await page.keyboard.press("Escape");
  await page.keyboard.press("f");
  await page.waitForTimeout(300);
  await expect(main).toHaveClass(/theater/);
  await expect(page.getByTestId("fullscreen")).toHaveAttribute("aria-pressed", "true");
});

test("embedded where full screen is not allowed, the button fills the frame and nothing is thrown", async ({ page }) => {
  const errors = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto("/config.json");
  await page.setContent(`<iframe id="p" src="/sessions/buggy-checkout?t=20" width="900" height="600" allow="fullscreen 'none'"></iframe>`);
  const player = page.frameLocator("#p");
  await expect(player.getByTestId("player")).toHaveAttribute("data-state", "paused");
  const main = player.locator(".player-main");
  await player.getByTestId("fullscreen").click();
  await expect(main).toHaveClass(/theater/);
  // The browser refused (the frame's policy forbids it): the theater fills the frame instead.
  expect(await page.evaluate(() => document.getElementById("p").contentDocument.fullscreenElement)).toBeNull();
  expect((await main.boundingBox()).width).toBeGreaterThanOrEqual(880);
  await expect(player.getByTestId("play-toggle")).toBeVisible();
  await player.getByTestId("fullscreen").click();
  await expect(main).not.toHaveClass(/theater/);
  // And again: each refusal is handled, none is an unhandled rejection.
  await player.getByTestId("fullscreen").click();
  await expect(main).toHaveClass(/theater/);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
  expect(errors).toEqual([]);
});

test("a link's panel wins over the error its ?at= selects", async ({ page }) => {
  await page.goto(`/sessions/buggy-checkout?at=${UNCAUGHT_AT}&panel=console`);
  await expectState(page, "paused");
  await expect(page.getByTestId("current-time")).toHaveText("0:53");
  await expect(page.getByTestId("tab-console")).toHaveAttribute("aria-selected", "true");
  await expect(page.getByTestId("console-panel")).toBeVisible();
  await page.getByTestId("tab-errors").click();
  await expect(page.getByTestId("errors-panel").locator('[data-testid="error-row"][aria-current="true"]')).toContainText(
    "Uncaught TypeError",
  );
  // Where the link landed is announced to screen readers.
  await page.goto(`/sessions/buggy-checkout?at=${UNCAUGHT_AT}`);
  await expect(page.getByTestId("announcer")).toHaveText(/^Landed at 0:53\.\d$/);
});

test("keyboard only: open a session, play, seek with the slider, open a request, copy the link", async ({ page, context }) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await page.goto("/");
  await expect(page.getByTestId("session-card").first()).toBeVisible();
  /** Presses Tab until `check` holds for the focused element (at most `max` presses). */
  const tabTo = async (check, max = 40) => {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press("Tab");
      if (await page.evaluate(check)) return;
    }
    throw new Error(`Tab never reached ${check}`);
  };
  const focused = (testid) => `document.activeElement?.closest('[data-testid="${testid}"]') !== null`;
  await tabTo(() => document.activeElement?.getAttribute("href")?.includes("buggy-checkout"));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("player")).toHaveAttribute("data-state", "ready");
  // The time line comes first: a slider that arrows move and that says where it is.
  const slider = page.getByRole("slider", { name: "Playback position" });
  await tabTo(focused("timeline"));
  await page.keyboard.press("End");
  await expect(slider).toHaveAttribute("aria-valuetext", /^1:(\d\d) of 1:\1$/);
  await page.keyboard.press("Home");
  await expect(slider).toHaveAttribute("aria-valuetext", /^0:00 of 1:\d\d$/);
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await expect(slider).toHaveAttribute("aria-valuetext", /^0:10 of 1:\d\d$/);
  await expect(page.getByTestId("current-time")).toHaveText("0:10");
  await tabTo(focused("play-toggle"));
  await page.keyboard.press("Enter");
  await expectState(page, "playing");
  await page.keyboard.press("Space");
  await expectState(page, "paused");
  // The panel tabs: one stop, arrows between them.
  await tabTo(() => document.activeElement?.getAttribute("role") === "tab");
  for (let i = 0; i < 4 && (await page.evaluate(() => document.activeElement.dataset.testid)) !== "tab-network"; i++) {
    await page.keyboard.press("ArrowRight");
  }
  await expect(page.getByTestId("tab-network")).toHaveAttribute("aria-selected", "true");
  await tabTo(focused("network-row"));
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("request-details")).toBeVisible();
  // Back to the controls for the link.
  for (let i = 0; i < 60 && !(await page.evaluate(focused("copy-moment-link"))); i++) {
    await page.keyboard.press("Shift+Tab");
  }
  await page.keyboard.press("Enter");
  await expect(page.getByTestId("notice")).toContainText("panel=network");
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toMatch(/\/sessions\/buggy-checkout\?.*t=\d+(\.\d)?.*panel=network/);
});

test.describe("on a touch screen", () => {
  test.use({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });

  test("a finger scrubs the timeline", async ({ page }) => {
    await page.goto("/sessions/buggy-checkout?t=5");
    await expectState(page, "paused");
    const track = await page.getByTestId("timeline-slider").boundingBox();
    const y = track.y + track.height / 2;
    const cdp = await page.context().newCDPSession(page);
    const touch = (type, x) =>
      cdp.send("Input.dispatchTouchEvent", { type, touchPoints: type === "touchEnd" ? [] : [{ x, y }] });
    await touch("touchStart", track.x + track.width * 0.1);
    for (let k = 2; k <= 6; k++) await touch("touchMove", track.x + track.width * k * 0.1);
    await touch("touchEnd");
    // 60 % of 1:10 is 0:42.
    await expect(page.getByTestId("current-time")).toHaveText(/^0:4[12]$/);
  });
});

test("with reduced motion the rage ring stands still and clicks leave no ripple", async ({ page }) => {
  const motion = async () => {
    // In the rage burst over the coupon button: six clicks in 1.2 s.
    await page.goto("/sessions/buggy-checkout?t=48.9");
    await expectState(page, "paused");
    const ring = page.getByTestId("rage-ring");
    await expect(ring).toHaveCount(1);
    return {
      ring: await ring.evaluate((r) => getComputedStyle(r).animationName),
      ripples: await page.locator(".ripple").evaluateAll((rs) => rs.map((r) => getComputedStyle(r).display)),
    };
  };
  const normal = await motion();
  expect(normal.ring).toBe("rage-pulse");
  expect(normal.ripples.length).toBeGreaterThan(0);
  expect(normal.ripples.every((d) => d !== "none")).toBe(true);
  await page.emulateMedia({ reducedMotion: "reduce" });
  const reduced = await motion();
  expect(reduced.ring).toBe("none");
  expect(reduced.ripples.length).toBeGreaterThan(0);
  expect(reduced.ripples.every((d) => d === "none")).toBe(true);
});

test("every font the player shows was warmed by the page before a recording loaded, and the warm-up is gone", async ({ page }) => {
  // A font's size, weight or style first used while a recording loads costs the main thread a
  // synchronous call to the browser (up to 130 ms seen): index.html lays them all out first.
  // (The key is written twice: the page's policy forbids eval.)
  await page.addInitScript(() => {
    const key = (s) => `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    document.addEventListener("DOMContentLoaded", () => {
      window.__warmed = [...document.querySelectorAll("#font-warm span")].map((e) => key(getComputedStyle(e)));
    });
  });
  const shown = new Set();
  for (const [w, h] of [[1440, 900], [390, 844]]) {
    await page.setViewportSize({ width: w, height: h });
    await page.goto("/sessions/buggy-checkout");
    await expectState(page, "ready");
    for (const tab of ["console", "network", "errors", "activity", "elements"]) {
      await page.getByTestId(`tab-${tab}`).click();
      await expect(page.getByTestId(`tab-${tab}`)).toHaveAttribute("aria-selected", "true");
      const fonts = await page.evaluate(() => {
        const key = (s) => `${s.fontStyle} ${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
        const texty = (e) => ["INPUT", "SELECT", "BUTTON", "TEXTAREA"].includes(e.tagName) ||
          [...e.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
        return [...document.querySelectorAll("body *")]
          .filter((e) => e.checkVisibility() && texty(e))
          .map((e) => key(getComputedStyle(e)));
      });
      fonts.forEach((f) => shown.add(f));
    }
    expect(await page.locator("#font-warm").count()).toBe(0);
  }
  const warmed = new Set(await page.evaluate(() => window.__warmed));
  expect(warmed.size).toBeGreaterThan(10);
  expect([...shown].filter((f) => !warmed.has(f))).toEqual([]);
});
