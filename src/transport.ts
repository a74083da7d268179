// Owns putting one JSON request on the wire: fetch while the page is visible, so the response is
// seen, and sendBeacon once the page is hidden or being left. It never retries or stores.

/** A request still unanswered after this long is aborted and counts as a network error. */
export const REQUEST_TIMEOUT_MS = 15000;

/**
 * Keepalive request bodies in flight share a 64 KiB budget per page, beacons included (Fetch
 * standard, "keepalive"); past it sendBeacon returns false and fetch rejects.
 */
const KEEPALIVE_BUDGET = 65536;
let keepaliveBytes = 0;

/** Returns a signal that aborts a request after REQUEST_TIMEOUT_MS, where the browser has AbortSignal.timeout. */
export const timeout = () => (typeof AbortSignal.timeout == 'function' ? AbortSignal.timeout(REQUEST_TIMEOUT_MS) : undefined);

export interface Outcome {
  /** HTTP status, or 0 when no response arrived (network error, timeout, offline). */
  status: number;
  retryAfter?: string | null;
  message: string;
}

export interface Sent {
  outcome: Promise<Outcome>;
  /** Whether the request outlives the page: a keepalive fetch or a beacon. */
  keepalive: boolean;
}

/**
 * Posts the JSON text `json` to `url`, by sendBeacon when `leaving`, else by fetch. A refused
 * beacon is not sent at all: `keepalive` is then false, and the caller keeps the event. Returns
 * undefined, sending nothing, while keepalive requests in flight leave too little budget.
 */
export function post(url: string, json: string, leaving: boolean): Sent | undefined {
  const handed = leaving ? beacon(url, json) : undefined;
  if (handed !== undefined) return { outcome: Promise.resolve({ status: handed ? 202 : 0, message: '' }), keepalive: handed };

  const size = new Blob([json]).size;
  const keepalive = leaving || keepaliveBytes + size <= KEEPALIVE_BUDGET;
  // A fetch without keepalive still in flight when the page is left may arrive, and the next page
  // sends the event again. So it waits for the budget, and only an event too big for it alone
  // goes without keepalive.
  if (!keepalive && keepaliveBytes) return;
  if (keepalive) keepaliveBytes += size;
  // With credentials 'omit' a wildcard CORS response is readable, and no cookie of the API's
  // origin travels with the event.
  const outcome = fetch(url, { method: 'POST', body: json, headers: { 'Content-Type': 'application/json' }, keepalive, credentials: 'omit', signal: timeout() })
    .then(
      response => response.text().then(message => ({ status: response.status, retryAfter: response.headers.get('Retry-After'), message })),
      error => ({ status: 0, message: String(error) }),
    )
    .then(result => {
      if (keepalive) keepaliveBytes -= size;
      return result;
    });
  return { outcome, keepalive };
}

/**
 * Hands the request to the browser with sendBeacon, and returns whether it took it, or undefined
 * where there is no sendBeacon. A beacon always carries credentials, and an `application/json`
 * Blob makes it a preflighted CORS request. So the API must echo the Origin and allow credentials:
 * with a wildcard origin the browser drops the beacon silently, although sendBeacon returned true.
 * sendBeacon returns false when the body does not fit the 64 KiB that keepalive requests in flight
 * may hold (Beacon and Fetch standards). Keepalive fetches still uploading count too (Chromium 156).
 */
function beacon(url: string, json: string): boolean | undefined {
  try {
    return navigator.sendBeacon(url, new Blob([json], { type: 'application/json' }));
  } catch {
    return undefined;
  }
}
