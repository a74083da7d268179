// Delivery-critical behaviour in every engine (the Playwright project picks Chromium or Firefox):
// exact bodies of every event type, the stub's queue order, one identity across page views, and
// an event called as the page navigates away. The Chromium-only files test the rest.
import { test, expect } from './engine-fixtures';
import { bodies, common, initRequests, issuedIdentity, servePage, snippet, waitForBodies, SHOP_ID } from './fixtures';

test('every /push event arrives with the exact body', async ({ engineContext, pages, collector }) => {
  const url = servePage(pages, '/test/events', snippet(collector) + `
    <script>
      pc('view', 101);
      pc('view', {id: 'tent-2p', recommended_by: 'dynamic', recommended_code: 'similar-products'});
      pc('category', '2');
      pc('cart', {id: 101, amount: 3, recommended_by: 'full_search', recommended_code: 'jacket'});
      pc('remove_from_cart', 101);
      pc('cart', [{id: 101, quantity: 2}, {id: 'tent-2p', quantity: 1}]);
      pc('clear_cart');
      pc('purchase', {
        items: [{id: 101, amount: 2, price: 129.9}, {id: 'tent-2p', amount: 1}],
        order_id: 'DEMO-1', order_price: 259.8, order_cash: 200, order_bonuses: 10, order_delivery: 9.9,
        order_discount: 15, promocode: 'SNOW', delivery_address: '1 Main St', delivery_type: 'courier',
        payment_type: 'card', tax_free: false, custom: {gift_wrap: 'yes', floor: 3, delivery_date: '2026-12-24'}
      });
      pc('search', 'winter jacket');
      pc('wish', 101);
      pc('remove_wish', 101);
      pc('wish', [101, 'tent-2p']);
      pc('clear_wishlist');
    </script>`);
  const page = await engineContext.newPage();
  await page.goto(url);
  const received = await waitForBodies(collector, 13);
  const identity = await issuedIdentity(collector);
  const base = common(identity, url);

  // Views, searches and purchases may arrive in any order, so both lists are compared sorted.
  const sorted = (list: object[]) => [...list].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  expect(sorted(received)).toEqual(sorted([
    { ...base, event: 'view', items: [{ id: 101 }] },
    { ...base, event: 'view', items: [{ id: 'tent-2p' }], recommended_by: 'dynamic', recommended_code: 'similar-products' },
    { ...base, event: 'category', category_id: '2' },
    { ...base, event: 'cart', items: [{ id: 101, amount: 3 }], recommended_by: 'full_search', recommended_code: 'jacket' },
    { ...base, event: 'remove_from_cart', items: [{ id: 101 }] },
    { ...base, event: 'cart', full_cart: true, items: [{ id: 101, quantity: 2 }, { id: 'tent-2p', quantity: 1 }] },
    { ...base, event: 'cart', full_cart: true, items: [] },
    {
      ...base,
      event: 'purchase',
      items: [{ id: 101, amount: 2, price: 129.9 }, { id: 'tent-2p', amount: 1 }],
      order_id: 'DEMO-1',
      order_price: 259.8,
      order_cash: 200,
      order_bonuses: 10,
      order_delivery: 9.9,
      order_discount: 15,
      promocode: 'SNOW',
      delivery_address: '1 Main St',
      delivery_type: 'courier',
      payment_type: 'card',
      tax_free: false,
      custom: { gift_wrap: 'yes', floor: 3, delivery_date: '2026-12-24' },
    },
    { ...base, event: 'search', search_query: 'winter jacket' },
    { ...base, event: 'wish', items: [{ id: 101 }] },
    { ...base, event: 'remove_wish', items: [{ id: 101 }] },
    { ...base, event: 'wish', full_wish: true, items: [{ id: 101 }, { id: 'tent-2p' }] },
    { ...base, event: 'wish', full_wish: true, items: [] },
  ]));
  // Cart and wishlist changes go one at a time, in call order.
  expect(received.filter(body => /cart|wish/.test(body.event)).map(body => body.event)).toEqual([
    'cart', 'remove_from_cart', 'cart', 'cart', 'wish', 'remove_wish', 'wish', 'wish',
  ]);
  await new Promise(resolve => setTimeout(resolve, 500));
  expect(bodies(collector)).toHaveLength(13);
  expect(collector.requests.filter(request => request.status === null || request.status >= 400)).toEqual([]);
  expect(engineContext.consoleLines.filter(line => line.type === 'error' || line.type === 'pageerror')).toEqual([]);
});

test('custom and track events arrive with the exact body', async ({ engineContext, pages, collector }) => {
  const url = servePage(pages, '/test/custom-and-track?mail_code=sms-42&recommended_by=transactional', snippet(collector) + `
    <script>
      pc('custom', 'newsletter_signup', {category: 'footer', label: 'winter', value: 2, payload: {plan: 'weekly', score: 4.5, first: true}});
      pc('track', 'delivered', {code: 'm-1', type: 'bulk'});
      pc('track', 'opened', {code: 'm-1', type: 'bulk'});
      pc('track', 'closed', {code: 'm-2', type: 'chain'});
      pc('track', 'clicked');
    </script>`);
  const page = await engineContext.newPage();
  await page.goto(url);
  const [custom] = await waitForBodies(collector, 1, '/push/custom');
  const identity = await issuedIdentity(collector);

  expect(custom).toEqual({
    ...common(identity, url),
    event: 'newsletter_signup',
    category: 'footer',
    label: 'winter',
    value: 2,
    payload: { plan: 'weekly', score: 4.5, first: true },
  });
  expect(collector.requests.find(request => request.path === '/push/custom' && request.method === 'POST')?.status).toBe(204);
  const expected: [string, object][] = [
    ['/track/delivered', { shop_id: SHOP_ID, stream: 'web', code: 'm-1', type: 'bulk' }],
    ['/track/opened', { shop_id: SHOP_ID, stream: 'web', code: 'm-1', type: 'bulk' }],
    ['/track/closed', { shop_id: SHOP_ID, stream: 'web', code: 'm-2', type: 'chain' }],
    ['/track/clicked', { shop_id: SHOP_ID, stream: 'web', code: 'sms-42', type: 'transactional' }],
  ];
  for (const [path, body] of expected) {
    const [received] = await waitForBodies(collector, 1, path);
    expect(received, path).toEqual(body);
  }
});

test('queued calls are replayed in call order', async ({ engineContext, pages, collector }) => {
  const release = pages.hold('/dist/pc.js');
  const url = servePage(pages, '/test/queue', snippet(collector) + `
    <script>pc('cart', {id: 1, amount: 1}); pc('wish', 2); pc('remove_from_cart', 1); pc('clear_wishlist');</script>`);
  const page = await engineContext.newPage();
  await page.goto(url, { waitUntil: 'domcontentloaded' });

  expect(await page.evaluate(() => (window as any).pc.q.length)).toBe(4);
  release();
  await waitForBodies(collector, 4);
  await page.evaluate(() => (window as any).pc('clear_cart'));
  const received = await waitForBodies(collector, 5);

  // Cart and wishlist changes are sent one at a time, so arrival order is replay order.
  expect(received.map(body => body.event + ':' + JSON.stringify(body.items))).toEqual([
    'cart:[{"id":1,"amount":1}]',
    'wish:[{"id":2}]',
    'remove_from_cart:[{"id":1}]',
    'wish:[]',
    'cart:[]',
  ]);
});

test('identity is reused across page views', async ({ engineContext, pages, collector }) => {
  const url = servePage(pages, '/test/page', snippet(collector) + `<script>pc('view', new URLSearchParams(location.search).get('p'))</script>`);
  const page = await engineContext.newPage();
  for (let view = 1; view <= 3; view++) {
    await page.goto(url + '?p=' + view);
    await waitForBodies(collector, view);
  }
  const identity = await issuedIdentity(collector);

  expect(initRequests(collector)).toHaveLength(1);
  const init = initRequests(collector)[0];
  expect(init.query.shop_id).toBe(SHOP_ID);
  expect(init.query.did).toBeUndefined();
  expect(init.headers.cookie).toBeUndefined();
  const received = bodies(collector);
  expect(received.map(body => body.items[0].id)).toEqual(['1', '2', '3']);
  for (const body of received) {
    expect(body.did).toBe(identity.did);
    expect(body.seance).toBe(identity.seance);
    expect(body.sid).toBe(identity.seance);
    expect(body.segment).toBe(received[0].segment);
  }
});

test('event in the same tick as leaving arrives once', async ({ engineContext, pages, collector }) => {
  const url = servePage(pages, '/test/leave', snippet(collector) + `
    <script>
      pc('view', 'page-' + location.search.slice(1));
      addEventListener('click', event => {
        if (event.target.id === 'next') pc('cart', {id: 'leaving-' + location.search.slice(1), amount: 1});
      });
    </script>`);
  // The next page has no snippet: only what the leaving page hands over can arrive.
  servePage(pages, '/next', '');
  const page = await engineContext.newPage();
  // Counts sendBeacon calls in sessionStorage, which outlives each page of this origin.
  await page.addInitScript(`
    const send = navigator.sendBeacon.bind(navigator);
    navigator.sendBeacon = (url, data) => {
      sessionStorage.beacons = Number(sessionStorage.beacons || 0) + 1;
      return send(url, data);
    };`);
  await page.goto(url + '?0');
  await waitForBodies(collector, 1);

  // Slow responses keep each page's view in flight, so the click's cart event is still queued
  // when the page is left.
  collector.fault({ delayMs: 700, count: 1000 });
  const rounds = 5;
  for (let round = 1; round <= rounds; round++) {
    await page.goto(url + '?' + round);
    await page.waitForFunction(() => (window as any).pc.v);
    await page.click('#next');
    await page.waitForURL(/\/next/);
  }
  await expect.poll(() => bodies(collector).filter(body => body.event === 'cart').length, { timeout: 10_000 }).toBe(rounds);
  await new Promise(resolve => setTimeout(resolve, 1000));

  const carts = bodies(collector).filter(body => body.event === 'cart');
  expect(carts.map(body => body.items[0].id).sort()).toEqual(['leaving-1', 'leaving-2', 'leaving-3', 'leaving-4', 'leaving-5']);
  const views = bodies(collector).filter(body => body.event === 'view').map(body => body.items[0].id);
  expect(views.sort()).toEqual(['page-0', 'page-1', 'page-2', 'page-3', 'page-4', 'page-5']);
  expect(Number(await page.evaluate(() => sessionStorage.beacons))).toBeGreaterThan(0);
});
