// Foundation: the app lists sessions, loads every accepted body shape, rebuilds the first frame
// in a sandboxed iframe, and explains every failure.
import { test, expect } from "@playwright/test";
import fs from "node:fs";
import { replay, expectState, recordStateMessages, animationFrames } from "./helpers.mjs";

const checkoutPath = new URL("../../public/sessions/buggy-checkout.json", import.meta.url).pathname;

test("home lists the demo sessions and opens one", async ({ page }) => {
  await page.goto("/");
  const cards = page.getByTestId("session-card");
  await expect(cards).toHaveCount(3);
  await expect(cards.filter({ hasText: "Checkout fails" })).toContainText("7 errors");
  await cards.filter({ hasText: "Checkout fails" }).click();
  await expect(page).toHaveURL(/\/sessions\/buggy-checkout$/);
  await expectState(page, "ready");
  await expect(replay(page).getByText("Secure checkout")).toBeVisible();
  await expect(page.getByTestId("url-bar")).toContainText("http://127.0.0.1:8377/pages/checkout/index.html");
  await expect(page.getByTestId("duration")).toHaveText("1:10");
  // The index's title names the replay (asked for while the player builds itself).
  await expect(page.getByTestId("player")).toHaveAttribute("aria-label", "Replay of Checkout fails after applying a coupon");
});

test("a session the index gives its own address (a .json.gz) loads from there, titled by the index", async ({ page }) => {
  test.setTimeout(120_000);
  const asked = [];
  page.on("request", (r) => asked.push(new URL(r.url()).pathname));
  await page.goto("/sessions/monaco-long");
  await expectState(page, "ready");
  await expect(page.getByTestId("player")).toHaveAttribute("aria-label", "Replay of Editing code in Monaco (30 min)");
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "false", { timeout: 90_000 });
  await expect(page.getByTestId("duration")).toHaveText("30:31");
  expect(asked).toContain("/sessions/monaco-long.json.gz");
  expect(asked).not.toContain("/sessions/monaco-long.json");
});

test("a deep link to a session works on reload", async ({ page }) => {
  await page.goto("/sessions/rust-book");
  await expectState(page, "ready");
  await expect(replay(page).locator("body")).toContainText("The Rust Programming Language");
  await page.reload();
  await expectState(page, "ready");
  await expect(replay(page).locator("body")).toContainText("The Rust Programming Language");
});

test("the replay iframe is sandboxed without scripts and holds no live script", async ({ page }) => {
  await page.goto("/sessions/rust-book");
  await expectState(page, "ready");
  const frame = page.getByTestId("replay-frame");
  await expect(frame).toHaveAttribute("sandbox", "allow-same-origin");
  expect(await frame.evaluate((f) => getComputedStyle(f).pointerEvents)).toBe("none");
  const counts = await frame.evaluate((f) => {
    const d = f.contentDocument;
    const withHandlers = [...d.querySelectorAll("*")].filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name)));
    return { scripts: d.querySelectorAll("script").length, handlers: withHandlers.length, styles: d.querySelectorAll("style").length };
  });
  expect(counts.scripts).toBe(0);
  expect(counts.handlers).toBe(0);
  expect(counts.styles).toBeGreaterThan(5); // inlined <link> sheets rebuilt as <style>
  // The player page itself forbids scripts from anywhere but its own origin.
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content");
  expect(csp).toContain("script-src 'self' 'wasm-unsafe-eval'");
});

test("the first frame is scaled to fit and keeps the recorded viewport size", async ({ page }) => {
  await page.setViewportSize({ width: 900, height: 700 });
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  const frame = page.getByTestId("replay-frame");
  await expect(frame).toHaveAttribute("width", "1280");
  await expect(frame).toHaveAttribute("height", "800");
  const box = await frame.boundingBox();
  expect(box.width).toBeLessThan(900);
  expect(Math.abs(box.width / box.height - 1280 / 800)).toBeLessThan(0.01);
});

for (const [name, label] of [
  ["checkout.json.gz", "gzip"],
  ["checkout.ndjson", "NDJSON"],
  ["checkout-wrapped.json", '{"events": [...]}'],
  ["checkout-segments.json", "segments"],
]) {
  test(`loads a ${label} body`, async ({ page }) => {
    await page.goto(`/play?src=/fixtures/${name}`);
    await expectState(page, "ready");
    await expect(replay(page).getByText("Secure checkout")).toBeVisible();
    await expect(page.getByTestId("problems")).toHaveCount(0);
  });
}

const failures = [
  ["/missing.json", "Recording not found", /404.*\/missing\.json|\/missing\.json.*404/],
  ["/fixtures/invalid.json", "not a recording", /not JSON/],
  ["/fixtures/not-rrweb.json", "not a recording", /not an rrweb recording/],
  ["/fixtures/empty.json", "not a recording", /empty/],
  ["/fixtures/no-snapshot.json", "Nothing to show", /no full snapshot/],
  ["http://127.0.0.1:9/nothing-listens-here.json", "Could not reach", /request failed|CORS/],
];
for (const [src, title, message] of failures) {
  test(`explains a failure: ${src}`, async ({ page }) => {
    await page.goto(`/play?src=${encodeURIComponent(src)}`);
    await expectState(page, "error");
    const box = page.getByTestId("load-error");
    await expect(box).toContainText(new RegExp(title, "i"));
    await expect(page.getByTestId("load-error-message")).toHaveText(message);
    await expect(page.getByTestId("load-error-message")).toContainText(src.replace(/^\//, ""));
  });
}

test("a failure quotes a stranger's address short and as text: no 5,000-character alert, no bidi override", async ({ page }) => {
  // Not a URL (a host of \`[\`): quoted as given, not re-encoded, and the request fails.
  const src = "http://[\u202e Your account is locked. Call +1 555 0100 " + "x".repeat(5000);
  await page.goto(`/play?src=${encodeURIComponent(src)}`);
  await expectState(page, "error");
  const message = await page.getByTestId("load-error-message").textContent();
  expect(message).toContain("http://[ Your account is locked");
  expect(message).toContain("…");
  expect(message).not.toContain("\u202e");
  expect(message.length).toBeLessThan(800);
});

test("broken events are skipped, counted and explained; the rest plays", async ({ page }) => {
  await page.goto("/play?src=/fixtures/checkout-broken.json");
  await expectState(page, "ready");
  await expect(replay(page).getByText("Secure checkout")).toBeVisible();
  const badge = page.getByTestId("problems");
  await expect(badge).toHaveText(/3 events skipped/);
  await badge.click();
  const details = page.getByTestId("problems-details");
  await expect(details).toContainText("event #11");
  await expect(details).toContainText("unknown event type 42");
  await expect(details).toContainText("not an event object");
});

test("a long download shows its progress until the first page is in", async ({ page }) => {
  // 9 KB every 100 ms: the first full snapshot takes a few seconds to arrive.
  await page.goto("/play?src=" + encodeURIComponent("/slow/rust-book.json?ms=100&parts=400"));
  const bytes = page.getByTestId("load-bytes");
  await expect(bytes).toHaveText(/[\d.]+ (KB|MB) of 3\.6 MB/);
  await expectState(page, "ready");
});

test("a session shows and plays while the rest of it downloads", async ({ page }) => {
  // A twentieth of the body every 400 ms: 8 s in all.
  await page.goto("/play?src=" + encodeURIComponent("/slow/rust-book.json?ms=400"));
  await expectState(page, "ready");
  const status = page.getByTestId("still-loading");
  await expect(status).toBeVisible();
  await expect(status).toHaveText(/Loading… \d+ % of 3\.6 MB/);
  await expect(replay(page).locator("body")).toContainText("The Rust Programming Language");
  const duration = page.getByTestId("duration");
  const early = await duration.textContent();
  await page.getByTestId("play-toggle").click();
  await expect(page.getByTestId("current-time")).not.toHaveText("0:00", { timeout: 5000 });
  // The whole body arrives: the timeline grows to the full session, nothing was lost.
  await expect(status).toBeHidden({ timeout: 20000 });
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "false");
  const full = await duration.textContent();
  expect(full).not.toBe(early);
  await expect(page.getByTestId("problems")).toHaveCount(0);
  const whole = await page.context().newPage();
  await whole.goto("/sessions/rust-book");
  await expectState(whole, "ready");
  await expect(whole.getByTestId("duration")).toHaveText(full);
});

test("without scheduler.yield (Safari), the first frame still shows and the rest still streams in", async ({ page }) => {
  // The first frame's tasks then yield with setTimeout, and the body's reading takes turns
  // between them (fetch::yield_ahead's fallback).
  await page.addInitScript(() => Object.defineProperty(window, "scheduler", { value: undefined, configurable: true }));
  await page.goto("/play?src=" + encodeURIComponent("/slow/rust-book.json?ms=100&parts=20"));
  expect(await page.evaluate(() => typeof window.scheduler)).toBe("undefined");
  await expectState(page, "ready");
  await expect(replay(page).locator("body")).toContainText("The Rust Programming Language");
  await expect(page.getByTestId("still-loading")).toBeHidden({ timeout: 20000 });
  await expect(page.getByTestId("player")).toHaveAttribute("data-streaming", "false");
  await expect(page.getByTestId("problems")).toHaveCount(0);
  const whole = await page.context().newPage();
  await whole.goto("/sessions/rust-book");
  await expectState(whole, "ready");
  await expect(whole.getByTestId("duration")).toHaveText(await page.getByTestId("duration").textContent());
});

test("a local file opens with the picker", async ({ page }) => {
  await page.goto("/");
  await page.getByTestId("file-input").setInputFiles(checkoutPath);
  await expect(page).toHaveURL(/\/play\?file=buggy-checkout\.json/);
  await expectState(page, "ready");
  await expect(replay(page).getByText("Secure checkout")).toBeVisible();
});

test("a local file opens when dropped on the page", async ({ page }) => {
  await page.goto("/");
  const body = fs.readFileSync(checkoutPath, "utf8");
  const dt = await page.evaluateHandle((body) => {
    const dt = new DataTransfer();
    dt.items.add(new File([body], "dropped.json", { type: "application/json" }));
    return dt;
  }, body);
  await page.dispatchEvent(".app", "dragover", { dataTransfer: dt });
  await page.dispatchEvent(".app", "drop", { dataTransfer: dt });
  await expect(page).toHaveURL(/\/play\?file=dropped\.json/);
  await expectState(page, "ready");
  await expect(replay(page).getByText("Secure checkout")).toBeVisible();
});

test("embedding contract: measures, postMessage commands and state messages", async ({ page }) => {
  await recordStateMessages(page);
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  const measures = await page.evaluate(() => performance.getEntriesByName("tapedeck:first-frame").map((e) => e.duration));
  expect(measures).toHaveLength(1);
  expect(measures[0]).toBeGreaterThan(0);
  await page.evaluate(() => window.postMessage({ type: "tapedeck:play" }, "*"));
  await expectState(page, "playing");
  await page.evaluate(() => window.postMessage({ type: "tapedeck:pause" }, "*"));
  await expectState(page, "paused");
  const states = await page.evaluate(() => window.__tapedeckStates.map((s) => s.state));
  expect(states).toEqual(expect.arrayContaining(["ready", "playing", "paused"]));
  // Every seek is answered, even one that leaves the player paused as it was.
  for (const ms of [1000, 2500, 2500]) {
    const before = await page.evaluate(() => window.__tapedeckStates.length);
    await page.evaluate((ms) => window.postMessage({ type: "tapedeck:seek", ms }, "*"), ms);
    await expect.poll(() => page.evaluate(() => window.__tapedeckStates.length)).toBe(before + 1);
    const last = await page.evaluate(() => window.__tapedeckStates.at(-1));
    expect(last).toEqual({ type: "tapedeck:state", state: "paused", ms });
  }
});

test("embedding contract: a seek before the first page is answered loading at 0, and is not kept", async ({ page }) => {
  await recordStateMessages(page);
  // The first part of the body comes 3 s after the request.
  await page.goto(`/play?src=${encodeURIComponent("/slow/buggy-checkout.json?ms=3000&parts=2")}`);
  await expectState(page, "loading");
  await page.evaluate(() => window.postMessage({ type: "tapedeck:seek", ms: 5000 }, "*"));
  await expect.poll(() => page.evaluate(() => window.__tapedeckStates.at(-1))).toEqual({ type: "tapedeck:state", state: "loading", ms: 0 });
  await expect(page.getByTestId("player")).toHaveAttribute("data-state", "ready", { timeout: 20_000 });
  await expect(page.getByTestId("current-time")).toHaveText("0:00");
});

test("the player works embedded in another page's iframe", async ({ page }) => {
  await page.goto("/config.json");
  await page.setContent(`<iframe id="p" src="/sessions/buggy-checkout" width="1200" height="800"></iframe>`);
  const states = [];
  await page.exposeFunction("__state", (s) => states.push(s));
  await page.evaluate(() => window.addEventListener("message", (e) => e.data?.type === "tapedeck:state" && window.__state(e.data.state)));
  const player = page.frameLocator("#p");
  await expect(player.getByTestId("player")).toHaveAttribute("data-state", "ready");
  // A command from a window that is neither the player nor its parent is ignored. Once it has
  // reached the player's window (a listener added now runs after the player's own), and the
  // player has drawn a few frames since, the player is still where it was.
  await page.evaluate(() => {
    const target = document.getElementById("p").contentWindow;
    window.__siblingCommandArrived = new Promise((resolve) =>
      target.addEventListener("message", (e) => e.data?.type === "tapedeck:play" && resolve(), { once: true }));
    const sibling = document.createElement("iframe");
    document.body.appendChild(sibling);
    sibling.contentWindow.Function("parent.frames[0].postMessage({type: 'tapedeck:play'}, '*')")();
  });
  await page.evaluate(() => window.__siblingCommandArrived);
  await animationFrames(page, 5);
  await expect(player.getByTestId("player")).toHaveAttribute("data-state", "ready");
  await page.evaluate(() => document.getElementById("p").contentWindow.postMessage({ type: "tapedeck:play" }, "*"));
  await expect(player.getByTestId("player")).toHaveAttribute("data-state", "playing");
  await expect.poll(() => states).toContain("playing");
});

test("an index with odd and broken entries lists what it can read; an odd id opens its own session", async ({ page }) => {
  const index = [
    { id: "café 1/2", title: "Odd id", src: "/sessions/buggy-checkout.json", start: 1e300, duration_ms: 70_000 },
    { id: 7, title: "A number for an id" },
    { id: "js", title: "A script for an address", src: "javascript:window.__pwned=1" },
    { id: "<img src=x onerror=window.__pwned=1>", title: "<b onmouseover=window.__pwned=1>markup</b>" },
    { id: "café 1/2", title: "The same id again" },
    { id: "x", title: "A count that is not one", errors: "many" },
  ];
  await page.route("**/sessions/index.json", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(index) }));
  await page.goto("/");
  const cards = page.getByTestId("session-card");
  // An integer id is taken as its digits; the same id twice is listed once.
  await expect(cards).toHaveCount(5);
  await expect(cards.nth(1)).toHaveAttribute("href", "/sessions/7");
  // What could not be read is said, by the entry's place in the list; the rest is listed.
  const problems = page.getByTestId("index-problems");
  await expect(problems).toContainText("Part of the session index could not be read (3 problems)");
  await expect(problems).toContainText('entry 1 ("café 1/2"): its start is not a time');
  await expect(problems).toContainText('entry 5: id "café 1/2" is given before');
  await expect(problems).toContainText('entry 6 ("x"): its errors is not a count');
  // Markup in a title is text; a start no date can show is left out.
  await expect(cards.nth(3)).toContainText("<b onmouseover=window.__pwned=1>markup</b>");
  await expect(cards.nth(0)).not.toContainText("NaN");
  await cards.filter({ hasText: "Odd id" }).click();
  // A space, a slash and an accent in an id: one path segment there and back.
  await expect(page).toHaveURL(/\/sessions\/caf%C3%A9%201%2F2$/);
  await expectState(page, "ready");
  await expect(page.getByTestId("player")).toHaveAttribute("aria-label", "Replay of Odd id");
  await expect(page.getByTestId("duration")).toHaveText("1:10");
  await expect(replay(page).getByText("Secure checkout")).toBeVisible();
  // An entry whose address is a script: nothing runs, the player says it could not load.
  await page.goto("/sessions/js");
  await expect(page.getByTestId("load-error")).toBeVisible();
  expect(await page.evaluate(() => window.__pwned)).toBeUndefined();
});

test("an index that is not a list says so; its sessions still open at sessions_url", async ({ page }) => {
  await page.route("**/sessions/index.json", (route) =>
    route.fulfill({ contentType: "application/json", body: JSON.stringify({ sessions: [{ id: "buggy-checkout" }] }) }));
  await page.goto("/");
  await expect(page.getByTestId("index-error")).toContainText("it is an object, not a list of sessions");
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  await expect(page.getByTestId("player")).toHaveAttribute("aria-label", "Replay of buggy-checkout");
  await expect(replay(page).getByText("Secure checkout")).toBeVisible();
});

test("an index of a thousand sessions shows the first 200 and a filter that finds any of them", async ({ page }) => {
  const index = Array.from({ length: 1000 }, (_, i) => ({
    id: `s${String(i).padStart(4, "0")}`,
    title: i === 777 ? "Checkout crash on Safari" : `Session ${i}`,
    url: `https://shop.example/page/${i}`,
  }));
  await page.route("**/sessions/index.json", (route) => route.fulfill({ contentType: "application/json", body: JSON.stringify(index) }));
  await page.goto("/");
  const cards = page.getByTestId("session-card");
  await expect(cards).toHaveCount(200);
  await expect(page.getByTestId("sessions-not-shown")).toHaveText("800 more sessions not shown — filter to find one.");
  const filter = page.getByTestId("session-filter");
  // By title, in any case; by id; by the recorded address.
  await filter.fill("SAFARI");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toContainText("Checkout crash on Safari");
  await expect(page.getByTestId("sessions-not-shown")).toHaveCount(0);
  await filter.fill("s0999");
  await expect(cards).toHaveCount(1);
  await expect(cards.first()).toHaveAttribute("href", "/sessions/s0999");
  await filter.fill("/page/12");
  await expect(cards).toHaveCount(11); // 12, 120..129
  await filter.fill("nothing like it");
  await expect(cards).toHaveCount(0);
  await expect(page.getByText("No session matches.")).toBeVisible();
});

test("an engine that stops on a trap, not a panic, says so; other errors and a panic's own card are left alone", async ({ page }) => {
  await page.goto("/sessions/buggy-checkout");
  await expectState(page, "ready");
  const crash = page.getByTestId("crash");
  // An error thrown by the page's other code, even a RangeError, is not the engine's.
  await page.evaluate(() => {
    setTimeout(() => { throw new RangeError("not the engine"); });
    void Promise.reject(new RangeError("not the engine either"));
  });
  await page.waitForTimeout(300);
  await expect(crash).toHaveCount(0);
  await expect(page.getByTestId("player")).toHaveAttribute("data-state", "ready");
  // A trap inside the engine, once thrown from a task and once from a promise nobody awaits.
  await page.evaluate(() => import("/tapedeck.js").then((m) => setTimeout(() => m.trap_for_diagnostics(false))));
  await expect(crash).toBeVisible();
  await expect(crash.getByRole("heading")).toHaveText("Tapedeck stopped: an internal error");
  await expect(crash.locator("pre")).toContainText("RuntimeError: unreachable");
  await expect(crash.getByRole("link", { name: "Reload" })).toHaveAttribute("href", page.url());
  await expect(page.getByTestId("player")).toHaveAttribute("data-state", "error");
  await page.reload();
  await expectState(page, "ready");
  await expect(crash).toHaveCount(0);
  await page.evaluate(() => { void import("/tapedeck.js").then((m) => m.trap_for_diagnostics(false)); });
  await expect(crash.locator("pre")).toContainText("RuntimeError: unreachable");
  await expect(crash).toHaveCount(1);
  // What fails after the trap (here a card asked for as a panic's would be) does not hide it.
  await page.evaluate(() => import("/tapedeck.js").then((m) => m.show_crash_card("panicked at 'already borrowed'")));
  await expect(crash).toHaveCount(1);
  await expect(crash.locator("pre")).toHaveText("RuntimeError: unreachable");
  // The call stack running out inside the engine (a RangeError whose stack is the engine's).
  await page.reload();
  await expectState(page, "ready");
  await page.evaluate(() => import("/tapedeck.js").then((m) => setTimeout(() => m.trap_for_diagnostics(true))));
  await expect(crash.locator("pre")).toContainText("RangeError: Maximum call stack size exceeded");
  await expect(page.getByTestId("player")).toHaveAttribute("data-state", "error");
  // A panic shows its own message first; the trap that ends it does not replace it.
  await page.reload();
  await expectState(page, "ready");
  await page.evaluate(() => import("/tapedeck.js").then((m) => {
    m.show_crash_card("panicked at 'a test'");
    setTimeout(() => m.trap_for_diagnostics(false));
  }));
  await page.waitForTimeout(300);
  await expect(crash).toHaveCount(1);
  await expect(crash.locator("pre")).toHaveText("panicked at 'a test'");
});
