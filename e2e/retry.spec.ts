// Failed deliveries are stored and retried: 5xx and network errors with backoff, 429 after
// Retry-After, and events left over are sent on the next page view. Rejections are final.
import { test, expect, servePage, snippet, waitForBodies, bodies, apiRequests, initRequests } from './fixtures';

test('500 answers are retried until accepted', async ({ page, pages, collector, consoleLines }) => {
  const url = servePage(pages, '/test/retry', snippet(collector));
  await page.goto(url);
  await page.evaluate(() => (window as any).pc('view', 'warm-up'));
  await waitForBodies(collector, 1);
  collector.fault({ status: 500, count: 2 });
  await page.evaluate(() => {
    (window as any).pc('view', 'e-1');
    (window as any).pc('cart', { id: 'e-2', amount: 1 });
  });
  await expect.poll(() => bodies(collector).length, { timeout: 15_000 }).toBe(3);

  const posts = apiRequests(collector).filter(request => request.method === 'POST');
  expect(posts.map(request => [request.body.items[0].id, request.status])).toEqual([
    ['warm-up', 200],
    ['e-1', 500],
    ['e-1', 500],
    ['e-1', 200],
    ['e-2', 200],
  ]);
  expect(consoleLines.filter(line => line.text.includes("pc('view') failed (500); retry")).length).toBe(2);
});

test('429 waits for Retry-After', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/retry-after', snippet(collector));
  await page.goto(url);
  await page.evaluate(() => (window as any).pc('view', 'warm-up'));
  await waitForBodies(collector, 1);
  collector.fault({ status: 429, count: 1, retryAfter: 2 });
  await page.evaluate(() => (window as any).pc('view', 'e-1'));
  await waitForBodies(collector, 2);

  const tries = apiRequests(collector).filter(request => request.body?.items?.[0]?.id === 'e-1');
  expect(tries.map(request => request.status)).toEqual([429, 200]);
  expect((tries[1] as any).at - (tries[0] as any).at).toBeGreaterThanOrEqual(1900);
});

test('400 rejection is logged and not retried', async ({ page, pages, collector, consoleLines }) => {
  const url = servePage(pages, '/test/rejected', snippet(collector));
  await page.goto(url);
  // A category the feed does not know passes the browser's checks but not the collector's.
  await page.evaluate(() => (window as any).pc('category', 'no-such-category'));
  await page.evaluate(() => (window as any).pc('view', 'after'));
  await waitForBodies(collector, 1);
  await page.waitForTimeout(1500);

  expect(apiRequests(collector).filter(request => request.method === 'POST').map(request => request.status)).toEqual([400, 200]);
  const rejection = consoleLines.find(line => line.text.includes("pc('category') was rejected by the API with 400"));
  expect(rejection?.text).toContain('no-such-category');
});

test('stored events go on the next page view', async ({ page, pages, collector }) => {
  test.setTimeout(60_000);
  // Hide the page's hide events from the snippet, as when the system kills a tab: nothing can
  // be handed over, so the event must wait in IndexedDB for the next page view.
  await page.addInitScript(() => {
    const swallow = (event: Event) => event.stopImmediatePropagation();
    addEventListener('pagehide', swallow, true);
    addEventListener('visibilitychange', swallow, true);
  });
  const url = servePage(pages, '/test/leftover', snippet(collector));
  await page.goto(url);
  await page.evaluate(() => (window as any).pc('view', 'warm-up'));
  await waitForBodies(collector, 1);
  collector.fault({ status: 503, count: 1000 });
  await page.evaluate(() => (window as any).pc('view', 'e-1'));
  await expect.poll(() => apiRequests(collector).filter(request => request.status === 503).length).toBeGreaterThan(0);

  collector.fault({});
  await page.goto(url + '?next');
  // The killed page's lease can run 20 s (a request's 15 s timeout plus 5 s) before another
  // page may take its events over.
  await expect.poll(() => bodies(collector).length, { timeout: 40_000 }).toBe(2);
  await page.waitForTimeout(1000);

  expect(bodies(collector).map(body => body.items[0].id)).toEqual(['warm-up', 'e-1']);
  expect(initRequests(collector)).toHaveLength(1);
});

test('events called before /init survive leaving', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/slow-init', snippet(collector) + `<script>pc('view', 'SLOW1'); pc('category', '3');</script>`);
  // The first /init answers after 3 s, so the visitor leaves while both events wait for it.
  collector.fault({ delayMs: 3000, count: 1 });
  await page.goto(url);
  await page.waitForTimeout(500);
  await page.goto(url + '?next');
  const received = await waitForBodies(collector, 4);
  await page.waitForTimeout(1000);

  expect(bodies(collector).map(body => body.event + ':' + (body.items ? body.items[0].id : body.category_id)).sort()).toEqual(
    ['category:3', 'category:3', 'view:SLOW1', 'view:SLOW1'].sort(),
  );
  expect(new Set(received.map(body => body.did)).size).toBe(1);
});

test('failed /init is retried after events', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/init-retry', snippet(collector));
  collector.fault({ status: 503, count: 1 });
  await page.goto(url);
  await expect.poll(() => initRequests(collector).length).toBe(1);
  // An event called while the /init retry waits must not cancel that retry.
  await page.evaluate(() => (window as any).pc('view', 'after-failed-init'));
  const [body] = await waitForBodies(collector, 1);

  expect(body.items).toEqual([{ id: 'after-failed-init' }]);
  expect(initRequests(collector).map(request => request.status)).toEqual([503, 200]);
});

test('quota errors fall back to memory', async ({ page, pages, collector, consoleLines }) => {
  // Every IndexedDB write fails as it does when the origin's storage quota is used up.
  await page.addInitScript(() => {
    IDBObjectStore.prototype.put = function () {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
  const url = servePage(pages, '/test/quota', snippet(collector) + `<script>pc('view', 'Q1'); pc('cart', {id: 'Q2', amount: 1});</script>`);
  await page.goto(url);
  await waitForBodies(collector, 2);
  await page.evaluate(() => (window as any).pc('view', 'Q3'));
  const received = await waitForBodies(collector, 3);

  expect(received.map(body => body.items[0].id).sort()).toEqual(['Q1', 'Q2', 'Q3']);
  expect(consoleLines.filter(line => line.type === 'pageerror')).toEqual([]);
});

test('events older than 7 days are dropped', async ({ page, pages, collector, consoleLines }) => {
  const start = new Date('2026-12-01T10:00:00Z').getTime();
  await page.clock.install({ time: start });
  const url = servePage(pages, '/test/old-events', snippet(collector));
  await page.goto(url);
  await page.evaluate(() => (window as any).pc('view', 'warm-up'));
  await waitForBodies(collector, 1);
  collector.fault({ status: 503, count: 1000 });
  await page.evaluate(() => (window as any).pc('view', 'too-old'));
  await expect.poll(() => apiRequests(collector).filter(request => request.status === 503).length).toBeGreaterThan(0);

  await page.clock.setSystemTime(start + 7 * 24 * 60 * 60 * 1000 + 60_000);
  collector.fault({});
  await page.evaluate(() => (window as any).pc('view', 'fresh'));
  await waitForBodies(collector, 2);
  await page.waitForTimeout(1500);

  expect(bodies(collector).map(body => body.items[0].id)).toEqual(['warm-up', 'fresh']);
  expect(consoleLines.filter(line => line.text.includes('dropped undelivered events, oldest first')).length).toBe(1);
});

test('keepalive budget of 64 KiB holds', async ({ page, pages, collector }) => {
  // Records the keepalive flag of every fetch the snippet makes.
  await page.addInitScript(() => {
    const original = window.fetch;
    (window as any).keepaliveFlags = [];
    window.fetch = (input, init) => {
      if (init && init.method === 'POST') (window as any).keepaliveFlags.push(!!init.keepalive);
      return original(input, init);
    };
  });
  const url = servePage(pages, '/test/budget', snippet(collector));
  await page.goto(url);
  await page.evaluate(() => (window as any).pc('view', 'warm-up'));
  await waitForBodies(collector, 1);
  // Each purchase body is about 30 KB, so only two fit in the budget while the answers are slow.
  // The third waits for the budget instead of going without keepalive.
  collector.fault({ delayMs: 1500, count: 3 });
  await page.evaluate(() => {
    const items = Array.from({ length: 300 }, (_, index) => ({ id: 'line-' + index + '-' + 'x'.repeat(60), amount: 1 }));
    for (const order of ['A', 'B', 'C']) (window as any).pc('purchase', { items, order_id: order });
  });
  await waitForBodies(collector, 4);

  expect(bodies(collector).filter(body => body.event === 'purchase').map(body => body.order_id).sort()).toEqual(['A', 'B', 'C']);
  expect(await page.evaluate(() => (window as any).keepaliveFlags)).toEqual([true, true, true, true]);
});
