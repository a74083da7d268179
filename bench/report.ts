// Turns the raw runs into docs/benchmarks.md (medians and ratios to pc.js) and the chart
// docs/benchmarks.png, rendered as SVG in Chromium and screenshotted.

import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

import { chromiumLaunchOptions } from '../playwright.config';
import { BURST_CALLS, BURST_MAX_MS, BURST_QUIET_MS, SETTLE_MS, STARTUP_QUIET_MS, type Product, type RunResult } from './measure';

const DOCS_DIR = fileURLToPath(new URL('../docs/', import.meta.url));
const OURS = 'pc';

export interface Machine {
  cpu: string;
  cores: number;
  memoryGiB: number;
  os: string;
  chromium: string;
  chromiumPath: string;
  node: string;
  /** ISO time the run started. */
  date: string;
  /** 1-minute load average, a sign of other work sharing the machine. */
  loadAverageAtStart: number;
  loadAverageAtEnd: number;
}

/** A run that threw, so it has no figures. */
export interface RunFailure {
  tracker: string;
  cpuThrottling: number;
  runIndex: number;
  error: string;
}

export interface BenchResults {
  runs: number;
  cpuThrottling: number;
  product: Product;
  machine: Machine;
  durationSeconds: number;
  trackers: Array<{ name: string; label: string; source: string; bundle: string }>;
  results: RunResult[];
  failures: RunFailure[];
}

interface Figure {
  label: string;
  /** True for a figure from the CPU-throttled runs. */
  throttled: boolean;
  value(result: RunResult): number | null;
  format(value: number): string;
}

const bytes = (value: number) => Math.round(value).toLocaleString('en-US');
const ms = (value: number) => (value >= 100 ? value.toFixed(0) : value.toFixed(1));
const kib = (value: number) => (value / 1024).toFixed(1);
const count = (value: number) => (Number.isInteger(value) ? String(value) : value.toFixed(1));

function figures(throttling: number): Figure[] {
  return [
    { label: 'Script transferred, raw (bytes)', throttled: false, value: (r) => r.scriptBytes.raw, format: bytes },
    { label: 'Script transferred, gzip (bytes)', throttled: false, value: (r) => r.scriptBytes.gzip, format: bytes },
    { label: 'Script transferred, brotli (bytes)', throttled: false, value: (r) => r.scriptBytes.brotli, format: bytes },
    { label: 'Parse and evaluate (ms)', throttled: false, value: (r) => r.parseEvaluateMs, format: ms },
    { label: `Parse and evaluate, ${throttling}x CPU throttling (ms)`, throttled: true, value: (r) => r.parseEvaluateMs, format: ms },
    { label: 'Main-thread time, load and 3 events (ms)', throttled: false, value: (r) => r.mainThreadMs, format: ms },
    { label: `Main-thread time, ${throttling}x CPU throttling (ms)`, throttled: true, value: (r) => r.mainThreadMs, format: ms },
    { label: 'View call to request on the wire (ms)', throttled: false, value: (r) => r.viewToWireMs, format: ms },
    { label: 'JS heap added (KiB)', throttled: false, value: (r) => r.heapAddedBytes, format: kib },
    { label: 'Long tasks, load and 3 events (count)', throttled: false, value: (r) => r.longTasks?.count ?? null, format: count },
    { label: `Long tasks, ${throttling}x CPU throttling (count)`, throttled: true, value: (r) => r.longTasks?.count ?? null, format: count },
    { label: 'Requests, load and 3 events (count)', throttled: false, value: (r) => r.requests, format: count },
    { label: `Burst of ${BURST_CALLS.toLocaleString('en-US')} calls: main-thread time (ms)`, throttled: false, value: (r) => r.burst?.mainThreadMs ?? null, format: ms },
    { label: 'Burst: the calls\' own loop (ms)', throttled: false, value: (r) => r.burst?.loopMs ?? null, format: ms },
    { label: 'Burst: requests (count)', throttled: false, value: (r) => r.burst?.requests ?? null, format: count },
    { label: `Burst: events delivered (of ${BURST_CALLS.toLocaleString('en-US')})`, throttled: false, value: (r) => r.burst?.eventsDelivered ?? null, format: count },
    { label: 'Burst: long tasks (count)', throttled: false, value: (r) => r.burst?.longTasks?.count ?? null, format: count },
  ];
}

export function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function medianOf(results: RunResult[], tracker: string, figure: Figure, throttling: number): number | null {
  const values = results
    .filter((result) => result.tracker === tracker && result.cpuThrottling === (figure.throttled ? throttling : 1))
    .map((result) => figure.value(result))
    .filter((value): value is number => value !== null && Number.isFinite(value));
  return median(values);
}

function formatRatio(value: number | null, ours: number | null): string {
  if (value === null || ours === null || ours <= 0) return '–';
  const ratio = value / ours;
  if (ratio >= 100) return ratio.toFixed(0);
  if (ratio >= 10) return ratio.toFixed(1);
  return ratio.toFixed(2);
}

/** Writes docs/benchmarks.md and docs/benchmarks.png. */
export async function writeReport(bench: BenchResults): Promise<void> {
  mkdirSync(DOCS_DIR, { recursive: true });
  writeFileSync(`${DOCS_DIR}benchmarks.md`, renderMarkdown(bench));
  await renderChart(bench, `${DOCS_DIR}benchmarks.png`);
}

function renderTable(bench: BenchResults): string {
  const header = `| figure (median of ${bench.runs === 1 ? '1 run' : `${bench.runs} runs`}) | ${bench.trackers.map((tracker) => tracker.label).join(' | ')} |`;
  const divider = `|---|${bench.trackers.map(() => '---:').join('|')}|`;
  const rows = figures(bench.cpuThrottling).map((figure) => {
    const ours = medianOf(bench.results, OURS, figure, bench.cpuThrottling);
    const cells = bench.trackers.map((tracker) => {
      const value = medianOf(bench.results, tracker.name, figure, bench.cpuThrottling);
      return value === null ? 'not measured' : `${figure.format(value)} (${formatRatio(value, ours)})`;
    });
    return `| ${figure.label} | ${cells.join(' | ')} |`;
  });
  return [header, divider, ...rows].join('\n');
}

// Lists requests to other hosts, which the browser aborted, per tracker.
function renderBlocked(bench: BenchResults): string {
  const lines = bench.trackers.map((tracker) => {
    const urls = bench.results.filter((result) => result.tracker === tracker.name).flatMap((result) => result.blockedRequests);
    if (urls.length === 0) return `- ${tracker.label}: none.`;
    const hosts = [...new Set(urls.map((url) => new URL(url).host))].join(', ');
    return `- ${tracker.label}: ${urls.length} requests over all runs, to ${hosts}.`;
  });
  return lines.join('\n');
}

// Lists each tracker's distinct console errors and sink problems, with how many runs had them.
function renderProblems(bench: BenchResults): string {
  const lines: string[] = [];
  for (const tracker of bench.trackers) {
    const runs = bench.results.filter((result) => result.tracker === tracker.name);
    const seen = new Map<string, number>();
    for (const result of runs) {
      const messages = new Set([
        ...result.consoleErrors.map((text) => `console error: ${text.replace(/https?:\/\/127\.0\.0\.1:\d+/g, '<local>')}`),
        ...result.sinkProblems.map((text) => `sink: ${text}`),
      ]);
      for (const message of messages) seen.set(message, (seen.get(message) ?? 0) + 1);
    }
    for (const [message, runCount] of seen) {
      lines.push(`- ${tracker.label}, in ${runCount} of ${runs.length} runs: ${message.replace(/\|/g, '\\|')}`);
    }
  }
  return lines.length > 0 ? lines.join('\n') : '- None.';
}

function renderFailures(bench: BenchResults): string {
  if (bench.failures.length === 0) return 'None: every run finished, and every median above is over all of them.';
  const lines = bench.failures.map((failure) => {
    const label = bench.trackers.find((tracker) => tracker.name === failure.tracker)?.label ?? failure.tracker;
    return `- ${label}, run ${failure.runIndex} at ${failure.cpuThrottling}x: ${failure.error.replace(/\|/g, '\\|')}`;
  });
  return ['The medians above leave these runs out:', '', ...lines].join('\n');
}

// Lists the figures a tracker produced in no run, with the reason.
function renderUnmeasured(bench: BenchResults): string {
  const lines: string[] = [];
  for (const figure of figures(bench.cpuThrottling)) {
    for (const tracker of bench.trackers) {
      if (medianOf(bench.results, tracker.name, figure, bench.cpuThrottling) !== null) continue;
      const throttling = figure.throttled ? bench.cpuThrottling : 1;
      const finished = bench.results.some((result) => result.tracker === tracker.name && result.cpuThrottling === throttling);
      let reason = 'no run produced a value';
      if (!finished) reason = 'every run failed (see above)';
      else if (/long tasks/i.test(figure.label)) reason = 'the browser reported no long-task support';
      lines.push(`- ${tracker.label}, ${figure.label}: ${reason}.`);
    }
  }
  return lines.length > 0 ? lines.join('\n') : '- None: every tracker produced every figure.';
}

function renderMarkdown(bench: BenchResults): string {
  const { machine } = bench;
  const runsText = bench.runs === 1 ? '1 run' : `${bench.runs} runs`;
  const trackerRows = bench.trackers.map((tracker) => `| ${tracker.label} | ${tracker.source} | ${tracker.bundle} |`).join('\n');
  return `# Tracker benchmarks

pc.js compared with the trackers shops use today, on the demo shop's product page in headless
Chromium. Each figure is the median of ${runsText}. The number in brackets is the median divided
by pc.js's median, so pc.js is 1.00 and 2.00 means twice pc.js's figure. This page and the chart
are generated by:

\`\`\`sh
npm run build && npm run bench            # 7 runs, the default
npm run bench -- --runs 3                 # fewer runs, for a quick look
\`\`\`

This page comes from ${runsText}${bench.runs === 7 ? ', the default' : ''}, which took ${bench.durationSeconds} s.

![Bar chart of the medians below](benchmarks.png)

${renderTable(bench)}

"–" marks a ratio that has no meaning because pc.js's median is 0.

## Machine

| | |
|---|---|
| CPU | ${machine.cpu}, ${machine.cores} cores |
| memory | ${machine.memoryGiB} GiB |
| OS | ${machine.os} |
| browser | Chromium ${machine.chromium} (${machine.chromiumPath}), headless |
| Node.js | ${machine.node} |
| date | ${machine.date} |
| runs | ${runsText} per tracker unthrottled and ${runsText} at ${bench.cpuThrottling}x CPU throttling |
| whole run | ${bench.durationSeconds} s |
| 1-minute load average | ${machine.loadAverageAtStart.toFixed(2)} at the start, ${machine.loadAverageAtEnd.toFixed(2)} at the end |

Other work may share this machine's ${machine.cores} cores while the benchmark runs, which the load
average shows. The harness rotates the tracker order every run so that a slow stretch affects
every tracker, and reports medians. Times from another machine, or from a run under a different
load, are not comparable with these. Ratios vary less.

## What is measured

| tracker | package | served bundle |
|---|---|---|
${trackerRows}

The page is the demo shop's \`/product/${bench.product.id}\`, fetched from a demo shop started on
127.0.0.1 when the harness starts, with the pc.js install and the template's \`pc()\` calls
stripped. bench/page-server.ts serves that copy and its assets. The harness adds
bench/page/prelude.js at the top of \`<head>\`.

A local sink (bench/sink.ts) on 127.0.0.1 serves every tracker's scripts under \`/t/<tracker>/\`.
It also responds to what each tracker fetches at start-up and to the events it sends. These
are pc.js's \`/init\` and \`/push\` (checked with the demo collector's rules), Segment's project
settings, PostHog's remote config, and RudderStack's source configuration. The page and the sink are on different ports, so every
tracker request is cross-origin, as it is on a real shop.

Each run opens a new browser context (empty cookies, storage and cache), loads the page, adds
one tracker and waits for its ready signal, and waits until the tracker has made no request for
${STARTUP_QUIET_MS} ms. The page then calls the tracker's own API for a product view, an add to
cart and a purchase, one after the other in one task. Event names and properties follow the
Segment e-commerce spec (\`Product Viewed\`, \`Product Added\`, \`Order Completed\`), and pc.js
gets \`pc('view', id)\`, \`pc('cart', {id, amount})\` and
\`pc('purchase', {items, order_id, order_price})\`. Unthrottled runs then make
${BURST_CALLS.toLocaleString('en-US')} view calls in one loop.

Settings that differ from each tracker's defaults:

- Segment: the project settings, which Segment's CDN normally serves, send events to the sink
  over http and set the metrics sample rate to 0. Any chunk it loads lazily comes from the
  package's \`dist/umd/\`, and with these settings it loads none.
- PostHog: \`capture_pageview: false\`, so the only page-view event is the explicit one, and
  \`opt_out_useragent_filter: true\`, because PostHog drops every event from a user agent that
  contains "HeadlessChrome". The remote config turns recordings, surveys and heatmaps off, as
  in a new project. ${bench.trackers.find((tracker) => tracker.name === 'posthog')?.source ?? 'posthog-js'} still loads
  \`surveys.js\` once it has a remote config, even one with surveys off, and that file counts in
  its script bytes.
- RudderStack: the source configuration has no destinations and turns error and metrics
  reports off. The plugin and destination base URLs point at the sink.
- Plausible: \`autoCapturePageviews: false\`, \`captureOnLocalhost: true\`, and
  \`window.__plausible = true\`, because plausible.js drops every event while
  \`navigator.webdriver\` is true, as it is under Playwright.

How each figure is measured:

- **Script transferred**: the sum over every script the tracker made the browser fetch in a run:
  the entry script, lazily loaded chunks, and PostHog's generated \`config.js\`. Sizes come from
  the bytes the sink served: raw, gzip at level 9 and brotli at quality 11.
- **Parse and evaluate**: main-thread time compiling and running the top level of the tracker's
  scripts, from a Chrome DevTools Protocol trace (\`Tracing.start\` through Playwright's
  \`browser.startTracing()\`) of the renderer's main thread. It is the union of the trace events \`v8.compile\`, \`v8.compileModule\`,
  \`v8.produceCache\`, \`v8.run\` and \`EvaluateScript\` for the tracker's script URLs, and of the
  CPU-profile samples whose outermost tracker frame is a script's top level. For Plausible, an
  ES module, the unnamed \`v8.evaluateModule\` events count too, since it is the page's only
  module. Streaming parse on a background thread is not main-thread time and is left out.
- **Main-thread time**: everything the tracker's code ran on the renderer's main thread from
  adding the tracker to ${SETTLE_MS} ms after the last of its three events reached the sink. It is the
  union of the trace events above plus \`FunctionCall\` for the tracker's URLs, and of every
  V8 CPU-profile sample whose stack has a frame from the tracker's scripts. The samples come
  from Chromium's \`disabled-by-default-v8.cpu_profiler\` trace category, about one every
  200 µs in these traces. Garbage
  collection, layout and network work in the browser process are not attributed.
- **${bench.cpuThrottling}x CPU throttling**: the same runs with
  \`Emulation.setCPUThrottlingRate({rate: ${bench.cpuThrottling}})\`, without the burst.
- **View call to request on the wire**: the sink's receive time of the request carrying the
  view event (when its headers arrived, \`performance.timeOrigin + performance.now()\` in Node)
  minus the page's \`performance.timeOrigin + performance.now()\` just before the view call.
  Both clocks count from the machine's wall clock. The call is made after start-up has
  finished, so script download and start-up requests are not in it. A tracker that batches
  shows its batch delay. Playwright's request interception, which enforces the local-only rule, sits in front
  of every request of every tracker and adds a little to each.
- **JS heap added**: \`JSHeapUsedSize\` from \`Performance.getMetrics\` after
  \`HeapProfiler.collectGarbage\`, read before the tracker is added and again after its three
  events.
- **Long tasks**: entries of a \`PerformanceObserver\` for \`longtask\`, registered before
  anything else on the page, that start in the measured window. Nothing else runs on the page
  then, so they are the tracker's.
- **Requests**: requests the tracker made to the sink from being added to the end of its three
  events, start-up requests and script downloads included. While Playwright intercepts requests
  it responds to CORS preflights itself, so preflights never reach the sink and are not counted.
  The preflight's round trip to Playwright is still inside the view-to-wire time.
- **Burst**: ${BURST_CALLS.toLocaleString('en-US')} view calls in one synchronous loop. The window
  ends when all ${BURST_CALLS.toLocaleString('en-US')} events have arrived, when no request has
  arrived for ${BURST_QUIET_MS} ms, or ${BURST_MAX_MS} ms after the loop, whichever comes first.
  PostHog sends its queue every 3 s, so both limits are 3,000 ms longer for it. Main-thread
  time is attributed as above over that window, from a trace that records only the CPU profile
  and the marks, because the timeline categories slow a thousand calls down. The loop row is
  the calls' own synchronous time. Events delivered are the burst events the sink received in
  the window.

Raw per-run numbers are in \`bench/results/\` (not committed).

## Requests to other hosts

The browser context aborts every request whose host is not 127.0.0.1 with
\`route.abort()\`, and WebSockets to other hosts too. Aborted requests per tracker:

${renderBlocked(bench)}

## Console errors and rejected requests

${renderProblems(bench)}

## Failed runs

${renderFailures(bench)}

## Figures not measured

${renderUnmeasured(bench)}

Not measured for any tracker: work a tracker causes outside its own JavaScript, such as garbage
collection, style and layout, and the network stack. Also not measured: the time from a view
called while the tracker is still loading, which the queue stubs of pc.js, Segment, PostHog and
RudderStack would accept.
`;
}

interface ChartPanel {
  title: string;
  figure: Figure;
  scale: (value: number) => number;
  unit: string;
}

async function renderChart(bench: BenchResults, path: string): Promise<void> {
  const all = figures(bench.cpuThrottling);
  const byLabel = (label: string) => all.find((figure) => figure.label.startsWith(label))!;
  const panels: ChartPanel[] = [
    { title: 'Script transferred, gzip', figure: byLabel('Script transferred, gzip'), scale: (v) => v / 1024, unit: 'KiB' },
    { title: 'Main-thread time, load and 3 events', figure: byLabel('Main-thread time, load'), scale: (v) => v, unit: 'ms' },
    { title: `Main-thread time, ${bench.cpuThrottling}x CPU throttling`, figure: byLabel(`Main-thread time, ${bench.cpuThrottling}x`), scale: (v) => v, unit: 'ms' },
    { title: 'View call to request on the wire', figure: byLabel('View call to request'), scale: (v) => v, unit: 'ms' },
    { title: 'JS heap added', figure: byLabel('JS heap added'), scale: (v) => v / 1024, unit: 'KiB' },
    { title: `Burst of ${BURST_CALLS.toLocaleString('en-US')} calls: main-thread time`, figure: byLabel('Burst of'), scale: (v) => v, unit: 'ms' },
  ];

  const panelWidth = 560;
  const rowHeight = 30;
  const panelHeight = 58 + bench.trackers.length * rowHeight;
  const columns = 2;
  const labelWidth = 120;
  const barSpace = panelWidth - labelWidth - 170;
  const svgParts: string[] = [];

  panels.forEach((panel, index) => {
    const x = (index % columns) * (panelWidth + 20) + 20;
    const y = Math.floor(index / columns) * (panelHeight + 16) + 70;
    const ours = medianOf(bench.results, OURS, panel.figure, bench.cpuThrottling);
    const values = bench.trackers.map((tracker) => medianOf(bench.results, tracker.name, panel.figure, bench.cpuThrottling));
    const maximum = Math.max(...values.map((value) => Math.max(value ?? 0, 0)), 1e-9);

    svgParts.push(`<rect x="${x}" y="${y}" width="${panelWidth}" height="${panelHeight}" rx="8" fill="#fff" stroke="#d8dde3"/>`);
    svgParts.push(`<text x="${x + 16}" y="${y + 30}" class="title">${escapeXml(panel.title)} (${panel.unit}, median)</text>`);
    bench.trackers.forEach((tracker, row) => {
      const value = values[row];
      const rowY = y + 48 + row * rowHeight;
      const isOurs = tracker.name === OURS;
      svgParts.push(`<text x="${x + 16}" y="${rowY + 15}" class="${isOurs ? 'label ours' : 'label'}">${escapeXml(tracker.label)}</text>`);
      if (value === null) {
        svgParts.push(`<text x="${x + labelWidth + 8}" y="${rowY + 15}" class="value">not measured</text>`);
        return;
      }
      const width = Math.max((Math.max(value, 0) / maximum) * barSpace, 2);
      const scaled = panel.scale(value);
      const text = `${scaled >= 100 ? scaled.toFixed(0) : scaled.toFixed(1)} ${panel.unit}  ×${formatRatio(value, ours)}`;
      svgParts.push(`<rect x="${x + labelWidth}" y="${rowY + 2}" width="${width.toFixed(1)}" height="18" rx="3" fill="${isOurs ? '#1f5f46' : '#8da2b5'}"/>`);
      svgParts.push(`<text x="${x + labelWidth + width + 8}" y="${rowY + 15}" class="value">${escapeXml(text)}</text>`);
    });
  });

  const rows = Math.ceil(panels.length / columns);
  const width = columns * (panelWidth + 20) + 20;
  const height = 70 + rows * (panelHeight + 16) + 24;
  const runsText = bench.runs === 1 ? '1 run' : `${bench.runs} runs`;
  const subtitle = `Median of ${runsText}, headless Chromium ${bench.machine.chromium}, ${bench.machine.cpu} (${bench.machine.cores} cores), ${bench.machine.date.slice(0, 10)}. ×N: the median divided by pc.js's median.`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">
<style>
text { font-family: "DejaVu Sans", Arial, sans-serif; fill: #1d2733; }
.heading { font-size: 22px; font-weight: bold; }
.subtitle { font-size: 13px; fill: #5b6773; }
.title { font-size: 15px; font-weight: bold; }
.label { font-size: 13px; }
.ours { font-weight: bold; fill: #1f5f46; }
.value { font-size: 12.5px; fill: #33404d; }
</style>
<rect width="100%" height="100%" fill="#f7f6f2"/>
<text x="20" y="32" class="heading">pc.js compared with other trackers on the demo product page</text>
<text x="20" y="54" class="subtitle">${escapeXml(subtitle)}</text>
${svgParts.join('\n')}
</svg>`;

  const browser = await chromium.launch(chromiumLaunchOptions);
  try {
    const page = await browser.newPage({ viewport: { width, height }, deviceScaleFactor: 2 });
    await page.setContent(`<!doctype html><html><body style="margin:0">${svg}</body></html>`);
    await page.locator('svg').screenshot({ path });
  } finally {
    await browser.close();
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
