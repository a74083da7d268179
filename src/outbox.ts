// Owns accepted events until they are handed to the transport: they wait here for the shop's
// settings and the visitor's identity, get the common parameters, and leave in call order.
// Whatever has not left is flushed when the page is hidden or left. It never drops an event.

import { campaignSource } from './campaign';
import type { Config } from './config';
import type { EventRow } from './events';
import { loadIdentity, touchSession, type Identity } from './identity';
import { loadCampaign } from './campaign';
import { logWarning } from './log';
import { post } from './transport';
import type { Fields } from './validate';

interface Pending {
  row: EventRow;
  args: unknown[];
  fields: Fields;
  /** Call time in ms since the epoch: the session clock counts from the call, not the send. */
  at: number;
  /** The page URL at call time. */
  referer: string;
  command: string;
}

const pending: Pending[] = [];
let config: Config | undefined;
let identity: Identity | undefined;
let leaving = false;
/** Whether a request sent while the page was visible is still waiting for its response. */
let busy = false;
/** Maximum time in ms the queue waits for one response before it sends the next event. */
const REQUEST_WAIT_MS = 10000;
let retryDelay = 1000;

export function activeConfig(): Config | undefined {
  return config;
}

/** Takes the shop's settings and starts loading identity and the campaign source. */
export function start(settings: Config): void {
  config = settings;
  Promise.all([loadIdentity(settings), loadCampaign(settings.shopId, location.search)]).then(
    ([loaded]) => {
      identity = loaded;
      flush();
    },
    error => {
      // /init failed: events keep waiting, and /init is tried again with a growing delay.
      logWarning(`could not get a device id (${error}); retrying in ${retryDelay / 1000} s`);
      setTimeout(() => start(settings), retryDelay);
      retryDelay = Math.min(retryDelay * 2, 60000);
    },
  );
}

export function enqueue(command: string, row: EventRow, args: unknown[], fields: Fields): void {
  pending.push({ row, args, fields, command, at: Date.now(), referer: location.href });
  flush();
}

/**
 * Sends waiting events oldest first. While the page is visible one request is in flight at a
 * time, so the API applies a cart change and a later removal in call order. When the page is
 * hidden or left, everything that can be sent goes at once.
 */
function flush(): void {
  while (config && pending.length && (!busy || hidden())) {
    const event = pending[0];
    if (event.row.identity !== false && !identity) return;
    pending.shift();
    const path = typeof event.row.path === 'string' ? event.row.path : event.row.path(event.args);
    const sent = post(config.api + path, compose(config, event), hidden(), `pc('${event.command}')`);
    if (!hidden()) {
      busy = true;
      // A hung request must not hold the queue: the next event goes after REQUEST_WAIT_MS at most.
      Promise.race([sent, new Promise(resolve => setTimeout(resolve, REQUEST_WAIT_MS))]).then(() => {
        busy = false;
        flush();
      });
    }
  }
}

function hidden(): boolean {
  return leaving || document.visibilityState === 'hidden';
}

/** Adds the common parameters. Undefined values are left out by JSON.stringify, as the API requires. */
function compose(settings: Config, event: Pending): Fields {
  const common: Fields = { shop_id: settings.shopId, stream: settings.stream };
  if (event.row.identity !== false && identity) {
    touchSession(identity, settings.shopId, event.at);
    common.did = identity.did;
    common.seance = common.sid = identity.seance;
    common.segment = identity.segment;
    common.referer = event.referer || undefined;
    common.source = campaignSource(settings.shopId);
  }
  return Object.assign(common, event.fields);
}

// Flush on visibilitychange and pagehide only: unload and beforeunload handlers would cost the
// page its back/forward cache, and mobile browsers often skip them anyway.
addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'hidden') flush();
});
addEventListener('pagehide', () => {
  leaving = true;
  flush();
});
addEventListener('pageshow', event => {
  if (event.persisted) leaving = false;
});
