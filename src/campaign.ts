// Owns the campaign source: the `{from, code}` pair taken from an email, web push or SMS landing
// URL, kept for 48 hours and attached to every event while valid. It never reads the network.

import { read, remove, write } from './store';

export interface Source {
  from: string;
  code: string;
}

/** Attribution window: a campaign counts for 48 hours after the landing, restarted by a newer one. */
export const CAMPAIGN_TTL_MS = 48 * 60 * 60 * 1000;

/** `recommended_by` values that mark a click inside the shop, not a campaign landing. */
const NOT_CAMPAIGNS = ['dynamic', 'instant_search', 'full_search'];

let current: { source: Source; expires: number } | undefined;
/** Whether this page has set a campaign, which then wins over the stored one. */
let landed = false;

const key = (shopId: string) => 'source:' + shopId;

/** Returns the campaign in a landing URL's query, or undefined when it carries none. */
export function parseCampaign(search: string): Source | undefined {
  const query = new URLSearchParams(search);
  const from = query.get('recommended_by');
  const code = query.get('bulk_code') || query.get('personaclick_mail_code');
  if (!from || !code || NOT_CAMPAIGNS.indexOf(from) >= 0) return undefined;
  return { from, code };
}

/**
 * Stores the landing URL's campaign (or `source`, handed in by a hybrid app from a push
 * payload), or loads the stored one when there is none. Call once the shop is known.
 */
export async function loadCampaign(shopId: string, search: string, source = parseCampaign(search)): Promise<void> {
  if (source) {
    landed = true;
    current = { source, expires: Date.now() + CAMPAIGN_TTL_MS };
    await write(key(shopId), current, CAMPAIGN_TTL_MS);
  } else {
    const stored = await read<typeof current>(key(shopId));
    // A campaign set on this page while the read was pending is newer than the stored one.
    if (!landed) current = stored;
  }
}

/** Returns the campaign to attach to an event happening now, dropping it once expired. */
export function campaignSource(shopId: string): Source | undefined {
  if (current && current.expires <= Date.now()) {
    current = undefined;
    remove(key(shopId));
  }
  return current && current.source;
}
