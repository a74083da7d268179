// Checks the local collector over HTTP on 127.0.0.1: what it accepts, what it rejects with
// which status and message, CORS, fault injection and the request record.
// Run with `node --test demo-shop/`.

import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';

import { DEMO_SHOP_ID, guessTransport, startCollector } from './collector.mjs';

const SHOP_ORIGIN = 'http://127.0.0.1:8787';

let collector;

before(async () => {
  collector = await startCollector();
});

after(async () => {
  await collector.close();
});

beforeEach(() => {
  collector.reset();
});

// Parameters every /push and /push/custom request carries.
function common() {
  return { shop_id: DEMO_SHOP_ID, did: 'device0001', seance: 'session001', sid: 'session001', stream: 'web' };
}

/** Posts `body` (an object, or a string sent as is) and returns `{ status, text, json, headers }`. */
async function post(path, body, headers = {}) {
  const response = await fetch(collector.url + path, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  let json = null;
  try {
    json = JSON.parse(text);
  } catch {
    // Empty or non-JSON responses keep json null.
  }
  return { status: response.status, text, json, headers: response.headers };
}

test('valid view push returns success', async () => {
  const reply = await post('/push', { ...common(), event: 'view', items: [{ id: 101 }] });

  assert.equal(reply.status, 200);
  assert.deepEqual(reply.json, { status: 'success' });
});

test('push without did names the field', async () => {
  const reply = await post('/push', { ...common(), did: undefined, event: 'view', items: [{ id: 1 }] });

  assert.equal(reply.status, 400);
  assert.equal(reply.json.status, 'error');
  assert.match(reply.json.message, /"did" is missing/);
});

test('unknown shop is forbidden', async () => {
  const reply = await post('/push', { ...common(), shop_id: 'ffffffffffffffffffffffffffffff', event: 'view', items: [{ id: 1 }] });

  assert.equal(reply.status, 403);
  assert.match(reply.json.message, /ffffffffffffffffffffffffffffff/);
});

test('empty referer is 422', async () => {
  const reply = await post('/push', { ...common(), referer: '', event: 'view', items: [{ id: 1 }] });

  assert.equal(reply.status, 422);
  assert.match(reply.json.message, /"referer"/);
});

test('empty string in any key is 422', async () => {
  const reply = await post('/push', { ...common(), event: 'view', items: [{ id: 1 }], source: { from: 'bulk', code: '' } });

  assert.equal(reply.status, 422);
  assert.match(reply.json.message, /"source\.code"/);
});

test('unknown category is rejected', async () => {
  const reply = await post('/push', { ...common(), event: 'category', category_id: '999' });

  assert.equal(reply.status, 400);
  assert.match(reply.json.message, /"category_id" "999"/);
});

test('known category is accepted as string', async () => {
  const reply = await post('/push', { ...common(), event: 'category', category_id: '21' });

  assert.equal(reply.status, 200);
});

test('known category is accepted as number', async () => {
  const reply = await post('/push', { ...common(), event: 'category', category_id: 3 });

  assert.equal(reply.status, 200);
});

test('custom event returns 204 without body', async () => {
  const reply = await post('/push/custom', {
    ...common(),
    event: 'newsletter_signup',
    category: 'footer',
    value: 2,
    payload: { plan: 'weekly', score: 4.5, first: true, since: '2026-12-01' },
  });

  assert.equal(reply.status, 204);
  assert.equal(reply.text, '');
});

test('track opened returns 200 without body', async () => {
  const reply = await post('/track/opened', { shop_id: DEMO_SHOP_ID, code: 'msg-1', type: 'bulk', stream: 'ios' });

  assert.equal(reply.status, 200);
  assert.equal(reply.text, '');
});

test('preflight echoes origin with credentials', async () => {
  const response = await fetch(collector.url + '/push', {
    method: 'OPTIONS',
    headers: { origin: SHOP_ORIGIN, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });

  assert.equal(response.status, 204);
  assert.equal(response.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
  assert.equal(response.headers.get('access-control-allow-credentials'), 'true');
  assert.equal(response.headers.get('access-control-allow-headers'), 'content-type');
  assert.equal(response.headers.get('access-control-allow-methods'), 'GET, POST, OPTIONS');
  assert.equal(response.headers.get('vary'), 'Origin');
});

test('rejected post still carries CORS headers', async () => {
  const reply = await post('/push', { ...common(), event: 'view' }, { origin: SHOP_ORIGIN });

  assert.equal(reply.status, 400);
  assert.equal(reply.headers.get('access-control-allow-origin'), SHOP_ORIGIN);
});

test('string amount is rejected', async () => {
  const reply = await post('/push', { ...common(), event: 'cart', items: [{ id: 101, amount: '2' }] });

  assert.equal(reply.status, 400);
  assert.match(reply.json.message, /"items\[0\]\.amount" must be a JSON number, got "2"/);
});

test('clean_wishlist event is accepted', async () => {
  const reply = await post('/push', { ...common(), event: 'clean_wishlist' });

  assert.equal(reply.status, 200);
});

test('wish with full_wish and no items is accepted', async () => {
  const reply = await post('/push', { ...common(), event: 'wish', full_wish: true, items: [] });

  assert.equal(reply.status, 200);
});

test('whole cart and empty cart are accepted', async () => {
  const whole = await post('/push', { ...common(), event: 'cart', full_cart: true, items: [{ id: 'tent-2p-ultra', quantity: 2 }] });
  const empty = await post('/push', { ...common(), event: 'cart', full_cart: true, items: [] });

  assert.equal(whole.status, 200);
  assert.equal(empty.status, 200);
});

test('purchase with all order fields is accepted', async () => {
  const reply = await post('/push', {
    ...common(),
    segment: 'A',
    referer: 'http://127.0.0.1:8787/checkout',
    source: { from: 'bulk', code: 'winter-sale' },
    event: 'purchase',
    items: [{ id: 101, amount: 2, price: 129.9 }, { id: 'tent-2p-ultra', amount: 1 }],
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
  });

  assert.equal(reply.status, 200);
});

// [case, path, body, expected status, fragment the message must contain]
const rejections = [
  ['push without event', '/push', () => ({ ...common(), items: [{ id: 1 }] }), 400, '"event" is missing'],
  ['push without shop_id', '/push', () => ({ ...common(), shop_id: undefined, event: 'view', items: [{ id: 1 }] }), 400, '"shop_id" is missing'],
  ['push without seance', '/push', () => ({ ...common(), seance: undefined, sid: undefined, event: 'view', items: [{ id: 1 }] }), 400, '"seance" is missing'],
  ['sid differs from seance', '/push', () => ({ ...common(), sid: 'other00001', event: 'view', items: [{ id: 1 }] }), 400, '"sid" "other00001" differs'],
  ['missing stream', '/push', () => ({ ...common(), stream: undefined, event: 'view', items: [{ id: 1 }] }), 400, '"stream" is missing'],
  ['stream with a dash', '/push', () => ({ ...common(), stream: 'web-app', event: 'view', items: [{ id: 1 }] }), 400, '"web-app"'],
  ['stream of 17 characters', '/push', () => ({ ...common(), stream: 'a'.repeat(17), event: 'view', items: [{ id: 1 }] }), 400, '"stream"'],
  ['view without items', '/push', () => ({ ...common(), event: 'view' }), 400, 'exactly one product'],
  ['view with two items', '/push', () => ({ ...common(), event: 'view', items: [{ id: 1 }, { id: 2 }] }), 400, 'got 2 items'],
  ['item without id', '/push', () => ({ ...common(), event: 'wish', items: [{}] }), 400, '"items[0].id" is missing'],
  ['remove_from_cart with empty items', '/push', () => ({ ...common(), event: 'remove_from_cart', items: [] }), 400, 'exactly one product'],
  ['id over 255 characters', '/push', () => ({ ...common(), event: 'view', items: [{ id: 'x'.repeat(256) }] }), 400, '256 characters'],
  ['unknown recommended_by', '/push', () => ({ ...common(), event: 'view', items: [{ id: 1 }], recommended_by: 'email' }), 400, '"recommended_by"'],
  ['zero quantity', '/push', () => ({ ...common(), event: 'cart', full_cart: true, items: [{ id: 1, quantity: 0 }] }), 400, '"items[0].quantity" must be a positive integer'],
  ['fractional amount', '/push', () => ({ ...common(), event: 'cart', items: [{ id: 1, amount: 1.5 }] }), 400, 'positive integer, got 1.5'],
  ['segment C', '/push', () => ({ ...common(), segment: 'C', event: 'view', items: [{ id: 1 }] }), 400, '"segment" must be "A" or "B", got "C"'],
  ['source as JSON string', '/push', () => ({ ...common(), source: '{"from":"bulk","code":"x"}', event: 'view', items: [{ id: 1 }] }), 400, '"source" must be an object'],
  ['full_cart false', '/push', () => ({ ...common(), event: 'cart', full_cart: false, items: [] }), 400, '"full_cart" must be true'],
  ['full_wish as string', '/push', () => ({ ...common(), event: 'wish', full_wish: 'true', items: [] }), 400, '"full_wish" must be true'],
  ['purchase without items', '/push', () => ({ ...common(), event: 'purchase', order_id: 'A-1' }), 400, 'at least one purchased product'],
  ['order_price as string', '/push', () => ({ ...common(), event: 'purchase', items: [{ id: 1, amount: 1 }], order_price: '12.5' }), 400, '"order_price" must be a JSON number, got "12.5"'],
  ['search without query', '/push', () => ({ ...common(), event: 'search' }), 400, '"search_query" is missing'],
  ['unknown push event', '/push', () => ({ ...common(), event: 'viewed', items: [{ id: 1 }] }), 400, '"viewed"'],
  ['custom value not integer', '/push/custom', () => ({ ...common(), event: 'x', value: 1.5 }), 400, '"value" must be an integer'],
  ['custom value as string', '/push/custom', () => ({ ...common(), event: 'x', value: '2' }), 400, 'got "2"'],
  ['custom without event', '/push/custom', () => common(), 400, '"event" is missing'],
  ['custom for unknown shop', '/push/custom', () => ({ ...common(), shop_id: 'abc', event: 'x' }), 403, '"abc"'],
  ['track with unknown type', '/track/clicked', () => ({ shop_id: DEMO_SHOP_ID, code: 'm', type: 'email', stream: 'sms' }), 400, '"type"'],
  ['track without stream', '/track/delivered', () => ({ shop_id: DEMO_SHOP_ID, code: 'm', type: 'bulk' }), 400, '"stream" is missing'],
  ['track without code', '/track/closed', () => ({ shop_id: DEMO_SHOP_ID, type: 'bulk', stream: 'ios' }), 400, '"code" is missing'],
];

for (const [name, path, makeBody, status, fragment] of rejections) {
  test(`rejects ${name}`, async () => {
    const reply = await post(path, makeBody());

    assert.equal(reply.status, status);
    assert.ok(reply.json.message.includes(fragment), `message ${JSON.stringify(reply.json.message)} lacks ${JSON.stringify(fragment)}`);
  });
}

test('body that is not JSON is rejected', async () => {
  const reply = await post('/push', '{"event": "view",');

  assert.equal(reply.status, 400);
  assert.match(reply.json.message, /not valid JSON/);
});

test('text/plain body names the content type', async () => {
  const body = JSON.stringify({ ...common(), event: 'view', items: [{ id: 1 }] });
  const reply = await post('/push', body, { 'content-type': 'text/plain;charset=UTF-8' });

  assert.equal(reply.status, 400);
  assert.match(reply.json.message, /got "text\/plain;charset=UTF-8"/);
});

test('init issues a new did and session', async () => {
  const response = await fetch(`${collector.url}/init?shop_id=${DEMO_SHOP_ID}&v=3&stream=web`);
  const body = await response.json();

  assert.equal(response.status, 200);
  assert.match(body.did, /^[a-z0-9]{20}$/);
  assert.match(body.seance, /^[a-z0-9]{10}$/);
  assert.equal(body.sid, body.seance);
});

test('init keeps a given did and sid', async () => {
  const response = await fetch(`${collector.url}/init?shop_id=${DEMO_SHOP_ID}&did=host-device&sid=abcde12345`);
  const body = await response.json();

  assert.equal(body.did, 'host-device');
  assert.equal(body.seance, 'abcde12345');
});

test('init without shop_id is 400', async () => {
  const response = await fetch(`${collector.url}/init?v=3`);

  assert.equal(response.status, 400);
});

test('init for unknown shop is 403', async () => {
  const response = await fetch(`${collector.url}/init?shop_id=ffffffffffffffffffffffffffffff`);

  assert.equal(response.status, 403);
});

test('fault fails count requests then recovers', async () => {
  collector.fault({ status: 500, count: 3 });
  const body = { ...common(), event: 'view', items: [{ id: 1 }] };
  const statuses = [];
  for (let attempt = 0; attempt < 4; attempt += 1) {
    statuses.push((await post('/push', body)).status);
  }

  assert.deepEqual(statuses, [500, 500, 500, 200]);
});

test('fault over HTTP sends Retry-After', async () => {
  const setup = await post('/__fault', { status: 429, retryAfter: 7 });
  const reply = await post('/push', { ...common(), event: 'view', items: [{ id: 1 }] });

  assert.equal(setup.status, 200);
  assert.equal(reply.status, 429);
  assert.equal(reply.headers.get('retry-after'), '7');
});

test('empty fault clears a pending fault', async () => {
  collector.fault({ status: 503, count: 5 });
  await post('/__fault', {});
  const reply = await post('/push', { ...common(), event: 'view', items: [{ id: 1 }] });

  assert.equal(reply.status, 200);
});

test('drop fault destroys the connection', async () => {
  collector.fault({ drop: true });

  await assert.rejects(post('/push', { ...common(), event: 'view', items: [{ id: 1 }] }));
  assert.equal(collector.requests.at(-1).status, null);
});

test('fault skips preflights', async () => {
  collector.fault({ status: 500 });
  const preflight = await fetch(collector.url + '/push', { method: 'OPTIONS', headers: { origin: SHOP_ORIGIN } });
  const reply = await post('/push', { ...common(), event: 'view', items: [{ id: 1 }] });

  assert.equal(preflight.status, 204);
  assert.equal(reply.status, 500);
});

test('record has the documented shape', async () => {
  await post('/push?trace=1', { ...common(), event: 'view', items: [{ id: 1 }] }, { origin: SHOP_ORIGIN });
  const record = collector.requests.at(-1);

  assert.deepEqual(Object.keys(record), [
    'seq', 'at', 'method', 'path', 'query', 'headers', 'body', 'rawBody', 'status', 'response', 'transport',
  ]);
  assert.equal(record.method, 'POST');
  assert.equal(record.path, '/push');
  assert.deepEqual(record.query, { trace: '1' });
  assert.equal(record.headers.origin, SHOP_ORIGIN);
  assert.equal(record.body.event, 'view');
  assert.equal(record.rawBody, JSON.stringify(record.body));
  assert.equal(record.status, 200);
  assert.deepEqual(record.response, { status: 'success' });
  assert.equal(record.transport, 'fetch');
});

test('rejected and OPTIONS requests are recorded', async () => {
  await fetch(collector.url + '/push', { method: 'OPTIONS', headers: { origin: SHOP_ORIGIN } });
  await post('/push', { ...common(), event: 'view' });

  assert.deepEqual(
    collector.requests.map((record) => [record.method, record.status, record.transport]),
    [['OPTIONS', 204, 'preflight'], ['POST', 400, 'fetch']],
  );
});

test('requests endpoint filters by since', async () => {
  await post('/push', { ...common(), event: 'view', items: [{ id: 1 }] });
  await post('/push', { ...common(), event: 'view', items: [{ id: 2 }] });
  const firstSeq = collector.requests[0].seq;
  const records = await (await fetch(`${collector.url}/__requests?since=${firstSeq}`)).json();

  assert.deepEqual(records.map((record) => record.body.items[0].id), [2]);
});

test('reset endpoint empties the record', async () => {
  await post('/push', { ...common(), event: 'view', items: [{ id: 1 }] });
  const response = await fetch(`${collector.url}/__reset`, { method: 'POST' });

  assert.equal(response.status, 204);
  assert.equal(collector.requests.length, 0);
});

test('event stream sends each recorded request', async () => {
  const controller = new AbortController();
  const stream = await fetch(`${collector.url}/__stream`, { signal: controller.signal });
  await post('/push', { ...common(), event: 'search', search_query: 'tent' });

  // Read until the first complete event; lines starting with ":" are keep-alive comments.
  const reader = stream.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  while (!/^id: .*\n\n/ms.test(text)) {
    const { value } = await reader.read();
    text += decoder.decode(value, { stream: true });
  }
  controller.abort();

  assert.equal(stream.headers.get('content-type'), 'text/event-stream; charset=utf-8');
  assert.match(text, /^id: \d+\nevent: request\ndata: \{.*"search_query":"tent"/m);
});

test('transport guess reads beacon signs', () => {
  const guess = (method, headers) => guessTransport({ method, headers });

  assert.equal(guess('POST', { 'sec-fetch-mode': 'no-cors' }), 'beacon');
  assert.equal(guess('POST', { 'sec-fetch-mode': 'cors', cookie: 'demo_session=1' }), 'beacon');
  assert.equal(guess('POST', { 'sec-fetch-mode': 'cors', 'sec-fetch-storage-access': 'none' }), 'beacon');
  assert.equal(guess('POST', { 'sec-fetch-mode': 'cors' }), 'fetch');
  assert.equal(guess('OPTIONS', {}), 'preflight');
});
