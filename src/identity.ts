// Owns who the visitor is for one shop: the device id (`did`) issued by `/init`, the session id
// (`seance`, also sent as `sid`) and the A/B segment. Identity is stored per shop_id, so two
// shops on one device never share a did, and `/init` is sent without credentials for the same reason.

import type { Config } from './config';
import { read, write } from './store';
import { timeout } from './transport';

export interface Identity {
  did: string;
  seance: string;
  segment: 'A' | 'B';
  /** Time of the last event in ms since the epoch, to end the session after SESSION_IDLE_MS. */
  last: number;
}

/** A session ends after 2 hours without events; the next event starts a new one. */
export const SESSION_IDLE_MS = 2 * 60 * 60 * 1000;

const key = (shopId: string) => 'identity:' + shopId;

/** Makes a 10-character alphanumeric id, the form the vendor's SDKs use for session ids. */
export function newId(): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  const bytes = crypto.getRandomValues(new Uint8Array(10));
  let id = '';
  for (let i = 0; i < bytes.length; i++) id += alphabet[bytes[i] % alphabet.length];
  return id;
}

/** Returns the stored identity, or requests a device id from `/init`. Rejects when `/init` fails, and the error has the response status as `status` when a response came. */
export async function loadIdentity(config: Config): Promise<Identity> {
  const stored = await read<Identity>(key(config.shopId));
  if (stored && (!config.did || stored.did === config.did)) return stored;

  let did = config.did;
  let seance: unknown;
  if (!did) {
    const query = new URLSearchParams({ shop_id: config.shopId, v: '3', stream: config.stream });
    // A hung /init times out like an event, so it is retried instead of holding every event back.
    const response = await fetch(config.api + '/init?' + query, { credentials: 'omit', signal: timeout() });
    if (!response.ok) {
      // Delivery reads the status to decide whether a retry can help.
      const message = await response.text();
      throw Object.assign(new Error(`/init failed with ${response.status}${message ? ': ' + message : ''}`), { status: response.status });
    }
    const body = await response.json();
    if (!body || typeof body.did !== 'string' || !body.did) throw new Error('/init returned no did');
    did = body.did as string;
    seance = body.seance || body.sid;
  }
  const identity: Identity = {
    did,
    seance: typeof seance === 'string' && seance ? seance : newId(),
    segment: stored ? stored.segment : Math.random() < 0.5 ? 'A' : 'B',
    last: Date.now(),
  };
  await write(key(config.shopId), identity);
  return identity;
}

/** Records an event at `now`, starting a new session when the last event is over 2 hours old. */
export function touchSession(identity: Identity, shopId: string, now: number): void {
  if (now - identity.last > SESSION_IDLE_MS) identity.seance = newId();
  // An event called earlier and sent late (a retry) must not move the session clock back.
  identity.last = Math.max(identity.last, now);
  write(key(shopId), identity);
}
