// Pages that leave, several tabs and the back/forward cache, in every engine: each called event
// must be accepted exactly once, with one /init for the device. Scenarios are in scenarios.ts.
import { test, expect, expectExactlyOnce, expectOneDevice, EVENTS_PER_TEST } from './engine-fixtures';
import { backForwardCache, leaveAfterEachCall, LEAVE_ROUNDS, twoTabsWithLeftovers } from './scenarios';

test.describe.configure({ timeout: 90_000 });

test('leaving right after each call loses nothing', async ({ engineContext, collector, pages }) => {
  const observation = await leaveAfterEachCall.run({ context: engineContext, collector, pages, events: EVENTS_PER_TEST });

  // A warm-up event, then a view and a cart event per round.
  expect(observation.called).toHaveLength(1 + 2 * LEAVE_ROUNDS);
  expectExactlyOnce(observation);
  expectOneDevice(observation);
});

test('two tabs share leftover events once', async ({ engineContext, collector, pages }) => {
  const observation = await twoTabsWithLeftovers.run({ context: engineContext, collector, pages, events: EVENTS_PER_TEST });

  expectExactlyOnce(observation);
  expectOneDevice(observation);
});

test('back/forward cache restore sends nothing twice', async ({ engineContext, collector, pages }) => {
  const observation = await backForwardCache.run({ context: engineContext, collector, pages, events: EVENTS_PER_TEST });

  expect(observation.restored, `the first page came back from the back/forward cache (${observation.notRestoredReasons})`).toBe(true);
  expectExactlyOnce(observation);
  expectOneDevice(observation);
});
