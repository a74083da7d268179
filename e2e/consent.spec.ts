// Consent: pc('consent', false) stops storing and sending until pc('consent', true), in every
// open tab of the shop. Events called meanwhile are discarded; events accepted before wait and
// go once consent returns.
import type { BrowserContext, Page } from '@playwright/test';
import { test, expect, servePage, snippet, waitForBodies, bodies, apiRequests, type Collector } from './fixtures';

test('withheld consent sends and stores nothing', async ({ page, pages, collector, consoleLines }) => {
  // Consent is withheld in the stub, before the script tag, as a consent banner's default.
  const [stub, tag] = snippet(collector).split('\n');
  const url = servePage(pages, '/test/consent', stub + `<script>pc('consent', false)</script>` + tag + `<script>pc('view', 'while-withheld')</script>`);
  await page.goto(url);
  await page.waitForFunction(() => (window as any).pc.v);
  await page.waitForTimeout(1000);

  expect(apiRequests(collector)).toEqual([]);
  const stored = await page.evaluate(() => new Promise<string[]>(resolve => {
    const request = indexedDB.open('personaclick');
    request.onsuccess = () => {
      const keys = request.result.transaction('kv').objectStore('kv').getAllKeys();
      keys.onsuccess = () => resolve(keys.result.map(String));
    };
  }));
  expect(stored.filter(key => !key.startsWith('consent:'))).toEqual([]);
  expect(consoleLines.filter(line => line.text.includes('discarded: consent is withheld')).length).toBe(1);

  await page.evaluate(() => (window as any).pc('consent', true));
  await page.evaluate(() => (window as any).pc('view', 'after-consent'));
  const received = await waitForBodies(collector, 1);
  expect(received.map(body => body.items[0].id)).toEqual(['after-consent']);
});

test('withdrawn consent holds earlier events', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/withdraw', snippet(collector));
  await page.goto(url);
  await page.evaluate(() => (window as any).pc('view', 'before'));
  await waitForBodies(collector, 1);
  collector.fault({ status: 503, count: 1 });
  await page.evaluate(() => {
    (window as any).pc('view', 'accepted-then-withdrawn');
    (window as any).pc('consent', false);
    (window as any).pc('view', 'discarded');
  });
  await page.waitForTimeout(2500);
  expect(bodies(collector).map(body => body.items[0].id)).toEqual(['before']);

  await page.evaluate(() => (window as any).pc('consent', true));
  await waitForBodies(collector, 2);
  await page.waitForTimeout(500);
  expect(bodies(collector).map(body => body.items[0].id)).toEqual(['before', 'accepted-then-withdrawn']);
});

test('consent choice holds on the next page', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/consent-stored', snippet(collector));
  await page.goto(url);
  await page.evaluate(() => (window as any).pc('consent', false));
  await page.waitForTimeout(300);
  await page.goto(url + '?next');
  await page.evaluate(() => (window as any).pc('view', 'next-page'));
  await page.waitForTimeout(1000);

  // At most the first page's /init went out, if it started before consent was withdrawn.
  expect(apiRequests(collector).filter(request => request.path !== '/init')).toEqual([]);
  expect(apiRequests(collector).length).toBeLessThanOrEqual(1);
});

/**
 * Opens `url` in a first tab, sends one event, then calls view `heldId`, which fails once with 503
 * and waits 3 s for its retry. The tab's lease on that stored event ends 5 s after the retry time,
 * when another tab would take the event over.
 */
async function openTabHolding(context: BrowserContext, collector: Collector, url: string, heldId: string): Promise<Page> {
  const first = await context.newPage();
  await first.goto(url);
  await first.evaluate(() => (window as any).pc('view', 'first'));
  await waitForBodies(collector, 1);
  collector.fault({ status: 503, count: 1, retryAfter: 3 });
  await first.evaluate(id => (window as any).pc('view', id), heldId);
  await expect.poll(() => apiRequests(collector).filter(request => request.status === 503).length).toBe(1);
  return first;
}

test('withdrawal in one tab stops the others', async ({ context, pages, collector }) => {
  const url = servePage(pages, '/test/consent-tabs', snippet(collector));
  const first = await openTabHolding(context, collector, url, 'before-withdraw');
  const second = await context.newPage();
  await second.goto(url + '?second');
  await second.waitForTimeout(500);
  await first.evaluate(() => (window as any).pc('consent', false));
  await second.waitForTimeout(200);
  await second.evaluate(() => (window as any).pc('view', 'second-after-withdraw'));
  // Past the end of the first tab's lease, when the second tab could take the held event over.
  await second.waitForTimeout(9000);

  expect(bodies(collector).map(body => body.items[0].id)).toEqual(['first']);
});

for (const granting of ['first', 'second'] as const) {
  test(`grant in ${granting} tab resumes both tabs`, async ({ context, pages, collector }) => {
    const url = servePage(pages, '/test/consent-tabs-grant', snippet(collector));
    const first = await openTabHolding(context, collector, url, 'held');
    await first.evaluate(() => (window as any).pc('consent', false));

    // The second tab starts with the stored withdrawal. The grant comes after the first tab's
    // lease on the held event would have ended, so either tab may take the event over.
    const second = await context.newPage();
    await second.goto(url + '?second');
    await second.waitForTimeout(9000);
    await (granting === 'first' ? first : second).evaluate(() => (window as any).pc('consent', true));
    await second.waitForTimeout(200);
    await first.evaluate(() => (window as any).pc('view', 'first-after-grant'));
    await second.evaluate(() => (window as any).pc('view', 'second-after-grant'));
    await waitForBodies(collector, 4);
    await second.waitForTimeout(3000);

    const ids = bodies(collector).map(body => body.items[0].id);
    expect(ids.filter(id => id === 'held')).toHaveLength(1);
    expect(ids.filter(id => id === 'first-after-grant')).toHaveLength(1);
    expect(ids.filter(id => id === 'second-after-grant')).toHaveLength(1);
    expect(ids).toHaveLength(4);
  });
}

test('shown tab follows a missed withdrawal', async ({ context, pages, collector }) => {
  const url = servePage(pages, '/test/consent-missed', snippet(collector));
  // The second tab's page stops every storage event before the snippet's listener, as a page
  // that was frozen or in the back/forward cache misses them.
  const deaf = servePage(pages, '/test/consent-missed-deaf', `<script>addEventListener('storage', event => event.stopImmediatePropagation(), true)</script>` + snippet(collector));
  const first = await context.newPage();
  await first.goto(url);
  await first.evaluate(() => (window as any).pc('view', 'first'));
  await waitForBodies(collector, 1);
  const second = await context.newPage();
  await second.goto(deaf);
  await second.waitForTimeout(500);

  await first.evaluate(() => (window as any).pc('consent', false));
  await second.waitForTimeout(200);
  // The page is shown again: its visibilityState stays 'visible', so only the event is needed.
  await second.evaluate(() => document.dispatchEvent(new Event('visibilitychange', { bubbles: true })));
  await second.evaluate(() => (window as any).pc('view', 'second-after-withdraw'));
  await second.waitForTimeout(1500);

  expect(bodies(collector).map(body => body.items[0].id)).toEqual(['first']);
});
