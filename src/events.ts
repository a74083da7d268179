// Owns the event catalogue: one row per pc() command that sends something, saying where it is
// posted, how its fields are built and checked, and what a correct call looks like. Adding an
// event is adding a row. Building never sends, and it throws an input error (see fail()) on bad input.

import {
  AMOUNT, BOOLEAN, COUNT, fail, fields, ID, is, oneOf, optional, OPTIONAL_TEXT, properties, TEXT,
  type Check, type Fields, type Schema,
} from './validate';

export interface EventRow {
  /** API path the event is posted to, or a function of the call's arguments for message tracking. */
  path: string | ((args: unknown[]) => string);
  /** Arguments of correct calls, as code, quoted in error messages. A call without arguments has ''. */
  example: string | string[];
  /**
   * Builds the event's own fields (without shop_id, did, seance and the other common parameters)
   * from the call's arguments after the command.
   */
  build: (args: unknown[], command: string) => Fields;
  /** Set to false for requests that take only shop_id and stream, without did or seance. */
  identity?: false;
  /** Number of arguments after the command, 1 when absent. A call with more is rejected. */
  takes?: number;
}

/** A cart amount or whole-cart quantity: a whole number of at least 1, 1 when absent. */
const COUNT_OR_ONE: Check = (value, name) => (value === undefined ? 1 : COUNT(value, name));

const SOURCE: Schema = {
  recommended_by: optional(oneOf(['dynamic', 'instant_search', 'full_search']), ['']),
  recommended_code: OPTIONAL_TEXT,
};
const PRODUCT: Schema = { id: ID };
const VIEWED: Schema = { id: ID, ...SOURCE };
const ADDED: Schema = { id: ID, amount: COUNT_OR_ONE, ...SOURCE };
const CART_LINE: Schema = { id: ID, quantity: COUNT_OR_ONE };
const ORDER_ITEM: Schema = { id: ID, amount: COUNT, price: AMOUNT };
const ORDER: Schema = {
  items: (lines, name) =>
    Array.isArray(lines) && lines.length
      ? // Array.from visits the holes of a sparse array, which map() skips and JSON sends as null.
        Array.from(lines, (line, i) => fields('purchase', line, ORDER_ITEM, `items[${i}]`, `items[${i}].`))
      : fail(name, lines, 'a non-empty array of {id, amount, price}'),
  order_id: optional(ID, ['']),
  order_price: AMOUNT,
  order_cash: AMOUNT,
  order_bonuses: AMOUNT,
  order_delivery: AMOUNT,
  order_discount: AMOUNT,
  promocode: OPTIONAL_TEXT,
  delivery_address: OPTIONAL_TEXT,
  delivery_type: OPTIONAL_TEXT,
  payment_type: OPTIONAL_TEXT,
  tax_free: optional(BOOLEAN, [null]),
  custom: properties(false),
};

/** Builds the one-item body of view, cart, remove_from_cart, wish and remove_wish from `id` or `{id, …}`. */
function oneProduct(event: string, arg: unknown, schema: Schema): Fields {
  const { id, amount, ...source } = fields(event, arg, schema);
  if (source.recommended_code && !source.recommended_by) fail('recommended_code', source.recommended_code, 'only together with recommended_by');
  return { event, items: [{ id, amount }], ...source };
}

/**
 * Builds a whole-list sync (`full_cart` or `full_wish`) from ids or `{id, …}` lines. Errors name
 * the line, as in `invalid [2].id`.
 */
function wholeList(event: string, list: unknown[], line: Schema): Fields {
  return { event, ['full_' + event]: true, items: Array.from(list, (item, i) => fields(event, item, line, undefined, `[${i}].`)) };
}

/**
 * Returns the build of a product event named like its command: one product as `id` or `{id, …}`
 * checked against `one`, or with `line` also a whole-list sync from an array.
 */
const products = (one: Schema, line?: Schema): EventRow['build'] => (args, command) =>
  line && Array.isArray(args[0]) ? wholeList(command, args[0], line) : oneProduct(command, args[0], one);

/** Returns the catalogue row of an event posted to /push (bytes: the path is written once). */
const push = (example: string | string[], build: EventRow['build'], takes?: number): EventRow => ({ path: '/push', example, build, takes });

export const EVENTS: Record<string, EventRow> = {
  view: push(["'SKU-1'", "{id: 'SKU-1', recommended_by: 'dynamic', recommended_code: 'block-code'}"], products(VIEWED)),
  category: push("'CATEGORY-ID'", args => ({ event: 'category', category_id: ID(args[0], 'category id') })),
  // amount is the product's new total in the cart, not the number added.
  cart: push(["{id: 'SKU-1', amount: 2}", "[{id: 'SKU-1', quantity: 2}]"], products(ADDED, CART_LINE)),
  clear_cart: push('', () => wholeList('cart', [], CART_LINE), 0),
  remove_from_cart: push("'SKU-1'", products(PRODUCT)),
  wish: push(["'SKU-1'", "['SKU-1', 'SKU-2']"], products(PRODUCT, PRODUCT)),
  remove_wish: push("'SKU-1'", products(PRODUCT)),
  // Sent the way the vendor's SDKs clear a wishlist: an empty whole-list sync.
  clear_wishlist: push('', () => wholeList('wish', [], PRODUCT), 0),
  purchase: push("{items: [{id: 'SKU-1', amount: 1, price: 19.99}], order_id: 'A-1001', order_price: 19.99}", args => ({
    event: 'purchase',
    ...fields('purchase', args[0], ORDER, 'order'),
  })),
  search: push(["'red shoes'", "{query: 'red shoes', recommended_code: 'block-code'}"], args => {
    const { query, ...source } = fields('search', args[0], { query: TEXT, recommended_code: OPTIONAL_TEXT });
    return { event: 'search', search_query: query, ...source };
  }),
  custom: {
    path: '/push/custom',
    takes: 2,
    example: "'signup', {category: 'footer', value: 1, payload: {plan: 'pro'}}",
    build: args => ({
      event: TEXT(args[0], 'event key'),
      ...fields('custom', args[1] === undefined ? {} : args[1], {
        category: OPTIONAL_TEXT,
        label: OPTIONAL_TEXT,
        value: optional(is(value => typeof value == 'number' && value % 1 == 0, 'an integer'), [null]),
        payload: properties(true),
      }, 'options'),
    }),
  },
  track: {
    path: args => '/track/' + args[0],
    takes: 2,
    example: "'clicked', {code: 'MESSAGE-ID', type: 'bulk'}",
    build: args => {
      oneOf(['delivered', 'opened', 'clicked', 'closed'])(args[0], 'message event');
      let options = args[1];
      if (options === undefined) {
        // An SMS link carries the message in the page URL.
        const query = new URLSearchParams(location.search);
        options = { code: query.get('mail_code'), type: query.get('recommended_by') };
      }
      return fields('track', options, { code: TEXT, type: oneOf(['bulk', 'chain', 'transactional']) }, 'options');
    },
    identity: false,
  },
};
