// An engine-neutral page driver: the few browser operations the delivery tests need, for
// Chromium through Playwright and for Firefox through puppeteer-core over WebDriver BiDi.
// Playwright cannot drive Debian's Firefox ESR, and puppeteer-core can.
import { existsSync } from 'node:fs';
import { chromium, type Browser as PlaywrightBrowser, type BrowserContext as PlaywrightContext, type Page as PlaywrightPage } from '@playwright/test';
import puppeteer, { type Browser as PuppeteerBrowser, type Page as PuppeteerPage } from 'puppeteer-core';
import { chromiumLaunchOptions } from '../playwright.config';

export type EngineName = 'chromium' | 'firefox';
export const ENGINE_NAMES: EngineName[] = ['chromium', 'firefox'];

export interface ConsoleLine {
  type: string;
  text: string;
}

export interface Engine {
  name: EngineName;
  /** Browser name and version, e.g. "HeadlessChrome/156.0.8078.114" or "firefox/153.8.0". */
  version(): Promise<string>;
  /** Opens a context with its own storage: no cookies, IndexedDB or cache shared with another. */
  newContext(): Promise<EngineContext>;
  close(): Promise<void>;
}

export interface EngineContext {
  /** Adds a script that runs before any script of each document in pages opened afterwards. */
  addInitScript(source: string): Promise<void>;
  newPage(): Promise<EnginePage>;
  /** Emulates a lost network connection in every page of the context, loopback included. */
  setOffline(offline: boolean): Promise<void>;
  /** Console messages and uncaught errors of every page of this context, oldest first. */
  consoleLines: ConsoleLine[];
  close(): Promise<void>;
}

export type WaitUntil = 'load' | 'domcontentloaded';

export interface EnginePage {
  /** Adds a script that runs before any script of each document this page loads afterwards. */
  addInitScript(source: string): Promise<void>;
  goto(url: string, options?: { waitUntil?: WaitUntil }): Promise<void>;
  /** Runs `fn` in the page. It is sent as source text, so it must not use outer variables. */
  evaluate<Result, Arg = undefined>(fn: (arg: Arg) => Result | Promise<Result>, arg?: Arg): Promise<Result>;
  click(selector: string): Promise<void>;
  /** Waits until the page's URL matches `pattern` and that document has loaded. */
  waitForURL(pattern: RegExp, timeoutMs?: number): Promise<void>;
  /** Waits until `fn` returns a truthy value in the page, polling through navigations. */
  waitForFunction(fn: () => unknown, timeoutMs?: number): Promise<void>;
  /**
   * Goes one entry back in the session history and returns once the earlier document is shown.
   * It does not wait for `load`, because a restore from the back/forward cache fires only
   * `pageshow` (with `persisted` true).
   */
  goBack(): Promise<void>;
  url(): Promise<string>;
  /**
   * Why the browser kept pages of this tab out of the back/forward cache, where the engine
   * reports it (Chromium over CDP: Page.backForwardCacheNotUsed); empty elsewhere.
   */
  backForwardCacheBlockers(): string[];
  close(): Promise<void>;
}

const DEFAULT_WAIT_MS = 10_000;
const POLL_MS = 50;

/** Starts an engine. Chromium shares one browser between contexts, and Firefox starts one per context. */
export async function launchEngine(name: EngineName): Promise<Engine> {
  return name === 'chromium' ? launchChromium() : firefoxEngine();
}

// ---------------------------------------------------------------------------------------------
// Chromium through Playwright

async function launchChromium(): Promise<Engine> {
  // Playwright starts Chromium with --disable-back-forward-cache. The delivery tests need the
  // cache to check what the snippet does when a page is restored from it.
  const browser: PlaywrightBrowser = await chromium.launch({
    ...chromiumLaunchOptions,
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
  });
  return {
    name: 'chromium',
    version: async () => 'Chromium ' + browser.version(),
    newContext: async () => chromiumContext(await browser.newContext()),
    close: () => browser.close(),
  };
}

function chromiumContext(context: PlaywrightContext): EngineContext {
  const consoleLines: ConsoleLine[] = [];
  return {
    consoleLines,
    addInitScript: async source => {
      await context.addInitScript(source);
    },
    newPage: async () => {
      const page = await context.newPage();
      page.on('console', message => consoleLines.push({ type: message.type(), text: message.text() }));
      page.on('pageerror', error => consoleLines.push({ type: 'pageerror', text: String(error) }));
      // The page's own notRestoredReasons often reports only "masked", while CDP names the reason.
      const blockers: string[] = [];
      const cdp = await context.newCDPSession(page);
      cdp.on('Page.backForwardCacheNotUsed', event => {
        for (const explanation of event.notRestoredExplanations) blockers.push(`${explanation.reason} (${explanation.type})`);
      });
      await cdp.send('Page.enable');
      return chromiumPage(page, blockers);
    },
    setOffline: offline => context.setOffline(offline),
    close: () => context.close(),
  };
}

function chromiumPage(page: PlaywrightPage, blockers: string[]): EnginePage {
  return {
    addInitScript: async source => {
      await page.addInitScript(source);
    },
    goto: async (url, options = {}) => {
      await page.goto(url, { waitUntil: options.waitUntil ?? 'load' });
    },
    evaluate: (fn, arg) => page.evaluate(fn, arg as any),
    click: selector => page.click(selector),
    waitForURL: (pattern, timeoutMs = DEFAULT_WAIT_MS) => page.waitForURL(pattern, { timeout: timeoutMs }),
    waitForFunction: async (fn, timeoutMs = DEFAULT_WAIT_MS) => {
      await page.waitForFunction(fn, undefined, { timeout: timeoutMs });
    },
    goBack: async () => {
      await page.goBack({ waitUntil: 'commit' });
    },
    url: async () => page.url(),
    backForwardCacheBlockers: () => blockers.slice(),
    close: () => page.close(),
  };
}

// ---------------------------------------------------------------------------------------------
// Firefox through puppeteer-core over WebDriver BiDi

/** FIREFOX_PATH when set, else Debian's Firefox ESR. */
export function firefoxPath(): string {
  return process.env.FIREFOX_PATH || '/usr/bin/firefox-esr';
}

/**
 * Preferences that stop Firefox's background traffic, so a test run reaches 127.0.0.1 only.
 * puppeteer-core's own defaults cover part of this but point some services at dummy.test.
 */
export const FIREFOX_PREFERENCES: Record<string, unknown> = {
  // Telemetry and data reporting.
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.telemetry.newProfilePing.enabled': false,
  'toolkit.telemetry.firstShutdownPing.enabled': false,
  'toolkit.telemetry.shutdownPingSender.enabled': false,
  'toolkit.telemetry.updatePing.enabled': false,
  'toolkit.telemetry.bhrPing.enabled': false,
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.healthreport.documentServerURI': '',
  'datareporting.policy.dataSubmissionEnabled': false,
  'datareporting.usage.uploadEnabled': false,
  // Application, add-on and plugin updates.
  'app.update.auto': false,
  'app.update.enabled': false,
  'app.update.disabledForTesting': true,
  'app.update.url': '',
  'app.update.checkInstallTime': false,
  'extensions.update.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'extensions.systemAddon.update.url': '',
  'extensions.webservice.discoverURL': '',
  'extensions.blocklist.enabled': false,
  'media.gmp-manager.updateEnabled': false,
  'media.gmp-manager.url': '',
  // Captive portal and connectivity checks.
  'network.captive-portal-service.enabled': false,
  'captivedetect.canonicalURL': '',
  'network.connectivity-service.enabled': false,
  // Remote settings. Release builds ignore this server pref unless the environment variable
  // MOZ_REMOTE_SETTINGS_DEVTOOLS=1 is set, which launchFirefox() does.
  'services.settings.server': 'data:,#remote-settings-disabled/v1',
  'security.remote_settings.crlite_filters.enabled': false,
  'security.remote_settings.intermediates.enabled': false,
  // Studies and experiments (Normandy, Nimbus).
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'app.shield.optoutstudies.enabled': false,
  'messaging-system.rsexperimentloader.enabled': false,
  // Safe Browsing lists.
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.passwords.enabled': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  // Web Push.
  'dom.push.enabled': false,
  'dom.push.connection.enabled': false,
  'dom.push.serverURL': '',
  // No proxy, no DNS over HTTPS, no prefetching or speculative connections.
  'network.proxy.type': 0,
  'network.trr.mode': 5,
  'network.dns.disablePrefetch': true,
  'network.prefetch-next': false,
  'network.http.speculative-parallel-limit': 0,
  // Other services that fetch from Mozilla's servers.
  'geo.provider.network.url': '',
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'network.sntp.pools': '',
  'browser.topsites.contile.enabled': false,
  'identity.fxaccounts.enabled': false,
  'browser.ml.enable': false,
  'browser.translations.enable': false,
};

/** Starts a Firefox with a fresh temporary profile, which puppeteer-core deletes on close. */
export async function launchFirefox(): Promise<PuppeteerBrowser> {
  const executablePath = firefoxPath();
  if (!existsSync(executablePath)) {
    throw new Error(`Firefox not found at ${executablePath}: install it (Debian: apt-get install firefox-esr) or set FIREFOX_PATH to its binary.`);
  }
  return puppeteer.launch({
    browser: 'firefox',
    executablePath,
    headless: true,
    extraPrefsFirefox: FIREFOX_PREFERENCES,
    env: {
      ...process.env,
      MOZ_REMOTE_SETTINGS_DEVTOOLS: '1',
      // An address of no known transport, so Firefox opens no D-Bus socket at all.
      DBUS_SYSTEM_BUS_ADDRESS: 'disabled:',
      DBUS_SESSION_BUS_ADDRESS: 'disabled:',
    },
  });
}

/**
 * Firefox with one browser, so one fresh profile, per context. Starting Firefox takes seconds,
 * so the engine starts the next browser while the current context is in use. It also closes
 * browsers in the background, and close() waits for all of them.
 */
function firefoxEngine(): Engine {
  const running = new Set<Promise<unknown>>();
  let spare: Promise<PuppeteerBrowser> | undefined;

  const track = (work: Promise<unknown>) => {
    const settled = work.catch(() => {}).finally(() => running.delete(settled));
    running.add(settled);
  };
  const launchSpare = () => {
    spare = launchFirefox();
    track(spare);
  };

  return {
    name: 'firefox',
    version: async () => {
      const browser = await launchFirefox();
      try {
        return (await browser.version()).replace(/^firefox\//, 'Firefox ');
      } finally {
        await browser.close();
      }
    },
    newContext: async () => {
      const next = spare ?? launchFirefox();
      launchSpare();
      const browser = await next;
      return firefoxContext(browser, () => track(browser.close()));
    },
    close: async () => {
      const unused = spare;
      spare = undefined;
      if (unused) track(unused.then(browser => browser.close()));
      while (running.size) await Promise.all([...running]);
    },
  };
}

/** `closeBrowser` starts closing the browser and does not wait for it. */
function firefoxContext(browser: PuppeteerBrowser, closeBrowser: () => void): EngineContext {
  const consoleLines: ConsoleLine[] = [];
  const initScripts: string[] = [];
  const pages: PuppeteerPage[] = [];
  let offline = false;
  return {
    consoleLines,
    addInitScript: async source => {
      initScripts.push(source);
      for (const page of pages) await page.evaluateOnNewDocument(source);
    },
    newPage: async () => {
      const page = await browser.newPage();
      pages.push(page);
      page.on('console', message => consoleLines.push({ type: message.type(), text: message.text() }));
      page.on('pageerror', error => consoleLines.push({ type: 'pageerror', text: String(error) }));
      for (const source of initScripts) await page.evaluateOnNewDocument(source);
      if (offline) await page.setOfflineMode(true);
      return firefoxPage(page, () => pages.splice(pages.indexOf(page), 1));
    },
    // WebDriver BiDi's emulation.setNetworkConditions; Firefox 153 ESR fires `offline` and
    // `online` in the page as Chromium does.
    setOffline: async value => {
      offline = value;
      for (const page of pages) await page.setOfflineMode(value);
    },
    close: async () => closeBrowser(),
  };
}

function firefoxPage(page: PuppeteerPage, forget: () => void): EnginePage {
  // Reads the URL from the document: puppeteer-core 24 does not update page.url() when Firefox
  // restores a page from the back/forward cache.
  const documentUrl = () => page.evaluate(() => location.href);

  const waitForFunction = async (fn: () => unknown, timeoutMs = DEFAULT_WAIT_MS) => {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      // A navigation can destroy the document while the check runs, so a failed check runs again.
      const done = await page.evaluate(fn).catch(() => false);
      if (done) return;
      await sleep(POLL_MS);
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${fn.toString()} on ${page.url()}`);
  };

  return {
    addInitScript: async source => {
      await page.evaluateOnNewDocument(source);
    },
    goto: async (url, options = {}) => {
      await page.goto(url, { waitUntil: options.waitUntil === 'domcontentloaded' ? 'domcontentloaded' : 'load' });
    },
    evaluate: (fn, arg) => page.evaluate(fn as any, arg) as Promise<any>,
    click: selector => page.click(selector),
    waitForURL: async (pattern, timeoutMs = DEFAULT_WAIT_MS) => {
      const deadline = Date.now() + timeoutMs;
      let url = '';
      while (Date.now() < deadline) {
        url = await documentUrl().catch(() => '');
        if (pattern.test(url)) {
          await waitForFunction(() => document.readyState === 'complete', Math.max(deadline - Date.now(), 1));
          return;
        }
        await sleep(POLL_MS);
      }
      throw new Error(`timed out after ${timeoutMs} ms waiting for a URL matching ${pattern}, but the page is at ${url}`);
    },
    waitForFunction,
    goBack: async () => {
      // history.back() in the page: puppeteer-core's goBack() waits for a load event, which a
      // restore from the back/forward cache does not fire. The marker distinguishes the two
      // documents even when both have the same URL.
      await page.evaluate(() => {
        (window as any).__engineLeaving = true;
        history.back();
      });
      await waitForFunction(() => !(window as any).__engineLeaving);
    },
    url: documentUrl,
    backForwardCacheBlockers: () => [],
    close: async () => {
      forget();
      await page.close();
    },
  };
}

function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}
