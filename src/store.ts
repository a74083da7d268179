// Owns persistence: a small key-value store with expiry over idb-keyval, in the snippet's own
// IndexedDB database so it never touches the shop's stores. It never throws and never waits
// more than STORE_TIMEOUT_MS. When IndexedDB is missing, throws or hangs, it falls back to memory.

import { createStore, del, entries, get, set, type UseStore } from 'idb-keyval';

interface Entry {
  /** The stored value. */
  v: unknown;
  /** Expiry time in ms since the epoch; absent for values that do not expire. */
  e?: number;
}

/** IndexedDB can hang on open (seen on iOS 14), so no call may wait for it longer than this. */
export const STORE_TIMEOUT_MS = 1000;

const memory = new Map<string, Entry>();
// undefined: not opened yet; null: unavailable for the rest of this page view.
let database: UseStore | null | undefined;
/** Whether one IndexedDB call has succeeded on this page. */
let opened = false;

function timeout(): Promise<never> {
  return new Promise((_, reject) => setTimeout(reject, STORE_TIMEOUT_MS));
}

/** Runs `operation` against IndexedDB, or returns `fallback` when IndexedDB is unusable or the call fails or times out. */
async function attempt<T>(operation: (store: UseStore) => Promise<T>, fallback: T): Promise<T> {
  try {
    // Reading `indexedDB` itself throws SecurityError in some sandboxed frames.
    if (database === undefined) database = indexedDB ? createStore('personaclick', 'kv') : null;
    if (database) {
      const result = await Promise.race([operation(database), timeout()]);
      opened = true;
      return result;
    }
  } catch {
    // Before any call has succeeded, a failure means IndexedDB is missing, blocked or hanging on
    // open: use memory from now on. Later, one slow or failed call (a busy machine, a full disk)
    // only returns the fallback. Switching to memory then would leave this page's stored events
    // in IndexedDB without its lease, and another tab would send them again.
    if (!opened) database = null;
  }
  return fallback;
}

/** Returns the value stored under `key`, or undefined when it is missing or expired. */
export async function read<T>(key: string): Promise<T | undefined> {
  const entry = await attempt(store => get<Entry>(key, store), memory.get(key));
  if (!entry) return undefined;
  if (entry.e !== undefined && entry.e <= Date.now()) {
    await remove(key);
    return undefined;
  }
  return entry.v as T;
}

/** Stores `value` under `key`, to expire `ttlMs` milliseconds from now when given. */
export async function write(key: string, value: unknown, ttlMs?: number): Promise<void> {
  const entry: Entry = ttlMs === undefined ? { v: value } : { v: value, e: Date.now() + ttlMs };
  memory.set(key, entry);
  await attempt(store => set(key, entry, store), undefined);
}

export async function remove(key: string): Promise<void> {
  memory.delete(key);
  await attempt(store => del(key, store), undefined);
}

/** Returns the unexpired values of every key that starts with `prefix`. */
export async function readAll<T>(prefix: string): Promise<T[]> {
  const stored = await attempt(store => entries<string, Entry>(store), Array.from(memory.entries()));
  const now = Date.now();
  return stored
    .filter(([key, entry]) => typeof key === 'string' && key.indexOf(prefix) === 0 && !(entry.e !== undefined && entry.e <= now))
    .map(([, entry]) => entry.v as T);
}
