// Fault scenarios for the snippet's delivery, shared by the fault tests (e2e/faults-*.spec.ts),
// which assert on the outcome, and by bench/reliability.ts, which reports it.
//
// Every event a scenario calls carries its own product id (e-1, e-2, …), so what the collector
// accepted can be matched to what the page called: lost and duplicated events are counted
// exactly. A scenario waits a bounded time for delivery and then a little longer, so a late
// duplicate is counted too. It never throws for a lost event: the caller decides.
import { DEMO_SHOP_ID } from '../demo-shop/config.mjs';
import type { EngineContext, EnginePage } from './engines';
import type { Recorded } from './fixtures';
import type { PageOptions, PageServer } from './page-server';
import type { RestartableCollector } from './restartable-collector';

export interface ScenarioEnv {
  /** A fresh browser context: no stored identity or events. */
  context: EngineContext;
  collector: RestartableCollector;
  pages: PageServer;
  /** Number of events the scenario calls. Its `method` text states how they are spread. */
  events: number;
}

export interface Observation {
  /** Product ids of the events the page called, which the snippet accepted. */
  called: string[];
  /** Every request the collector recorded, preflights and failed attempts included. */
  records: Recorded[];
}

export interface Scenario<Result extends Observation = Observation> {
  /** Row name in the reliability table. */
  title: string;
  /** How the scenario is produced, for docs/reliability.md. */
  method: string;
  /** Bounded wait in ms for the last events to arrive once the fault is over. */
  waitMs: number;
  run(env: ScenarioEnv): Promise<Result>;
}

interface ScenarioDefinition<Result extends Observation> extends Omit<Scenario<Result>, 'run'> {
  run(env: ScenarioEnv, waitMs: number): Promise<Result>;
}

/** Makes a scenario whose run() gets the scenario's own wait, so code and docs share one number. */
function scenario<Result extends Observation>(definition: ScenarioDefinition<Result>): Scenario<Result> {
  return { ...definition, run: env => definition.run(env, definition.waitMs) };
}

// Bounded waits (Scenario.waitMs). Retries are expected to back off exponentially from about
// 1 s (each delay between half and all of 1 s, 2 s, 4 s, …) and to honour Retry-After. Events
// left over are expected to go on the next page view and on `online`. Each wait is the longest
// such schedule for the scenario's faults plus a few seconds.

/** Events per fault test: enough for ordering and backoff to matter, few enough to stay quick. */
export const EVENTS_PER_TEST = 4;

/** Extra wait at the end of a scenario, so that a late duplicate is counted too. */
export const SETTLE_MS = 1000;

// ---------------------------------------------------------------------------------------------
// Counting

/** Returns whether the collector accepted the request: a POST to /push with a 2xx response. */
function isAcceptedEvent(record: Recorded): boolean {
  return record.method === 'POST' && record.path === '/push' && record.status >= 200 && record.status < 300;
}

/** Product id of a recorded /push request, or undefined for another body. */
export function eventId(record: Recorded): string | undefined {
  const id = record.body?.items?.[0]?.id;
  return id === undefined ? undefined : String(id);
}

/** Accepted /push requests, in arrival order. */
export function acceptedEvents(records: Recorded[]): Recorded[] {
  return records.filter(isAcceptedEvent);
}

/** /init requests with a 200 response: each one issued a device id. */
export function acceptedInits(records: Recorded[]): Recorded[] {
  return records.filter(record => record.method === 'GET' && record.path === '/init' && record.status === 200);
}

export interface Tally {
  called: number;
  /** Called events accepted at least once. */
  delivered: number;
  /** Accepted copies beyond the first, summed over all events. */
  duplicated: number;
  lost: number;
  lostIds: string[];
  /** Ids accepted more than once, once per extra copy. */
  duplicatedIds: string[];
  /** Accepted events whose id was never called, e.g. another test's event. */
  unexpectedIds: string[];
  /** /init requests with a 200 response. */
  inits: number;
}

export function tally(observation: Observation): Tally {
  const copies = new Map<string, number>();
  for (const record of acceptedEvents(observation.records)) {
    const id = eventId(record) ?? '(no product id)';
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  const lostIds = observation.called.filter(id => !copies.has(id));
  const duplicatedIds: string[] = [];
  for (const [id, count] of copies) {
    for (let copy = 1; copy < count; copy++) duplicatedIds.push(id);
  }
  return {
    called: observation.called.length,
    delivered: observation.called.length - lostIds.length,
    duplicated: duplicatedIds.length,
    lost: lostIds.length,
    lostIds,
    duplicatedIds,
    unexpectedIds: [...copies.keys()].filter(id => !observation.called.includes(id)),
    inits: acceptedInits(observation.records).length,
  };
}

// ---------------------------------------------------------------------------------------------
// Building blocks

/** Returns `count` ids: `prefix`-1, `prefix`-2, … */
export function ids(prefix: string, count: number, first = 1): string[] {
  return Array.from({ length: count }, (_, index) => `${prefix}-${first + index}`);
}

/** Returns the install every page of a real shop has: the inline stub, then the async script tag. */
export function shopSnippet(apiUrl: string): string {
  return (
    '<script>window.pc = window.pc || function () { (pc.q = pc.q || []).push(arguments) }</script>\n' +
    `<script async src="/dist/pc.js" data-shop-id="${DEMO_SHOP_ID}" data-api="${apiUrl}"></script>`
  );
}

/** Serves a page of the shop at `path`, with `script` after the snippet, and returns its URL. */
export function shopPage(env: ScenarioEnv, path: string, script = '', options?: PageOptions): string {
  return env.pages.add(path, shopSnippet(env.collector.url) + (script ? `\n<script>${script}</script>` : ''), options);
}

/** Waits until pc.js has loaded in the page (the stub has no `v`). */
export async function waitForSnippet(page: EnginePage): Promise<void> {
  await page.waitForFunction(() => (window as any).pc && (window as any).pc.v);
}

/**
 * Calls one event per id, in order, cycling through view, cart and wish so several event
 * types are covered. Every call is valid, so the snippet accepts it.
 */
export async function callEvents(page: EnginePage, eventIds: string[]): Promise<void> {
  // The function is sent to the browser as source text: no inner named functions, because a
  // bundler may wrap those in a helper that exists only in Node.
  await page.evaluate(list => {
    const pc = (window as any).pc;
    for (let index = 0; index < list.length; index++) {
      if (index % 3 === 0) pc('view', list[index]);
      else if (index % 3 === 1) pc('cart', { id: list[index], amount: 1 });
      else pc('wish', list[index]);
    }
  }, eventIds);
}

export function sleep(ms: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, ms));
}

/** Polls `condition` every 50 ms until it is true or `timeoutMs` passes, and returns its last value. */
export async function waitUntil(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (condition()) return true;
    await sleep(50);
  }
  return condition();
}

/** Waits until every id has been accepted once or `timeoutMs` passes. */
export async function waitForDelivery(collector: RestartableCollector, eventIds: string[], timeoutMs: number): Promise<void> {
  const delivered = () => {
    const arrived = new Set(acceptedEvents(collector.requests).map(eventId));
    return eventIds.every(id => arrived.has(id));
  };
  await waitUntil(delivered, timeoutMs);
}

/** Waits until the collector has issued a device id, so later events need no /init. */
export async function waitForIdentity(collector: RestartableCollector): Promise<void> {
  if (!(await waitUntil(() => acceptedInits(collector.requests).length > 0, 10_000))) {
    throw new Error('no /init was accepted within 10 s: the snippet did not ask for a device id');
  }
}

/**
 * Opens a page of the shop, calls the warm-up event w-1 and waits until it has arrived, so the
 * device id is issued before a fault starts. `initScript` runs in this page only.
 */
async function openWarmPage(env: ScenarioEnv, called: string[], initScript?: string): Promise<EnginePage> {
  const page = await env.context.newPage();
  if (initScript) await page.addInitScript(initScript);
  await page.goto(shopPage(env, '/shop/product'));
  await waitForSnippet(page);
  await callEvents(page, ['w-1']);
  called.push('w-1');
  await waitForIdentity(env.collector);
  await waitUntil(() => acceptedEvents(env.collector.requests).some(record => eventId(record) === 'w-1'), 10_000);
  return page;
}

/** Waits SETTLE_MS for late duplicates, then returns what the collector recorded. */
async function observe(env: ScenarioEnv, called: string[]): Promise<Observation> {
  await sleep(SETTLE_MS);
  return { called, records: env.collector.requests };
}

// ---------------------------------------------------------------------------------------------
// Network faults

export const COLLECTOR_DOWN_MS = 4000;

export const collectorDown = scenario({
  title: 'collector down 4 s, then back',
  method:
    'After a warm-up event, the collector closes its port (connection refused) and the page calls the events; ' +
    '4 s later the collector listens again on the same port.',
  waitMs: 10_000,
  async run(env, waitMs) {
    const called: string[] = [];
    const page = await openWarmPage(env, called);
    await env.collector.stop();
    const events = ids('e', env.events);
    await callEvents(page, events);
    called.push(...events);
    await sleep(COLLECTOR_DOWN_MS);
    await env.collector.start();
    await waitForDelivery(env.collector, called, waitMs);
    return await observe(env, called);
  },
});

export const collectorDownOnFirstVisit = scenario({
  title: 'collector down on the first visit',
  method:
    'The collector is down while a new visitor opens the first page, so /init fails too; the page calls the events ' +
    'and the collector comes back 3 s later.',
  waitMs: 10_000,
  async run(env, waitMs) {
    await env.collector.stop();
    const page = await env.context.newPage();
    await page.goto(shopPage(env, '/shop/product'));
    await waitForSnippet(page);
    const called = ids('e', env.events);
    await callEvents(page, called);
    await sleep(3000);
    await env.collector.start();
    await waitForDelivery(env.collector, called, waitMs);
    return await observe(env, called);
  },
});

export const SERVER_ERRORS = 3;

export const serverErrors = scenario({
  title: `HTTP 500 for ${SERVER_ERRORS} requests`,
  method: `After a warm-up event, the collector answers the next ${SERVER_ERRORS} API requests with 500.`,
  waitMs: 12_000,
  async run(env, waitMs) {
    const called: string[] = [];
    const page = await openWarmPage(env, called);
    env.collector.fault({ status: 500, count: SERVER_ERRORS });
    const events = ids('e', env.events);
    await callEvents(page, events);
    called.push(...events);
    await waitForDelivery(env.collector, called, waitMs);
    return await observe(env, called);
  },
});

export interface RateLimitObservation extends Observation {
  /** For each 429, ms from its arrival to the next attempt of the same event (null: none came). */
  retryGapsMs: (number | null)[];
}

export const rateLimited = scenario<RateLimitObservation>({
  title: 'HTTP 429 with Retry-After: 1, twice',
  method: 'After a warm-up event, the collector answers the next 2 API requests with 429 and `Retry-After: 1`.',
  waitMs: 8_000,
  async run(env, waitMs) {
    const called: string[] = [];
    const page = await openWarmPage(env, called);
    env.collector.fault({ status: 429, retryAfter: 1, count: 2 });
    const events = ids('e', env.events);
    await callEvents(page, events);
    called.push(...events);
    await waitForDelivery(env.collector, called, waitMs);

    const observation = await observe(env, called);
    const posts = observation.records.filter(record => record.method === 'POST' && record.path === '/push');
    const retryGapsMs = posts
      .filter(record => record.status === 429)
      .map(limited => {
        const next = posts.find(record => record.at >= limited.at && record.seq > limited.seq && eventId(record) === eventId(limited));
        return next ? next.at - limited.at : null;
      });
    return { ...observation, retryGapsMs };
  },
});

export const slowAnswers = scenario({
  title: 'answers delayed 3 s, twice',
  method: 'After a warm-up event, the collector holds the next 2 API requests for 3 s each, then accepts them.',
  waitMs: 12_000,
  async run(env, waitMs) {
    const called: string[] = [];
    const page = await openWarmPage(env, called);
    env.collector.fault({ delayMs: 3000, count: 2 });
    const events = ids('e', env.events);
    await callEvents(page, events);
    called.push(...events);
    await waitForDelivery(env.collector, called, waitMs);
    return await observe(env, called);
  },
});

export const droppedConnections = scenario({
  title: 'connection dropped, twice',
  method: 'After a warm-up event, the collector reads the next 2 API requests and then destroys the socket without a response.',
  waitMs: 8_000,
  async run(env, waitMs) {
    const called: string[] = [];
    const page = await openWarmPage(env, called);
    env.collector.fault({ drop: true, count: 2 });
    const events = ids('e', env.events);
    await callEvents(page, events);
    called.push(...events);
    await waitForDelivery(env.collector, called, waitMs);
    return await observe(env, called);
  },
});

export interface OfflineObservation extends Observation {
  /** Called events the collector accepted while the browser was offline (expected: none). */
  acceptedWhileOffline: number;
}

export const offlineThenOnline = scenario<OfflineObservation>({
  title: 'offline 4 s, then online',
  method:
    'After a warm-up event, the browser context goes offline (Playwright setOffline; WebDriver BiDi ' +
    'emulation.setNetworkConditions), the page calls the events, and 4 s later it goes online, which fires `online`.',
  waitMs: 8_000,
  async run(env, waitMs) {
    const called: string[] = [];
    const page = await openWarmPage(env, called);
    await env.context.setOffline(true);
    const events = ids('e', env.events);
    await callEvents(page, events);
    called.push(...events);
    await sleep(4000);
    const acceptedWhileOffline = acceptedEvents(env.collector.requests).filter(record => events.includes(eventId(record)!)).length;
    await env.context.setOffline(false);
    await waitForDelivery(env.collector, called, waitMs);
    return { ...(await observe(env, called)), acceptedWhileOffline };
  },
});

// ---------------------------------------------------------------------------------------------
// Pages that leave, tabs, and the back/forward cache

export const LEAVE_ROUNDS = 20;

export const leaveAfterEachCall = scenario({
  title: `leave right after each call, ${LEAVE_ROUNDS} times`,
  method:
    `${LEAVE_ROUNDS} rounds: a page of the shop sends a view on load, and a click on a link calls a cart event in the ` +
    'same task as the navigation it starts. Every response is delayed 500 ms, so requests are in flight when the ' +
    'page goes. The next page has the snippet too.',
  waitMs: 10_000,
  async run(env, waitMs) {
    const called: string[] = [];
    const page = await openWarmPage(env, called);
    const url = shopPage(
      env,
      '/shop/leave',
      `var round = location.search.slice(1);
      pc('view', 'v-' + round);
      addEventListener('click', function (event) {
        if (event.target.id === 'next') pc('cart', {id: 'e-' + round, amount: 1});
      });`,
    );
    shopPage(env, '/next');
    env.collector.fault({ delayMs: 500, count: 10_000 });
    for (let round = 1; round <= LEAVE_ROUNDS; round++) {
      await page.goto(`${url}?${round}`);
      called.push(`v-${round}`);
      await waitForSnippet(page);
      await page.click('#next');
      called.push(`e-${round}`);
      await page.waitForURL(/\/next$/);
    }
    await waitForDelivery(env.collector, called, waitMs);
    return await observe(env, called);
  },
});

/**
 * Hides `pagehide` and `visibilitychange` from the page's own listeners, as when the system
 * kills a tab: the snippet gets no chance to hand its events over.
 */
export const KILLED_TAB_SCRIPT =
  "addEventListener('pagehide', function (event) { event.stopImmediatePropagation() }, true);" +
  "addEventListener('visibilitychange', function (event) { event.stopImmediatePropagation() }, true);";

export const twoTabsWithLeftovers = scenario({
  title: 'two tabs, and events left from an earlier page',
  method:
    'A first tab sends a warm-up event and calls events while the collector is down. 1.5 s later the tab is closed ' +
    'without `pagehide` or `visibilitychange` reaching the snippet, as when the system kills a tab, so its events ' +
    'can only be in storage. The collector comes back, two tabs of the shop open at once and each calls its own events.',
  waitMs: 15_000,
  async run(env, waitMs) {
    const called: string[] = [];
    const first = await openWarmPage(env, called, KILLED_TAB_SCRIPT);
    await env.collector.stop();
    const leftovers = ids('l', env.events);
    await callEvents(first, leftovers);
    called.push(...leftovers);
    await sleep(1500);
    await first.close();
    await env.collector.start();

    const url = shopPage(env, '/shop/product');
    const tabs = [await env.context.newPage(), await env.context.newPage()];
    await Promise.all(tabs.map(tab => tab.goto(url)));
    await Promise.all(tabs.map(tab => waitForSnippet(tab)));
    const perTab = [ids('a', env.events), ids('b', env.events)];
    await Promise.all(tabs.map((tab, index) => callEvents(tab, perTab[index])));
    called.push(...perTab[0], ...perTab[1]);
    await waitForDelivery(env.collector, called, waitMs);
    return await observe(env, called);
  },
});

export interface BackForwardObservation extends Observation {
  /** Whether the first page came back from the back/forward cache (`pageshow` with persisted). */
  restored: boolean;
  /** Why the browser did not restore the page, where it reports it (Chromium only). */
  notRestoredReasons: string;
}

export const backForwardCache = scenario<BackForwardObservation>({
  title: 'back/forward cache restore',
  method:
    'A page calls half the events, the visitor goes to a second page of the shop (one event) and back; the first ' +
    'page should be restored from the back/forward cache, and it calls the other half. The wait applies to each step.',
  waitMs: 10_000,
  async run(env, waitMs) {
    // Records every pageshow, so a restore can be distinguished from a reload.
    await env.context.addInitScript(
      "window.__pageshows = []; addEventListener('pageshow', function (event) { window.__pageshows.push(event.persisted) });",
    );
    const page = await env.context.newPage();
    const half = Math.ceil(env.events / 2);
    const before = ids('e', half);
    const after = ids('e', env.events - half, half + 1);
    const called: string[] = [];

    await page.goto(shopPage(env, '/shop/first', '', { backForwardCache: true }));
    await waitForSnippet(page);
    await callEvents(page, before);
    called.push(...before);
    await waitForDelivery(env.collector, called, waitMs);

    await page.goto(shopPage(env, '/shop/second', '', { backForwardCache: true }));
    await waitForSnippet(page);
    await callEvents(page, ['s-1']);
    called.push('s-1');
    await waitForDelivery(env.collector, called, waitMs);

    await page.goBack();
    const restored = await page
      .waitForFunction(() => ((window as any).__pageshows || []).includes(true), 5000)
      .then(() => true, () => false);
    const notRestoredReasons = restored
      ? ''
      : page.backForwardCacheBlockers().join(', ') ||
        (await page.evaluate(() => {
          const entry = performance.getEntriesByType('navigation')[0] as PerformanceEntry & { notRestoredReasons?: unknown };
          return JSON.stringify(entry && entry.notRestoredReasons);
        }));
    await waitForSnippet(page);
    await callEvents(page, after);
    called.push(...after);
    await waitForDelivery(env.collector, called, waitMs);
    return { ...(await observe(env, called)), restored, notRestoredReasons };
  },
});

// ---------------------------------------------------------------------------------------------
// Broken IndexedDB

export interface StorageObservation extends Observation {
  /** Whether the init script's fault was in place on the page (a check of the test itself). */
  faultInPlace: boolean;
  pageViews: number;
}

const STORAGE_METHOD = ' Two page views call half the events each; the wait applies to each page view.';

/** Calls half the events on one page view and half on the next, with `initScript` on both. */
async function runWithBrokenStorage(env: ScenarioEnv, waitMs: number, initScript: string, check: () => unknown): Promise<StorageObservation> {
  await env.context.addInitScript(initScript);
  const page = await env.context.newPage();
  const half = Math.ceil(env.events / 2);
  const before = ids('e', half);
  const after = ids('e', env.events - half, half + 1);
  const called: string[] = [];

  await page.goto(shopPage(env, '/shop/first'));
  const faultInPlace = Boolean(await page.evaluate(check));
  await waitForSnippet(page);
  await callEvents(page, before);
  called.push(...before);
  await waitForDelivery(env.collector, called, waitMs);

  await page.goto(shopPage(env, '/shop/second'));
  await waitForSnippet(page);
  await callEvents(page, after);
  called.push(...after);
  await waitForDelivery(env.collector, called, waitMs);
  return { ...(await observe(env, called)), faultInPlace, pageViews: 2 };
}

export const indexedDbOpenThrows = scenario<StorageObservation>({
  title: 'IndexedDB open throws SecurityError',
  method:
    'An init script replaces `IDBFactory.prototype.open` with one that throws a `SecurityError` DOMException.' +
    STORAGE_METHOD,
  waitMs: 10_000,
  run: (env, waitMs) =>
    runWithBrokenStorage(
      env,
      waitMs,
      "IDBFactory.prototype.open = function () { throw new DOMException('IndexedDB is disabled by the test', 'SecurityError') };",
      () => {
        try {
          indexedDB.open('probe');
          return false;
        } catch (error) {
          return (error as DOMException).name === 'SecurityError';
        }
      },
    ),
});

export const indexedDbOpenHangs = scenario<StorageObservation>({
  title: 'IndexedDB open never completes',
  method:
    'An init script replaces `IDBFactory.prototype.open` with one that returns a request whose events never fire.' +
    STORAGE_METHOD,
  waitMs: 10_000,
  run: (env, waitMs) =>
    runWithBrokenStorage(
      env,
      waitMs,
      `IDBFactory.prototype.open = function () {
        var request = new EventTarget();
        request.readyState = 'pending';
        request.result = undefined;
        request.error = null;
        request.onsuccess = request.onerror = request.onupgradeneeded = request.onblocked = null;
        window.__hungOpens = (window.__hungOpens || 0) + 1;
        return request;
      };`,
      () => {
        indexedDB.open('probe');
        return (window as any).__hungOpens > 0;
      },
    ),
});

export const indexedDbMissing = scenario<StorageObservation>({
  title: 'indexedDB missing',
  method:
    'An init script removes `window.indexedDB`, so `typeof indexedDB` is "undefined".' + STORAGE_METHOD,
  waitMs: 10_000,
  run: (env, waitMs) =>
    runWithBrokenStorage(
      env,
      waitMs,
      "delete window.indexedDB; if (typeof indexedDB !== 'undefined') Object.defineProperty(window, 'indexedDB', { value: undefined, configurable: true });",
      () => typeof indexedDB === 'undefined',
    ),
});

/** Every fault scenario, in the order of the reliability table. */
export const SCENARIOS: Scenario<Observation>[] = [
  collectorDown,
  collectorDownOnFirstVisit,
  serverErrors,
  rateLimited,
  slowAnswers,
  droppedConnections,
  offlineThenOnline,
  leaveAfterEachCall,
  twoTabsWithLeftovers,
  backForwardCache,
  indexedDbOpenThrows,
  indexedDbOpenHangs,
  indexedDbMissing,
];
