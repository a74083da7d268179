// End-to-end tests drive a real Chromium through the demo shop and read what the local
// collector recorded. Each test starts its own shop and collector on 127.0.0.1. The delivery
// and fault tests run in Firefox ESR too, driven by puppeteer-core (see e2e/engines.ts).
import { existsSync } from 'node:fs';
import { chromium, defineConfig } from '@playwright/test';
import type { EngineOptions } from './e2e/engine-fixtures';

/**
 * Picks the browser: CHROMIUM_PATH when set, Playwright's own Chromium when installed, else
 * Debian's /usr/bin/chromium (Playwright cannot download its browsers on every machine).
 */
function chromiumPath(): string | undefined {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  try {
    if (existsSync(chromium.executablePath())) return undefined;
  } catch {
    // No bundled browser is registered for this platform.
  }
  return '/usr/bin/chromium';
}

export const chromiumLaunchOptions = {
  executablePath: chromiumPath(),
  args: [
    // Chromium refuses to start its sandbox as root, which is how CI runs.
    ...(process.getuid && process.getuid() === 0 ? ['--no-sandbox'] : []),
    // No background traffic to Google's services: tests reach 127.0.0.1 only.
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

/** Test files written against e2e/engine-fixtures.ts, which run in every engine. */
const ENGINE_NEUTRAL_TESTS = ['delivery.spec.ts', 'faults-*.spec.ts'];

export default defineConfig<{}, EngineOptions>({
  testDir: 'e2e',
  testMatch: '**/*.spec.ts',
  fullyParallel: true,
  workers: 2,
  // On CI a failed test runs once more; Playwright then reports it as flaky instead of hiding it.
  retries: process.env.CI ? 1 : 0,
  timeout: 30_000,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    browserName: 'chromium',
    launchOptions: chromiumLaunchOptions,
    trace: 'retain-on-failure',
  },
  projects: [
    { name: 'chromium', use: { engineName: 'chromium' } },
    { name: 'firefox', testMatch: ENGINE_NEUTRAL_TESTS, use: { engineName: 'firefox' } },
  ],
});
