import { expect } from "@playwright/test";

/** The replay iframe's content, as a Playwright frame locator. */
export function replay(page) {
  return page.frameLocator('[data-testid="replay-frame"]');
}

/** Waits until the player reaches `state` (data-state on the player root). */
export async function expectState(page, state) {
  await expect(page.getByTestId("player")).toHaveAttribute("data-state", state);
}

/** Collects `{type:"tapedeck:state"}` messages the player posts (to itself when top-level). */
export async function recordStateMessages(page) {
  await page.addInitScript(() => {
    window.__tapedeckStates = [];
    window.addEventListener("message", (e) => {
      if (e.data && e.data.type === "tapedeck:state") window.__tapedeckStates.push(e.data);
    });
  });
}
