// The trackers the benchmark compares: where each one's scripts come from, which file the sink
// serves for each script path, and how to count each tracker's events in a request body.
// The page side of each tracker (loading, init, the three shop events) is in page/prelude.js.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Store key the pc.js script tag carries: the demo shop's, which the sink's checks accept. */
export { DEMO_SHOP_ID as PC_SHOP_ID } from '../demo-shop/config.mjs';
/** Project keys given to the other trackers. They only appear in requests to the sink. */
export const SEGMENT_WRITE_KEY = 'benchWriteKey0000000000000000000';
export const POSTHOG_TOKEN = 'phc_bench0000000000000000000000000000000000';
export const RUDDERSTACK_WRITE_KEY = 'benchRudderWriteKey000000000';

export type TrackerName = 'pc' | 'segment' | 'posthog' | 'rudderstack' | 'plausible';

/** Events of one kind found in one request body. */
export interface EventCounts {
  view: number;
  cart: number;
  purchase: number;
  burst: number;
}

export interface Tracker {
  name: TrackerName;
  /** Name shown in the report. */
  label: string;
  /** npm package and version the scripts come from, or the repository's own build. */
  source: string;
  /** Returns the file served at a URL path under /t/<name>/, or null. Every such file counts as script bytes. */
  resolveFile(path: string): string | null;
  /** One-line description of the served bundle, for the report. */
  bundle: string;
  /** True when the page loads the tracker as an ES module. */
  isModule?: boolean;
  /**
   * Interval in ms at which the tracker sends queued events by default, when it batches them on
   * a timer. The burst window waits one such interval longer for it.
   */
  flushIntervalMs?: number;
}

// Some of these packages do not export ./package.json, so their folders are found directly.
function packageDir(name: string): string {
  return join(REPO_ROOT, 'node_modules', name);
}

function packageVersion(name: string): string {
  const manifest = JSON.parse(readFileSync(join(packageDir(name), 'package.json'), 'utf8')) as { version: string };
  return manifest.version;
}

// Accepts only plain file names, so a request path can never leave the package folder.
function fileIn(folder: string, name: string): string | null {
  return /^[A-Za-z0-9][A-Za-z0-9._-]*\.js$/.test(name) ? join(folder, name) : null;
}

const segmentDir = join(packageDir('@segment/analytics-next'), 'dist', 'umd');
const posthogDir = join(packageDir('posthog-js'), 'dist');
const rudderstackFile = join(
  packageDir('@rudderstack/analytics-js'),
  'dist', 'npm', 'modern', 'bundled', 'umd', 'index.js',
);
const plausibleFile = join(packageDir('@plausible-analytics/tracker'), 'plausible.js');
export const PC_FILE = join(REPO_ROOT, 'dist', 'pc.js');

export const TRACKERS: Tracker[] = [
  {
    name: 'pc',
    label: 'pc.js (ours)',
    source: 'this repository, dist/pc.js',
    bundle: 'dist/pc.js, the minified build of src/',
    resolveFile: (path) => (path === '/pc.js' ? PC_FILE : null),
  },
  {
    name: 'segment',
    label: 'Segment',
    source: `@segment/analytics-next ${packageVersion('@segment/analytics-next')}`,
    bundle: 'dist/umd/standalone.js, plus the chunks it loads from dist/umd/',
    resolveFile(path) {
      if (path === '/analytics.js') return join(segmentDir, 'standalone.js');
      const chunk = /^\/analytics-next\/bundles\/([^/]+)$/.exec(path);
      return chunk ? fileIn(segmentDir, chunk[1]) : null;
    },
  },
  {
    name: 'posthog',
    label: 'PostHog',
    source: `posthog-js ${packageVersion('posthog-js')}`,
    bundle: 'dist/array.js, plus any extension it loads from dist/',
    // posthog-js's request queue flushes every 3000 ms (DEFAULT_FLUSH_INTERVAL_MS).
    flushIntervalMs: 3000,
    resolveFile(path) {
      if (path === '/array.js') return join(posthogDir, 'array.js');
      // Extensions load from /static/<name>.js or, with versioned paths, /static/<version>/<name>.js.
      const extension = /^\/static\/(?:[0-9][^/]*\/)?([^/]+)$/.exec(path);
      return extension ? fileIn(posthogDir, extension[1]) : null;
    },
  },
  {
    name: 'rudderstack',
    label: 'RudderStack',
    source: `@rudderstack/analytics-js ${packageVersion('@rudderstack/analytics-js')}`,
    bundle: 'dist/npm/modern/bundled/umd/index.js, the build with its plugins inside (as shipped, not minified)',
    resolveFile: (path) => (path === '/rsa.js' ? rudderstackFile : null),
  },
  {
    name: 'plausible',
    label: 'Plausible',
    source: `@plausible-analytics/tracker ${packageVersion('@plausible-analytics/tracker')}`,
    bundle: 'plausible.js, the package\'s ES module, loaded unbundled with import()',
    isModule: true,
    resolveFile: (path) => (path === '/plausible.js' ? plausibleFile : null),
  },
];

export function trackerByName(name: string): Tracker | undefined {
  return TRACKERS.find((tracker) => tracker.name === name);
}

/** Markers the page puts into every event (see page/prelude.js), so the sink can count them in any format. */
export const MARKERS = { view: 'bench-view', cart: 'bench-cart', purchase: 'bench-purchase', burst: 'BURST-' } as const;

/**
 * Counts the shop events in one decoded request body. pc.js has no free-form properties on a
 * view or a cart, so its events are classified by the JSON `event` field and the product id.
 */
export function countEvents(tracker: TrackerName, body: string): EventCounts {
  if (tracker === 'pc') {
    return countPcEvents(body);
  }
  return {
    view: occurrences(body, MARKERS.view),
    cart: occurrences(body, MARKERS.cart),
    purchase: occurrences(body, MARKERS.purchase),
    burst: occurrences(body, MARKERS.burst),
  };
}

function countPcEvents(body: string): EventCounts {
  const counts: EventCounts = { view: 0, cart: 0, purchase: 0, burst: 0 };
  let parsed: { event?: unknown; items?: Array<{ id?: unknown }> };
  try {
    parsed = JSON.parse(body);
  } catch {
    return counts;
  }
  const firstId = String(parsed.items?.[0]?.id ?? '');
  if (firstId.startsWith(MARKERS.burst)) {
    counts.burst = 1;
  } else if (parsed.event === 'view' || parsed.event === 'cart' || parsed.event === 'purchase') {
    counts[parsed.event] = 1;
  }
  return counts;
}

function occurrences(text: string, needle: string): number {
  let count = 0;
  for (let index = text.indexOf(needle); index !== -1; index = text.indexOf(needle, index + needle.length)) {
    count += 1;
  }
  return count;
}
