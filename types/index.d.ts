// Types of pc(), the snippet's one function, with a signature per command, so an editor completes
// every command and its payload and the compiler rejects a wrong payload. This file types the ES
// module build (dist/pc.mjs); types/pc.d.ts declares the same function as the global that
// dist/pc.js installs. Both are written by hand from src/events.ts and src/commands.ts, and
// scripts/check-command-types.mjs fails when they and the catalogue list different commands.
//
// The types reject what the compiler can see. Limits, ranges and string contents are checked only
// at run time, where a bad call logs a console error and sends nothing: the 30-character store
// key, an id of at most 255 characters, a whole-number amount of at least 1, a finite number.

/** A product, category or order id: a non-blank string of at most 255 characters, or a finite number. */
export type ProductId = string | number;

/** The source of a product click inside the shop: a recommendation block, or instant or full search. */
export type Recommender = 'dynamic' | 'instant_search' | 'full_search';

/** A click in a recommendation block or a search result; `recommended_code` is the block code or the query. */
export interface FromRecommendation {
  recommended_by: Recommender;
  recommended_code?: string | null | undefined;
}

/**
 * No recommendation: `recommended_by` absent, and `recommended_code` absent or empty, because a
 * code needs a `recommended_by`. The run time also takes `recommended_by: ''` as absent; the types
 * leave it out, since an editor then stops completing the recommender names.
 */
export interface NotFromRecommendation {
  recommended_by?: undefined;
  recommended_code?: '' | null | undefined;
}

export type RecommendationSource = FromRecommendation | NotFromRecommendation;

/** A product in the object form of `view`. */
export type ViewedProduct = { id: ProductId } & RecommendationSource;

/** One product added to the cart. */
export type CartProduct = {
  id: ProductId;
  /** The product's new total in the cart, not the number added: a whole number of at least 1 (default 1). */
  amount?: number | undefined;
} & RecommendationSource;

/** A line of the whole cart. */
export interface CartLine {
  id: ProductId;
  /** A whole number of at least 1 (default 1). */
  quantity?: number | undefined;
}

/** A product in the object form of `remove_from_cart`, `wish` and `remove_wish`. */
export interface ProductRef {
  id: ProductId;
}

/** A line of a completed order. */
export interface OrderItem {
  id: ProductId;
  /** How many were bought: a whole number of at least 1. */
  amount: number;
  /** Unit price, a number of at least 0 (not a string). */
  price?: number | null | undefined;
}

/**
 * A completed order. Money fields are numbers of at least 0, never strings. Empty optional
 * strings are left out, because the API rejects empty values.
 */
export interface Order {
  /** At least one line. */
  items: readonly OrderItem[];
  /** Sending the same order_id again creates no second order. */
  order_id?: ProductId | undefined;
  /** The final value after discounts. */
  order_price?: number | null | undefined;
  order_cash?: number | null | undefined;
  order_bonuses?: number | null | undefined;
  order_delivery?: number | null | undefined;
  order_discount?: number | null | undefined;
  promocode?: string | null | undefined;
  delivery_address?: string | null | undefined;
  delivery_type?: string | null | undefined;
  payment_type?: string | null | undefined;
  tax_free?: boolean | undefined;
  /** Order properties: strings (dates as YYYY-MM-DD) or integers. */
  custom?: Record<string, string | number> | null | undefined;
}

/** Rejects an items list that is empty at compile time, such as `items: []`. */
export type NonEmptyItems<Items> = Items extends readonly [] ? 'a purchase needs at least one item' : unknown;

/** The object form of `search`. */
export interface SearchQuery {
  query: string;
  /** The code of the search block the results came from. */
  recommended_code?: string | null | undefined;
}

/** Fields of a custom event registered in the PersonaClick account. */
export interface CustomEventFields {
  category?: string | null | undefined;
  label?: string | null | undefined;
  /** An integer. */
  value?: number | null | undefined;
  payload?: Record<string, string | number | boolean> | null | undefined;
}

/** What happened to a message: the `track` kinds. */
export type MessageAction = 'delivered' | 'opened' | 'clicked' | 'closed';

/** The kind of campaign a message belongs to. */
export type CampaignType = 'bulk' | 'chain' | 'transactional';

/** A message sent by PersonaClick: its id and its campaign type. */
export interface TrackedMessage {
  code: string;
  type: CampaignType;
}

/** Settings of `pc('init')`, the same as the script tag's `data-*` attributes plus `did`. */
export interface InitOptions {
  /** Data stream code: letters and digits, at most 16. Default `'web'`. */
  stream?: string | undefined;
  /** API base URL, http or https. Default `'https://api.personaclick.com'`. */
  api?: string | undefined;
  /** A device id issued by the host page (white-label integrations); no `/init` request is made. */
  did?: string | undefined;
  /** Prints each accepted event and each API response as a console group. */
  debug?: boolean | undefined;
  /** Turns Google Analytics 4 e-commerce events in `window.dataLayer` into pc() commands. */
  dataLayer?: boolean | undefined;
}

/** The visitor as `pc('identity')` reports it. */
export interface Visitor {
  did: string;
  seance: string;
  segment: 'A' | 'B';
}

/** A campaign source handed in by a hybrid app from an app push payload. */
export interface CampaignSource {
  from: string;
  code: string;
}

/**
 * The arguments of each command after its name. `Items` is the inferred type of a purchase's
 * items, so that an items list the compiler knows is empty is rejected.
 */
export interface PcCommands<Items extends readonly OrderItem[] = readonly OrderItem[]> {
  /** Sets the store key and options; for Tag Manager and bundlers, which have no script tag. */
  init: [shopId: string, options?: InitOptions];
  /** Withholds (`false`) or gives (`true`) the visitor's consent to tracking; the choice is stored per shop. */
  consent: [granted: boolean];
  /** Calls back with the visitor's did, seance and segment once they are known. */
  identity: [callback: (visitor: Visitor) => void];
  /** Stores a campaign source from an app push payload for 48 hours, like a landing URL's. */
  source: [source: CampaignSource];
  /** A product view, optionally from a recommendation block or a search result. */
  view: [product: ProductId | ViewedProduct];
  /** A category view; the category must be in the shop's product feed. */
  category: [categoryId: ProductId];
  /**
   * One product in the cart, whose `amount` is its new total in the cart (not the number added),
   * or the whole cart as a list, where `[]` means the cart was emptied.
   */
  cart: [productOrLines: ProductId | CartProduct | readonly (ProductId | CartLine)[]];
  /** The cart was emptied. */
  clear_cart: [];
  /** One product was removed from the cart. */
  remove_from_cart: [product: ProductId | ProductRef];
  /** One product added to the wishlist, or the whole wishlist as a list, where `[]` means it was emptied. */
  wish: [productOrList: ProductId | ProductRef | readonly (ProductId | ProductRef)[]];
  /** One product was removed from the wishlist. */
  remove_wish: [product: ProductId | ProductRef];
  /** The wishlist was emptied. */
  clear_wishlist: [];
  /** A completed order with at least one line. */
  purchase: [order: Order & { items: Items & NonEmptyItems<Items> }];
  /** A search query, optionally with the search block's code. */
  search: [query: string | SearchQuery];
  /** A custom event registered in the account under `eventKey`. */
  custom: [eventKey: string, fields?: CustomEventFields];
  /**
   * Message tracking. Without `message`, code and type come from the page URL's `mail_code` and
   * `recommended_by` (an SMS link).
   */
  track: [action: MessageAction, message?: TrackedMessage];
}

/** A command name. */
export type PcCommand = keyof PcCommands;

/**
 * The pc() function: runs one command. It never throws; a bad call that the types let through
 * logs a console error with a correct call and sends nothing.
 *
 * NOTE: one generic signature over PcCommands, not an overload per command. With overloads,
 * TypeScript 6.0 typed an unfinished object argument by the first overload with enough parameters
 * (`init`), so editors offered string methods inside `pc('purchase', { … })`.
 * scripts/check-command-types.mjs checks those completions.
 */
export interface Pc {
  <Command extends PcCommand, const Items extends readonly OrderItem[] = readonly OrderItem[]>(
    command: Command,
    ...args: PcCommands<Items>[Command]
  ): void;
}

/** Runs one command, exactly like `window.pc` of the script-tag build. */
export declare const pc: Pc;
