// Owns the visitor's consent to tracking, set by pc('consent', true|false). While it is withheld
// nothing is stored or sent, and events called meanwhile are discarded; events accepted before
// wait in the outbox. The choice is stored per shop, so it holds on the next page view too.

import { read, write } from './store';

let granted = true;
/** Whether this page called pc('consent'), which wins over the stored choice. */
let explicit = false;
/** Whether the choice is known: called on this page, or read from storage. */
let known = false;

const key = (shopId: string) => 'consent:' + shopId;

export function consented(): boolean {
  return granted;
}

export function consentKnown(): boolean {
  return known;
}

export async function loadConsent(shopId: string): Promise<void> {
  const stored = await read<boolean>(key(shopId));
  // A pc('consent') call made while the read was pending wins over what was stored.
  if (explicit) write(key(shopId), granted);
  else granted = stored !== false;
  known = true;
}

export function setConsent(value: boolean, shopId: string | undefined): void {
  granted = value;
  explicit = true;
  known = true;
  if (shopId) write(key(shopId), value);
}
