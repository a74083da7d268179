// Owns the snippet's settings: shop id, stream and API base, read from the script tag or from
// pc('init', …). It validates them and never sends anything itself.

import { BOOLEAN, matches, optional, TEXT, type Schema } from './validate';

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
export const INIT_EXAMPLE = "'0123456789abcdef0123456789abcd', {stream: 'web'}";

export const SHOP_ID = matches(/^[0-9a-f]{30}$/i, 'the 30-character hexadecimal store key');

/** Checks of the options of pc('init'). An empty stream or api means the default. */
export const SETTINGS: Schema = {
  stream: optional(matches(/^[a-z0-9]{1,16}$/i, 'letters and digits only, at most 16'), ['']),
  api: optional(matches(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'an http or https URL such as ' + DEFAULT_API), ['']),
  did: optional(TEXT, []),
  debug: optional(BOOLEAN, []),
  dataLayer: optional(BOOLEAN, []),
};

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

/** Validates settings and returns them. Throws an input error (see fail()) on a bad value. */
export function makeConfig(shopId: unknown, options: ConfigOptions): Config {
  const setting = (key: keyof ConfigOptions) => SETTINGS[key](options[key], key);
  return {
    // Store keys are lower-case hexadecimal; an upper-case copy of one would get 403 from the API.
    shopId: SHOP_ID(shopId, 'shop_id').toLowerCase(),
    stream: setting('stream') || 'web',
    api: (setting('api') || DEFAULT_API).replace(/\/+$/, ''),
    did: setting('did'),
    debug: !!setting('debug'),
    dataLayer: !!setting('dataLayer'),
  };
}
