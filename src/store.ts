// Owns persistence: a small key-value store with expiry in the snippet's own IndexedDB database
// (opened through idb-keyval), so it never touches the shop's stores. It never throws and never
// waits more than STORE_TIMEOUT_MS. When IndexedDB is missing, throws or hangs, it uses memory.
// local() reads and writes localStorage, for values that must be written synchronously or that
// other tabs must see change.

import { createStore, promisifyRequest, type UseStore } from 'idb-keyval';

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

/**
 * Runs `operation` in one transaction and resolves with its request's result, or once the
 * transaction completes when it makes no request to read (a write is durable only then).
 * Returns `fallback` when IndexedDB is unusable, or the call fails or times out.
 */
async function attempt<T>(mode: IDBTransactionMode, operation: (store: IDBObjectStore) => IDBRequest | void, fallback: T): Promise<T> {
  try {
    // Reading `indexedDB` itself throws SecurityError in some sandboxed frames.
    if (database === undefined) database = indexedDB ? createStore('personaclick', 'kv') : null;
    if (database) {
      const result = await Promise.race([
        database(mode, store => promisifyRequest(operation(store) || store.transaction)),
        new Promise<never>((_, reject) => setTimeout(reject, STORE_TIMEOUT_MS)),
      ]);
      opened = true;
      return result as T;
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

const live = (entry: Entry | undefined): entry is Entry => !!entry && !(entry.e! <= Date.now());

/** Returns the value stored under `key`, or undefined when it is missing or expired. */
export async function read<T>(key: string): Promise<T | undefined> {
  const entry = await attempt<Entry | undefined>('readonly', store => store.get(key), memory.get(key));
  if (live(entry)) return entry.v as T;
  // An expired entry is deleted on read; a missing one costs a write that finds nothing.
  if (entry) remove(key);
  return undefined;
}

/** Stores `value` under `key`, to expire `ttlMs` milliseconds from now when given. */
export function write(key: string, value: unknown, ttlMs?: number): Promise<void> {
  const entry: Entry = { v: value, e: ttlMs && Date.now() + ttlMs };
  memory.set(key, entry);
  return attempt('readwrite', store => void store.put(entry, key), undefined);
}

export function remove(key: string): Promise<void> {
  memory.delete(key);
  return attempt('readwrite', store => void store.delete(key), undefined);
}

/** Returns the unexpired values of every key that starts with `prefix`. */
export async function readAll<T>(prefix: string): Promise<T[]> {
  const fromMemory = Array.from(memory.keys()).filter(key => key.indexOf(prefix) === 0).map(key => memory.get(key));
  const stored = await attempt<(Entry | undefined)[]>('readonly', 
    // Keys from `prefix` up to `prefix` followed by the highest UTF-16 unit start with `prefix`.
    store => store.getAll(IDBKeyRange.bound(prefix, prefix + '\uffff')),
    fromMemory,
  );
  return stored.filter(live).map(entry => entry.v as T);
}

/**
 * Reads `key` from localStorage, or writes `value` there (null removes the key) and returns it.
 * Returns null where storage is disabled or full, because localStorage then throws.
 */
export function local(key: string, value?: string | null): string | null {
  try {
    if (value === undefined) return localStorage.getItem(key);
    if (value === null) localStorage.removeItem(key);
    else localStorage.setItem(key, value);
    return value;
  } catch {
    // Disabled or full: reads return null and writes are lost.
  }
  return null;
}
