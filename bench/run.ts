// Benchmark harness: compares dist/pc.js with the trackers shops use today on the same demo
// product page, and writes docs/benchmarks.md, docs/benchmarks.png and the raw numbers in
// bench/results/.
//
//   npm run bench                 # 7 runs of every tracker
//   npm run bench -- --runs 3     # fewer runs, for a quick look
//
// Every server listens on 127.0.0.1 at a random port, and the browser aborts any request to
// another host. Run `npm run build` first: the harness measures the dist/pc.js it finds.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

import { chromiumLaunchOptions } from '../playwright.config';
import { loadCatalog } from '../demo-shop/catalog.mjs';
import { startPageServer } from './page-server';
import { startSink } from './sink';
import { measureRun, type Product, type RunResult } from './measure';
import { PC_FILE, TRACKERS } from './trackers';
import { writeReport, type BenchResults, type Machine, type RunFailure } from './report';

const DEFAULT_RUNS = 7;
const MAX_RUNS = 50;
/** CPU slowdown factor of the throttled runs. */
const CPU_THROTTLING = 4;
const PRODUCT_ID = 'tent-2p-ultra';
const RESULTS_DIR = fileURLToPath(new URL('./results/', import.meta.url));

function parseArguments(argv: string[]): { runs: number } {
  let runs = DEFAULT_RUNS;
  for (let i = 0; i < argv.length; i++) {
    const argument = argv[i];
    if (argument === '--help' || argument === '-h') {
      console.log(`Usage: npm run bench -- [--runs N]\n  --runs N  measured runs per tracker and CPU setting, 1 to ${MAX_RUNS} (default ${DEFAULT_RUNS})`);
      process.exit(0);
    }
    const value = argument === '--runs' ? argv[++i] : argument.startsWith('--runs=') ? argument.slice('--runs='.length) : undefined;
    if (value === undefined) {
      throw new Error(`unknown argument ${JSON.stringify(argument)}: the only option is --runs N`);
    }
    runs = Number(value);
    if (!Number.isInteger(runs) || runs < 1 || runs > MAX_RUNS) {
      throw new Error(`--runs must be an integer from 1 to ${MAX_RUNS}, got ${JSON.stringify(value)}`);
    }
  }
  return { runs };
}

function describeMachine(chromiumVersion: string): Machine {
  const cpuinfo = existsSync('/proc/cpuinfo') ? readFileSync('/proc/cpuinfo', 'utf8') : '';
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpu: model,
    cores: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    os: `${os.type()} ${os.release()}`,
    chromium: chromiumVersion,
    chromiumPath: chromiumLaunchOptions.executablePath ?? 'Playwright\'s bundled Chromium',
    node: process.version,
    date: new Date().toISOString(),
    loadAverageAtStart: os.loadavg()[0],
    loadAverageAtEnd: 0,
  };
}

function findProduct(): Product {
  const product = loadCatalog().products.find((candidate: { id: string }) => candidate.id === PRODUCT_ID);
  if (!product) {
    throw new Error(`product ${PRODUCT_ID} is not in demo-shop/feed.xml: set PRODUCT_ID in bench/run.ts to a product that is`);
  }
  return { id: product.id, name: product.name, price: product.price };
}

async function main(): Promise<void> {
  const { runs } = parseArguments(process.argv.slice(2));
  if (!existsSync(PC_FILE)) {
    throw new Error(`${PC_FILE} not found: run \`npm run build\` first`);
  }
  const started = Date.now();
  const product = findProduct();
  const sink = await startSink();
  const pageServer = await startPageServer(product.id, `${sink.url}/t/pc`);
  const browser = await chromium.launch(chromiumLaunchOptions);
  const machine = describeMachine(browser.version());
  const results: RunResult[] = [];
  const failures: RunFailure[] = [];

  try {
    console.log(`Benchmark: ${TRACKERS.length} trackers, ${runs} runs each without and with ${CPU_THROTTLING}x CPU throttling`);
    console.log(`Page ${pageServer.pageUrl}, sink ${sink.url}, Chromium ${machine.chromium}`);
    for (let run = 1; run <= runs; run++) {
      // Rotate the order every run, so a slow stretch of the shared machine hits every tracker.
      const order = TRACKERS.map((_, index) => TRACKERS[(index + run - 1) % TRACKERS.length]);
      for (const cpuThrottling of [1, CPU_THROTTLING]) {
        for (const tracker of order) {
          try {
            const result = await measureRun({
              browser,
              sink,
              pageUrl: pageServer.pageUrl,
              product,
              tracker,
              cpuThrottling,
              // The burst runs unthrottled only, which keeps the default run within a few minutes.
              withBurst: cpuThrottling === 1,
              runIndex: run,
            });
            results.push(result);
            console.log(formatProgress(run, runs, result));
          } catch (error) {
            // One failed run leaves the tracker's other runs usable; the report lists it.
            const message = error instanceof Error ? error.message : String(error);
            failures.push({ tracker: tracker.name, cpuThrottling, runIndex: run, error: message });
            console.error(`run ${run}/${runs} | ${cpuThrottling}x | ${tracker.name} failed: ${message}`);
          }
        }
      }
    }
  } finally {
    await browser.close();
    await pageServer.close();
    await sink.close();
  }

  machine.loadAverageAtEnd = os.loadavg()[0];
  const benchResults: BenchResults = {
    runs,
    cpuThrottling: CPU_THROTTLING,
    product,
    machine,
    durationSeconds: Math.round((Date.now() - started) / 1000),
    trackers: TRACKERS.map(({ name, label, source, bundle }) => ({ name, label, source, bundle })),
    results,
    failures,
  };

  mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = machine.date.replace(/[:.]/g, '-');
  const json = JSON.stringify(benchResults, null, 2);
  writeFileSync(`${RESULTS_DIR}${stamp}.json`, json);
  writeFileSync(`${RESULTS_DIR}latest.json`, json);

  await writeReport(benchResults);
  console.log(`Done in ${benchResults.durationSeconds} s. Raw runs: bench/results/${stamp}.json. Report: docs/benchmarks.md, docs/benchmarks.png`);
}

function formatProgress(run: number, runs: number, result: RunResult): string {
  const parts = [
    `run ${run}/${runs}`,
    `${result.cpuThrottling}x`,
    result.tracker.padEnd(11),
    `main thread ${result.mainThreadMs.toFixed(1)} ms`,
    `view to wire ${result.viewToWireMs.toFixed(1)} ms`,
  ];
  if (result.burst) {
    parts.push(`burst ${result.burst.mainThreadMs.toFixed(0)} ms, ${result.burst.eventsDelivered} events in ${result.burst.requests} requests`);
  }
  if (result.blockedRequests.length > 0) parts.push(`BLOCKED ${result.blockedRequests.length} non-local requests`);
  if (result.sinkProblems.length > 0) parts.push(`sink problems: ${result.sinkProblems.length}`);
  return parts.join(' | ');
}

main().catch((error: Error) => {
  console.error(`bench failed: ${error.stack ?? error}`);
  process.exit(1);
});
