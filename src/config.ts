// Owns the snippet's settings: shop id, stream and API base, read from the script tag or from
// pc('init', …). It validates them and never sends anything itself.

import { logError, show } from './log';

export interface Config {
  shopId: string;
  stream: string;
  api: string;
  /** A device id supplied by the host page (white-label integrations); skips `/init`. */
  did?: string;
  /** Whether to print each event, payload and API response as console groups. */
  debug?: boolean;
  /** Whether to turn GA4 e-commerce events in window.dataLayer into pc() commands. */
  dataLayer?: boolean;
}

export interface ConfigOptions {
  stream?: unknown;
  api?: unknown;
  did?: unknown;
  debug?: unknown;
  dataLayer?: unknown;
}

export const DEFAULT_API = 'https://api.personaclick.com';
const SHOP_ID = /^[0-9a-f]{30}$/i;
const STREAM = /^[a-z0-9]{1,16}$/i;
const API = /^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/;

/**
 * Reads `data-shop-id`, `data-stream`, `data-api`, `data-debug` and `data-datalayer` from the
 * script element that is running.
 * Must run while the script starts, because `document.currentScript` is null afterwards.
 * Returns undefined when the tag has no `data-shop-id` (a Tag Manager tag strips `data-*`).
 */
export function readScriptTag(): { shopId: unknown; options: ConfigOptions } | undefined {
  const script =
    (document.currentScript as HTMLScriptElement | null) ||
    document.querySelector<HTMLScriptElement>('script[data-shop-id]');
  const data = script && script.dataset;
  if (!data || data.shopId === undefined) return undefined;
  // Boolean attributes: present (even empty) means on, as in HTML, except the value "false".
  const flag = (value: string | undefined) => value !== undefined && value !== 'false';
  return { shopId: data.shopId, options: { stream: data.stream, api: data.api, debug: flag(data.debug), dataLayer: flag(data.datalayer) } };
}

/** Validates settings and returns them, or logs what is wrong and returns undefined. */
export function makeConfig(shopId: unknown, options: ConfigOptions = {}): Config | undefined {
  const example = "pc('init', '0123456789abcdef0123456789abcd', {stream: 'web', api: 'https://api.personaclick.com'})";
  const problem = (field: string, value: unknown, expected: string): undefined => {
    logError(`invalid ${field} ${show(value)} (expected ${expected}): nothing will be sent. Correct call: ${example}, or <script async src="pc.js" data-shop-id="…">.`);
    return undefined;
  };
  if (typeof shopId !== 'string' || !SHOP_ID.test(shopId)) {
    return problem('shop_id', shopId, 'the 30-character hexadecimal store key');
  }
  const stream = options.stream === undefined || options.stream === '' ? 'web' : options.stream;
  if (typeof stream !== 'string' || !STREAM.test(stream)) {
    return problem('stream', options.stream, 'letters and digits only, at most 16');
  }
  const api = options.api === undefined || options.api === '' ? DEFAULT_API : options.api;
  if (typeof api !== 'string' || !API.test(api)) {
    return problem('api', options.api, 'an http or https URL such as https://api.personaclick.com');
  }
  for (const flag of ['debug', 'dataLayer'] as const) {
    const value = options[flag];
    if (value !== undefined && typeof value !== 'boolean') return problem(flag, value, 'true or false');
  }
  const did = options.did;
  if (did !== undefined && (typeof did !== 'string' || !did)) {
    return problem('did', did, 'a non-empty string');
  }
  // Store keys are lower-case hexadecimal; an upper-case copy of one would get 403 from the API.
  return { shopId: shopId.toLowerCase(), stream, api: api.replace(/\/+$/, ''), did, debug: !!options.debug, dataLayer: !!options.dataLayer };
}
