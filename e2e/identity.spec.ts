// Sessions: a new session id after two hours without events, with the same did and no second
// /init. Also a hung /init and a throwing pc('identity') callback. One identity across page
// views is tested in delivery.spec.ts, in both engines.
import { test, expect, servePage, snippet, waitForBodies, bodies, initRequests, issuedIdentity } from './fixtures';

const HOUR = 60 * 60 * 1000;

test('session renews after two idle hours', async ({ page, pages, collector }) => {
  const start = new Date('2026-12-01T10:00:00Z').getTime();
  await page.clock.install({ time: start });
  const url = servePage(pages, '/test/session', snippet(collector));
  await page.goto(url);
  const send = (id: string) => page.evaluate(value => (window as any).pc('view', value), id);

  await send('first');
  await waitForBodies(collector, 1);
  const identity = await issuedIdentity(collector);
  await page.clock.setSystemTime(start + 2 * HOUR - 60_000);
  await send('within-two-hours');
  await waitForBodies(collector, 2);
  await page.clock.setSystemTime(start + 4 * HOUR);
  await send('after-two-idle-hours');
  await waitForBodies(collector, 3);
  // The renewed session is written to IndexedDB as the event is sent; leaving the page in the
  // same instant can abort that write, so give it the moment a visitor's next click takes.
  await page.waitForTimeout(300);
  await page.goto(url);
  await send('next-page');
  const received = await waitForBodies(collector, 4);

  expect(received[0].seance).toBe(identity.seance);
  expect(received[1].seance).toBe(identity.seance);
  const renewed = received[2].seance;
  expect(renewed).not.toBe(identity.seance);
  expect(renewed).toMatch(/^[A-Za-z0-9]{10}$/);
  expect(received[2].sid).toBe(renewed);
  expect(received[3].seance).toBe(renewed);
  for (const body of received) expect(body.did).toBe(identity.did);
  expect(initRequests(collector)).toHaveLength(1);
});

test('hung /init is retried', async ({ page, pages, collector }) => {
  test.setTimeout(60_000);
  // The collector responds to the first /init after 40 s, past the snippet's 15 s request timeout.
  collector.fault({ delayMs: 40_000, count: 1 });
  const url = servePage(pages, '/test/init-hang', snippet(collector) + `<script>pc('view', 'waits-for-init')</script>`);
  await page.goto(url);
  // Without the timeout the view waits the whole 40 s for the first /init.
  await expect.poll(() => bodies(collector).length, { timeout: 30_000 }).toBe(1);

  expect(bodies(collector)[0].items).toEqual([{ id: 'waits-for-init' }]);
});

test('throwing identity callback delays nothing', async ({ page, pages, collector, consoleLines }) => {
  const url = servePage(pages, '/test/identity-throws', snippet(collector).replace(
    '</script>',
    "; pc('identity', function () { throw Object.create(null) }); pc('view', 'after-callback')</script>",
  ));
  await page.goto(url);
  const [view] = await waitForBodies(collector, 1);
  await page.evaluate(() => (window as any).pc('identity', () => { throw Object.create(null); }));
  await page.waitForTimeout(300);

  expect(view.items).toEqual([{ id: 'after-callback' }]);
  const errors = consoleLines.filter(line => line.type === 'error').map(line => line.text);
  expect(errors).toEqual([
    "[pc] the pc('identity') callback threw: a value without a string form",
    "[pc] the pc('identity') callback threw: a value without a string form",
  ]);
  expect(consoleLines.filter(line => line.type === 'pageerror')).toEqual([]);
});
