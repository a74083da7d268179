// Attributes main-thread time in a Chromium trace to one tracker's scripts.
//
// Two sources are combined, because neither covers everything:
// - Trace events that name a script URL: v8.compile, v8.compileModule, v8.produceCache and
//   EvaluateScript (args.data.url), v8.run (args.fileName) and FunctionCall (args.data.url).
//   They cover compilation, which the CPU profiler does not show, and callbacks Blink calls.
// - The V8 CPU profile that the disabled-by-default-v8.cpu_profiler category writes into the
//   trace as ProfileChunk events (about one sample per 200 µs here). A sample counts when any
//   frame of its stack belongs to the tracker, which covers promise jobs and other microtasks
//   that have no FunctionCall event, and the native functions the tracker calls.
// Intervals from both sources are merged, so no time is counted twice. Garbage collection shows
// as its own "(garbage collector)" node with no stack, so it is never attributed.

/** Categories of the main trace; every event this file reads is in one of them. */
export const TRACE_CATEGORIES = [
  '-*',
  'devtools.timeline',
  'v8',
  'disabled-by-default-v8.cpu_profiler',
  'blink.user_timing',
  '__metadata',
];

/**
 * Categories of the burst's trace: CPU-profile samples and the marks only. A thousand calls
 * with the timeline categories on make a trace of tens of megabytes and slow the page down
 * while it is recorded.
 */
export const BURST_TRACE_CATEGORIES = ['-*', 'disabled-by-default-v8.cpu_profiler', 'blink.user_timing', '__metadata'];

interface TraceEvent {
  name: string;
  ph: string;
  ts: number;
  dur?: number;
  pid: number;
  tid: number;
  id?: string;
  args?: {
    name?: string;
    fileName?: string;
    data?: {
      url?: string;
      startTime?: number;
      cpuProfile?: { nodes?: ProfileNode[]; samples?: number[] };
      timeDeltas?: number[];
    };
  };
}

interface ProfileNode {
  id: number;
  parent?: number;
  callFrame: { url?: string; functionName: string; lineNumber?: number; columnNumber?: number };
}

type Interval = [number, number];

/** Main-thread milliseconds attributed to a tracker inside one window of the trace. */
export interface Attribution {
  /** Compilation and top-level evaluation of the tracker's scripts. */
  parseEvaluateMs: number;
  /** Everything the tracker's code ran on the main thread, parse and evaluate included. */
  mainThreadMs: number;
}

export interface ParsedTrace {
  /** Timestamps (µs, trace clock) of the performance.mark() calls, by mark name. */
  marks: Map<string, number>;
  /**
   * Attributes time in [fromMark, toMark) to the scripts whose URL starts with `scriptPrefix`.
   * Set `isModule` when the tracker is the page's only ES module: v8.evaluateModule events carry
   * no URL, so they are then attributed to it.
   */
  attribute(scriptPrefix: string, fromMark: string, toMark: string, isModule: boolean): Attribution;
}

const URL_EVENTS = new Set(['v8.compile', 'v8.compileModule', 'v8.produceCache', 'EvaluateScript', 'v8.run', 'FunctionCall']);
const PARSE_EVALUATE_EVENTS = new Set(['v8.compile', 'v8.compileModule', 'v8.produceCache', 'EvaluateScript', 'v8.run']);

/**
 * Parses a trace written by browser.stopTracing(). The page's main thread is the
 * CrRendererMain thread that recorded `anchorMark`; the page's marks name the windows.
 */
export function parseTrace(buffer: Buffer, anchorMark: string): ParsedTrace {
  const parsed = JSON.parse(buffer.toString('utf8')) as { traceEvents?: TraceEvent[] } | TraceEvent[];
  const events = Array.isArray(parsed) ? parsed : parsed.traceEvents ?? [];

  const anchor = events.find((event) => event.name === anchorMark && event.args?.data);
  if (!anchor) {
    throw new Error(`the trace has no "${anchorMark}" mark: check that the page called performance.mark() while tracing`);
  }
  const { pid, tid } = anchor;
  const mainThread = events.filter((event) => event.pid === pid && event.tid === tid);

  const marks = new Map<string, number>();
  for (const event of mainThread) {
    if (event.name.startsWith('bench:') && event.args?.data && !marks.has(event.name)) {
      marks.set(event.name, event.ts);
    }
  }

  const samples = readProfileSamples(events.filter((event) => event.pid === pid), tid);

  return {
    marks,
    attribute(scriptPrefix, fromMark, toMark, isModule) {
      const from = marks.get(fromMark);
      const to = marks.get(toMark);
      if (from === undefined || to === undefined) {
        throw new Error(`the trace is missing mark "${from === undefined ? fromMark : toMark}"`);
      }

      const parseEvaluate: Interval[] = [];
      const mainThreadTime: Interval[] = [];
      for (const event of mainThread) {
        if (event.ph !== 'X' || event.dur === undefined) continue;
        if (isModule && event.name === 'v8.evaluateModule') {
          mainThreadTime.push([event.ts, event.ts + event.dur]);
          parseEvaluate.push([event.ts, event.ts + event.dur]);
          continue;
        }
        if (!URL_EVENTS.has(event.name)) continue;
        const url = event.args?.data?.url ?? event.args?.fileName ?? '';
        if (!url.startsWith(scriptPrefix)) continue;
        const interval: Interval = [event.ts, event.ts + event.dur];
        mainThreadTime.push(interval);
        if (PARSE_EVALUATE_EVENTS.has(event.name)) parseEvaluate.push(interval);
      }

      for (const sample of samples) {
        const owner = sample.stackOwner(scriptPrefix);
        if (owner === 'none') continue;
        mainThreadTime.push([sample.start, sample.end]);
        if (owner === 'top-level') parseEvaluate.push([sample.start, sample.end]);
      }

      return {
        parseEvaluateMs: clippedLength(parseEvaluate, from, to) / 1000,
        mainThreadMs: clippedLength(mainThreadTime, from, to) / 1000,
      };
    },
  };
}

interface Sample {
  start: number;
  end: number;
  /**
   * 'top-level' when the outermost frame of the tracker's script is its top-level code (the
   * script being evaluated), 'call' when another of its frames is on the stack, else 'none'.
   */
  stackOwner(scriptPrefix: string): 'top-level' | 'call' | 'none';
}

// Reads the CPU profile of thread `tid`: a Profile event, then ProfileChunk events that add
// nodes and samples. Each sample lasts until the next one starts.
function readProfileSamples(processEvents: TraceEvent[], tid: number): Sample[] {
  const profile = processEvents.find((event) => event.name === 'Profile' && event.tid === tid);
  if (!profile || profile.args?.data?.startTime === undefined) {
    return [];
  }
  const nodes = new Map<number, ProfileNode>();
  const sampleNodes: number[] = [];
  const times: number[] = [];
  let time = profile.args.data.startTime;

  for (const event of processEvents) {
    if (event.name !== 'ProfileChunk' || event.id !== profile.id) continue;
    const data = event.args?.data;
    for (const node of data?.cpuProfile?.nodes ?? []) nodes.set(node.id, node);
    const chunkSamples = data?.cpuProfile?.samples ?? [];
    const deltas = data?.timeDeltas ?? [];
    for (let i = 0; i < chunkSamples.length; i++) {
      time += deltas[i] ?? 0;
      sampleNodes.push(chunkSamples[i]);
      times.push(time);
    }
  }

  const ownerCache = new Map<string, 'top-level' | 'call' | 'none'>();
  function ownerOf(nodeId: number, scriptPrefix: string): 'top-level' | 'call' | 'none' {
    const key = `${scriptPrefix}\n${nodeId}`;
    const cached = ownerCache.get(key);
    if (cached) return cached;
    // Walk to the root and remember the outermost frame of the tracker's script.
    let outermost: ProfileNode | undefined;
    for (let node = nodes.get(nodeId); node; node = node.parent === undefined ? undefined : nodes.get(node.parent)) {
      if ((node.callFrame.url ?? '').startsWith(scriptPrefix)) outermost = node;
    }
    let owner: 'top-level' | 'call' | 'none' = 'none';
    if (outermost) {
      const frame = outermost.callFrame;
      owner = frame.functionName === '' && !frame.lineNumber && !frame.columnNumber ? 'top-level' : 'call';
    }
    ownerCache.set(key, owner);
    return owner;
  }

  const samples: Sample[] = [];
  for (let i = 0; i + 1 < times.length; i++) {
    const nodeId = sampleNodes[i];
    samples.push({ start: times[i], end: times[i + 1], stackOwner: (prefix) => ownerOf(nodeId, prefix) });
  }
  return samples;
}

// Total length of the union of `intervals`, clipped to [from, to).
function clippedLength(intervals: Interval[], from: number, to: number): number {
  const clipped = intervals
    .map(([start, end]): Interval => [Math.max(start, from), Math.min(end, to)])
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  if (clipped.length === 0) return 0;
  let total = 0;
  let [currentStart, currentEnd] = clipped[0];
  for (const [start, end] of clipped.slice(1)) {
    if (start > currentEnd) {
      total += currentEnd - currentStart;
      currentStart = start;
      currentEnd = end;
    } else {
      currentEnd = Math.max(currentEnd, end);
    }
  }
  return total + (currentEnd - currentStart);
}
