// How the snippet loads: the stub's queue, a second copy, settings from pc('init'), and bad
// settings or calls that must log a console error and send nothing.
import { test, expect, servePage, snippet, waitForBodies, bodies, apiRequests, initRequests, SHOP_ID } from './fixtures';

test('second copy of the script sends nothing twice', async ({ page, pages, collector, consoleLines }) => {
  const url = servePage(pages, '/test/twice', snippet(collector) + `
    <script async src="/dist/pc.js" data-shop-id="${SHOP_ID}" data-api="${collector.url}"></script>
    <script>pc('view', 5)</script>`);
  await page.goto(url);
  await waitForBodies(collector, 1);
  await page.evaluate(() => (window as any).pc('category', '2'));
  await waitForBodies(collector, 2);
  await page.waitForTimeout(500);

  expect(bodies(collector).map(body => body.event)).toEqual(['view', 'category']);
  expect(initRequests(collector).length).toBe(1);
  const warnings = consoleLines.filter(line => line.type === 'warning' && line.text.includes('more than once'));
  expect(warnings.length).toBe(1);
});

test('pc init configures a tag without data attributes', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/init', `
    <script>
      window.pc = window.pc || function () { (pc.q = pc.q || []).push(arguments) };
      pc('view', 9);
      pc('init', '${SHOP_ID}', {stream: 'gtm', api: '${collector.url}'});
      var tag = document.createElement('script');
      tag.async = true;
      tag.src = '/dist/pc.js';
      document.head.appendChild(tag);
    </script>`);
  await page.goto(url);
  const [body] = await waitForBodies(collector, 1);

  expect(body.event).toBe('view');
  expect(body.stream).toBe('gtm');
  expect(body.shop_id).toBe(SHOP_ID);
});

const badSettings: [string, string, string][] = [
  ['missing shop id', `<script async src="/dist/pc.js" data-api="API"></script>`, 'no shop_id'],
  ['placeholder shop id', `<script async src="/dist/pc.js" data-shop-id="YOUR_SHOP_ID" data-api="API"></script>`, "invalid shop_id 'YOUR_SHOP_ID' (expected the 30-character hexadecimal store key)"],
  ['malformed stream', `<script async src="/dist/pc.js" data-shop-id="${SHOP_ID}" data-stream="web-app" data-api="API"></script>`, "invalid stream 'web-app' (expected letters and digits only, at most 16)"],
  ['malformed api', `<script async src="/dist/pc.js" data-shop-id="${SHOP_ID}" data-api="127.0.0.1"></script>`, "invalid api"],
];

for (const [name, tag, message] of badSettings) {
  test(`${name} logs an error and sends nothing`, async ({ page, pages, collector, consoleLines }) => {
    const stub = '<script>window.pc = window.pc || function () { (pc.q = pc.q || []).push(arguments) }</script>';
    const url = servePage(pages, '/test/settings', stub + tag.replace('API', collector.url) + `<script>pc('view', 1)</script>`);
    await page.goto(url);
    await expect.poll(() => consoleLines.filter(line => line.type === 'error').length).toBe(1);
    await page.waitForTimeout(500);

    expect(consoleLines.find(line => line.type === 'error')?.text).toContain(message);
    expect(apiRequests(collector)).toEqual([]);
  });
}

test('bad calls log an error and send nothing', async ({ page, pages, collector, consoleLines }) => {
  const url = servePage(pages, '/test/bad-calls', snippet(collector));
  await page.goto(url);
  await page.waitForFunction(() => (window as any).pc.v);

  // Each call, and a fragment its console error must contain: command, bad value or correct call.
  const calls: [string, string][] = [
    ["pc('view')", "pc('view') was ignored: invalid id undefined"],
    ["pc('view', '')", "invalid id ''"],
    ["pc('view', {id: 1, recommended_by: 'email'})", "invalid recommended_by 'email'"],
    ["pc('cart', {id: 1, amount: '2'})", "invalid amount '2'"],
    ["pc('cart', [{id: 1, quantity: 0}])", 'invalid [0].quantity 0'],
    ["pc('remove_from_cart')", "Correct call: pc('remove_from_cart', 'SKU-1')"],
    ["pc('purchase', {items: []})", "pc('purchase') was ignored: invalid items []"],
    ["pc('purchase', {items: [{id: 1, amount: 1}], order_price: '10'})", "invalid order_price '10'"],
    ["pc('search', '')", "pc('search') was ignored"],
    ["pc('category')", 'invalid category id undefined'],
    ["pc('custom', 'x', {value: 1.5})", 'invalid value 1.5'],
    ["pc('track', 'read', {code: 'a', type: 'bulk'})", "invalid message event 'read'"],
    ["pc('wish', [{}])", "pc('wish') was ignored"],
    ["pc('viewed', 1)", "unknown command 'viewed'"],
    ['pc()', 'unknown command undefined'],
    ["pc('purchase', {get items() { throw new Error('boom') }})", "reading its arguments failed with Error: boom. Correct call: pc('purchase'"],
    ["pc('init', 'ffffffffffffffffffffffffffffff')", 'already tracks shop'],
    ["pc('clear_cart', 'SKU-1')", "pc('clear_cart') was ignored: invalid argument 'SKU-1' (expected no argument). Correct call: pc('clear_cart')"],
    ["pc('cart', [, {id: 1, quantity: 1}])", 'invalid [0].id undefined'],
    ["pc('search', 'q'.repeat(70000))", "pc('search') was ignored: the event is 70036 characters of JSON, over the limit of 65536"],
    ["pc('clear_wishlist', undefined, ['SKU-1'])", "pc('clear_wishlist') was ignored: invalid argument [\"SKU-1\"] (expected no argument)"],
    // One argument too many: the amount or the options were meant, so the default would be wrong.
    ["pc('cart', 'SKU-1', 2)", "pc('cart') was ignored: invalid argument 2 (expected at most 1 after the command). Correct call: pc('cart', {id: 'SKU-1', amount: 2})"],
    ["pc('view', 'SKU-1', {recommended_by: 'dynamic'})", "invalid argument {\"recommended_by\":\"dynamic\"} (expected at most 1 after the command)"],
    ["pc('custom', 'signup', {}, 'extra')", "invalid argument 'extra' (expected at most 2 after the command)"],
    ["pc('consent', true, 'yes')", "pc('consent') was ignored: invalid argument 'yes'"],
    // Thrown values that String() cannot convert must not escape pc() either.
    ["pc('view', {get id() { throw Object.create(null) }})", 'reading its arguments failed with a value without a string form'],
    ["pc('view', new Proxy({}, {ownKeys() { throw {toString() { throw 1 }} }}))", 'reading its arguments failed with a value without a string form'],
  ];
  for (const [call] of calls) await page.evaluate(call);
  await page.evaluate(() => (window as any).pc('view', 'sentinel'));
  await waitForBodies(collector, 1);
  await page.waitForTimeout(300);

  const errors = consoleLines.filter(line => line.type === 'error' && line.text.startsWith('[pc]')).map(line => line.text);
  expect(errors.length, errors.join('\n')).toBe(calls.length);
  calls.forEach(([call, fragment], index) => expect(errors[index], call).toContain(fragment));
  expect(bodies(collector)).toHaveLength(1);
  expect(bodies(collector)[0].items).toEqual([{ id: 'sentinel' }]);
  expect(consoleLines.filter(line => line.type === 'pageerror')).toEqual([]);
});

test('second pc init keeps one identity', async ({ page, pages, collector, consoleLines }) => {
  const url = servePage(pages, '/test/init-twice', snippet(collector) + `
    <script>pc('init', '${SHOP_ID}', {api: '${collector.url}'}); pc('view', 'P1');</script>`);
  await page.goto(url);
  await waitForBodies(collector, 1);
  await page.evaluate(shop => (window as any).pc('init', shop, { stream: 'app', did: 'my-own-did' }), SHOP_ID);
  await page.evaluate(() => (window as any).pc('view', 'P2'));
  await page.goto(url + '?next');
  const received = await waitForBodies(collector, 3);

  expect(initRequests(collector)).toHaveLength(1);
  expect(new Set(received.map(body => body.did)).size).toBe(1);
  expect(received.map(body => body.stream)).toEqual(['web', 'app', 'web']);
  const warnings = consoleLines.filter(line => line.type === 'warning').map(line => line.text);
  expect(warnings).toContain("[pc] pc('init') ignored did 'my-own-did': only the first call sets the device id.");
});

test('second init keeps earlier streams', async ({ page, pages, collector }) => {
  // A slow /init keeps the first view waiting while the stream changes.
  collector.fault({ delayMs: 800, count: 1 });
  const url = servePage(pages, '/test/init-stream', snippet(collector) + `
    <script>pc('view', 'called-on-web'); pc('init', '${SHOP_ID}', {stream: 'app'}); pc('view', 'called-on-app');</script>`);
  await page.goto(url);
  const received = await waitForBodies(collector, 2);

  expect(received.map(body => [body.items[0].id, body.stream])).toEqual([['called-on-web', 'web'], ['called-on-app', 'app']]);
});

test('upper-case shop id is normalised', async ({ page, pages, collector }) => {
  const stub = '<script>window.pc = window.pc || function () { (pc.q = pc.q || []).push(arguments) }</script>';
  const url = servePage(pages, '/test/upper', stub + `<script async src="/dist/pc.js" data-shop-id="${SHOP_ID.toUpperCase()}" data-api="${collector.url}"></script><script>pc('view', 1)</script>`);
  await page.goto(url);
  const [body] = await waitForBodies(collector, 1);

  expect(body.shop_id).toBe(SHOP_ID);
});

test('unknown shop stops after one /init', async ({ page, pages, collector, consoleLines }) => {
  const stub = '<script>window.pc = window.pc || function () { (pc.q = pc.q || []).push(arguments) }</script>';
  const unknown = 'abcdefabcdefabcdefabcdefabcdef';
  const url = servePage(pages, '/test/unknown-shop', stub + `<script async src="/dist/pc.js" data-shop-id="${unknown}" data-api="${collector.url}"></script><script>pc('view', 1)</script>`);
  await page.goto(url);
  await expect.poll(() => consoleLines.filter(line => line.text.includes('/init failed with 403')).length).toBe(1);
  await page.waitForTimeout(2500);

  expect(initRequests(collector)).toHaveLength(1);
  expect(bodies(collector)).toEqual([]);
  expect(consoleLines.find(line => line.text.includes('/init failed with 403'))?.text).toContain(`Check the shop_id ${unknown}`);
});

test('bad queue entry keeps the rest', async ({ page, pages, collector, consoleLines }) => {
  const url = servePage(pages, '/test/bad-queue', `
    <script>window.pc = function () { (pc.q = pc.q || []).push(arguments) }; pc.q = [null]; pc('view', 'Q1');</script>
    <script async src="/dist/pc.js" data-shop-id="${SHOP_ID}" data-api="${collector.url}"></script>`);
  await page.goto(url);
  const [body] = await waitForBodies(collector, 1);

  expect(body.items).toEqual([{ id: 'Q1' }]);
  expect(consoleLines.filter(line => line.text.includes('ignored queued call null')).length).toBe(1);
});

test('empty custom properties are left out', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/empty-properties', snippet(collector) + `
    <script>
      pc('purchase', {items: [{id: 'a', amount: 1}], custom: {gift_wrap: '', floor: 2}});
      pc('custom', 'signup', {payload: {note: '', plan: 'weekly'}});
    </script>`);
  await page.goto(url);
  const [purchase] = await waitForBodies(collector, 1);
  const [custom] = await waitForBodies(collector, 1, '/push/custom');

  expect(purchase.custom).toEqual({ floor: 2 });
  expect(custom.payload).toEqual({ plan: 'weekly' });
  expect(collector.requests.filter(request => request.status >= 400)).toEqual([]);
});

test('data-stream sets the stream of every event', async ({ page, pages, collector }) => {
  const url = servePage(pages, '/test/stream', snippet(collector, 'data-stream="kiosk1"') + `<script>pc('view', 7)</script>`);
  await page.goto(url);
  const [body] = await waitForBodies(collector, 1);

  expect(body.stream).toBe('kiosk1');
  expect(initRequests(collector)[0].query.stream).toBe('kiosk1');
});

// Records every storage, cookie, IndexedDB and layout access made while pc.js's own top level
// runs: for a classic script, document.currentScript is its tag only during that run.
const RECORD_BOOT_WORK = `
  window.bootWork = [];
  const duringBoot = () => { const tag = document.currentScript; return !!tag && /\\/pc\\.js$/.test(tag.src); };
  const watch = (owner, name, label) => {
    const descriptor = Object.getOwnPropertyDescriptor(owner, name);
    const wrap = original => function (...args) {
      if (duringBoot()) window.bootWork.push(label);
      return original.apply(this, args);
    };
    if (descriptor.get) Object.defineProperty(owner, name, { ...descriptor, get: wrap(descriptor.get), ...(descriptor.set && { set: wrap(descriptor.set) }) });
    else Object.defineProperty(owner, name, { ...descriptor, value: wrap(descriptor.value) });
  };
  const home = name => (Object.getOwnPropertyDescriptor(window, name) ? window : Window.prototype);
  watch(home('localStorage'), 'localStorage', 'localStorage');
  watch(home('sessionStorage'), 'sessionStorage', 'sessionStorage');
  watch(Document.prototype, 'cookie', 'document.cookie');
  watch(IDBFactory.prototype, 'open', 'indexedDB.open');
  watch(Element.prototype, 'getBoundingClientRect', 'getBoundingClientRect');
  watch(Element.prototype, 'getClientRects', 'getClientRects');
  for (const name of ['offsetWidth', 'offsetHeight', 'offsetTop', 'offsetLeft']) watch(HTMLElement.prototype, name, name);
  for (const name of ['clientWidth', 'clientHeight', 'scrollTop', 'scrollLeft']) watch(Element.prototype, name, name);
  watch(window, 'getComputedStyle', 'getComputedStyle');
`;

test('boot touches no storage or layout', async ({ page, pages, collector }) => {
  await page.addInitScript(RECORD_BOOT_WORK);
  const url = servePage(pages, '/test/boot', snippet(collector) + `<script>pc('view', 'SKU-1')</script>`);
  await page.goto(url);
  await waitForBodies(collector, 1);

  const work = await page.evaluate(() => ({ recorded: (window as any).bootWork, installed: typeof (window as any).pc.v }));
  expect(work.installed).toBe('number');
  expect(work.recorded).toEqual([]);
});
