import { defineConfig } from "@playwright/test";
import { launchOptions } from "./launch.mjs";

const port = Number(process.env.PORT || 4173);

export default defineConfig({
  testDir: ".",
  testMatch: /.*\.spec\.mjs/,
  timeout: 60_000,
  expect: { timeout: 20_000 },
  workers: 2,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    viewport: { width: 1440, height: 900 },
    launchOptions,
  },
  webServer: {
    command: "node server.mjs",
    url: `http://127.0.0.1:${port}/config.json`,
    reuseExistingServer: false,
    env: { PORT: String(port) },
  },
});
