// Consent: pc('consent', false) stops storing and sending until pc('consent', true). Events
// called meanwhile are discarded; events accepted before wait and go once consent returns.
import { test, expect, servePage, snippet, waitForBodies, bodies, apiRequests } from './fixtures';

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
