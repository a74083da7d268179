// Test fixtures: every test gets its own collector and shop on 127.0.0.1, a list of the page's
// console messages, and helpers that read what the collector recorded.
import { test as base, expect } from '@playwright/test';
import { DEMO_SHOP_ID } from '../demo-shop/config.mjs';
import { startCollector } from '../demo-shop/collector.mjs';
import { startShop } from '../demo-shop/shop.mjs';
import { startPageServer, type PageServer } from './page-server';

export { expect };
export const SHOP_ID: string = DEMO_SHOP_ID;

export interface Recorded {
  seq: number;
  /** Time the request arrived, in ms since the epoch. */
  at: number;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: any;
  /** HTTP status of the response, or null at run time for a connection the collector dropped. */
  status: number;
  response: any;
  transport?: string;
}

export interface Collector {
  url: string;
  requests: Recorded[];
  fault(options: { status?: number; count?: number; delayMs?: number; retryAfter?: number; drop?: boolean }): void;
  close(): Promise<void>;
}

export interface Shop {
  url: string;
  close(): Promise<void>;
}

export interface ConsoleLine {
  type: string;
  text: string;
}

interface Fixtures {
  collector: Collector;
  shop: Shop;
  pages: PageServer;
  consoleLines: ConsoleLine[];
}

export const test = base.extend<Fixtures>({
  collector: async ({}, use) => {
    const collector = await startCollector();
    await use(collector);
    await collector.close();
  },
  shop: async ({ collector }, use) => {
    const shop = await startShop({ collectorUrl: collector.url });
    await use(shop);
    await shop.close();
  },
  pages: async ({}, use) => {
    const pages = await startPageServer();
    await use(pages);
    await pages.close();
  },
  consoleLines: async ({ page }, use) => {
    const lines: ConsoleLine[] = [];
    page.on('console', message => lines.push({ type: message.type(), text: message.text() }));
    page.on('pageerror', error => lines.push({ type: 'pageerror', text: String(error) }));
    await use(lines);
  },
});

/** API requests the collector recorded: POSTs to the tracking paths and GET /init, without preflights. */
export function apiRequests(collector: Collector): Recorded[] {
  return collector.requests.filter(r => r.method !== 'OPTIONS' && !r.path.startsWith('/__'));
}

/** Bodies of the events the collector accepted (2xx) at `path` (default /push), in arrival order. */
export function bodies(collector: Collector, path = '/push'): any[] {
  return apiRequests(collector)
    .filter(r => r.method === 'POST' && r.path === path && r.status >= 200 && r.status < 300)
    .map(r => r.body);
}

export function initRequests(collector: Collector): Recorded[] {
  return apiRequests(collector).filter(r => r.path === '/init');
}

/** Waits until the collector has accepted `count` bodies at `path`, then returns them. */
export async function waitForBodies(collector: Collector, count: number, path = '/push'): Promise<any[]> {
  await expect.poll(() => bodies(collector, path).length, { timeout: 20_000 }).toBeGreaterThanOrEqual(count);
  return bodies(collector, path);
}

/** Returns the snippet install every shop page uses: the inline stub, then the async script tag. */
export function snippet(collector: Collector, attributes = ''): string {
  return (
    '<script>window.pc = window.pc || function () { (pc.q = pc.q || []).push(arguments) }</script>\n' +
    `<script async src="/dist/pc.js" data-shop-id="${SHOP_ID}" data-api="${collector.url}" ${attributes}></script>`
  );
}

/** Serves `html` as a test page at `path` (any query) and returns its URL. */
export function servePage(pages: PageServer, path: string, html: string): string {
  return pages.add(path, html);
}

/** Common parameters every /push body must carry for this visitor. */
export function common(identity: { did: string; seance: string }, referer: string) {
  return {
    shop_id: SHOP_ID,
    did: identity.did,
    seance: identity.seance,
    sid: identity.seance,
    stream: 'web',
    segment: expect.stringMatching(/^[AB]$/),
    referer,
  };
}

/** Returns the did and seance from the collector's first /init response. */
export async function issuedIdentity(collector: Collector): Promise<{ did: string; seance: string }> {
  await expect.poll(() => initRequests(collector).length).toBeGreaterThan(0);
  const answer = initRequests(collector)[0].response;
  return { did: answer.did, seance: answer.seance };
}
