// Owns the visitor's consent to tracking, set by pc('consent', true|false). While it is withheld
// nothing is stored or sent, and events called meanwhile are discarded; events accepted before
// wait in the outbox. The choice is stored per shop, so it holds on the next page view too, and
// every open tab of the shop follows it.

import { local, read, write } from './store';

let granted = true;
/**
 * Time of the choice this page follows, in ms since the epoch, when it was made by pc('consent')
 * after this page started, here or in another tab. Such a choice wins over the stored one. 0 while
 * the stored choice or the default applies.
 */
let since = 0;
/** Whether this page called pc('consent') before the shop was known, so its choice is not stored yet. */
let unsaved = false;
/** Whether the choice is known: called on this page, or read from storage. */
let known = false;

const key = (shopId: string) => 'consent:' + shopId;

/**
 * localStorage key prefix of a copy of the latest choice: "true" or "false", a space, and the time
 * of the call in ms since the epoch. Setting a new value fires a storage event in the shop's other
 * tabs, not in this one (MDN, "Window: storage event"), and IndexedDB has no such event. The time
 * makes every call a new value, because setting an equal value fires none (seen in Chromium 156).
 * IndexedDB stays the record that boot reads.
 */
const LOCAL = 'personaclick:consent:';

export function consented(): boolean {
  return granted;
}

export function consentKnown(): boolean {
  return known;
}

export async function loadConsent(shopId: string): Promise<void> {
  const stored = await read<boolean>(key(shopId));
  // A choice made after this page started wins over the stored one, and is stored now if it
  // was made here before the shop was known.
  if (unsaved) save(shopId);
  else if (!since) granted = stored !== false;
  known = true;
}

export function setConsent(value: boolean, shopId: string | undefined): void {
  granted = value;
  since = Date.now();
  known = true;
  unsaved = !shopId;
  if (shopId) save(shopId);
}

function save(shopId: string): void {
  write(key(shopId), granted);
  // Removed first, so that where localStorage is full no older choice stays there to be followed.
  local(LOCAL + shopId, null);
  local(LOCAL + shopId, granted + ' ' + since);
}

/**
 * Follows the latest choice made in any tab of the shop, read from its localStorage copy, when it
 * is no older than the one this page follows. Called on storage events, and when the page is
 * shown again, because a page that was frozen or in the back/forward cache may have missed them.
 * Returns whether consent changed.
 */
export function followConsent(shopId: string): boolean {
  const [choice, time] = (local(LOCAL + shopId) || '').split(' ');
  // Missing (localStorage disabled or cleared) or older: NaN and smaller times compare false.
  // NOTE: a system clock set back between two calls can leave a tab on the older choice.
  if (!(+time >= since)) return false;
  const before = granted;
  granted = choice == 'true';
  since = +time;
  unsaved = false;
  return granted != before;
}
