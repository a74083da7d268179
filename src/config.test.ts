import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeConfig } from './config';

const SHOP = '4c1f0e2b9a7d3c5e8f6a0b1d2c3e4f';

test('config defaults stream and api', () => {
  assert.deepEqual(makeConfig(SHOP, {}), {
    shopId: SHOP,
    stream: 'web',
    api: 'https://api.personaclick.com',
    did: undefined,
    debug: false,
    dataLayer: false,
  });
});

test('config lower-cases the shop id', () => {
  assert.equal(makeConfig(SHOP.toUpperCase(), {})?.shopId, SHOP);
});

test('config trims the api trailing slash', () => {
  assert.equal(makeConfig(SHOP, { api: 'http://127.0.0.1:8788/' })?.api, 'http://127.0.0.1:8788');
});

test('config rejects malformed values', () => {
  assert.equal(makeConfig(undefined, {}), undefined);
  assert.equal(makeConfig('YOUR_SHOP_ID', {}), undefined);
  assert.equal(makeConfig(SHOP + 'a', {}), undefined);
  assert.equal(makeConfig(SHOP, { stream: 'web-app' }), undefined);
  assert.equal(makeConfig(SHOP, { stream: 'x'.repeat(17) }), undefined);
  assert.equal(makeConfig(SHOP, { api: 'api.personaclick.com' }), undefined);
  assert.equal(makeConfig(SHOP, { did: 42 }), undefined);
});
