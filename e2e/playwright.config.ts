import { defineConfig, devices } from '@playwright/test';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

// Browser tests for URP: the debug (or release) binary is started with the demo
// comune on a fresh database, and the system Chromium drives it. Nothing is
// downloaded: never run `npx playwright install` on these machines.

const port = Number(process.env.E2E_PORT || 18181);
const baseURL = process.env.E2E_BASE_URL || `http://127.0.0.1:${port}`;
const urpBin = resolve(__dirname, process.env.URP_BIN || '../target/debug/urp');

// A fresh SQLite file per run unless a database URL is given (run.sh creates
// a throw-away PostgreSQL database for the postgres backend). Playwright loads
// this config in the runner and again in each worker process: create the
// directory once and hand it down through the environment.
if (!process.env.E2E_DATABASE_URL && !process.env.E2E_SQLITE_DIR) {
  process.env.E2E_SQLITE_DIR = mkdtempSync(join(tmpdir(), 'urp-e2e-'));
  process.env.E2E_SQLITE_DIR_CREATED = '1'; // global-teardown.ts removes it
}
const databaseURL =
  process.env.E2E_DATABASE_URL || `sqlite://${join(process.env.E2E_SQLITE_DIR!, 'urp.db')}?mode=rwc`;

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: 'list',
  timeout: 45_000,
  expect: { timeout: 7_000 },
  outputDir: './test-results',
  globalTeardown: './global-teardown.ts',
  use: {
    baseURL,
    locale: 'it-IT',
    actionTimeout: 10_000,
    navigationTimeout: 15_000,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    {
      name: 'chromium',
      use: { ...devices['Desktop Chrome'], channel: undefined },
    },
  ],
  webServer: {
    // `exec` so the shell is replaced and the shutdown signal reaches the server itself.
    command: `exec "${urpBin}" serve --demo --bind 127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/readyz`,
    reuseExistingServer: false,
    gracefulShutdown: { signal: 'SIGTERM', timeout: 5_000 },
    timeout: 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
    env: {
      URP_DATABASE_URL: databaseURL,
      URP_LOG: process.env.URP_LOG || 'warn',
      URP_SECURE_COOKIES: 'never',
      // A tile server on loopback that has no tiles: the map is exercised with no network.
      URP_MAP_TILES_URL: `http://127.0.0.1:${port}/static/map-tiles/{z}/{x}/{y}.png`,
      URP_MAP_CENTER: '42.46,12.39,13',
    },
  },
});
