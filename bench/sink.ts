// The benchmark's local sink on 127.0.0.1: it serves every tracker's scripts from its npm
// package (or dist/pc.js), responds to each tracker's start-up and collection requests, and
// records each request with the time its headers arrived.
//
// Every tracker lives under /t/<name>/, so a script's URL shows which tracker it belongs to.

import http from 'node:http';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { brotliCompressSync, constants, gunzipSync, gzipSync } from 'node:zlib';

import { loadCatalog } from '../demo-shop/catalog.mjs';
import { ApiError, checkInitQuery, checkPushBody, parseJsonObject } from '../demo-shop/collector-rules.mjs';
import {
  PC_SHOP_ID,
  POSTHOG_TOKEN,
  RUDDERSTACK_WRITE_KEY,
  SEGMENT_WRITE_KEY,
  countEvents,
  trackerByName,
  type EventCounts,
  type TrackerName,
} from './trackers';

export interface SinkRequest {
  tracker: TrackerName | null;
  /** Epoch milliseconds (performance.timeOrigin + performance.now()) when the request's headers arrived. */
  at: number;
  method: string;
  path: string;
  /**
   * 'script' for a served script, 'api' for anything else a tracker sends or fetches,
   * 'preflight' for OPTIONS. While Playwright intercepts requests it responds to CORS
   * preflights itself, so none reach the sink in the benchmark.
   */
  kind: 'script' | 'api' | 'preflight' | 'unknown';
  status: number;
  /** Served file, or the path for a script the sink generates, for kind 'script'. */
  file?: string;
  /** Sizes of the served script, for kind 'script'. */
  scriptBytes?: ScriptBytes;
  events: EventCounts;
  /** Set when the sink's copy of the collector's rules rejected a pc.js request. */
  rejection?: string;
}

/** Sizes of a served script: raw, gzip at level 9 and brotli at quality 11. */
export interface ScriptBytes {
  raw: number;
  gzip: number;
  brotli: number;
}

export interface Sink {
  url: string;
  requests: SinkRequest[];
  close(): Promise<void>;
}

interface SinkResponse {
  status: number;
  type?: string;
  body?: string | Buffer;
  file?: string;
  rejection?: string;
}

const NO_EVENTS: EventCounts = { view: 0, cart: 0, purchase: 0, burst: 0 };
const JSON_TYPE = 'application/json; charset=utf-8';
const JS_TYPE = 'text/javascript; charset=utf-8';

/** Starts the sink on 127.0.0.1 at a random port. */
export async function startSink(): Promise<Sink> {
  const requests: SinkRequest[] = [];
  const categoryIds = new Set(loadCatalog().categories.map((category: { id: string }) => category.id));
  const fileCache = new Map<string, Buffer>();
  const sizeCache = new Map<string, ScriptBytes>();
  let base = '';

  function readServed(file: string): Buffer {
    let content = fileCache.get(file);
    if (!content) {
      content = readFileSync(file);
      fileCache.set(file, content);
    }
    return content;
  }

  // Sizes are computed from the bytes served, once per distinct script.
  function sizesOf(key: string, content: Buffer): ScriptBytes {
    let sizes = sizeCache.get(key);
    if (!sizes) {
      sizes = {
        raw: content.length,
        gzip: gzipSync(content, { level: 9 }).length,
        brotli: brotliCompressSync(content, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
      };
      sizeCache.set(key, sizes);
    }
    return sizes;
  }

  function respond(tracker: TrackerName, method: string, path: string, query: URLSearchParams, body: string): SinkResponse {
    const definition = trackerByName(tracker)!;
    const file = method === 'GET' ? definition.resolveFile(path) : null;
    if (file) {
      return { status: 200, type: JS_TYPE, body: readServed(file), file };
    }
    switch (tracker) {
      case 'pc':
        return respondToPc(method, path, query, body);
      case 'segment':
        return respondToSegment(method, path);
      case 'posthog':
        return respondToPosthog(method, path);
      case 'rudderstack':
        return respondToRudderstack(method, path);
      case 'plausible':
        return method === 'POST' && path === '/api/event' ? { status: 202, type: 'text/plain', body: 'ok' } : { status: 404 };
    }
  }

  // pc.js talks to the PersonaClick API, so its requests go through the demo collector's checks.
  function respondToPc(method: string, path: string, query: URLSearchParams, body: string): SinkResponse {
    try {
      if (method === 'GET' && path === '/init') {
        checkInitQuery(Object.fromEntries(query), [PC_SHOP_ID]);
        const seance = randomBytes(5).toString('hex');
        return json({ did: randomBytes(10).toString('hex'), seance, sid: seance });
      }
      if (method === 'POST' && path === '/push') {
        checkPushBody(parseJsonObject(body), { shops: [PC_SHOP_ID], categoryIds });
        return json({ status: 'success' });
      }
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const status = (error as ApiError & { status: number }).status;
      console.warn(`sink: rejected pc.js ${method} ${path} with ${status}: ${error.message}`);
      return { ...json({ status: 'error', message: error.message }, status), rejection: error.message };
    }
    return { status: 404 };
  }

  // Segment fetches its project settings from its CDN. The settings served here make it send
  // events to this sink over http.
  function respondToSegment(method: string, path: string): SinkResponse {
    if (method === 'GET' && path === `/v1/projects/${SEGMENT_WRITE_KEY}/settings`) {
      const apiHost = `${base.replace(/^http:\/\//, '')}/t/segment/api`;
      return json({
        integrations: { 'Segment.io': { apiKey: SEGMENT_WRITE_KEY, apiHost, protocol: 'http' } },
        plan: {},
        metrics: { sampleRate: 0, host: apiHost, protocol: 'http' },
        middlewareSettings: {},
        enabledMiddleware: {},
        legacyVideoPluginsEnabled: false,
        remotePlugins: [],
      });
    }
    if (method === 'POST' && path.startsWith('/api/')) {
      return json({ success: true });
    }
    return { status: 404 };
  }

  // PostHog requests its project's remote config and feature flags. The responses turn every
  // optional product (recordings, surveys, heatmaps) off, as in a new project.
  function respondToPosthog(method: string, path: string): SinkResponse {
    const remoteConfig = {
      token: POSTHOG_TOKEN,
      supportedCompression: ['gzip', 'gzip-js'],
      hasFeatureFlags: false,
      captureDeadClicks: false,
      capturePerformance: false,
      autocapture_opt_out: false,
      autocaptureExceptions: false,
      analytics: { endpoint: '/i/v0/e/' },
      elementsChainAsString: true,
      sessionRecording: false,
      heatmaps: false,
      surveys: false,
      defaultIdentifiedOnly: true,
      siteApps: [],
    };
    if (method === 'GET' && path === `/array/${POSTHOG_TOKEN}/config.js`) {
      return { status: 200, type: JS_TYPE, body: `(function(){window._POSTHOG_REMOTE_CONFIG=window._POSTHOG_REMOTE_CONFIG||{};window._POSTHOG_REMOTE_CONFIG[${JSON.stringify(POSTHOG_TOKEN)}]={config:${JSON.stringify(remoteConfig)},siteApps:[]}})();` };
    }
    if (method === 'GET' && path === `/array/${POSTHOG_TOKEN}/config`) {
      return json(remoteConfig);
    }
    if (method === 'POST' && path.startsWith('/flags')) {
      return json({ ...remoteConfig, flags: {}, featureFlags: {}, featureFlagPayloads: {}, errorsWhileComputingFlags: false });
    }
    if (method === 'POST') {
      return json({ status: 1 });
    }
    return { status: 404 };
  }

  // RudderStack fetches its source configuration from its control plane. This one has no
  // destinations and turns error and metrics reports off.
  function respondToRudderstack(method: string, path: string): SinkResponse {
    if (method === 'GET' && path.startsWith('/config/sourceConfig')) {
      return json({
        isHosted: true,
        source: {
          id: 'bench-source',
          name: 'bench',
          writeKey: RUDDERSTACK_WRITE_KEY,
          enabled: true,
          workspaceId: 'bench-workspace',
          config: { statsCollection: { errors: { enabled: false }, metrics: { enabled: false } } },
          destinations: [],
        },
      });
    }
    if (method === 'POST' && path.startsWith('/dp/')) {
      return { status: 200, type: 'text/plain', body: 'OK' };
    }
    return { status: 404 };
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const at = performance.timeOrigin + performance.now();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    const match = /^\/t\/([a-z]+)(\/.*)$/.exec(url.pathname);
    const tracker = match && trackerByName(match[1]) ? (match[1] as TrackerName) : null;

    // Scripts, settings and events are all cross-origin for the page. The origin is echoed with
    // credentials allowed because navigator.sendBeacon always sends credentials.
    const origin = req.headers.origin;
    if (origin) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
    }
    res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] ?? 'content-type');
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader('Cache-Control', 'no-store');

    if (method === 'OPTIONS') {
      res.writeHead(204).end();
      requests.push({ tracker, at, method, path: url.pathname, kind: 'preflight', status: 204, events: NO_EVENTS });
      return;
    }
    if (!tracker || !match) {
      console.warn(`sink: no tracker path at ${method} ${url.pathname}, responded 404`);
      res.writeHead(404).end();
      requests.push({ tracker, at, method, path: url.pathname, kind: 'unknown', status: 404, events: NO_EVENTS });
      return;
    }

    const body = decodeBody(raw, req.headers['content-type'], url.searchParams);
    const result = respond(tracker, method, match[2], url.searchParams, body);
    res.writeHead(result.status, result.type ? { 'Content-Type': result.type } : {});
    res.end(result.body);

    // Scripts the sink generates (PostHog's per-project config.js) count as script bytes too.
    const isScript = result.status === 200 && result.type === JS_TYPE && result.body !== undefined;
    let kind: SinkRequest['kind'] = 'api';
    if (isScript) {
      kind = 'script';
    } else if (result.status === 404) {
      kind = 'unknown';
      console.warn(`sink: ${tracker} requested ${method} ${url.pathname}, which the sink does not serve; responded 404`);
    }
    const scriptKey = result.file ?? url.pathname;
    requests.push({
      tracker,
      at,
      method,
      path: url.pathname,
      kind,
      status: result.status,
      file: isScript ? scriptKey : undefined,
      scriptBytes: isScript ? sizesOf(scriptKey, Buffer.from(result.body!)) : undefined,
      events: method === 'POST' ? countEvents(tracker, body) : NO_EVENTS,
      rejection: result.rejection,
    });
  }

  const server = http.createServer((req, res) => {
    handle(req, res).catch((error: Error) => {
      console.error(`sink: ${req.method} ${req.url} failed: ${error.stack ?? error}`);
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}`;

  return {
    url: base,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function json(value: unknown, status = 200): SinkResponse {
  return { status, type: JSON_TYPE, body: JSON.stringify(value) };
}

async function readBody(req: http.IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Turns a request body into text whatever the tracker's encoding: gzip (PostHog's "gzip" and
 * "gzip-js" compression), a base64 `data=` form field (PostHog's "base64"), or plain text.
 */
export function decodeBody(raw: Buffer, contentType: string | undefined, query: URLSearchParams): string {
  if (raw.length >= 2 && raw[0] === 0x1f && raw[1] === 0x8b) {
    try {
      return gunzipSync(raw).toString('utf8');
    } catch {
      return raw.toString('latin1');
    }
  }
  const text = raw.toString('utf8');
  if ((contentType ?? '').startsWith('application/x-www-form-urlencoded') || query.get('compression') === 'base64') {
    const data = new URLSearchParams(text).get('data');
    if (data !== null) {
      return Buffer.from(data, 'base64').toString('utf8');
    }
  }
  return text;
}
