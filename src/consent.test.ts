import assert from 'node:assert/strict';
import { test } from 'node:test';
import { read, write } from './store';

// Node 20 has no localStorage, so a Map-backed object replaces it. `full` makes setItem throw as a
// full localStorage does.
const items = new Map<string, string>();
let full = false;
globalThis.localStorage = {
  getItem: (key: string) => (items.has(key) ? items.get(key)! : null),
  setItem: (key: string, value: string) => {
    if (full) throw new Error('QuotaExceededError');
    items.set(key, value);
  },
  removeItem: (key: string) => void items.delete(key),
} as Storage;

let loads = 0;
/** Imports a new instance of consent.ts, as a page that has just started has. */
const startPage = (): Promise<typeof import('./consent')> => import(`./consent.ts?page=${++loads}`);
const copyKey = (shopId: string) => 'personaclick:consent:' + shopId;

test('stored choice applies at boot', async () => {
  await write('consent:stored', false);
  const page = await startPage();
  assert.equal(page.consentKnown(), false);

  await page.loadConsent('stored');
  assert.equal(page.consented(), false);
  assert.equal(page.consentKnown(), true);
});

test('other tab choice wins over boot read', async () => {
  // The other tab's IndexedDB write has not landed yet, but its localStorage copy has.
  await write('consent:race', true);
  items.set(copyKey('race'), 'false ' + Date.now());
  const page = await startPage();

  assert.equal(page.followConsent('race'), true);
  await page.loadConsent('race');
  assert.equal(page.consented(), false);
});

test('own newer call wins over older copy', async () => {
  const page = await startPage();
  page.setConsent(true, 'own');
  items.set(copyKey('own'), 'false ' + (Date.now() - 10));

  assert.equal(page.followConsent('own'), false);
  assert.equal(page.consented(), true);
});

test('later call in another tab applies', async () => {
  const page = await startPage();
  page.setConsent(true, 'later');
  items.set(copyKey('later'), 'false ' + (Date.now() + 10));

  assert.equal(page.followConsent('later'), true);
  assert.equal(page.consented(), false);
  assert.equal(page.followConsent('later'), false);
});

test('missing or damaged copy is ignored', async () => {
  const page = await startPage();
  await page.loadConsent('damaged');

  assert.equal(page.followConsent('damaged'), false);
  items.set(copyKey('damaged'), 'false');
  assert.equal(page.followConsent('damaged'), false);
  items.set(copyKey('damaged'), 'false soon');
  assert.equal(page.followConsent('damaged'), false);
  assert.equal(page.consented(), true);
});

test('call before shop is known is stored at boot', async () => {
  await write('consent:early', true);
  const page = await startPage();
  page.setConsent(false, undefined);
  assert.equal(items.has(copyKey('early')), false);

  await page.loadConsent('early');
  assert.equal(page.consented(), false);
  assert.equal(await read('consent:early'), false);
  assert.match(items.get(copyKey('early'))!, /^false \d+$/);
});

test('full localStorage keeps no older copy', async () => {
  items.set(copyKey('full'), 'false 1');
  const page = await startPage();
  full = true;
  try {
    page.setConsent(true, 'full');
  } finally {
    full = false;
  }

  assert.equal(items.has(copyKey('full')), false);
  assert.equal(await read('consent:full'), true);
});
