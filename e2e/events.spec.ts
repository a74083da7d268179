// Every pc() command, called on a page of another origin than the collector, reaches the collector with exactly
// the body the API contract requires.
import { test, expect, servePage, snippet, waitForBodies, bodies, issuedIdentity, initRequests, common, SHOP_ID } from './fixtures';

test('every /push event arrives with the exact body', async ({ page, pages, collector, consoleLines }) => {
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
  await page.goto(url);
  const received = await waitForBodies(collector, 13);
  const identity = await issuedIdentity(collector);
  const base = common(identity, url);

  // Events whose result does not depend on order may arrive in any order: compare sorted.
  const sorted = (list: unknown[]) => list.map(item => JSON.stringify(item)).sort();
  const byKey = (list: any[]) => [...list].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : 1));
  expect(byKey(received)).toEqual(byKey([
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
  expect(sorted(received)).toHaveLength(13);
  // Cart and wishlist changes go one at a time, in call order.
  expect(received.filter(body => /cart|wish/.test(body.event)).map(body => body.event)).toEqual([
    'cart', 'remove_from_cart', 'cart', 'cart', 'wish', 'remove_wish', 'wish', 'wish',
  ]);
  expect(bodies(collector).length).toBe(13);
  const rejected = collector.requests.filter(r => r.status >= 400);
  expect(rejected).toEqual([]);
  expect(consoleLines.filter(line => line.type === 'error' || line.type === 'pageerror')).toEqual([]);
});

test('custom event posts to /push/custom', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/custom', snippet(collector) + `
    <script>pc('custom', 'newsletter_signup', {category: 'footer', label: 'winter', value: 2, payload: {plan: 'weekly', score: 4.5, first: true}})</script>`);
  await page.goto(url);
  const [body] = await waitForBodies(collector, 1, '/push/custom');
  const identity = await issuedIdentity(collector);

  expect(body).toEqual({
    ...common(identity, url),
    event: 'newsletter_signup',
    category: 'footer',
    label: 'winter',
    value: 2,
    payload: { plan: 'weekly', score: 4.5, first: true },
  });
  const answer = collector.requests.find(r => r.path === '/push/custom' && r.method === 'POST');
  expect(answer?.status).toBe(204);
});

test('message tracking posts to each /track path', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/track?mail_code=sms-42&recommended_by=transactional', snippet(collector) + `
    <script>
      pc('track', 'delivered', {code: 'm-1', type: 'bulk'});
      pc('track', 'opened', {code: 'm-1', type: 'bulk'});
      pc('track', 'closed', {code: 'm-2', type: 'chain'});
      pc('track', 'clicked');
    </script>`);
  await page.goto(url);

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

test('data-stream sets the stream of every event', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/stream', snippet(collector, 'data-stream="kiosk1"') + `<script>pc('view', 7)</script>`);
  await page.goto(url);
  const [body] = await waitForBodies(collector, 1);

  expect(body.stream).toBe('kiosk1');
  expect(initRequests(collector)[0].query.stream).toBe('kiosk1');
});
