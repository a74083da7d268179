// Campaign source: a landing URL's recommended_by with bulk_code or personaclick_mail_code rides
// on every event for 48 hours, a newer campaign replaces it, and it is gone after expiry.
import { test, expect, servePage, snippet, waitForBodies } from './fixtures';

const HOUR = 60 * 60 * 1000;

test('campaign is captured, replaced and expires', async ({ page, pages, collector }) => {
  const start = new Date('2026-12-01T10:00:00Z').getTime();
  await page.clock.install({ time: start });
  const url = servePage(pages, '/test/landing', snippet(collector) + `<script>pc('view', 1)</script>`);
  let count = 0;
  const visit = async (query = '') => {
    await page.goto(url + query);
    const received = await waitForBodies(collector, ++count);
    return received[count - 1].source;
  };

  expect(await visit()).toBeUndefined();
  expect(await visit('?recommended_by=bulk&bulk_code=winter-sale')).toEqual({ from: 'bulk', code: 'winter-sale' });
  expect(await visit()).toEqual({ from: 'bulk', code: 'winter-sale' });

  await page.clock.setSystemTime(start + 24 * HOUR);
  expect(await visit('?recommended_by=chain&personaclick_mail_code=abandoned-cart')).toEqual({ from: 'chain', code: 'abandoned-cart' });

  // 49 hours after the first landing: the replacement restarted the 48 hours.
  await page.clock.setSystemTime(start + 49 * HOUR);
  expect(await visit()).toEqual({ from: 'chain', code: 'abandoned-cart' });

  await page.clock.setSystemTime(start + 72 * HOUR + 1000);
  expect(await visit()).toBeUndefined();
  expect(await page.evaluate(() => new Promise(resolve => {
    const request = indexedDB.open('personaclick');
    request.onsuccess = () => {
      const keys = request.result.transaction('kv').objectStore('kv').getAllKeys();
      keys.onsuccess = () => resolve(keys.result.filter(key => String(key).startsWith('source:')));
    };
  }))).toEqual([]);
});

test('in-shop recommenders are not campaigns', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/product', snippet(collector) + `<script>pc('view', {id: 1, recommended_by: 'dynamic', recommended_code: 'similar'})</script>`);
  await page.goto(url + '?recommended_by=dynamic&recommended_code=similar');
  const [body] = await waitForBodies(collector, 1);

  expect(body.source).toBeUndefined();
  expect(body.recommended_by).toBe('dynamic');
});

test('campaign expires on an open page', async ({ page, pages, collector }) => {
  const start = new Date('2026-12-01T10:00:00Z').getTime();
  await page.clock.install({ time: start });
  const url = servePage(pages, '/test/landing', snippet(collector) + `<script>pc('view', 1)</script>`);
  await page.goto(url + '?recommended_by=bulk&bulk_code=flash');
  await waitForBodies(collector, 1);
  await page.clock.setSystemTime(start + 48 * HOUR + 1000);
  await page.evaluate(() => (window as any).pc('view', 2));
  const received = await waitForBodies(collector, 2);

  expect(received[0].source).toEqual({ from: 'bulk', code: 'flash' });
  expect(received[1].source).toBeUndefined();
});
