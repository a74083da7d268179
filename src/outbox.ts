// Owns accepted events until the API has taken them. Each event is stored in IndexedDB before it
// is sent, and leaves only on a 2xx, a permanent rejection, or when handed to the browser at page
// hide. It never sends anything itself; delivery.ts decides when and how.

import { consented } from './consent';
import { newId } from './identity';
import { logWarning } from './log';
import { local, readAll, remove, write } from './store';
import type { Fields } from './validate';

export interface Job {
  id: string;
  /** Id of the page view that is responsible for sending it. */
  owner: string;
  command: string;
  path: string;
  /** The event's own fields, plus the common parameters once composed (then it has shop_id). */
  body: Fields;
  /** Whether the body needs did, seance and the other common parameters. */
  identity: boolean;
  /** Call time in ms since the epoch. */
  at: number;
  tries: number;
  /** Earliest time of the next try, in ms since the epoch. */
  due: number;
  /** Size of the body in JSON characters, for the byte limit. */
  size: number;
  /** Set while the stored consent choice is unknown: the event is in memory or a rescue copy only. */
  pending?: boolean;
}

/** Limits on what one shop's outbox keeps; past them the oldest events are dropped. */
const MAX_AGE_DAYS = 7;
const MAX_EVENTS = 1000;
const MAX_MIB = 1;
/**
 * How long another page waits after this one's lease ends before it takes over its events. Only
 * visible pages own events (a hidden page hands them over), and their timers run on time.
 */
const LEASE_MARGIN_MS = 5000;

/** Id of this page view: it owns the events called here and those it takes over. */
export const PAGE = newId();
/** This page's events, oldest first. */
export const jobs: Job[] = [];
let warned = false;
let readoptTimer: ReturnType<typeof setTimeout> | undefined;

/**
 * localStorage key prefix of page leases: `<prefix><shop_id>:<page id>` holds the end of the
 * lease in ms since the epoch. localStorage, because its writes are synchronous: an IndexedDB
 * delete of a lease issued as the page unloads was often lost, and kept its events waiting.
 */
const LEASE = 'personaclick:lease:';
/** localStorage key prefix of the events rescued at page hide, as a JSON array of jobs. */
const RESCUE = 'personaclick:rescue:';
/**
 * Maximum characters in a rescue slot. localStorage has a quota of 5 MiB per origin, shared
 * with the shop's own data, and setItem throws QuotaExceededError past it (MDN, "Browser
 * storage quotas and eviction criteria"). 256 Ki characters are 512 KiB at 2 bytes each, a
 * tenth of that, and fit about 1,000 small events (the outbox's maximum) at about 260
 * characters of JSON each, the size of a pc('view') with a short referer.
 */
const RESCUE_CHARS = 262144;
/**
 * localStorage key prefix of each page's ledger: the time of its last write, then the ids of the
 * jobs it removed last, separated by spaces. One key per page, because localStorage has no atomic
 * read-modify-write across tabs: with one shared key, two tabs removing 200 events each at the
 * same time overwrote each other's ids, and about half of them were missing (Chromium 156).
 */
const LEDGER = 'personaclick:done:';
/**
 * Maximum characters in the ledger: the last 1,000 ids of 10 characters and a space. Every
 * job removed as the page unloads must be listed, because its IndexedDB delete can be lost. At
 * one hide that is up to 4 requests in flight and 48 KiB of bodies sent by sendBeacon, which is
 * at most 600 events of the smallest body (82 characters of JSON, a pc('track') event).
 */
const LEDGER_CHARS = 11000;
/** This page's ledger, each id after a space. */
let removedIds = '';
/** Whether a write of the ledger is queued for the end of this task. */
let ledgerQueued = false;

const eventKey = (shopId: string, id: string) => 'event:' + shopId + ':' + id;

/** Removes `job` from this page's list, if it is there. */
export function forget(job: Job): void {
  const index = jobs.indexOf(job);
  if (index >= 0) jobs.splice(index, 1);
}

export function save(shopId: string, job: Job): void {
  write(eventKey(shopId, job.id), job);
}

/**
 * Removes a job for good: delivered, rejected, or handed to the browser. Its id also goes to a
 * ledger in localStorage, because an IndexedDB delete issued while the page unloads can be lost
 * with the page, and the next page would then send the event again.
 */
export function drop(shopId: string, job: Job): void {
  forget(job);
  remove(eventKey(shopId, job.id));
  // A pagehide can remove hundreds of jobs, so the ledger is written once per task, in a
  // microtask. That still runs before the page unloads, because the HTML standard performs a
  // microtask checkpoint after each event listener returns ("clean up after running script").
  // A cut id at the start of the ledger matches no job, because every id has 10 characters.
  if (!ledgerQueued) {
    ledgerQueued = true;
    queueMicrotask(() => {
      ledgerQueued = false;
      removedIds = removedIds.slice(-LEDGER_CHARS);
      local(LEDGER + PAGE, Date.now() + ' ' + removedIds);
    });
  }
  removedIds += ' ' + job.id;
}

export function add(shopId: string, job: Job): void {
  jobs.push(job);
  save(shopId, job);
  prune(shopId);
}

/**
 * Tells other pages of this shop that this one will look after its events until `until`
 * (ms since the epoch); 0 hands them over at once.
 */
export function lease(shopId: string, until: number): void {
  // NOTE: where localStorage throws (storage disabled), no page can read another's lease, so
  // two tabs could both send a leftover event.
  local(LEASE + shopId + ':' + PAGE, until ? String(until + LEASE_MARGIN_MS) : null);
}

/** Returns the events rescued to localStorage for `shopId` and not taken yet. */
function rescued(shopId: string): Job[] {
  try {
    return JSON.parse(local(RESCUE + shopId) || '[]');
  } catch {
    // A damaged copy: the IndexedDB copies are all there is.
    return [];
  }
}

/**
 * Copies events that cannot be sent at page hide (no identity or consent choice yet) to
 * localStorage. Its writes are synchronous, while an IndexedDB write issued as the page unloads
 * can be lost with it. Copies of an earlier page that no page has taken yet are kept. Past
 * RESCUE_CHARS, the newest events that fit are kept.
 */
export function rescue(shopId: string, waiting: Job[]): void {
  if (!waiting.length) return;
  const ids = waiting.map(job => job.id);
  const texts = rescued(shopId)
    .filter(job => ids.indexOf(job.id) < 0)
    .concat(waiting)
    .map(job => JSON.stringify(job));
  // Where the shop's own data leaves too little room and setItem throws, a copy half as long is
  // tried, and so on, because a smaller copy loses fewer events than none.
  let first = 0;
  let chars = texts.join().length + 2;
  for (let budget = RESCUE_CHARS; budget; budget >>= 1) {
    // Each job costs its JSON and a comma. With none left, chars is 1, so the loop stops.
    while (chars > budget) chars -= texts[first++].length + 1;
    if (local(RESCUE + shopId, '[' + texts.slice(first) + ']')) return;
  }
}

/**
 * Takes over stored events whose page is gone or no longer looks after them: left by an
 * earlier page view, a closed tab, or a page that could not send them before it was hidden.
 * Where the Web Locks API exists, one page at a time does this, so two tabs never take the
 * same event. Without it, two tabs opening in the same instant could both send one.
 */
export function adopt(shopId: string, adopted: () => void): Promise<void> {
  const takeOver = async () => {
    // While consent is withheld, here or in another tab, no page takes events over.
    // NOTE: so events past the maximum age stay stored until consent is given and the next
    // takeover prunes them.
    if (!consented()) return;
    const fromIndexedDb = await readAll<Job>('event:' + shopId + ':');
    // Rescued copies come first, so a stored copy of the same event is skipped as known. They
    // are read after the first await, so boot itself touches no synchronous storage. From here
    // to the jobs.push() below nothing awaits: the page may be left at any await, and a rescued
    // copy taken from localStorage would then be in no list that the pagehide rescue writes.
    const slot = rescued(shopId);
    local(RESCUE + shopId, null);
    const now = Date.now();
    const done = sweep(now) + ' ';
    let nextLeaseEnd = Infinity;
    const writes: Promise<unknown>[] = [];
    /** Rescued copies whose page still holds a lease, put back for a later page. */
    const stillLeased: Job[] = [];
    for (const job of slot.concat(fromIndexedDb)) {
      // This page's own events are taken back too, once it gave them up at a hide.
      if (jobs.some(known => known.id === job.id)) continue;
      // Listed as delivered, rejected or handed over in the ledger.
      if (done.indexOf(' ' + job.id + ' ') >= 0) {
        remove(eventKey(shopId, job.id));
        continue;
      }
      // A rescued pending event has no other copy, and its page gave it up: no lease applies.
      const until = job.owner === PAGE || (job.pending && slot.indexOf(job) >= 0) ? 0 : Number(local(LEASE + shopId + ':' + job.owner));
      if (until && until > now) {
        nextLeaseEnd = Math.min(nextLeaseEnd, until);
        if (slot.indexOf(job) >= 0) stillLeased.push(job);
        continue;
      }
      job.owner = PAGE;
      job.due = now;
      jobs.push(job);
      writes.push(write(eventKey(shopId, job.id), job));
    }
    // The new owner and its lease must be stored before the lock is released, or the next
    // page in line would still see the old owner and take the same events.
    rescue(shopId, stillLeased);
    if (writes.length) lease(shopId, now + 60000);
    await Promise.all(writes);
    jobs.sort((a, b) => a.at - b.at);
    prune(shopId);
    // A page killed without pagehide never gives up its lease: look again when it runs out.
    clearTimeout(readoptTimer);
    if (nextLeaseEnd < Infinity) readoptTimer = setTimeout(() => adopt(shopId, adopted), nextLeaseEnd - now + 100);
    adopted();
  };
  const locks = navigator.locks;
  // The lock is held only while taking over: a lock held during unload would cost the page
  // its back/forward cache (HTML standard, "not restored reasons": lock).
  return (locks ? locks.request('personaclick-outbox:' + shopId, takeOver) : takeOver()).catch(error =>
    logWarning(`could not take over stored events: ${error}`),
  );
}

/**
 * Removes expired leases (pages killed without pagehide never remove theirs) and ledgers older
 * than any stored event can be, and returns the ids in every other ledger, each after a space.
 */
function sweep(now: number): string {
  let ids = '';
  try {
    for (let i = localStorage.length; i--; ) {
      const key = localStorage.key(i)!;
      const value = localStorage.getItem(key)!;
      const isLedger = key.indexOf(LEDGER) === 0;
      // A ledger is needed while its page's events may still be stored, at most MAX_AGE_DAYS.
      if (key.indexOf(LEASE) === 0 ? Number(value) < now : isLedger && parseInt(value) < now - MAX_AGE_DAYS * 864e5) {
        localStorage.removeItem(key);
      } else if (isLedger) {
        ids += ' ' + value;
      }
    }
  } catch {
    // Storage disabled: there are no leases or ledgers.
  }
  return ids;
}

/** Drops events past the maximum age, count or size, oldest first, with one warning per page. */
function prune(shopId: string): void {
  let chars = 0;
  for (const job of jobs) chars += job.size;
  while (jobs.length && (jobs.length > MAX_EVENTS || chars > MAX_MIB * 1048576 || Date.now() - jobs[0].at > MAX_AGE_DAYS * 864e5)) {
    chars -= jobs[0].size;
    drop(shopId, jobs[0]);
    if (!warned) logWarning(`dropped undelivered events, oldest first: the outbox keeps at most ${MAX_EVENTS} events, ${MAX_MIB} MiB, ${MAX_AGE_DAYS} days`);
    warned = true;
  }
}
