// Network faults between the page and the API, in every engine: each called event must be
// accepted exactly once within the scenario's bounded wait, with one /init for the device.
// Scenarios and their timing are in scenarios.ts.
import { test, expect, expectExactlyOnce, expectOneDevice, EVENTS_PER_TEST } from './engine-fixtures';
import {
  collectorDown,
  collectorDownOnFirstVisit,
  droppedConnections,
  offlineThenOnline,
  rateLimited,
  serverErrors,
  slowAnswers,
} from './scenarios';

test.describe.configure({ timeout: 60_000 });

test('collector down, then back', async ({ engineContext, collector, pages }) => {
  const observation = await collectorDown.run({ context: engineContext, collector, pages, events: EVENTS_PER_TEST });

  expectExactlyOnce(observation);
  expectOneDevice(observation);
});

test('collector down on first visit', async ({ engineContext, collector, pages }) => {
  const observation = await collectorDownOnFirstVisit.run({ context: engineContext, collector, pages, events: EVENTS_PER_TEST });

  expectExactlyOnce(observation);
  expectOneDevice(observation);
});

test('500 answers are retried', async ({ engineContext, collector, pages }) => {
  const observation = await serverErrors.run({ context: engineContext, collector, pages, events: EVENTS_PER_TEST });

  expectExactlyOnce(observation);
  expectOneDevice(observation);
  expect(observation.records.filter(record => record.status === 500)).toHaveLength(3);
});

test('429 retry waits for Retry-After', async ({ engineContext, collector, pages }) => {
  const observation = await rateLimited.run({ context: engineContext, collector, pages, events: EVENTS_PER_TEST });

  expectExactlyOnce(observation);
  expectOneDevice(observation);
  expect(observation.retryGapsMs).toHaveLength(2);
  for (const gap of observation.retryGapsMs) {
    // Retry-After: 1 means one second; 50 ms covers the time the 429 takes to reach the page.
    expect(gap).not.toBeNull();
    expect(gap!).toBeGreaterThanOrEqual(950);
  }
});

test('slow answers are not sent twice', async ({ engineContext, collector, pages }) => {
  const observation = await slowAnswers.run({ context: engineContext, collector, pages, events: EVENTS_PER_TEST });

  expectExactlyOnce(observation);
  expectOneDevice(observation);
});

test('dropped connections are retried', async ({ engineContext, collector, pages }) => {
  const observation = await droppedConnections.run({ context: engineContext, collector, pages, events: EVENTS_PER_TEST });

  expectExactlyOnce(observation);
  expectOneDevice(observation);
  expect(observation.records.filter(record => record.status === null)).toHaveLength(2);
});

test('offline events go when online', async ({ engineContext, collector, pages }) => {
  const observation = await offlineThenOnline.run({ context: engineContext, collector, pages, events: EVENTS_PER_TEST });

  expect(observation.acceptedWhileOffline).toBe(0);
  expectExactlyOnce(observation);
  expectOneDevice(observation);
});
