// Fixtures for tests that run in both engines: the Playwright project picks the engine through
// the `engineName` option, and tests drive pages through the engine-neutral `engineContext`
// (see engines.ts) instead of Playwright's `page`. The collector here can also be stopped and
// started again on the same port.
import { test as base, expect } from './fixtures';
import { launchEngine, type Engine, type EngineContext, type EngineName } from './engines';
import { startRestartableCollector, type RestartableCollector } from './restartable-collector';
import { acceptedEvents, acceptedInits, tally, type Observation } from './scenarios';

export { expect };
export { EVENTS_PER_TEST } from './scenarios';

export interface EngineOptions {
  engineName: EngineName;
}

interface EngineFixtures {
  collector: RestartableCollector;
  /** A fresh browser context of the project's engine, closed after the test. */
  engineContext: EngineContext;
}

interface EngineWorkerFixtures extends EngineOptions {
  engine: Engine;
}

export const test = base.extend<EngineFixtures, EngineWorkerFixtures>({
  engineName: ['chromium', { option: true, scope: 'worker' }],
  engine: [
    async ({ engineName }, use) => {
      const engine = await launchEngine(engineName);
      await use(engine);
      await engine.close();
    },
    { scope: 'worker' },
  ],
  collector: async ({}, use) => {
    const collector = await startRestartableCollector();
    await use(collector);
    await collector.close();
  },
  engineContext: async ({ engine }, use, testInfo) => {
    const context = await engine.newContext();
    await use(context);
    if (testInfo.status !== testInfo.expectedStatus) {
      const lines = context.consoleLines.map(line => `${line.type}: ${line.text}`).join('\n');
      await testInfo.attach('browser console', { body: lines || '(no console messages)', contentType: 'text/plain' });
    }
    await context.close();
  },
});

/** Asserts that every called event was accepted exactly once, and nothing else was. */
export function expectExactlyOnce(observation: Observation): void {
  const result = tally(observation);
  expect(result.lostIds, 'lost events').toEqual([]);
  expect(result.duplicatedIds, 'duplicated events').toEqual([]);
  expect(result.unexpectedIds, 'events nobody called').toEqual([]);
  expect(result.delivered).toBe(observation.called.length);
}

/** Asserts one /init for the device, and that every accepted event carries the did it issued. */
export function expectOneDevice(observation: Observation): void {
  const inits = acceptedInits(observation.records);
  expect(inits, 'accepted /init requests').toHaveLength(1);
  const did = inits[0].response.did;
  const dids = new Set(acceptedEvents(observation.records).map(record => record.body.did));
  expect([...dids]).toEqual([did]);
}
