import assert from 'node:assert/strict';
import { test } from 'node:test';
import { translate } from './datalayer';

const item = { item_id: 'SKU-1', item_name: 'Tent', price: 199, quantity: 2 };

test('Tag Manager e-commerce events', () => {
  assert.deepEqual(translate({ event: 'view_item', ecommerce: { items: [item] } }), ['view', 'SKU-1']);
  assert.deepEqual(translate({ event: 'view_item_list', ecommerce: { item_list_id: '3', items: [] } }), ['category', '3']);
  assert.deepEqual(translate({ event: 'add_to_cart', ecommerce: { items: [item] } }), ['cart', { id: 'SKU-1', amount: 2 }]);
  assert.deepEqual(translate({ event: 'remove_from_cart', ecommerce: { items: [item] } }), ['remove_from_cart', 'SKU-1']);
  assert.deepEqual(translate({ event: 'view_cart', ecommerce: { items: [item] } }), ['cart', [{ id: 'SKU-1', quantity: 2 }]]);
  assert.deepEqual(translate({ event: 'add_to_wishlist', ecommerce: { items: [item] } }), ['wish', 'SKU-1']);
  assert.deepEqual(translate({ event: 'search', search_term: 'tent' }), ['search', 'tent']);
});

test('purchase maps order fields', () => {
  const entry = { event: 'purchase', ecommerce: { transaction_id: 'T-1', value: 398, shipping: 5, coupon: 'SNOW', items: [item] } };
  assert.deepEqual(translate(entry), [
    'purchase',
    { items: [{ id: 'SKU-1', amount: 2, price: 199 }], order_id: 'T-1', order_price: 398, order_delivery: 5, promocode: 'SNOW' },
  ]);
});

test('gtag arguments are read', () => {
  const call = (function (..._args: unknown[]) {
    return arguments;
  })('event', 'view_item', { items: [item] });
  assert.deepEqual(translate(call), ['view', 'SKU-1']);
});

test('other entries map to nothing', () => {
  assert.equal(translate({ event: 'gtm.js' }), undefined);
  assert.equal(translate({ ecommerce: null }), undefined);
  assert.equal(translate({ event: 'view_item' }), undefined);
  assert.equal(translate(null), undefined);
  assert.equal(translate('view_item'), undefined);
});
