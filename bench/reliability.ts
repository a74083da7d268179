// Reliability report: runs every fault scenario of e2e/scenarios.ts against dist/pc.js in
// Chromium and in Firefox. Per engine and scenario it prints how many called events the
// collector accepted, how many it accepted more than once, and how many it never accepted. It
// writes the same table to docs/reliability.md with the date, machine, browser versions and how
// each scenario is produced.
//
// It reports and does not judge: it exits 0 when rows show lost or duplicated events (the e2e
// fault tests assert), and non-zero only when it cannot run at all.
//
// Run: npm run bench:reliability   (builds dist/pc.js first)
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { ENGINE_NAMES, launchEngine, type Engine, type EngineContext, type EngineName } from '../e2e/engines';
import { startPageServer, type PageServer } from '../e2e/page-server';
import { startRestartableCollector, type RestartableCollector } from '../e2e/restartable-collector';
import {
  EVENTS_PER_TEST,
  SCENARIOS,
  SETTLE_MS,
  tally,
  type BackForwardObservation,
  type Observation,
  type RateLimitObservation,
  type Scenario,
  type StorageObservation,
  type Tally,
} from '../e2e/scenarios';

/** Events each scenario calls; the fault tests call EVENTS_PER_TEST. */
const EVENTS_PER_SCENARIO = 6;
/** A scenario run that takes longer than this is stopped and reported as an error. */
const RUN_TIMEOUT_MS = 90_000;
const REPORT = new URL('../docs/reliability.md', import.meta.url);
const SNIPPET = new URL('../dist/pc.js', import.meta.url);

interface Row {
  engine: EngineName;
  scenario: Scenario<Observation>;
  tally?: Tally;
  notes: string[];
  seconds: number;
}

async function main(): Promise<void> {
  if (!existsSync(SNIPPET)) {
    console.error('dist/pc.js is missing: run npm run build first (npm run bench:reliability does).');
    process.exit(1);
  }
  const started = new Date();
  console.log(`Running ${SCENARIOS.length} scenarios with ${EVENTS_PER_SCENARIO} events each in ${ENGINE_NAMES.join(' and ')}.`);

  // The engines run side by side, each through its scenarios one at a time, because most of a
  // scenario is spent waiting for timers.
  const results = await Promise.all(ENGINE_NAMES.map(name => runEngine(name)));
  const rows = results.flatMap(result => result.rows);
  const versions = Object.fromEntries(ENGINE_NAMES.map((name, index) => [name, results[index].version]));
  const elapsed = (Date.now() - started.getTime()) / 1000;

  const table = formatTable(rows);
  console.log('\n' + table);
  mkdirSync(new URL('.', REPORT), { recursive: true });
  writeFileSync(REPORT, formatReport({ started, elapsed, rows, table, versions }));
  console.log(`\nWrote docs/reliability.md (${elapsed.toFixed(0)} s).`);
}

async function runEngine(name: EngineName): Promise<{ version: string; rows: Row[] }> {
  let engine: Engine;
  try {
    engine = await launchEngine(name);
  } catch (error) {
    console.error(`[${name}] failed to start: ${error}`);
    return { version: `not started: ${error}`, rows: SCENARIOS.map(scenario => ({ engine: name, scenario, notes: [`engine failed to start: ${error}`], seconds: 0 })) };
  }
  const rows: Row[] = [];
  let version = 'unknown';
  try {
    version = await engine.version();
    for (const scenario of SCENARIOS) {
      const row = await runScenario(engine, scenario);
      rows.push(row);
      console.log(`[${name}] ${scenario.title}: ${summary(row)} (${row.seconds.toFixed(1)} s)`);
    }
  } finally {
    await engine.close();
  }
  return { version, rows };
}

/** Runs one scenario on fresh servers and a fresh context; a failure becomes a note on the row. */
async function runScenario(engine: Engine, scenario: Scenario<Observation>): Promise<Row> {
  const row: Row = { engine: engine.name, scenario, notes: [], seconds: 0 };
  const started = Date.now();
  let pages: PageServer | undefined;
  let collector: RestartableCollector | undefined;
  let context: EngineContext | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    pages = await startPageServer();
    collector = await startRestartableCollector();
    context = await engine.newContext();
    const env = { context, collector, pages, events: EVENTS_PER_SCENARIO };
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${RUN_TIMEOUT_MS / 1000} s`)), RUN_TIMEOUT_MS);
    });
    const observation = await Promise.race([scenario.run(env), timeout]);
    row.tally = tally(observation);
    row.notes.push(...notesFor(observation, row.tally));
  } catch (error) {
    row.notes.push(`scenario failed: ${String(error).split('\n')[0]}`);
  } finally {
    clearTimeout(timer);
    await context?.close().catch(() => {});
    await collector?.close().catch(() => {});
    await pages?.close().catch(() => {});
  }
  row.seconds = (Date.now() - started) / 1000;
  return row;
}

/** Scenario-specific facts worth a note: the ones its fault test asserts besides the counts. */
function notesFor(observation: Observation, result: Tally): string[] {
  const notes: string[] = [];
  if ('retryGapsMs' in observation) {
    const gaps = (observation as RateLimitObservation).retryGapsMs;
    notes.push(`retries ${gaps.map(gap => (gap === null ? 'never came' : `${gap} ms`)).join(', ')} after the 429s`);
  }
  if ('restored' in observation && !(observation as BackForwardObservation).restored) {
    notes.push(`not restored from the back/forward cache (${(observation as BackForwardObservation).notRestoredReasons})`);
  }
  if ('faultInPlace' in observation && !(observation as StorageObservation).faultInPlace) {
    notes.push('the IndexedDB fault was not in place: this row measures nothing');
  }
  if (result.unexpectedIds.length) notes.push(`accepted ids never called: ${result.unexpectedIds.join(', ')}`);
  if (result.lost) notes.push(`lost: ${result.lostIds.join(', ')}`);
  if (result.duplicated) notes.push(`duplicated: ${result.duplicatedIds.join(', ')}`);
  return notes;
}

function summary(row: Row): string {
  if (!row.tally) return row.notes.join('; ');
  const { called, delivered, duplicated, lost, inits } = row.tally;
  return `${delivered}/${called} delivered, ${duplicated} duplicated, ${lost} lost, ${inits} /init`;
}

function formatTable(rows: Row[]): string {
  const lines = [
    '| engine | scenario | called | delivered | duplicated | lost | /init | notes |',
    '|---|---|---:|---:|---:|---:|---:|---|',
  ];
  for (const row of rows) {
    const counts = row.tally
      ? [row.tally.called, row.tally.delivered, row.tally.duplicated, row.tally.lost, row.tally.inits]
      : ['–', '–', '–', '–', '–'];
    lines.push(`| ${row.engine} | ${row.scenario.title} | ${counts.join(' | ')} | ${row.notes.join('; ').replace(/\|/g, '\\|')} |`);
  }
  return lines.join('\n');
}

/** Describes the snippet that was measured: size, hash, commit, and whether src/ had changes. */
function describeBuild(): string {
  const bytes = readFileSync(SNIPPET);
  const hash = createHash('sha256').update(bytes).digest('hex').slice(0, 12);
  let commit = 'unknown commit';
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
    const changed = execFileSync('git', ['status', '--porcelain', '--', 'src'], { encoding: 'utf8' }).trim() !== '';
    commit = `commit ${head}${changed ? ', with uncommitted changes in src/' : ''}`;
  } catch {
    // Not a git checkout: the hash alone identifies the build.
  }
  return `dist/pc.js, ${bytes.length} bytes, sha256 ${hash}…, built from ${commit}`;
}

function formatReport(run: { started: Date; elapsed: number; rows: Row[]; table: string; versions: Record<string, string> }): string {
  const cpus = os.cpus();
  const memoryGiB = (os.totalmem() / 2 ** 30).toFixed(0);
  const load = os.loadavg().map(value => value.toFixed(1)).join(', ');
  const methods = SCENARIOS.map(scenario => `- **${scenario.title}.** ${scenario.method} Wait after the fault: ${scenario.waitMs / 1000} s.`).join('\n');
  return `# Delivery reliability

What the collector accepted when pc.js met network faults, pages that leave, several tabs, the
back/forward cache and broken IndexedDB, in two browser engines. \`npm run bench:reliability\`
builds dist/pc.js, runs every scenario of \`e2e/scenarios.ts\` and rewrites this page. The fault
tests in \`e2e/faults-*.spec.ts\` run the same scenarios with ${EVENTS_PER_TEST} events and assert that nothing is
lost or duplicated; this page only reports.

## Results

Run on ${run.started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${run.elapsed.toFixed(0)} s in all.

${run.table}

Columns:

- **called**: events the page called, each with its own product id; the snippet accepted every call.
- **delivered**: called events the collector accepted (2xx) at least once.
- **duplicated**: accepted copies beyond the first, summed over all events.
- **lost**: called events never accepted within the scenario's bounded wait.
- **/init**: \`/init\` requests with a 200 response, each of which issued a device id. One is expected per
  device; without IndexedDB a device id cannot outlive its page view, so those rows may show one per
  page view.

## Environment

- Snippet: ${describeBuild()}.
- Chromium: ${run.versions.chromium}, driven by Playwright with the back/forward cache enabled.
- Firefox: ${run.versions.firefox}, driven by puppeteer-core over WebDriver BiDi, a fresh profile
  per scenario, with Mozilla's background services turned off (\`FIREFOX_PREFERENCES\` in
  \`e2e/engines.ts\`).
- Machine: ${os.type()} ${os.release()} ${os.arch()}, ${cpus.length} × ${cpus[0]?.model.trim() ?? 'unknown CPU'}, ${memoryGiB} GiB
  memory; load average ${load} at the end of the run. Node ${process.version}.
- Servers: the demo collector (\`demo-shop/collector.mjs\`) and a page server, both on 127.0.0.1.
  The two engines run side by side, each through the scenarios one at a time.

## How each scenario is produced

Each scenario starts a fresh collector, page server and browser context, calls
${EVENTS_PER_SCENARIO} events (more where stated), waits until all have arrived or its bounded wait
has passed, and then ${SETTLE_MS / 1000} s more for late duplicates. A run that takes over
${RUN_TIMEOUT_MS / 1000} s is stopped and shown with a note. The bounded waits assume retries that back off
exponentially from about 1 s and honour \`Retry-After\`, and events left over being sent on the next
page view of the shop and on \`online\`.

${methods}

## Limits

- The collector sees only requests that reach it, so a lost event does not tell whether the
  snippet never sent it or the browser dropped the request (for example a beacon from a closing
  page).
- A dropped connection is recorded by the collector but not accepted, so its retry is not a
  duplicate. A slow response that the snippet gave up on and sent again is one.
- Timings depend on the machine's load; a row that loses events only under load shows up here
  as lost events, not as a separate result.
`;
}

main().catch(error => {
  console.error('bench:reliability failed:', error);
  process.exit(1);
});
