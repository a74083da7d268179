// One measured run of one tracker: a fresh browser context loads the product page, the
// tracker is added and sends the shop's three events, and, on unthrottled runs, a burst of
// track-style calls follows. Each of the two phases is recorded in its own Chromium trace.

import type { Browser, CDPSession, Page } from '@playwright/test';
import type { ScriptBytes, Sink, SinkRequest } from './sink';
import { BURST_TRACE_CATEGORIES, TRACE_CATEGORIES, parseTrace } from './trace';
import {
  PC_SHOP_ID,
  POSTHOG_TOKEN,
  RUDDERSTACK_WRITE_KEY,
  SEGMENT_WRITE_KEY,
  type EventCounts,
  type Tracker,
} from './trackers';

/** Number of track-style calls in the burst. */
export const BURST_CALLS = 1000;
/** How long to wait for one event or for a tracker's start-up requests before failing the run. */
const EVENT_TIMEOUT_MS = 15_000;
/** Start-up is over once the tracker has made no request for this long. */
export const STARTUP_QUIET_MS = 300;
/** Time after the last of the three events arrives that still counts towards the tracker's work. */
export const SETTLE_MS = 300;
/** The burst window ends once no request has arrived for this long... */
export const BURST_QUIET_MS = 1000;
/** ...or this long after the burst loop returns, whichever comes first. */
export const BURST_MAX_MS = 3000;
const POLL_MS = 20;

/**
 * Returns the burst window's limits for `tracker`. For a tracker that sends its queue on a
 * timer, both grow by its interval, so the first flush after the burst is inside the window.
 */
export function burstLimits(tracker: Tracker): { quietMs: number; maxMs: number } {
  const extra = tracker.flushIntervalMs ?? 0;
  return { quietMs: BURST_QUIET_MS + extra, maxMs: BURST_MAX_MS + extra };
}

export interface Product {
  id: string;
  name: string;
  price: number;
}

export interface RunSettings {
  browser: Browser;
  sink: Sink;
  pageUrl: string;
  product: Product;
  tracker: Tracker;
  /** CPU slowdown factor for Emulation.setCPUThrottlingRate. 1 means no throttling. */
  cpuThrottling: number;
  /** True to run the burst after the three events. */
  withBurst: boolean;
  /** Run number, used in the order id. */
  runIndex: number;
}

export interface RunResult {
  tracker: string;
  cpuThrottling: number;
  runIndex: number;
  /** Scripts the tracker made the browser fetch, summed. */
  scriptBytes: ScriptBytes;
  scriptFiles: string[];
  /** From inserting the tracker to its ready signal, page clock. */
  loadMs: number;
  parseEvaluateMs: number;
  mainThreadMs: number;
  /** Sink receive time of the request carrying the view minus the page's time at the view call. */
  viewToWireMs: number;
  heapAddedBytes: number;
  longTasks: { count: number; totalMs: number } | null;
  /** Requests the tracker made to the sink up to the end of the three events. */
  requests: number;
  burst: BurstResult | null;
  /** Wall-clock time the whole run took in the harness, context creation to close. */
  runWallMs: number;
  /** Requests to hosts other than 127.0.0.1, all aborted. */
  blockedRequests: string[];
  /** Requests the sink did not recognise, or pc.js requests the collector's checks rejected. */
  sinkProblems: string[];
  consoleErrors: string[];
}

export interface BurstResult {
  /** The synchronous loop of 1,000 calls, page clock. */
  loopMs: number;
  /** Tracker main-thread time from the loop's start to the end of the burst window. */
  mainThreadMs: number;
  requests: number;
  eventsDelivered: number;
  longTasks: { count: number; totalMs: number } | null;
  windowMs: number;
}

/** Measures one tracker once. Throws when the tracker fails to load or an event does not arrive in time. */
export async function measureRun(settings: RunSettings): Promise<RunResult> {
  const { browser, tracker, sink } = settings;
  const started = Date.now();
  const context = await browser.newContext();
  const blockedRequests: string[] = [];
  const consoleErrors: string[] = [];

  // No tracker may reach the internet: anything not on 127.0.0.1 is aborted and reported.
  await context.route(
    (url) => (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '127.0.0.1',
    (route) => {
      blockedRequests.push(route.request().url());
      return route.abort('blockedbyclient');
    },
  );
  await context.routeWebSocket(/.*/, (socket) => {
    if (new URL(socket.url()).hostname !== '127.0.0.1') {
      blockedRequests.push(socket.url());
      return socket.close();
    }
    return socket.connectToServer();
  });

  try {
    const page = await context.newPage();
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text().slice(0, 300));
    });
    page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${String(error).slice(0, 300)}`));

    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    if (settings.cpuThrottling !== 1) {
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: settings.cpuThrottling });
    }
    await page.goto(settings.pageUrl, { waitUntil: 'load' });
    // The first page.evaluate() installs Playwright's helper script in the page, which must not
    // count as heap the tracker added. This one also checks that the page script is there.
    if (!(await page.evaluate('typeof window.__bench === "object"'))) {
      throw new Error(`window.__bench is missing on ${settings.pageUrl}: bench/page/prelude.js did not run`);
    }

    const prefix = `${sink.url}/t/${tracker.name}/`;
    const isModule = tracker.isModule ?? false;
    const events = await traced(browser, page, TRACE_CATEGORIES, () => runEvents(page, cdp, settings));
    const eventsTime = parseTrace(events.trace, 'bench:load').attribute(prefix, 'bench:load', 'bench:events-end', isModule);

    let burst: BurstResult | null = null;
    let burstRequests: SinkRequest[] = [];
    if (settings.withBurst) {
      const burstTrace = await traced(browser, page, BURST_TRACE_CATEGORIES, () => runBurst(page, settings));
      const burstTime = parseTrace(burstTrace.trace, 'bench:burst-start').attribute(prefix, 'bench:burst-start', 'bench:burst-end', isModule);
      burst = { ...burstTrace.result.burst, mainThreadMs: burstTime.mainThreadMs };
      burstRequests = burstTrace.result.requests;
    }

    const allRequests = [...events.result.requests, ...burstRequests];
    return {
      tracker: tracker.name,
      cpuThrottling: settings.cpuThrottling,
      runIndex: settings.runIndex,
      ...sumScriptBytes(allRequests),
      loadMs: events.result.loadMs,
      parseEvaluateMs: eventsTime.parseEvaluateMs,
      mainThreadMs: eventsTime.mainThreadMs,
      viewToWireMs: events.result.viewToWireMs,
      heapAddedBytes: events.result.heapAddedBytes,
      longTasks: events.result.longTasks,
      requests: events.result.requests.length,
      burst,
      runWallMs: Date.now() - started,
      blockedRequests,
      sinkProblems: allRequests
        .filter((request) => request.kind === 'unknown' || request.rejection)
        .map((request) => `${request.method} ${request.path} -> ${request.status}${request.rejection ? `: ${request.rejection}` : ''}`),
      consoleErrors,
    };
  } finally {
    await context.close();
  }
}

// Records a Chromium trace with `categories` while `work` runs.
async function traced<T>(browser: Browser, page: Page, categories: string[], work: () => Promise<T>): Promise<{ result: T; trace: Buffer }> {
  await browser.startTracing(page, { categories });
  let result: T;
  try {
    result = await work();
  } catch (error) {
    await browser.stopTracing().catch(() => undefined);
    throw error;
  }
  return { result, trace: await browser.stopTracing() };
}

interface EventsMeasurements {
  loadMs: number;
  viewToWireMs: number;
  heapAddedBytes: number;
  longTasks: RunResult['longTasks'];
  /** The tracker's requests from being added to the end of the three events. */
  requests: SinkRequest[];
}

// Adds the tracker to the loaded page, waits for its start-up to finish, and sends the three
// shop events. The trace window is the marks bench:load to bench:events-end.
async function runEvents(page: Page, cdp: CDPSession, settings: RunSettings): Promise<EventsMeasurements> {
  const { sink, tracker } = settings;
  const heapBefore = await usedHeap(cdp);
  const ownRequests = requestsSince(sink, tracker);
  const delivered = (kind: keyof EventCounts) => ownRequests().reduce((sum, request) => sum + request.events[kind], 0);

  const loadStart = await mark(page, 'bench:load');
  const config = {
    base: sink.url,
    product: settings.product,
    pcShopId: PC_SHOP_ID,
    segmentWriteKey: SEGMENT_WRITE_KEY,
    posthogToken: POSTHOG_TOKEN,
    rudderstackWriteKey: RUDDERSTACK_WRITE_KEY,
  };
  const loadMs = (await page.evaluate(`window.__bench.load(${JSON.stringify(tracker.name)}, ${JSON.stringify(config)})`)) as number;
  await waitForQuiet(ownRequests, STARTUP_QUIET_MS, EVENT_TIMEOUT_MS, `${tracker.name} start-up requests`);

  // The three calls go in one task, so a tracker that batches on a timer sends them in one flush.
  const orderId = `order-${settings.runIndex}`;
  const viewCalledAt = (await page.evaluate(
    `(() => { const at = window.__bench.send('view'); window.__bench.send('cart'); window.__bench.send('purchase', ${JSON.stringify(orderId)}); return at; })()`,
  )) as number;
  await waitUntil(
    () => delivered('view') > 0 && delivered('cart') > 0 && delivered('purchase') > 0,
    EVENT_TIMEOUT_MS,
    `${tracker.name} view, cart and purchase events`,
  );
  await sleep(SETTLE_MS);
  const eventsEnd = await mark(page, 'bench:events-end');
  const longTasks = (await page.evaluate(`window.__bench.longTasks(${loadStart}, ${eventsEnd})`)) as RunResult['longTasks'];
  const heapAfter = await usedHeap(cdp);

  const requests = ownRequests();
  const viewRequest = requests.find((request) => request.events.view > 0)!;
  return {
    loadMs,
    viewToWireMs: viewRequest.at - viewCalledAt,
    heapAddedBytes: heapAfter - heapBefore,
    longTasks,
    requests,
  };
}

// Makes BURST_CALLS track-style calls in one loop and waits for the events to arrive. The
// trace window is the marks bench:burst-start to bench:burst-end.
async function runBurst(page: Page, settings: RunSettings): Promise<{ burst: Omit<BurstResult, 'mainThreadMs'>; requests: SinkRequest[] }> {
  const { sink, tracker } = settings;
  const ownRequests = requestsSince(sink, tracker);
  const delivered = () => ownRequests().reduce((sum, request) => sum + request.events.burst, 0);

  const burstStart = await mark(page, 'bench:burst-start');
  const loopMs = (await page.evaluate(`window.__bench.burst(${BURST_CALLS})`)) as number;
  await waitForBurst(ownRequests, delivered, burstLimits(tracker));
  const burstEnd = await mark(page, 'bench:burst-end');

  const requests = ownRequests();
  return {
    burst: {
      loopMs,
      requests: requests.length,
      eventsDelivered: delivered(),
      longTasks: (await page.evaluate(`window.__bench.longTasks(${burstStart}, ${burstEnd})`)) as BurstResult['longTasks'],
      windowMs: burstEnd - burstStart,
    },
    requests,
  };
}

// Returns a function that lists the tracker's requests to the sink from now on.
function requestsSince(sink: Sink, tracker: Tracker): () => SinkRequest[] {
  const first = sink.requests.length;
  return () => sink.requests.slice(first).filter((request) => request.tracker === tracker.name);
}

function sumScriptBytes(requests: SinkRequest[]): { scriptBytes: ScriptBytes; scriptFiles: string[] } {
  const scripts = requests.filter((request) => request.kind === 'script' && request.scriptBytes);
  const scriptBytes: ScriptBytes = { raw: 0, gzip: 0, brotli: 0 };
  for (const request of scripts) {
    scriptBytes.raw += request.scriptBytes!.raw;
    scriptBytes.gzip += request.scriptBytes!.gzip;
    scriptBytes.brotli += request.scriptBytes!.brotli;
  }
  return { scriptBytes, scriptFiles: scripts.map((request) => request.path) };
}

// JS heap in use on the page's main thread after a full garbage collection.
async function usedHeap(cdp: CDPSession): Promise<number> {
  await cdp.send('HeapProfiler.collectGarbage');
  const { metrics } = await cdp.send('Performance.getMetrics');
  const used = metrics.find((metric) => metric.name === 'JSHeapUsedSize');
  if (!used) throw new Error('Performance.getMetrics returned no JSHeapUsedSize');
  return used.value;
}

// Writes a performance.mark() (which the trace records) and returns the page's performance.now().
async function mark(page: Page, name: string): Promise<number> {
  return (await page.evaluate(`(performance.mark(${JSON.stringify(name)}), performance.now())`)) as number;
}

async function waitUntil(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the ${what}`);
    await sleep(POLL_MS);
  }
}

// Waits until `requests()` has not grown for `quietMs`.
async function waitForQuiet(requests: () => SinkRequest[], quietMs: number, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let count = requests().length;
  let lastChange = Date.now();
  while (Date.now() - lastChange < quietMs) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for the ${what} to stop`);
    await sleep(POLL_MS);
    if (requests().length !== count) {
      count = requests().length;
      lastChange = Date.now();
    }
  }
}

// Ends the burst window when every burst event has arrived, when no request has arrived for
// `quietMs`, or after `maxMs`, whichever comes first.
async function waitForBurst(
  requests: () => SinkRequest[],
  delivered: () => number,
  { quietMs, maxMs }: { quietMs: number; maxMs: number },
): Promise<void> {
  const started = Date.now();
  let count = requests().length;
  let lastChange = started;
  while (delivered() < BURST_CALLS && Date.now() - lastChange < quietMs && Date.now() - started < maxMs) {
    await sleep(POLL_MS);
    if (requests().length !== count) {
      count = requests().length;
      lastChange = Date.now();
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
