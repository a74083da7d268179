// Owns the opt-in bridge from Google Analytics 4 e-commerce events in window.dataLayer to pc()
// commands, for shops that already push them. Entries pushed before the snippet loaded are
// read once, and later pushes as they happen. It never changes what the shop's tags receive.

import { describe, logError } from './log';

type Item = { item_id?: unknown; quantity?: unknown; price?: unknown };

/** Translates one dataLayer entry, or returns undefined for entries that are not GA4 e-commerce. */
export function translate(entry: any): unknown[] | undefined {
  if (!entry || typeof entry != 'object') return;
  // gtag('event', name, params) queues its arguments object, with the items in params. Tag
  // Manager pushes {event, ecommerce}, except for search, whose search_term is at the top.
  let event = entry.event;
  let params = event === 'search' ? entry : entry.ecommerce;
  if (entry[0] === 'event' && typeof entry.length == 'number') {
    event = entry[1];
    params = entry[2];
  }
  if (!params || typeof params != 'object') return;

  // Items that are not objects are a shop's template bug, and are skipped.
  const items: Item[] = Array.isArray(params.items) ? params.items.filter((item: unknown) => item && typeof item == 'object') : [];
  const first = items[0] || {};
  const id = first.item_id;

  switch (event) {
    case 'view_item':
      return ['view', id];
    case 'view_item_list':
      return params.item_list_id === undefined ? undefined : ['category', params.item_list_id];
    // GA4 sends the quantity added; PersonaClick wants the product's new total in the cart, which
    // the bridge cannot know, so view_cart (the whole cart) is what keeps the cart right.
    case 'add_to_cart':
      return ['cart', { id, amount: first.quantity }];
    case 'remove_from_cart':
      return ['remove_from_cart', id];
    case 'view_cart':
      return ['cart', items.map(item => ({ id: item.item_id, quantity: item.quantity }))];
    case 'add_to_wishlist':
      return ['wish', id];
    case 'search':
      return ['search', params.search_term];
    case 'purchase':
      return [
        'purchase',
        {
          items: items.map(item => ({ id: item.item_id, amount: item.quantity === undefined ? 1 : item.quantity, price: item.price })),
          order_id: params.transaction_id,
          order_price: params.value,
          order_delivery: params.shipping,
          promocode: params.coupon,
        },
      ];
  }
  return undefined;
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
      logError(`ignored a dataLayer entry that could not be read: ${describe(error)}`);
    }
  };
  [].forEach.call(layer, forward);
  const push = layer.push;
  layer.push = function () {
    const result = push.apply(layer, arguments as unknown as unknown[]);
    [].forEach.call(arguments, forward);
    return result;
  };
}
