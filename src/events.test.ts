import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EVENTS } from './events';

const build = (command: string, ...args: unknown[]) => JSON.parse(JSON.stringify(EVENTS[command].build(args, command)));
// Input errors are thrown as message strings, so any other exception fails this check.
const rejects = (command: string, ...args: unknown[]) =>
  assert.throws(() => EVENTS[command].build(args, command), (error: unknown) => typeof error === 'string' && error.startsWith('invalid '));

test('view takes an id or an object', () => {
  assert.deepEqual(build('view', 101), { event: 'view', items: [{ id: 101 }] });
  assert.deepEqual(build('view', { id: 'tent-2p', recommended_by: 'dynamic', recommended_code: 'similar' }), {
    event: 'view',
    items: [{ id: 'tent-2p' }],
    recommended_by: 'dynamic',
    recommended_code: 'similar',
  });
});

test('view drops empty recommendation fields', () => {
  assert.deepEqual(build('view', { id: 7, recommended_by: '', recommended_code: '' }), { event: 'view', items: [{ id: 7 }] });
});

test('view rejects bad ids and recommenders', () => {
  rejects('view');
  rejects('view', '');
  rejects('view', '   ');
  rejects('view', 'x'.repeat(256));
  rejects('view', NaN);
  rejects('view', { id: null });
  rejects('view', { id: 1, recommended_by: 'email' });
  rejects('view', { id: 1, recommended_code: 'block' });
});

test('cart single defaults amount to 1', () => {
  assert.deepEqual(build('cart', 5), { event: 'cart', items: [{ id: 5, amount: 1 }] });
  assert.deepEqual(build('cart', { id: 5, amount: 3 }), { event: 'cart', items: [{ id: 5, amount: 3 }] });
});

test('cart rejects non-integer amounts', () => {
  rejects('cart', { id: 5, amount: 0 });
  rejects('cart', { id: 5, amount: 1.5 });
  rejects('cart', { id: 5, amount: '3' });
});

test('cart array is a whole-cart sync', () => {
  assert.deepEqual(build('cart', [{ id: 1, quantity: 2 }, { id: 'b' }]), {
    event: 'cart',
    full_cart: true,
    items: [{ id: 1, quantity: 2 }, { id: 'b', quantity: 1 }],
  });
  assert.deepEqual(build('cart', []), { event: 'cart', full_cart: true, items: [] });
  assert.deepEqual(build('clear_cart'), { event: 'cart', full_cart: true, items: [] });
  rejects('cart', [{ id: 1, quantity: -1 }]);
});

test('wishlist commands build the vendor forms', () => {
  assert.deepEqual(build('wish', 3), { event: 'wish', items: [{ id: 3 }] });
  assert.deepEqual(build('wish', [3, { id: 4 }]), { event: 'wish', full_wish: true, items: [{ id: 3 }, { id: 4 }] });
  assert.deepEqual(build('remove_wish', 3), { event: 'remove_wish', items: [{ id: 3 }] });
  assert.deepEqual(build('clear_wishlist'), { event: 'wish', full_wish: true, items: [] });
  assert.deepEqual(build('remove_from_cart', 'a'), { event: 'remove_from_cart', items: [{ id: 'a' }] });
  rejects('remove_from_cart');
});

test('purchase keeps every order field', () => {
  const order = {
    items: [{ id: 1, amount: 2, price: 9.5 }],
    order_id: 'A-1',
    order_price: 19,
    order_cash: 10,
    order_bonuses: 4,
    order_delivery: 5,
    order_discount: 0,
    promocode: 'SPRING',
    delivery_address: '1 Main St',
    delivery_type: 'courier',
    payment_type: 'card',
    tax_free: false,
    custom: { gift: 'yes', floor: 3, date: '2026-12-24' },
  };
  assert.deepEqual(build('purchase', order), { event: 'purchase', ...order });
});

test('purchase drops empty optional strings', () => {
  assert.deepEqual(build('purchase', { items: [{ id: 1, amount: 1 }], promocode: '', order_id: '' }), {
    event: 'purchase',
    items: [{ id: 1, amount: 1 }],
  });
});

test('purchase takes null as absent', () => {
  const order = build('purchase', { items: [{ id: 1, amount: 1 }], order_price: null, promocode: null, tax_free: null });
  assert.deepEqual(order, { event: 'purchase', items: [{ id: 1, amount: 1 }] });
});

test('purchase rejects bad orders', () => {
  rejects('purchase');
  rejects('purchase', { items: [] });
  rejects('purchase', { items: [{ id: 1 }] });
  rejects('purchase', { items: [{ id: 1, amount: 1, price: '9.50' }] });
  rejects('purchase', { items: [{ id: 1, amount: 1 }], order_price: '12.5' });
  rejects('purchase', { items: [{ id: 1, amount: 1 }], tax_free: 'no' });
  rejects('purchase', { items: [{ id: 1, amount: 1 }], custom: { ratio: 0.5 } });
});

test('search and category', () => {
  assert.deepEqual(build('search', 'tent'), { event: 'search', search_query: 'tent' });
  assert.deepEqual(build('search', { query: 'tent', recommended_code: 'top' }), { event: 'search', search_query: 'tent', recommended_code: 'top' });
  rejects('search', '');
  assert.deepEqual(build('category', 12), { event: 'category', category_id: 12 });
  rejects('category', {});
});

test('custom event fields', () => {
  assert.deepEqual(build('custom', 'signup', { category: 'c', label: 'l', value: 3, payload: { a: 'b', n: 1.5, ok: true } }), {
    event: 'signup',
    category: 'c',
    label: 'l',
    value: 3,
    payload: { a: 'b', n: 1.5, ok: true },
  });
  assert.deepEqual(build('custom', 'signup'), { event: 'signup' });
  rejects('custom', 'signup', { value: 1.5 });
  rejects('custom', '');
  rejects('custom', 'signup', { payload: { a: null } });
});

test('custom properties are own keys only', () => {
  const inherited = Object.create({ inherited: 'yes' }, { own: { value: 1, enumerable: true } });
  assert.deepEqual(build('custom', 'signup', { payload: inherited }), { event: 'signup', payload: { own: 1 } });
  const parsed = JSON.parse('{"__proto__": "kept", "plan": "pro"}');
  assert.equal(JSON.stringify(EVENTS.custom.build(['signup', { payload: parsed }], 'custom').payload), '{"__proto__":"kept","plan":"pro"}');
});

test('track path and fields', () => {
  assert.equal((EVENTS.track.path as (args: unknown[]) => string)(['opened']), '/track/opened');
  assert.deepEqual(build('track', 'opened', { code: 'm1', type: 'bulk' }), { code: 'm1', type: 'bulk' });
  rejects('track', 'read', { code: 'm1', type: 'bulk' });
  rejects('track', 'opened', { code: 'm1', type: 'promo' });
});

test('track reads an SMS link query', () => {
  (globalThis as { location?: unknown }).location = new URL('http://127.0.0.1/p?mail_code=sms-7&recommended_by=chain');
  assert.deepEqual(build('track', 'clicked'), { code: 'sms-7', type: 'chain' });
});

test('sparse lists are rejected', () => {
  // eslint-disable-next-line no-sparse-arrays
  rejects('cart', [, { id: 1, quantity: 1 }]);
  rejects('wish', new Array(2));
  // eslint-disable-next-line no-sparse-arrays
  rejects('purchase', { items: [, { id: 1, amount: 1 }] });
});

test('clear commands send empty lists', () => {
  assert.deepEqual(build('clear_cart'), { event: 'cart', full_cart: true, items: [] });
  assert.deepEqual(build('clear_wishlist'), { event: 'wish', full_wish: true, items: [] });
  assert.equal(EVENTS.clear_cart.takes, 0);
  assert.equal(EVENTS.clear_wishlist.takes, 0);
});

/** Returns the texts of the console warnings that `run` gives. */
function warningsOf(run: () => void): string[] {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => warnings.push(String(args[1]));
  try {
    run();
  } finally {
    console.warn = warn;
  }
  return warnings;
}

test('unknown keys give one warning per call', () => {
  const warnings = warningsOf(() => build('view', Object.assign(new String('SKU-1234567'), { id: 'SKU-1' })));

  assert.equal(warnings.length, 1);
  assert.match(warnings[0], /ignored unknown keys '0', '1', '2', '3', '4' and 6 more\. Known keys: id, recommended_by, recommended_code\./);
});

test('the same unknown key warns once per page', () => {
  const lines = Array.from({ length: 30 }, (_, i) => ({ id: i + 1, qty: 2 }));
  const warnings = warningsOf(() => {
    build('cart', lines);
    build('cart', lines);
    build('cart', [{ id: 1, qnty: 2 }]);
  });

  assert.deepEqual(warnings, [
    "pc('cart') ignored unknown keys 'qty'. Known keys: id, quantity.",
    "pc('cart') ignored unknown keys 'qnty'. Known keys: id, quantity.",
  ]);
});

test('errors in a list name the line', () => {
  assert.throws(() => build('cart', [{ id: 1 }, { id: 2, quantity: 0 }]), /^invalid \[1\]\.quantity 0 /);
  assert.throws(() => build('wish', ['SKU-1', '']), /^invalid \[1\]\.id '' /);
  assert.throws(() => build('purchase', { items: [{ id: 1, amount: 1 }, { id: 2 }] }), /^invalid items\[1\]\.amount undefined /);
});
