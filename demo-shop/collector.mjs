// A strict local stand-in for the PersonaClick tracking API. It checks each request against the
// API's documented rules, records it for tests and shows it live on its home page.
//
// API endpoints: GET /init, POST /push, POST /push/custom, POST /track/{delivered|opened|clicked|closed}.
// Test and viewer endpoints all start with /__ so they never collide with an API path:
//   GET  /__requests[?since=<seq>]  recorded requests as a JSON array
//   POST /__reset                   forget recorded requests and any pending fault
//   GET  /__stream[?since=<seq>]    server-sent events, one "request" event per recorded request
//   POST /__fault                   make the next API requests fail, see normalizeFault()
//
// Run `node demo-shop/collector.mjs` to start it on COLLECTOR_PORT (default 8788).

import http from 'node:http';
import { randomInt } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';

import { loadCatalog } from './catalog.mjs';
import { COLLECTOR_PORT, DEMO_SHOP_ID, HOST, baseUrl } from './config.mjs';
import {
  ApiError,
  checkContentType,
  checkCustomBody,
  checkInitQuery,
  checkPushBody,
  checkTrackBody,
  parseJsonObject,
} from './collector-rules.mjs';
import { VIEWER_PAGE } from './collector-viewer.mjs';

export { DEMO_SHOP_ID };

const MAX_BODY_BYTES = 1024 * 1024;
const TRACK_KINDS = ['delivered', 'opened', 'clicked', 'closed'];
const STREAM_KEEPALIVE_MS = 15_000;
const ID_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

/**
 * Starts the collector and resolves to `{ url, port, requests, reset(), close(), fault(options) }`.
 *
 * `url` has no trailing slash. `requests` is the live array of recorded requests (see
 * recordRequest()); reset() empties it in place. `shops` lists the accepted shop ids,
 * `catalog` decides which category ids exist, and `log` prints one line per request.
 */
export async function startCollector({
  host = HOST,
  port = 0,
  shops = [DEMO_SHOP_ID],
  catalog = loadCatalog(),
  log = false,
} = {}) {
  const categoryIds = new Set(catalog.categories.map((category) => category.id));
  const requests = [];
  const eventStreams = new Set();
  let nextSeq = 1;
  let pendingFault = null;

  // Records one request as { seq, at, method, path, query, headers, body, rawBody, status,
  // response, transport }. `seq` counts up from 1 and reset() does not restart it. `at` is the
  // receive time in ms since the epoch. `body` and `response` are parsed JSON or null, and
  // `status` is null when an injected fault dropped the connection. API requests, preflights and
  // rejected requests are recorded, but /__ endpoints and the viewer page are not.
  function recordRequest(entry) {
    const record = { seq: nextSeq++, ...entry };
    requests.push(record);
    for (const stream of eventStreams) {
      writeEvent(stream, 'request', record);
    }
    if (log) {
      console.log(formatLogLine(record));
    }
    return record;
  }

  function reset() {
    requests.length = 0;
    pendingFault = null;
    for (const stream of eventStreams) {
      writeEvent(stream, 'reset', {});
    }
  }

  function fault(options = {}) {
    pendingFault = normalizeFault(options);
    return pendingFault;
  }

  // Returns the pending fault for one API request and counts it down.
  function takeFault() {
    if (!pendingFault) {
      return null;
    }
    const current = pendingFault;
    current.count -= 1;
    if (current.count <= 0) {
      pendingFault = null;
    }
    return current;
  }

  async function handleRequest(req, res) {
    const receivedAt = Date.now();
    const url = new URL(req.url, 'http://127.0.0.1');
    const { rawBody, tooLarge } = await readBody(req);
    setCorsHeaders(req, res);

    if (url.pathname.startsWith('/__')) {
      handleControlRequest(req, res, url, rawBody);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/') {
      send(res, 200, VIEWER_PAGE, { 'Content-Type': 'text/html; charset=utf-8' });
      return;
    }
    if (url.pathname === '/favicon.ico') {
      send(res, 204);
      return;
    }

    const entry = {
      at: receivedAt,
      method: req.method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: { ...req.headers },
      body: parseJsonOrNull(rawBody),
      rawBody,
      status: null,
      response: null,
      transport: guessTransport(req),
    };

    if (req.method === 'OPTIONS') {
      send(res, 204);
      recordRequest({ ...entry, status: 204 });
      return;
    }

    const injected = takeFault();
    if (injected) {
      const handled = await applyFault(injected, req, res, entry);
      if (handled) {
        return;
      }
    }

    let outcome;
    try {
      if (tooLarge) {
        throw new ApiError(413, `request body is larger than ${MAX_BODY_BYTES} bytes`);
      }
      outcome = answerApiRequest(req, url, entry.query, rawBody);
    } catch (error) {
      if (!(error instanceof ApiError)) {
        throw error;
      }
      outcome = { status: error.status, body: { status: 'error', message: error.message }, headers: error.headers };
    }

    sendJson(res, outcome.status, outcome.body, outcome.headers);
    recordRequest({ ...entry, status: outcome.status, response: outcome.body ?? null });
  }

  // Applies an injected fault. Returns true when the fault replaced the normal response.
  async function applyFault(injected, req, res, entry) {
    if (injected.delayMs > 0) {
      await sleep(injected.delayMs);
    }
    if (injected.drop) {
      req.socket.destroy();
      recordRequest(entry);
      return true;
    }
    if (injected.status === undefined) {
      return false;
    }

    const headers = injected.retryAfter === undefined ? {} : { 'Retry-After': String(injected.retryAfter) };
    const body = { status: 'error', message: `fault injected through /__fault: status ${injected.status}` };
    sendJson(res, injected.status, body, headers);
    recordRequest({ ...entry, status: injected.status, response: body });
    return true;
  }

  function answerApiRequest(req, url, query, rawBody) {
    const path = url.pathname;

    if (path === '/init') {
      requireMethod(req.method, 'GET', path);
      const { did, sid } = checkInitQuery(query, shops);
      const seance = sid ?? newId(10);
      return { status: 200, body: { did: did ?? newId(20), seance, sid: seance } };
    }

    const trackKind = path.startsWith('/track/') ? path.slice('/track/'.length) : null;
    if (path !== '/push' && path !== '/push/custom' && !TRACK_KINDS.includes(trackKind)) {
      throw new ApiError(404, `no API endpoint at ${req.method} ${path}`);
    }

    requireMethod(req.method, 'POST', path);
    checkContentType(req.headers['content-type']);
    const body = parseJsonObject(rawBody);

    if (path === '/push') {
      checkPushBody(body, { shops, categoryIds });
      return { status: 200, body: { status: 'success' } };
    }
    if (path === '/push/custom') {
      checkCustomBody(body, { shops });
      return { status: 204, body: null };
    }
    checkTrackBody(body, { shops });
    return { status: 200, body: null };
  }

  function handleControlRequest(req, res, url, rawBody) {
    const route = `${req.method} ${url.pathname}`;

    if (req.method === 'OPTIONS') {
      send(res, 204);
    } else if (route === 'GET /__requests') {
      const since = Number(url.searchParams.get('since') ?? 0);
      sendJson(res, 200, requests.filter((record) => record.seq > since));
    } else if (route === 'POST /__reset') {
      reset();
      send(res, 204);
    } else if (route === 'GET /__stream') {
      openEventStream(req, res, url);
    } else if (route === 'POST /__fault') {
      try {
        const options = rawBody.trim() === '' ? {} : JSON.parse(rawBody);
        sendJson(res, 200, { fault: fault(options) });
      } catch (error) {
        sendJson(res, 400, { status: 'error', message: `invalid fault: ${error.message}` });
      }
    } else {
      sendJson(res, 404, { status: 'error', message: `no test endpoint at ${route}` });
    }
  }

  // Replays the records after `since` (or the Last-Event-ID an EventSource sends when it
  // reconnects), then streams each new record as it is recorded.
  function openEventStream(req, res, url) {
    res.writeHead(200, {
      'Content-Type': 'text/event-stream; charset=utf-8',
      'Cache-Control': 'no-store',
      Connection: 'keep-alive',
    });
    // Send the headers now: Node buffers them until the first write, and an EventSource (or a
    // fetch) does not report the stream open before it has them.
    res.flushHeaders();
    const since = Number(req.headers['last-event-id'] ?? url.searchParams.get('since') ?? 0);
    for (const record of requests) {
      if (record.seq > since) {
        writeEvent(res, 'request', record);
      }
    }
    eventStreams.add(res);
    req.on('close', () => eventStreams.delete(res));
  }

  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((error) => {
      console.error(`collector: ${req.method} ${req.url} failed:`, error);
      if (!res.headersSent) {
        sendJson(res, 500, { status: 'error', message: `collector error: ${error.message}` });
      } else {
        res.destroy();
      }
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const keepAlive = setInterval(() => {
    for (const stream of eventStreams) {
      stream.write(': keep-alive\n\n');
    }
  }, STREAM_KEEPALIVE_MS);
  keepAlive.unref();

  const actualPort = server.address().port;
  return {
    url: baseUrl(host, actualPort),
    port: actualPort,
    requests,
    reset,
    fault,
    close: async () => {
      clearInterval(keepAlive);
      for (const stream of eventStreams) {
        stream.end();
      }
      eventStreams.clear();
      await new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}

/**
 * Checks fault options and returns the pending fault, or null to clear it.
 *
 * `{ status?, count = 1, delayMs?, retryAfter?, drop? }` makes the next `count` API requests
 * (not OPTIONS, not /__ endpoints, not the viewer page) wait `delayMs` first, then either
 * destroy the socket (`drop: true`) or answer `status` with a Retry-After header when
 * `retryAfter` is given. With `delayMs` alone the request is delayed and then handled normally.
 * Options with none of status, delayMs and drop clear the fault.
 */
export function normalizeFault(options) {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new TypeError(`fault options must be an object, got ${JSON.stringify(options)}`);
  }
  const { status, count = 1, delayMs = 0, retryAfter, drop = false } = options;

  if (status !== undefined && !(Number.isInteger(status) && status >= 200 && status <= 599)) {
    throw new TypeError(`"status" must be an integer HTTP status from 200 to 599, got ${JSON.stringify(status)}`);
  }
  if (!Number.isInteger(count) || count < 1) {
    throw new TypeError(`"count" must be a positive integer, got ${JSON.stringify(count)}`);
  }
  if (typeof delayMs !== 'number' || !Number.isFinite(delayMs) || delayMs < 0) {
    throw new TypeError(`"delayMs" must be a number of milliseconds >= 0, got ${JSON.stringify(delayMs)}`);
  }
  if (retryAfter !== undefined && typeof retryAfter !== 'number' && typeof retryAfter !== 'string') {
    throw new TypeError(`"retryAfter" must be seconds or an HTTP date, got ${JSON.stringify(retryAfter)}`);
  }
  if (typeof drop !== 'boolean') {
    throw new TypeError(`"drop" must be a boolean, got ${JSON.stringify(drop)}`);
  }

  if (status === undefined && delayMs === 0 && !drop) {
    return null;
  }
  return { status, count, delayMs, retryAfter, drop };
}

/**
 * Guesses whether a request came from navigator.sendBeacon ("beacon") or from fetch() or
 * XMLHttpRequest ("fetch"). A preflight looks the same for both and is reported as "preflight".
 *
 * Headless Chromium 156, checked against this collector, sends the same Sec-Fetch-Mode "cors"
 * and Sec-Fetch-Dest "empty" for a beacon with an application/json Blob as for fetch(). Two
 * signs remain. A beacon with a string or text/plain body is a "no-cors" request, which fetch()
 * makes only when asked for mode "no-cors". And a beacon always sends credentials, which show
 * as a Cookie header (the demo shop sets a session cookie, and cookies ignore the port) or, on
 * a cross-site request, as Sec-Fetch-Storage-Access.
 * NOTE: fetch() with credentials "include" looks like a beacon here, and a beacon from a page
 * without cookies on a same-site origin looks like fetch().
 */
export function guessTransport(req) {
  if (req.method === 'OPTIONS') {
    return 'preflight';
  }
  const headers = req.headers;
  if (req.method === 'POST' && headers['sec-fetch-mode'] === 'no-cors') {
    return 'beacon';
  }
  if (headers.cookie !== undefined || headers['sec-fetch-storage-access'] !== undefined) {
    return 'beacon';
  }
  return 'fetch';
}

// navigator.sendBeacon always sends credentials, and with an application/json Blob it is a
// preflighted CORS request. When the preflight response has `Access-Control-Allow-Origin: *`, the
// browser drops the POST silently although sendBeacon returned true (seen in headless Chromium
// 156). So the collector echoes the page's Origin and allows credentials on every response.
function setCorsHeaders(req, res) {
  const origin = req.headers.origin;
  if (origin) {
    res.setHeader('Access-Control-Allow-Origin', origin);
  }
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Allow-Headers', 'content-type');
  res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
  // Retry-After is not a CORS-safelisted response header: without this a cross-origin page cannot read Retry-After from an injected 429 or 503.
  // NOTE: whether the vendor's API exposes Retry-After is unknown.
  res.setHeader('Access-Control-Expose-Headers', 'Retry-After');
  res.setHeader('Vary', 'Origin');
}

function requireMethod(method, expected, path) {
  if (method !== expected) {
    throw new ApiError(405, `${path} accepts ${expected} only, got ${method}`, { Allow: `${expected}, OPTIONS` });
  }
}

// Reads the whole body as UTF-8. Past MAX_BODY_BYTES it keeps draining the stream but stores
// nothing more, so the caller can still respond with 413.
async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size <= MAX_BODY_BYTES) {
      chunks.push(chunk);
    }
  }
  return { rawBody: Buffer.concat(chunks).toString('utf8'), tooLarge: size > MAX_BODY_BYTES };
}

function parseJsonOrNull(text) {
  try {
    return text === '' ? null : JSON.parse(text);
  } catch {
    return null;
  }
}

function send(res, status, text = '', headers = {}) {
  if (res.destroyed) {
    return;
  }
  res.writeHead(status, { 'Cache-Control': 'no-store', ...headers });
  res.end(status === 204 ? undefined : text);
}

// Sends `body` as JSON, or an empty body when it is null.
function sendJson(res, status, body, headers = {}) {
  if (body === null || body === undefined) {
    // A 204 must not carry Content-Length. Other empty responses send Content-Length: 0.
    send(res, status, '', status === 204 ? headers : { 'Content-Length': '0', ...headers });
    return;
  }
  const text = JSON.stringify(body);
  send(res, status, text, {
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
}

function writeEvent(stream, name, data) {
  const id = data.seq === undefined ? '' : `id: ${data.seq}\n`;
  stream.write(`${id}event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
}

function newId(length) {
  let id = '';
  for (let i = 0; i < length; i += 1) {
    id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
  }
  return id;
}

function formatLogLine(record) {
  const time = new Date(record.at).toISOString().slice(11, 23);
  const body = record.body ?? {};
  const event = body.event ?? (record.path === '/init' ? 'init' : '');
  const status = record.status === null ? 'dropped' : String(record.status);
  const parts = [time, record.method.padEnd(7), record.path.padEnd(14), status.padEnd(7), event.padEnd(16), record.transport];
  if (record.response?.status === 'error') {
    parts.push(`- ${record.response.message}`);
  }
  return parts.join(' ');
}

async function runFromCommandLine() {
  const collector = await startCollector({ port: COLLECTOR_PORT, log: true });
  console.log(`Collector listening on ${collector.url}/ (open it to watch events live)`);

  const stop = async (signal) => {
    console.log(`Collector stopping on ${signal}`);
    await collector.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  runFromCommandLine().catch((error) => {
    const hint = error.code === 'EADDRINUSE' ? ': set COLLECTOR_PORT to a free port' : '';
    console.error(`Collector failed to start${hint}:`, error.message);
    process.exit(1);
  });
}
