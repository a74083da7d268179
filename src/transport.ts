// Owns putting one JSON request on the wire. While the page is visible it uses fetch, so the
// response is seen; once the page is hidden or being left it uses sendBeacon. It never retries.

import { logError, logWarning } from './log';

/**
 * Keepalive request bodies in flight share a 64 KiB budget per page, beacons included (Fetch
 * standard, "keepalive"); past it sendBeacon returns false and fetch rejects. Over budget, a
 * visible page sends without keepalive instead.
 */
const KEEPALIVE_BUDGET = 65536;
let keepaliveBytes = 0;

/**
 * Posts `body` as JSON to `url`. `label` names the request in messages, e.g. "pc('view')".
 * The promise settles when the API has answered or the request failed, and never rejects.
 */
export function post(url: string, body: object, leaving: boolean, label: string): Promise<void> {
  const json = JSON.stringify(body);
  if (leaving && beacon(url, json)) return Promise.resolve();

  const size = json.length * 3; // An upper bound on UTF-8 bytes, cheaper than encoding.
  const keepalive = keepaliveBytes + size <= KEEPALIVE_BUDGET;
  if (keepalive) keepaliveBytes += size;
  // credentials 'omit': the response can then be read with a wildcard CORS answer, and no
  // cookie of the API's origin travels with the event.
  return fetch(url, { method: 'POST', body: json, headers: { 'Content-Type': 'application/json' }, keepalive, credentials: 'omit' })
    .then(response => {
      if (response.ok) return;
      return response.text().then(message => {
        logError(`${label} was rejected by the API with ${response.status}: ${message || response.statusText}`);
      });
    })
    .catch(error => logWarning(`${label} failed to reach the API: ${error}`))
    .then(() => {
      if (keepalive) keepaliveBytes -= size;
    });
}

/**
 * Hands the request to the browser with sendBeacon. A beacon always carries credentials and an
 * `application/json` Blob makes it a preflighted CORS request, so the API must echo the Origin and
 * allow credentials; with a wildcard origin the browser drops it silently and still returns true.
 */
function beacon(url: string, json: string): boolean {
  try {
    return navigator.sendBeacon(url, new Blob([json], { type: 'application/json' }));
  } catch {
    return false;
  }
}
