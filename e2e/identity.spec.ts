// Sessions: a new session id after two hours without events, with the same did and no second
// /init. One identity across page views is tested in delivery.spec.ts, in both engines.
import { test, expect, servePage, snippet, waitForBodies, initRequests, issuedIdentity } from './fixtures';

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
