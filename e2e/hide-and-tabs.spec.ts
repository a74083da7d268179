// Cases a reviewer reproduced by hand: a second tab while /init fails, a stored consent choice
// against calls queued early, a hidden tab while the API fails, malformed dataLayer entries,
// leaving a page while the API fails or its keepalive budget is full, and bursts of events
// called just before a page is left.
import type { BrowserContext, Page } from '@playwright/test';
import { expectExactlyOnce } from './engine-fixtures';
import { test, expect, servePage, snippet, waitForBodies, bodies, apiRequests, SHOP_ID, type Collector } from './fixtures';
import type { PageServer } from './page-server';
import { ids, waitUntil } from './scenarios';

/** Hides the page as far as the snippet can tell, then shows it again after `ms`. */
async function hideAndShow(page: import('@playwright/test').Page, ms: number): Promise<void> {
  await page.evaluate(async wait => {
    const setState = (state: string) => {
      Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => state });
      document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
    };
    setState('hidden');
    await new Promise(resolve => setTimeout(resolve, wait));
    setState('visible');
  }, ms);
}

test('second tab during failing /init sends once', async ({ context, pages, collector }) => {
  const url = servePage(pages, '/test/tab', snippet(collector) + `<script>pc('view', 'tab-' + location.search.slice(1))</script>`);
  collector.fault({ status: 503, count: 3 });
  const first = await context.newPage();
  await first.goto(url + '?1');
  await first.waitForTimeout(300);
  const second = await context.newPage();
  await second.goto(url + '?2');
  await waitForBodies(collector, 2);
  await first.waitForTimeout(4000);

  expect(bodies(collector).map(body => body.items[0].id).sort()).toEqual(['tab-1', 'tab-2']);
});

test('stored consent applies to queued calls', async ({ page, pages, collector, consoleLines }) => {
  const url = servePage(pages, '/test/consent-queue', snippet(collector).replace('</script>', "; pc('track', 'clicked', {code: 'MSG-1', type: 'bulk'}); pc('view', 'early')</script>"));
  await page.goto(url);
  await page.evaluate(() => (window as any).pc('consent', false));
  await page.waitForTimeout(300);
  const before = apiRequests(collector).length;
  await page.goto(url + '?next');
  await page.waitForTimeout(1500);

  expect(apiRequests(collector).slice(before)).toEqual([]);
  expect(consoleLines.some(line => line.text.includes('called before the stored consent choice was read are discarded'))).toBe(true);
  await page.evaluate(() => (window as any).pc('consent', true));
  await page.evaluate(() => (window as any).pc('view', 'after-consent'));
  await waitForBodies(collector, 1);
  await page.waitForTimeout(1000);
  // The first page may have sent its own 'early' view before consent was withdrawn; the second
  // page's one, with '?next' in its referer, must never arrive.
  const secondPage = bodies(collector).filter(body => String(body.referer).includes('?next'));
  expect(secondPage.map(body => body.items[0].id)).toEqual(['after-consent']);
});

test('hidden tab keeps events that failed', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/hide-retry', snippet(collector));
  await page.goto(url);
  await page.evaluate(() => (window as any).pc('view', 'warm-up'));
  await waitForBodies(collector, 1);
  collector.fault({ status: 503, count: 2 });
  await page.evaluate(() => (window as any).pc('custom', 'hidden_retry'));
  await expect.poll(() => apiRequests(collector).filter(request => request.status === 503).length).toBeGreaterThan(0);
  await hideAndShow(page, 300);
  const [custom] = await waitForBodies(collector, 1, '/push/custom');
  await page.waitForTimeout(1500);

  expect(custom.event).toBe('hidden_retry');
  expect(bodies(collector, '/push/custom')).toHaveLength(1);
});

test('malformed dataLayer entries do not throw', async ({ page, pages, collector, consoleLines }) => {
  const [stub, tag] = snippet(collector, 'data-datalayer').split('\n');
  const url = servePage(pages, '/test/bad-datalayer', `<script>window.dataLayer = [{event: 'view_cart', ecommerce: {items: [undefined]}}];</script>` + stub + tag);
  await page.goto(url);
  await page.waitForFunction(() => (window as any).pc.v);
  const pushed = await page.evaluate(() => {
    try {
      (window as any).dataLayer.push({ event: 'purchase', ecommerce: { items: [null], transaction_id: 'T-1' } });
      (window as any).dataLayer.push({ get event() { throw Object.create(null); } });
      (window as any).dataLayer.push({ event: 'view_item', ecommerce: { items: [{ item_id: 'ok' }] } });
      return 'no exception';
    } catch (error) {
      return String(error);
    }
  });
  const received = await waitForBodies(collector, 2);

  expect(pushed).toBe('no exception');
  expect(received.map(body => body.event).sort()).toEqual(['cart', 'view']);
  expect(received.find(body => body.event === 'cart').items).toEqual([]);
  expect(received.every(body => body.shop_id === SHOP_ID)).toBe(true);
  expect(consoleLines.filter(line => line.type === 'pageerror')).toEqual([]);
});

test('leaving while the API fails keeps new events', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/leave-failing', snippet(collector));
  const away = servePage(pages, '/test/away', '<p>no snippet here</p>');
  await page.goto(url);
  await page.evaluate(() => (window as any).pc('view', 'warm-up'));
  await waitForBodies(collector, 1);

  // The API fails from now on, so the first event waits for a retry and holds back the second.
  collector.fault({ status: 503, count: 1000 });
  await page.evaluate(() => (window as any).pc('view', 'failed-first'));
  await expect.poll(() => apiRequests(collector).filter(request => request.status === 503).length).toBe(1);
  await page.evaluate(() => (window as any).pc('view', 'never-tried'));
  await page.goto(away);
  await page.waitForTimeout(1000);
  collector.fault({});
  await page.goto(url + '?back');
  await waitForBodies(collector, 3);
  await page.waitForTimeout(1500);

  const ids = bodies(collector).map(body => body.items[0].id);
  expect(ids.filter(id => id === 'failed-first')).toHaveLength(1);
  expect(ids.filter(id => id === 'never-tried')).toHaveLength(1);
});

/** Delays every IndexedDB open by 600 ms on pages whose URL has `?slow-idb`, within the store's 1 s timeout. */
const SLOW_INDEXEDDB = `if (location.search.indexOf('slow-idb') >= 0) {
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function () {
    const request = open.apply(this, arguments);
    let handler = null;
    Object.defineProperty(request, 'onsuccess', { configurable: true, get: () => handler, set: value => { handler = value } });
    request.addEventListener('success', event => setTimeout(() => handler && handler.call(request, event), 600));
    return request;
  };
}`;

test('leaving before consent is read keeps events', async ({ context, page, pages, collector }) => {
  await context.addInitScript(SLOW_INDEXEDDB);
  const url = servePage(pages, '/test/early-leave', snippet(collector) + `<script>pc('view', 'on-' + location.search.slice(1))</script>`);
  await page.goto(url + '?slow-idb');
  // Leave while the stored consent choice is still being read, so the view is in memory only.
  await page.goto(url + '?next');
  await waitForBodies(collector, 2);
  await page.waitForTimeout(1500);

  const ids = bodies(collector).map(body => body.items[0].id).sort();
  expect(ids).toEqual(['on-next', 'on-slow-idb']);
});

test('two quick page hides keep both rescues', async ({ context, page, pages, collector }) => {
  await context.addInitScript(SLOW_INDEXEDDB);
  const url = servePage(pages, '/test/quick-leaves', snippet(collector) + `<script>pc('view', 'on-' + location.search.slice(1))</script>`);
  await page.goto(url + '?slow-idb-1');
  await page.goto(url + '?slow-idb-2');
  await page.goto(url + '?last');
  await waitForBodies(collector, 3);
  await page.waitForTimeout(1500);

  const ids = bodies(collector).map(body => body.items[0].id).sort();
  expect(ids).toEqual(['on-last', 'on-slow-idb-1', 'on-slow-idb-2']);
});

test('quick page views lose nothing', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/quick-views', snippet(collector) + `<script>pc('view', 'quick-' + location.search.slice(1))</script>`);
  await page.goto(url + '?0');
  await waitForBodies(collector, 1);
  for (let view = 1; view <= 8; view++) await page.goto(`${url}?${view}`);
  await page.goto(url + '?last');
  await waitForBodies(collector, 10);
  await page.waitForTimeout(1500);

  const ids = bodies(collector).map(body => body.items[0].id);
  const expected = ['quick-0', 'quick-1', 'quick-2', 'quick-3', 'quick-4', 'quick-5', 'quick-6', 'quick-7', 'quick-8', 'quick-last'];
  expect(ids.slice().sort()).toEqual(expected.sort());
});

test('shop pagehide listener sends nothing twice', async ({ page, pages, collector }) => {
  // A shop script or tag registered before pc.js, so its listener runs before the snippet's.
  const earlyListener = `<script>addEventListener('pagehide', function () {})</script>`;
  const url = servePage(pages, '/test/early-listener', earlyListener + snippet(collector) + `<script>pc('view', 'on-' + location.search.slice(1))</script>`);
  await page.goto(url + '?warm');
  await waitForBodies(collector, 1);
  collector.fault({ delayMs: 600, count: 1 });
  await page.evaluate(() => (window as any).pc('cart', { id: 'in-flight', amount: 1 }));
  await page.waitForTimeout(150);
  await page.goto(url + '?next');
  await waitForBodies(collector, 2, '/push');
  await page.waitForTimeout(2500);

  const carts = bodies(collector).filter(body => body.event === 'cart');
  expect(carts).toHaveLength(1);
  expect(bodies(collector).map(body => body.items[0].id).sort()).toEqual(['in-flight', 'on-next', 'on-warm']);
});

/**
 * Makes the page's keepalive budget full once `window.keepaliveFull` is set: sendBeacon returns
 * false and a keepalive fetch rejects, as Chromium does while earlier keepalive bodies of 64 KiB
 * in all are still being uploaded.
 */
const FULL_KEEPALIVE_BUDGET = `
  const sendBeacon = navigator.sendBeacon.bind(navigator);
  navigator.sendBeacon = (...args) => (window.keepaliveFull ? false : sendBeacon(...args));
  const originalFetch = window.fetch;
  window.fetch = (input, init) =>
    window.keepaliveFull && init && init.keepalive ? Promise.reject(new TypeError('Failed to fetch')) : originalFetch(input, init);
`;

test('refused beacon keeps the event', async ({ context, page, pages, collector }) => {
  await context.addInitScript(FULL_KEEPALIVE_BUDGET);
  const url = servePage(pages, '/test/full-budget', snippet(collector) + `<script>pc('view', 'on-' + location.search.slice(1))</script>`);
  await page.goto(url + '?warm');
  await waitForBodies(collector, 1);

  // Carts go one at a time, so the second cart still waits behind the slow first one at leave.
  collector.fault({ delayMs: 1500, count: 1 });
  await page.evaluate(() => (window as any).pc('cart', { id: 'slow', amount: 1 }));
  await page.evaluate(() => (window as any).pc('cart', { id: 'refused', amount: 1 }));
  await page.evaluate(() => ((window as any).keepaliveFull = true));
  await page.goto(url + '?next');
  await waitForBodies(collector, 4);
  await page.waitForTimeout(1500);

  const ids = bodies(collector).map(body => body.items[0].id).sort();
  expect(ids).toEqual(['on-next', 'on-warm', 'refused', 'slow']);
});

/** Events per burst: more than 50, where older versions capped the rescue slot and the ledger. */
const BURST = 60;

/**
 * Opens a page whose script tag's onload calls BURST views and leaves for a page with the
 * snippet. The onload runs before pc.js reads the stored consent choice, so the events are in
 * memory only, and the page is left in the same task, before the slow IndexedDB opens.
 */
async function burstBeforeConsentRead(context: BrowserContext, page: Page, pages: PageServer, collector: Collector): Promise<void> {
  await context.addInitScript(SLOW_INDEXEDDB);
  const next = servePage(pages, '/test/after-early-burst', snippet(collector));
  const burst = `for (var i = 1; i <= ${BURST}; i++) pc('view', 'burst-' + i); location.href = '${next}'`;
  const url = servePage(pages, '/test/early-burst', snippet(collector, `onload="${burst}"`));
  await page.goto(url + '?slow-idb', { waitUntil: 'commit' });
  await page.waitForURL(next);
}

test('burst before consent read arrives once', async ({ context, page, pages, collector }) => {
  await burstBeforeConsentRead(context, page, pages, collector);
  // A bounded wait that does not throw, so a failure lists the lost ids.
  await waitUntil(() => bodies(collector).length >= BURST, 10_000);
  await page.waitForTimeout(1500);

  expectExactlyOnce({ called: ids('burst', BURST), records: collector.requests });
});

/** Characters of localStorage left free for the rescue: less than the burst's copy needs. */
const FREE_CHARS = 8000;

test('rescue over quota keeps newest events', async ({ context, page, pages, collector }) => {
  // The shop's own data leaves about FREE_CHARS of localStorage free, give or take 1,000.
  await page.goto(servePage(pages, '/test/full-storage', ''));
  await page.evaluate(free => {
    localStorage.setItem('shop-gap', 'x'.repeat(free));
    let key = 0;
    for (let size = 1 << 20; size >= 1000; size >>= 1) {
      try {
        for (;;) localStorage.setItem('shop-data-' + key++, 'x'.repeat(size));
      } catch {
        // Full at this size: go on with smaller values.
      }
    }
    localStorage.removeItem('shop-gap');
  }, FREE_CHARS);
  await burstBeforeConsentRead(context, page, pages, collector);
  await waitUntil(() => bodies(collector).length > 0, 10_000);
  await page.waitForTimeout(1500);

  const received = bodies(collector).map(body => body.items[0].id);
  expect(received.length, 'events rescued').toBeGreaterThan(0);
  expect(received.length, 'events rescued').toBeLessThan(BURST);
  expectExactlyOnce({ called: ids('burst', received.length, BURST - received.length + 1), records: collector.requests });
});

/**
 * Makes IndexedDB deletes do nothing from pagehide on, as when the page unloads before they
 * commit. Added as an init script, this pagehide listener runs before the snippet's.
 */
const LOST_DELETES_AT_HIDE = `addEventListener('pagehide', () => { IDBObjectStore.prototype.delete = function () {} })`;

/**
 * Returns the number of events stored in the snippet's IndexedDB database. Call it once the
 * snippet has stored something, or the open creates an empty database without its store.
 */
function storedEvents(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('personaclick');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('kv').objectStore('kv').count(IDBKeyRange.bound('event:', 'event:\uffff'));
          count.onsuccess = () => resolve(count.result);
          count.transaction!.oncomplete = () => open.result.close();
        };
      }),
  );
}

test('burst sent at leave arrives once', async ({ context, page, pages, collector }) => {
  await context.addInitScript(LOST_DELETES_AT_HIDE);
  const url = servePage(pages, '/test/late-burst', snippet(collector));
  await page.goto(url);
  await page.evaluate(() => (window as any).pc('view', 'warm-up'));
  await waitForBodies(collector, 1);

  // The collector delays its responses to the first 4 requests, so the other events wait, stored,
  // until the page is left. Then all of them are removed at once: the 4 in flight and the rest
  // sent by sendBeacon.
  collector.fault({ delayMs: 1000, count: 4 });
  await page.evaluate(count => {
    for (let i = 1; i <= count; i++) (window as any).pc('view', 'burst-' + i);
  }, BURST);
  await expect.poll(() => storedEvents(page)).toBe(BURST);
  await page.goto(url + '?next');
  await waitUntil(() => bodies(collector).length >= 1 + BURST, 10_000);
  await page.waitForTimeout(2000);

  expectExactlyOnce({ called: ['warm-up', ...ids('burst', BURST)], records: collector.requests });
});

test('large in-flight events arrive once', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/large-leave', snippet(collector) + `<script>pc('view', 'on-' + location.search.slice(1))</script>`);
  await page.goto(url + '?warm');
  await waitForBodies(collector, 1);

  // Three slow events of about 30 KB: two fill the 64 KiB keepalive budget, and the third
  // must wait for it instead of going as a plain fetch that the next page would send again.
  collector.fault({ delayMs: 1500, count: 3 });
  await page.evaluate(() => {
    for (let i = 0; i < 3; i++) (window as any).pc('custom', 'large', { label: 'large-' + i, payload: { text: 'x'.repeat(29800) } });
  });
  await page.waitForTimeout(300);
  await page.goto(url + '?next');
  await waitForBodies(collector, 3, '/push/custom');
  await page.waitForTimeout(3000);

  const labels = bodies(collector, '/push/custom').map(body => body.label).sort();
  expect(labels).toEqual(['large-0', 'large-1', 'large-2']);
});

test('ledger keeps both tabs\' removed ids', async ({ context, pages, collector }) => {
  const url = servePage(pages, '/test/ledger', snippet(collector));
  const tabs = [await context.newPage(), await context.newPage()];
  for (const [index, tab] of tabs.entries()) await tab.goto(`${url}?${index}`);
  await tabs[0].evaluate(() => (window as any).pc('view', 'warm-up'));
  await waitForBodies(collector, 1);

  // Both tabs remove 200 events each at the same time, so their ledger writes interleave.
  await Promise.all(tabs.map((tab, index) => tab.evaluate(n => {
    for (let i = 0; i < 200; i++) (window as any).pc('search', `query-${n}-${i}`);
  }, index)));
  await expect.poll(() => bodies(collector).length, { timeout: 30_000 }).toBe(401);
  await tabs[0].waitForTimeout(500);

  const listed = await tabs[0].evaluate(() =>
    Object.keys(localStorage)
      .filter(key => key.indexOf('personaclick:done') === 0)
      .map(key => localStorage.getItem(key))
      .join(' ')
      .split(' ')
      .filter(id => /^[A-Za-z0-9]{10}$/.test(id)),
  );
  expect(new Set(listed).size).toBe(401);
});
