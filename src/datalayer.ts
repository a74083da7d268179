// Owns the opt-in bridge from Google Analytics 4 e-commerce events in window.dataLayer to pc()
// commands, for shops that already push them. Entries pushed before the snippet loaded are
// read once, and later pushes as they happen. It never changes what the shop's tags receive.

import { logError } from './log';
import type { Fields } from './validate';

type Command = unknown[];
type Item = { item_id?: unknown; quantity?: unknown; price?: unknown };

/** Returns the entry's items, skipping anything that is not an object (a shop's template bug). */
const itemsOf = (ecommerce: Fields): Item[] =>
  Array.isArray(ecommerce.items) ? ecommerce.items.filter(item => item && typeof item === 'object') : [];

/** GA4 event name → the pc() call it becomes, or undefined when it maps to nothing. */
const MAPPING: Record<string, (ecommerce: Fields) => Command | undefined> = {
  view_item: e => ['view', itemsOf(e)[0] && itemsOf(e)[0].item_id],
  view_item_list: e => (e.item_list_id === undefined ? undefined : ['category', e.item_list_id]),
  // GA4 sends the quantity added; PersonaClick wants the product's new total in the cart, which
  // the bridge cannot know, so view_cart (the whole cart) is what keeps the cart right.
  add_to_cart: e => ['cart', { id: itemsOf(e)[0] && itemsOf(e)[0].item_id, amount: itemsOf(e)[0] && itemsOf(e)[0].quantity }],
  remove_from_cart: e => ['remove_from_cart', itemsOf(e)[0] && itemsOf(e)[0].item_id],
  view_cart: e => ['cart', itemsOf(e).map(item => ({ id: item.item_id, quantity: item.quantity }))],
  add_to_wishlist: e => ['wish', itemsOf(e)[0] && itemsOf(e)[0].item_id],
  search: e => ['search', e.search_term],
  purchase: e => [
    'purchase',
    {
      items: itemsOf(e).map(item => ({ id: item.item_id, amount: item.quantity === undefined ? 1 : item.quantity, price: item.price })),
      order_id: e.transaction_id,
      order_price: e.value,
      order_delivery: e.shipping,
      promocode: e.coupon,
    },
  ],
};

/** Translates one dataLayer entry, or returns undefined for entries that are not GA4 e-commerce. */
export function translate(entry: unknown): Command | undefined {
  if (!entry || typeof entry !== 'object') return undefined;
  let event: unknown;
  let fields: unknown;
  const call = entry as ArrayLike<unknown>;
  if (call[0] === 'event' && typeof call.length === 'number') {
    // gtag('event', name, params) queues its arguments object, with the items in params.
    event = call[1];
    fields = call[2];
  } else {
    // Tag Manager style: {event, ecommerce}, except search, whose search_term is at the top.
    event = (entry as Fields).event;
    fields = event === 'search' ? entry : (entry as Fields).ecommerce;
  }
  const build = typeof event === 'string' && MAPPING.hasOwnProperty(event) ? MAPPING[event] : undefined;
  return build && fields && typeof fields === 'object' ? build(fields as Fields) : undefined;
}

/** Runs `run` for every e-commerce entry already in window.dataLayer and every later push. */
export function bridgeDataLayer(run: (args: unknown[]) => void): void {
  const page = window as unknown as { dataLayer?: unknown[] };
  const layer = (page.dataLayer = page.dataLayer || []);
  const forward = (entry: unknown) => {
    // Any error here is caught, so the shop's own push never fails because of the bridge.
    try {
      const command = translate(entry);
      if (command) run(command);
    } catch (error) {
      logError(`ignored a dataLayer entry that could not be read: ${error}`);
    }
  };
  for (let i = 0; i < layer.length; i++) forward(layer[i]);
  const push = layer.push;
  layer.push = function (...entries: unknown[]) {
    const result = push.apply(layer, entries);
    entries.forEach(forward);
    return result;
  };
}
