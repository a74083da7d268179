// The demo collector, made stoppable: stop() closes its port, so requests fail with "connection
// refused" as when the API is down, and start() listens again on the same port, so pages that
// already have its URL reach it again. Records of every run are kept in one list.
//
// NOTE: demo-shop/collector.mjs has no down mode of its own, so this closes the server and
// starts a new one. Another process could take the port in between; start() then fails with
// EADDRINUSE.
import { startCollector } from '../demo-shop/collector.mjs';
import type { Collector, Recorded } from './fixtures';

type FaultOptions = Parameters<Collector['fault']>[0];

export interface RestartableCollector extends Collector {
  port: number;
  /** Whether the port is open. */
  readonly running: boolean;
  /** Closes the port and every open connection. Recorded requests are kept. */
  stop(): Promise<void>;
  /** Listens on the same port again, with no fault pending. */
  start(): Promise<void>;
}

export async function startRestartableCollector(): Promise<RestartableCollector> {
  let current: Collector | null = await startCollector();
  const port = (current as Collector & { port: number }).port;
  const url = current.url;
  // Records of the runs before the current one, oldest first.
  const earlier: Recorded[] = [];

  const collector: RestartableCollector = {
    url,
    port,
    get running() {
      return current !== null;
    },
    /** Every request recorded since the first start, in the order they arrived. */
    get requests(): Recorded[] {
      return current ? [...earlier, ...current.requests] : [...earlier];
    },
    fault(options: FaultOptions) {
      if (!current) throw new Error('the collector is stopped: call start() before fault()');
      current.fault(options);
    },
    async stop() {
      if (!current) return;
      const stopped = current;
      current = null;
      await stopped.close();
      earlier.push(...stopped.requests);
    },
    async start() {
      if (current) return;
      current = await startCollector({ port });
    },
    close: () => collector.stop(),
  };
  return collector;
}
