// Owns the event catalogue: one row per pc() command that sends something, saying where it is
// posted, how its fields are built and checked, and what a correct call looks like. Adding an
// event is adding a row. Building never sends; it throws InvalidInput on bad input.

import {
  fail, id, isRecord, oneOf, optionalAmount, optionalText, positiveInteger, properties, record, text,
  warnUnknownKeys, type Fields,
} from './validate';
import { show } from './log';

export interface EventRow {
  /** API path the event is posted to, or a function of the call's arguments for message tracking. */
  path: string | ((args: unknown[]) => string);
  /** A correct call, quoted in error messages. */
  usage: string;
  /** Builds the event's own fields (without shop_id, did, seance and the other common parameters). */
  build: (args: unknown[]) => Fields;
  /** Set to false for requests that take only shop_id and stream, without did or seance. */
  identity?: false;
}

const RECOMMENDERS = ['dynamic', 'instant_search', 'full_search'] as const;
const ORDER_AMOUNTS = ['order_price', 'order_cash', 'order_bonuses', 'order_delivery', 'order_discount'];
const ORDER_TEXTS = ['promocode', 'delivery_address', 'delivery_type', 'payment_type'];
const ORDER_KEYS = ['items', 'order_id', 'tax_free', 'custom'].concat(ORDER_AMOUNTS, ORDER_TEXTS);
const TRACK_KINDS = ['delivered', 'opened', 'clicked', 'closed'];
const CAMPAIGN_TYPES = ['bulk', 'chain', 'transactional'] as const;

/** Reads `id` or `{id, …}` and checks the object's keys against `known`. */
function fieldsOf(command: string, arg: unknown, known: string[]): Fields {
  if (!isRecord(arg)) return { id: arg };
  warnUnknownKeys(command, arg, known);
  return arg;
}

/** Builds the one-item body of view, cart, remove_from_cart, wish and remove_wish. */
function oneProduct(event: string, arg: unknown, withAmount?: boolean, withSource?: boolean): Fields {
  const known = ['id'];
  if (withAmount) known.push('amount');
  if (withSource) known.push('recommended_by', 'recommended_code');
  const fields = fieldsOf(event, arg, known);
  const item: Fields = { id: id(fields.id) };
  if (withAmount) item.amount = fields.amount === undefined ? 1 : positiveInteger(fields.amount, 'amount');

  const body: Fields = { event, items: [item] };
  if (withSource) {
    const by = fields.recommended_by;
    body.recommended_by = by === undefined || by === '' ? undefined : oneOf(by, RECOMMENDERS, 'recommended_by');
    body.recommended_code = optionalText(fields.recommended_code, 'recommended_code');
    if (body.recommended_code && !body.recommended_by) fail('recommended_code was given without recommended_by');
  }
  return body;
}

/** Builds the items of a whole-list sync from ids or `{id, quantity}` lines. */
function listItems(command: string, list: unknown[], withQuantity: boolean): Fields[] {
  return list.map(line => {
    const fields = fieldsOf(command, line, withQuantity ? ['id', 'quantity'] : ['id']);
    const item: Fields = { id: id(fields.id) };
    if (withQuantity) item.quantity = fields.quantity === undefined ? 1 : positiveInteger(fields.quantity, 'quantity');
    return item;
  });
}

function purchase(arg: unknown): Fields {
  const order = record(arg, 'order');
  warnUnknownKeys('purchase', order, ORDER_KEYS);
  const lines = order.items;
  if (!Array.isArray(lines) || !lines.length) fail(`invalid items ${show(lines)} (expected a non-empty array of {id, amount, price})`);
  const items = lines.map(line => {
    const fields = record(line, 'item');
    warnUnknownKeys('purchase', fields, ['id', 'amount', 'price']);
    return { id: id(fields.id), amount: positiveInteger(fields.amount, 'item amount'), price: optionalAmount(fields.price, 'item price') };
  });

  const body: Fields = { event: 'purchase', items };
  if (order.order_id !== undefined && order.order_id !== '') body.order_id = id(order.order_id, 'order_id');
  for (const key of ORDER_AMOUNTS) body[key] = optionalAmount(order[key], key);
  for (const key of ORDER_TEXTS) body[key] = optionalText(order[key], key);
  if (order.tax_free !== undefined) body.tax_free = typeof order.tax_free === 'boolean' ? order.tax_free : fail('invalid tax_free (expected true or false)');
  body.custom = properties(order.custom, 'custom', false);
  return body;
}

function custom(args: unknown[]): Fields {
  const options = args[1] === undefined ? {} : record(args[1], 'options');
  warnUnknownKeys('custom', options, ['category', 'label', 'value', 'payload']);
  const value = options.value;
  if (value !== undefined && value !== null && !(typeof value === 'number' && value % 1 === 0)) {
    fail(`invalid value ${show(value)} (expected an integer)`);
  }
  return {
    event: text(args[0], 'event key'),
    category: optionalText(options.category, 'category'),
    label: optionalText(options.label, 'label'),
    value: value === null ? undefined : value,
    payload: properties(options.payload, 'payload', true),
  };
}

/** Builds a message-tracking body; without options it reads an SMS link's `mail_code` and `recommended_by`. */
function track(args: unknown[]): Fields {
  oneOf(args[0], TRACK_KINDS, 'message event');
  let options: Fields;
  if (args[1] === undefined) {
    const query = new URLSearchParams(location.search);
    options = { code: query.get('mail_code'), type: query.get('recommended_by') };
  } else {
    options = record(args[1], 'options');
  }
  warnUnknownKeys('track', options, ['code', 'type']);
  return { code: text(options.code, 'code'), type: oneOf(options.type, CAMPAIGN_TYPES, 'type') };
}

const product = "'SKU-1'";
export const EVENTS: Record<string, EventRow> = {
  view: {
    path: '/push',
    usage: `pc('view', ${product}) or pc('view', {id: ${product}, recommended_by: 'dynamic', recommended_code: 'block-code'})`,
    build: args => oneProduct('view', args[0], false, true),
  },
  category: {
    path: '/push',
    usage: "pc('category', 'CATEGORY-ID')",
    build: args => ({ event: 'category', category_id: id(args[0], 'category id') }),
  },
  cart: {
    path: '/push',
    usage: `pc('cart', {id: ${product}, amount: 2}) for one product (amount is its new total in the cart), or pc('cart', [{id: ${product}, quantity: 2}]) for the whole cart`,
    build: args =>
      Array.isArray(args[0])
        ? { event: 'cart', full_cart: true, items: listItems('cart', args[0], true) }
        : oneProduct('cart', args[0], true, true),
  },
  clear_cart: {
    path: '/push',
    usage: "pc('clear_cart')",
    build: () => ({ event: 'cart', full_cart: true, items: [] }),
  },
  remove_from_cart: {
    path: '/push',
    usage: `pc('remove_from_cart', ${product})`,
    build: args => oneProduct('remove_from_cart', args[0]),
  },
  wish: {
    path: '/push',
    usage: `pc('wish', ${product}) for one product, or pc('wish', [${product}, 'SKU-2']) for the whole wishlist`,
    build: args =>
      Array.isArray(args[0])
        ? { event: 'wish', full_wish: true, items: listItems('wish', args[0], false) }
        : oneProduct('wish', args[0]),
  },
  remove_wish: {
    path: '/push',
    usage: `pc('remove_wish', ${product})`,
    build: args => oneProduct('remove_wish', args[0]),
  },
  // Sent the way the vendor's SDKs clear a wishlist: an empty whole-list sync.
  clear_wishlist: {
    path: '/push',
    usage: "pc('clear_wishlist')",
    build: () => ({ event: 'wish', full_wish: true, items: [] }),
  },
  purchase: {
    path: '/push',
    usage: `pc('purchase', {items: [{id: ${product}, amount: 1, price: 19.99}], order_id: 'A-1001', order_price: 19.99})`,
    build: args => purchase(args[0]),
  },
  search: {
    path: '/push',
    usage: "pc('search', 'red shoes') or pc('search', {query: 'red shoes', recommended_code: 'block-code'})",
    build: args => {
      const fields = isRecord(args[0]) ? args[0] : { query: args[0] };
      warnUnknownKeys('search', fields, ['query', 'recommended_code']);
      return { event: 'search', search_query: text(fields.query, 'search query'), recommended_code: optionalText(fields.recommended_code, 'recommended_code') };
    },
  },
  custom: {
    path: '/push/custom',
    usage: "pc('custom', 'event_key', {category: 'c', label: 'l', value: 1, payload: {key: 'value'}})",
    build: custom,
  },
  track: {
    path: args => '/track/' + args[0],
    usage: "pc('track', 'clicked', {code: 'MESSAGE-ID', type: 'bulk'}); kinds: delivered, opened, clicked, closed",
    build: track,
    identity: false,
  },
};
