// Owns when events leave the outbox. They wait for the shop's settings, consent and the visitor's
// identity, then go oldest first. While the page is visible up to 4 requests run at once (cart and
// wishlist changes alone) and failures are retried with backoff. A hidden page uses sendBeacon.

import { campaignSource, loadCampaign } from './campaign';
import type { Config } from './config';
import { consentKnown, consented, followConsent, loadConsent } from './consent';
import type { EventRow } from './events';
import { loadIdentity, newId, touchSession, type Identity } from './identity';
import { debug } from './debug';
import { logError, logWarning } from './log';
import { watchNavigation } from './navigation';
import { add, adopt, drop, forget, jobs, lease, PAGE, rescue, save, type Job } from './outbox';
import { isRetryable, retryDelay } from './retry';
import { post, REQUEST_TIMEOUT_MS, type Outcome } from './transport';
import type { Fields } from './validate';

let config: Config | undefined;
let identity: Identity | undefined;
let leaving = false;
/** Requests sent while the page was visible and still waiting for a response, with whether each is keepalive. */
const inFlight = new Map<Job, boolean>();
/** At most this many requests at once, below the browser's 6 connections per host. */
const MAX_IN_FLIGHT = 4;
/** Maximum bytes of bodies handed over at one hide, so the shop's own beacons keep part of the 64 KiB keepalive budget. */
const HAND_OVER_BYTES = 48 * 1024;
let timer: ReturnType<typeof setTimeout> | undefined;
/** Whether the last response (or its absence) on this page was a failure worth a retry. */
let failing = false;
let initTries = 0;
let initTimer: ReturnType<typeof setTimeout> | undefined;
/** Whether an /init request is waiting for its response. */
let connecting = false;
const identityCallbacks: ((identity: Identity) => void)[] = [];

/** Calls `callback` with the visitor's identity as soon as it is known. */
export function whenIdentified(callback: (identity: Identity) => void): void {
  if (identity) callback(identity);
  else identityCallbacks.push(callback);
}

export function activeConfig(): Config | undefined {
  return config;
}

/** Takes the shop's settings, then loads consent, identity and campaign, and stored events. */
export function start(settings: Config): void {
  if (config) {
    // pc('init') after the script tag, or a tag manager firing twice: same shop, new options.
    config.stream = settings.stream;
    config.api = settings.api;
    return;
  }
  config = settings;
  const shopId = settings.shopId;
  const landing = location.search;
  listen(shopId);
  watchNavigation(() => loadCampaign(shopId, location.search));
  // Storage is first opened one task later, so the script's own run installs pc and nothing more.
  // The landing query is read now, before a router can rewrite the address. Stored events are
  // taken over only once the consent choice is known, because none are while it is withheld.
  setTimeout(() =>
    Promise.all([loadConsent(shopId).then(() => adopt(shopId, flush)), loadCampaign(shopId, landing)])
      .then(() => {
        connect(settings);
        flush();
      })
      .catch(error => logError(`failed to start: ${error}`)),
  );
}

/** Gets the visitor's identity, retrying a failed /init with the same backoff as events. */
function connect(settings: Config): void {
  // One /init at a time: a second one in parallel would give the device a second did.
  if (!consented() || identity || connecting) return;
  clearTimeout(initTimer);
  connecting = true;
  loadIdentity(settings).then(
    loaded => {
      connecting = false;
      identity = loaded;
      for (const callback of identityCallbacks.splice(0)) callback(loaded);
      flush();
    },
    error => {
      connecting = false;
      if (error.status && !isRetryable(error.status)) {
        // 403: unknown shop, 400: bad request. Trying again cannot help, so events wait unsent.
        return logError(`${error.message}. Check the shop_id ${settings.shopId} in data-shop-id or pc('init'); nothing will be sent.`);
      }
      const delay = retryDelay(++initTries, null, Date.now());
      if (jobs.length) lease(settings.shopId, Date.now() + delay + REQUEST_TIMEOUT_MS);
      logWarning(`could not get a device id (${error}); retrying in ${Math.round(delay / 1000)} s`);
      // Its own timer, because flush() clears `timer` whenever an event is called.
      initTimer = setTimeout(() => connect(settings), delay);
    },
  );
  flush();
}

/** Accepts an event whose `fields` passed the checks and are `size` characters of JSON. */
export function enqueue(command: string, row: EventRow, args: unknown[], fields: Fields, size: number): void {
  const now = Date.now();
  const job: Job = {
    id: newId(),
    command,
    path: typeof row.path === 'string' ? row.path : row.path(args),
    // The page URL at call time goes with the event as its referer.
    body: row.identity === false ? fields : { ...fields, referer: location.href },
    identity: row.identity !== false,
    at: now,
    tries: 0,
    due: now,
    size,
    owner: PAGE,
  };
  // The stream at call time, so a later pc('init') with another stream changes only later events.
  if (config) job.body.stream = config.stream;
  if (!config || !consentKnown()) {
    // Settings or the stored consent choice come later: keep the event in memory until then.
    job.pending = true;
    jobs.push(job);
    return;
  }
  add(config.shopId, job);
  // Claim the event at once: flush() writes no lease while the identity is unknown.
  lease(config.shopId, now + REQUEST_TIMEOUT_MS);
  flush();
}

/**
 * Restarts sending when consent is given, on this page or in another tab, or the browser comes
 * back online, and gives up waiting events when consent is withdrawn. It does nothing before the
 * stored consent choice is read, because boot does the same work once it is.
 */
export function resume(): void {
  if (!config || !consentKnown()) return;
  if (consented()) {
    for (const job of jobs) job.due = Math.min(job.due, Date.now());
    connect(config);
    // Also takes over the events that pages of this shop gave up while consent was withheld.
    adopt(config.shopId, flush);
  }
  flush();
}

/** Returns whether the API's result depends on the order this event arrives in: cart and wishlist changes. */
const isOrdered = (job: Job) => /cart|wish/.test(job.command);

/**
 * Sends waiting events oldest first. While the page is visible up to MAX_IN_FLIGHT requests run
 * at once, except that a cart or wishlist change goes alone: the API must apply a cart change and
 * a later removal in call order. An event waiting for a retry holds back the ones after it. When
 * the page is hidden or left, everything is handed over.
 */
function flush(): void {
  const settings = config;
  if (!settings) return;
  const shopId = settings.shopId;
  const known = consentKnown();
  const pending = known ? jobs.filter(job => job.pending) : [];
  for (const job of pending) {
    // Stored from now on, or discarded when the choice withholds consent.
    delete job.pending;
    if (consented()) save(shopId, job);
    else drop(shopId, job);
  }
  if (pending.length && !consented()) {
    logWarning(`${pending.length} events called before the stored consent choice was read are discarded: consent is withheld. Call pc('consent', true) when the visitor agrees.`);
  }
  // Consent withdrawn in another tab before the stored choice was read: pending events wait in
  // memory and are discarded above once it is.
  if (!consented() && !known) return;
  clearTimeout(timer);
  // Until the stored choice is read, nothing goes out but a hand-over at hide, which keeps every
  // event for the next page of this shop. Without consent the page sends nothing and gives up its
  // events as at hide, so they wait in storage for the page that takes them over after a grant.
  if (leaving || document.visibilityState === 'hidden' || !consented()) return handOver(settings, known && consented());
  if (!known) return;

  for (const job of jobs) {
    if (inFlight.size >= MAX_IN_FLIGHT) return;
    if (inFlight.has(job)) continue;
    if (job.identity && !identity) return;
    if (inFlight.size && (isOrdered(job) || Array.from(inFlight.keys()).some(isOrdered))) return;
    compose(settings, job);
    const now = Date.now();
    if (job.due > now) {
      timer = setTimeout(flush, job.due - now);
      lease(shopId, job.due);
      return;
    }
    lease(shopId, now + REQUEST_TIMEOUT_MS);

    const sent = post(settings.api + job.path, JSON.stringify(job.body), false);
    // Over the keepalive budget: the requests in flight call flush() again when they settle.
    if (!sent) return;
    inFlight.set(job, sent.keepalive);
    const settle = (outcome: Outcome) => {
      const status = outcome.status;
      const label = `pc('${job.command}')`;
      inFlight.delete(job);
      debug(`${label} → ${status || outcome.message}`, job.body, outcome.message);
      if (jobs.indexOf(job) < 0) {
        // Handed over at page hide while in flight: the browser owns it now.
        return;
      }
      failing = isRetryable(status);
      if (status > 199 && status < 300) {
        drop(shopId, job);
      } else if (!failing) {
        logError(`${label} was rejected by the API with ${status}: ${outcome.message}`);
        drop(shopId, job);
      } else {
        const delay = retryDelay(++job.tries, outcome.retryAfter, Date.now());
        job.due = Date.now() + delay;
        save(shopId, job);
        logWarning(`${label} failed (${status || outcome.message}); retry ${job.tries} in ${Math.round(delay / 1000)} s`);
      }
      if (!jobs.length) lease(shopId, 0);
      flush();
    };
    // Chromium 156 was seen rejecting keepalive fetches in flight as the page is left (while sending
    // them), and the rejection can run before this snippet's pagehide listener when the shop
    // registered one first. A network error is therefore read one task later, after pagehide
    // has handed the request over, so the event is not retried on the next page as well.
    sent.outcome.then(outcome => (outcome.status ? settle(outcome) : setTimeout(settle, 0, outcome)));
  }
}

/**
 * Hands every event that can be sent to the browser with sendBeacon, because a hidden page may
 * be discarded without another chance to run. A keepalive request already in flight outlives the
 * page, so it counts as handed over; one sent without keepalive stays stored for the next page.
 * `consentGiven` is whether the stored consent choice is read and grants consent.
 */
function handOver(settings: Config, consentGiven: boolean): void {
  const shopId = settings.shopId;
  const waiting: Job[] = [];
  let handedBytes = 0;
  for (const job of jobs.slice()) {
    if (inFlight.has(job)) {
      // A page being left hands its keepalive requests to the browser. A page that is only
      // hidden keeps them, so a failure answered while it is hidden is retried.
      if (leaving && inFlight.get(job)) drop(shopId, job);
      continue;
    }
    // Some events stay stored for a later page. Nothing is sent before the stored consent choice
    // is read, while consent is withheld, or without an identity. A beacon to a failing API is
    // lost although sendBeacon returns true, so events that failed, and every event after a failed
    // response, stay too. So do events past 48 KiB, and any beacon the browser refuses.
    if (consentGiven && !(job.identity && !identity) && !job.tries && !failing) {
      compose(settings, job);
      const json = JSON.stringify(job.body);
      const bytes = new Blob([json]).size;
      if (handedBytes + bytes <= HAND_OVER_BYTES && post(settings.api + job.path, json, true)!.keepalive) {
        handedBytes += bytes;
        drop(shopId, job);
        continue;
      }
    }
    waiting.push(job);
  }
  // Events kept go to whichever page of this shop runs next, this one included if it becomes
  // visible again: it gives them up now so that no two pages send them.
  rescue(shopId, waiting);
  waiting.forEach(forget);
  // Requests still in flight on a hidden page stay this page's until they are answered.
  if (leaving || !inFlight.size) lease(shopId, 0);
}

/** Adds the common parameters once, so a retry on a later page sends the same body. */
function compose(settings: Config, job: Job): void {
  if (job.body.shop_id) return;
  const common: Fields = { shop_id: settings.shopId, stream: settings.stream };
  if (job.identity && identity) {
    touchSession(identity, settings.shopId, job.at);
    common.did = identity.did;
    common.seance = common.sid = identity.seance;
    common.segment = identity.segment;
    common.source = campaignSource(settings.shopId);
  }
  // JSON.stringify leaves out undefined values, so no key is sent empty.
  job.body = JSON.parse(JSON.stringify(Object.assign(common, job.body)));
  save(settings.shopId, job);
}

/**
 * Listens for the page lifecycle and for consent changes in other tabs, once the first settings
 * arrive rather than at import, so the ES module build can be imported where there is no window
 * (server rendering).
 * Flush on visibilitychange and pagehide only: unload and beforeunload handlers would cost the
 * page its back/forward cache, and mobile browsers often skip them anyway.
 */
function listen(shopId: string): void {
  // Follows a pc('consent') call made in another tab of this shop.
  const follow = () => followConsent(shopId) && resume();
  const show = () => {
    leaving = false;
    follow();
    adopt(shopId, flush);
  };
  addEventListener('visibilitychange', () => (document.visibilityState === 'hidden' ? flush() : show()));
  addEventListener('pagehide', () => {
    leaving = true;
    flush();
  });
  // Restored from the back/forward cache: this page gave up its waiting events at pagehide, so
  // it takes over whatever another page has not taken meanwhile.
  addEventListener('pageshow', event => event.persisted && show());
  addEventListener('online', resume);
  // Fired by localStorage writes in other tabs, the consent copy among them.
  addEventListener('storage', follow);
}
