import assert from 'node:assert/strict';
import { test } from 'node:test';
import { makeConfig, type ConfigOptions } from './config';

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
  assert.equal(makeConfig(SHOP.toUpperCase(), {}).shopId, SHOP);
});

test('config trims the api trailing slash', () => {
  assert.equal(makeConfig(SHOP, { api: 'http://127.0.0.1:8788/' }).api, 'http://127.0.0.1:8788');
});

// Input errors are thrown as message strings, so any other exception fails this check.
const rejects = (shopId: unknown, options: ConfigOptions) =>
  assert.throws(() => makeConfig(shopId, options), (error: unknown) => typeof error === 'string' && error.startsWith('invalid '));

test('config rejects malformed values', () => {
  rejects(undefined, {});
  rejects('YOUR_SHOP_ID', {});
  rejects(SHOP + 'a', {});
  rejects(SHOP, { stream: 'web-app' });
  rejects(SHOP, { stream: 'x'.repeat(17) });
  rejects(SHOP, { api: 'api.personaclick.com' });
  rejects(SHOP, { did: 42 });
});
