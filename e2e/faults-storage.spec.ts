// Broken IndexedDB, in every engine: the snippet must still deliver each called event exactly
// once. Without storage a device id cannot outlive its page view, so each page view may ask
// /init once. Scenarios are in scenarios.ts.
import { test, expect, expectExactlyOnce, EVENTS_PER_TEST } from './engine-fixtures';
import { acceptedInits, indexedDbMissing, indexedDbOpenHangs, indexedDbOpenThrows, type StorageObservation } from './scenarios';

test.describe.configure({ timeout: 60_000 });

function expectDelivered(observation: StorageObservation): void {
  expect(observation.faultInPlace, 'the init script broke IndexedDB in the page').toBe(true);
  expectExactlyOnce(observation);
  expect(acceptedInits(observation.records).length).toBeGreaterThanOrEqual(1);
  expect(acceptedInits(observation.records).length).toBeLessThanOrEqual(observation.pageViews);
}

test('IndexedDB open throwing SecurityError', async ({ engineContext, collector, pages }) => {
  expectDelivered(await indexedDbOpenThrows.run({ context: engineContext, collector, pages, events: EVENTS_PER_TEST }));
});

test('IndexedDB open that never completes', async ({ engineContext, collector, pages }) => {
  expectDelivered(await indexedDbOpenHangs.run({ context: engineContext, collector, pages, events: EVENTS_PER_TEST }));
});

test('indexedDB missing', async ({ engineContext, collector, pages }) => {
  expectDelivered(await indexedDbMissing.run({ context: engineContext, collector, pages, events: EVENTS_PER_TEST }));
});
