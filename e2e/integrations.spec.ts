// Integrations that need no pc() call in every template: the GA4 dataLayer bridge, campaign
// capture in single-page shops, debug output, and the identity and source utilities.
import { test, expect, servePage, snippet, waitForBodies, bodies, SHOP_ID } from './fixtures';

test('dataLayer page sends mapped events', async ({ page, shop, collector }) => {
  await page.goto(shop.url + '/datalayer');
  await waitForBodies(collector, 1);
  for (const button of ['#ga4-add-to-cart', '#ga4-add-to-wishlist', '#ga4-view-cart', '#ga4-purchase']) {
    await page.click(button);
  }
  const received = await waitForBodies(collector, 5);
  await page.waitForTimeout(500);

  expect(bodies(collector)).toHaveLength(5);
  expect(received[0]).toMatchObject({ event: 'view', items: [{ id: '102' }] });
  expect(received[1]).toMatchObject({ event: 'cart', items: [{ id: '102', amount: 1 }] });
  expect(received[2]).toMatchObject({ event: 'wish', items: [{ id: '102' }] });
  expect(received[3]).toMatchObject({ event: 'cart', full_cart: true, items: [{ id: '102', quantity: 2 }] });
  expect(received[4]).toMatchObject({ event: 'purchase', items: [{ id: '102', amount: 1, price: expect.any(Number) }], order_delivery: 4.5 });
  expect(received[4].order_id).toMatch(/^GA4-/);
  expect(received[4].order_price).toBe(received[4].items[0].price);
  expect(collector.requests.filter(request => request.status >= 400)).toEqual([]);
});

test('dataLayer bridge maps every GA4 event once', async ({ page, pages, collector }) => {
  const [stub, tag] = snippet(collector, 'data-datalayer').split('\n');
  const url = servePage(pages, '/test/datalayer', `
    <script>
      window.dataLayer = [{event: 'gtm.js'}, {event: 'view_item_list', ecommerce: {item_list_id: '3', items: []}}];
      function gtag() { dataLayer.push(arguments); }
      gtag('event', 'search', {search_term: 'tent'});
    </script>` + stub + tag + `
    <script>
      dataLayer.push({event: 'remove_from_cart', ecommerce: {items: [{item_id: 'a', quantity: 1}]}});
      dataLayer.push({event: 'search', search_term: 'boots'});
      dataLayer.push({event: 'page_view'});
    </script>`);
  await page.goto(url);
  const received = await waitForBodies(collector, 4);
  await page.waitForTimeout(500);

  expect(bodies(collector)).toHaveLength(4);
  // These events may arrive in any order, so compare them sorted.
  expect(received.map(body => [body.event, body.category_id ?? body.search_query ?? body.items?.[0]?.id]).sort()).toEqual([
    ['category', '3'],
    ['remove_from_cart', 'a'],
    ['search', 'boots'],
    ['search', 'tent'],
  ]);
});

test('single-page navigation captures a campaign', async ({ page, shop, collector }) => {
  await page.goto(shop.url + '/spa');
  await page.locator('[data-spa-link]').nth(1).click();
  const [first] = await waitForBodies(collector, 1);
  await page.click('#spa-campaign-link');
  await waitForBodies(collector, 2);
  await page.locator('[data-spa-link]').nth(2).click();
  const received = await waitForBodies(collector, 3);

  expect(first.source).toBeUndefined();
  expect(received[1].source).toEqual({ from: 'bulk', code: 'spa-lookbook' });
  expect(received[2].source).toEqual({ from: 'bulk', code: 'spa-lookbook' });
  expect(received[2].referer).toContain('/spa/product/');
  expect(new Set(received.map(body => body.seance)).size).toBe(1);
});

test('debug mode prints events and answers', async ({ page, pages, collector, consoleLines }) => {
  const url = servePage(pages, '/test/debug', snippet(collector) + `<script>pc('view', 'D1'); pc('view', {id: 2, recommended_by: 'email'});</script>`);
  await page.goto(url + '?pc_debug=1');
  await waitForBodies(collector, 1);
  await expect.poll(() => consoleLines.filter(line => line.text.includes("[pc] pc('view') → 200")).length).toBe(1);

  expect(consoleLines.filter(line => line.type === 'startGroupCollapsed' && line.text === "[pc] pc('view') accepted")).toHaveLength(1);
  expect(consoleLines.some(line => line.text.includes("invalid recommended_by 'email'"))).toBe(true);
});

test('debug mode is off by default', async ({ page, pages, collector, consoleLines }) => {
  const url = servePage(pages, '/test/no-debug', snippet(collector) + `<script>pc('view', 'D1')</script>`);
  await page.goto(url);
  await waitForBodies(collector, 1);
  await page.waitForTimeout(300);

  expect(consoleLines.filter(line => line.text.startsWith('[pc]'))).toEqual([]);
});

test('identity callback and app push source', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/utilities', snippet(collector) + `
    <script>
      pc('identity', function (visitor) { window.visitor = visitor; });
      pc('source', {from: 'bulk', code: 'push-123'});
      pc('view', 'U1');
    </script>`);
  await page.goto(url);
  const [body] = await waitForBodies(collector, 1);
  const visitor = await page.evaluate(() => (window as any).visitor);

  expect(visitor).toEqual({ did: body.did, seance: body.seance, segment: body.segment });
  expect(body.source).toEqual({ from: 'bulk', code: 'push-123' });
  expect(body.shop_id).toBe(SHOP_ID);
});
