// A visitor clicks through the demo shop, and every event its templates send reaches the
// collector with the right body and is accepted.
import { test, expect, waitForBodies, bodies, initRequests, SHOP_ID, type Collector } from './fixtures';

const events = (collector: Collector) => bodies(collector).map(body => body.event);
const rejected = (collector: Collector) => collector.requests.filter(request => request.status >= 400);

test('campaign visit to purchase', async ({ page, shop, collector }) => {
  await page.goto(shop.url + '/');
  await page.click('#bulk-campaign-link');
  const [view] = await waitForBodies(collector, 1);
  expect(view.event).toBe('view');
  expect(view.items).toEqual([{ id: 'tent-2p-ultra' }]);
  expect(view.source).toEqual({ from: 'bulk', code: 'winter-sale-2026-0142' });

  await page.selectOption('#amount', '2');
  await page.click('#add-to-cart');
  await page.click('#add-to-cart');
  const carts = (await waitForBodies(collector, 3)).slice(1);
  expect(carts.map(body => body.items)).toEqual([[{ id: 'tent-2p-ultra', amount: 2 }], [{ id: 'tent-2p-ultra', amount: 4 }]]);
  expect(carts[1].source).toEqual({ from: 'bulk', code: 'winter-sale-2026-0142' });

  await page.goto(shop.url + '/cart');
  const [, , , sync] = await waitForBodies(collector, 4);
  expect(sync).toMatchObject({ event: 'cart', full_cart: true, items: [{ id: 'tent-2p-ultra', quantity: 4 }] });

  await page.goto(shop.url + '/checkout');
  await page.fill('input[name=name]', 'Ada Lovelace');
  await page.fill('textarea[name=address]', '12 Ridge Road, Boulder');
  await page.selectOption('select[name=delivery_type]', 'pickup_point');
  await page.click('#place-order');
  await page.waitForURL(/\/thanks/);
  const orderId = await page.textContent('#order-id');
  const [, , , , purchase] = await waitForBodies(collector, 5);

  expect(purchase).toMatchObject({
    event: 'purchase',
    order_id: orderId,
    delivery_address: '12 Ridge Road, Boulder',
    delivery_type: 'pickup_point',
    payment_type: 'card',
    source: { from: 'bulk', code: 'winter-sale-2026-0142' },
  });
  expect(purchase.items).toEqual([{ id: 'tent-2p-ultra', amount: 4, price: expect.any(Number) }]);
  expect(purchase.order_price).toBe(purchase.items[0].price * 4);
  expect(purchase.promocode).toBeUndefined();
  await page.waitForTimeout(300);
  expect(events(collector)).toEqual(['view', 'cart', 'cart', 'cart', 'purchase']);
  expect(initRequests(collector)).toHaveLength(1);
  expect(rejected(collector)).toEqual([]);
});

test('recommendation block click sends dynamic', async ({ page, shop, collector }) => {
  await page.goto(shop.url + '/product/101');
  await waitForBodies(collector, 1);
  const card = page.locator('.recommendations .card').first();
  const recommendedId = await card.getAttribute('data-product-id');
  await card.locator('[data-add-to-cart]').click();
  await card.locator('a.card-link').click();
  const [view, cart, recommendedView] = await waitForBodies(collector, 3);

  expect(view).toMatchObject({ event: 'view', items: [{ id: '101' }] });
  expect(view.recommended_by).toBeUndefined();
  expect(cart).toMatchObject({ event: 'cart', items: [{ id: recommendedId, amount: 1 }], recommended_by: 'dynamic', recommended_code: 'similar-products' });
  expect(recommendedView).toMatchObject({ event: 'view', items: [{ id: recommendedId }], recommended_by: 'dynamic', recommended_code: 'similar-products' });
  expect(recommendedView.source).toBeUndefined();
  expect(rejected(collector)).toEqual([]);
});

test('search and result click', async ({ page, shop, collector }) => {
  await page.goto(shop.url + '/');
  await page.fill('.search-form input', 'tent');
  await page.press('.search-form input', 'Enter');
  const [search] = await waitForBodies(collector, 1);
  expect(search).toMatchObject({ event: 'search', search_query: 'tent' });

  const result = page.locator('.card').first();
  const id = await result.getAttribute('data-product-id');
  await result.locator('a.card-link').click();
  const [, view] = await waitForBodies(collector, 2);
  expect(view).toMatchObject({ event: 'view', items: [{ id }], recommended_by: 'full_search', recommended_code: 'tent' });
  expect(rejected(collector)).toEqual([]);
});

test('category and chain campaign', async ({ page, shop, collector }) => {
  await page.goto(shop.url + '/');
  await page.click('#chain-campaign-link');
  const [category] = await waitForBodies(collector, 1);

  expect(category).toMatchObject({ event: 'category', category_id: '3', source: { from: 'chain', code: 'welcome-series-step-2' } });
  expect(rejected(collector)).toEqual([]);
});

test('wishlist add, sync and clear', async ({ page, shop, collector }) => {
  await page.goto(shop.url + '/product/102');
  await page.click('#wishlist-toggle');
  await page.goto(shop.url + '/product/103');
  await page.click('#wishlist-toggle');
  await page.click('#wishlist-toggle');
  await page.click('#wishlist-toggle');
  await page.goto(shop.url + '/wishlist');
  await waitForBodies(collector, 7);
  await page.click('#clear-wishlist');
  const received = await waitForBodies(collector, 8);

  expect(received.map(body => [body.event, body.items, body.full_wish])).toEqual([
    ['view', [{ id: '102' }], undefined],
    ['wish', [{ id: '102' }], undefined],
    ['view', [{ id: '103' }], undefined],
    ['wish', [{ id: '103' }], undefined],
    ['remove_wish', [{ id: '103' }], undefined],
    ['wish', [{ id: '103' }], undefined],
    ['wish', [{ id: '102' }, { id: '103' }], true],
    ['wish', [], true],
  ]);
  expect(rejected(collector)).toEqual([]);
});

test('cart page removes and clears', async ({ page, shop, collector }) => {
  await page.goto(shop.url + '/product/101');
  await page.click('#add-to-cart');
  await page.goto(shop.url + '/product/102');
  await page.click('#add-to-cart');
  await page.goto(shop.url + '/cart');
  await waitForBodies(collector, 5);
  await page.locator('#cart-lines tr').first().locator('button').click();
  await waitForBodies(collector, 7);
  await page.click('#clear-cart');
  const received = (await waitForBodies(collector, 8)).slice(4);

  expect(received).toMatchObject([
    { event: 'cart', full_cart: true, items: [{ id: '101', quantity: 1 }, { id: '102', quantity: 1 }] },
    { event: 'remove_from_cart', items: [{ id: '101' }] },
    { event: 'cart', full_cart: true, items: [{ id: '102', quantity: 1 }] },
    { event: 'cart', full_cart: true, items: [] },
  ]);
  expect(rejected(collector)).toEqual([]);
});

test('tag manager page uses pc init', async ({ page, shop, collector }) => {
  await page.goto(shop.url + '/gtm');
  const [view] = await waitForBodies(collector, 1);

  expect(await page.locator('script[data-shop-id]').count()).toBe(0);
  expect(view).toMatchObject({ event: 'view', shop_id: SHOP_ID, items: [{ id: 'boot-alpine-gtx' }] });
});
