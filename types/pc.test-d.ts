// Type test of the ES module's pc(), imported by package name, so it also checks the package.json
// `exports` map. Each @ts-expect-error line is a mistake the types must keep rejecting.
import { pc, type Order, type OrderItem, type Visitor } from 'personaclick-snippet';

declare const productId: string;
declare const cartItems: OrderItem[];
declare const maybeCode: string | undefined;

// Control commands.
pc('init', '4c1f0e2b9a7d3c5e8f6a0b1d2c3e4f');
pc('init', '4c1f0e2b9a7d3c5e8f6a0b1d2c3e4f', { stream: 'web', api: 'https://api.personaclick.com', did: 'd-1', debug: true, dataLayer: false });
pc('consent', true);
pc('consent', false);
pc('identity', (visitor: Visitor) => visitor.did.length + visitor.seance.length);
pc('identity', visitor => {
  const segment: 'A' | 'B' = visitor.segment;
  return segment;
});
pc('source', { from: 'bulk', code: 'winter-sale' });

// @ts-expect-error options is an object, not a stream code
pc('init', '4c1f0e2b9a7d3c5e8f6a0b1d2c3e4f', 'web');
// @ts-expect-error typo in an init option
pc('init', '4c1f0e2b9a7d3c5e8f6a0b1d2c3e4f', { steam: 'web' });
// @ts-expect-error the shop id is required
pc('init');
// @ts-expect-error consent takes a boolean, not a string
pc('consent', 'yes');
// @ts-expect-error identity takes a callback
pc('identity', 'did');
// @ts-expect-error source needs both from and code
pc('source', { from: 'bulk' });

// Product views.
pc('view', 101);
pc('view', productId);
pc('view', { id: 'tent-2p' });
pc('view', { id: 'tent-2p', recommended_by: 'dynamic', recommended_code: 'similar' });
pc('view', { id: 'tent-2p', recommended_by: 'full_search', recommended_code: 'tent' });
pc('view', { id: 'tent-2p', recommended_by: 'instant_search' });
pc('view', { id: 'tent-2p', recommended_code: '' });

// @ts-expect-error email is a campaign, not an in-shop recommender
pc('view', { id: 1, recommended_by: 'email' });
// @ts-expect-error recommended_code needs recommended_by
pc('view', { id: 1, recommended_code: 'block' });
// @ts-expect-error a code that may be set still needs recommended_by
pc('view', { id: 1, recommended_code: maybeCode });
// @ts-expect-error leave recommended_by out; the run time takes '' as absent, the types do not
pc('view', { id: 1, recommended_by: '' });
// @ts-expect-error the id is required
pc('view');
// @ts-expect-error an id is a string or a number
pc('view', null);
// @ts-expect-error typo in a key
pc('view', { id: 1, recommendedBy: 'dynamic' });

// Cart.
pc('cart', 5);
pc('cart', { id: 5 });
pc('cart', { id: 5, amount: 3 });
pc('cart', { id: 5, amount: 3, recommended_by: 'dynamic', recommended_code: 'similar' });
pc('cart', [{ id: 1, quantity: 2 }, { id: 'b' }, 'c']);
pc('cart', []);
pc('clear_cart');
pc('remove_from_cart', 'a');
pc('remove_from_cart', { id: 'a' });

// @ts-expect-error amount is a number, not a string
pc('cart', { id: 1, amount: '2' });
// @ts-expect-error a whole-cart line has quantity, not amount
pc('cart', [{ id: 1, amount: 2 }]);
// @ts-expect-error clear_cart takes no arguments
pc('clear_cart', 'SKU-1');
// @ts-expect-error remove_from_cart needs the product
pc('remove_from_cart');
// @ts-expect-error remove_from_cart takes no amount
pc('remove_from_cart', { id: 'a', amount: 1 });

// Wishlist.
pc('wish', 3);
pc('wish', { id: 3 });
pc('wish', [3, { id: 4 }]);
pc('wish', []);
pc('remove_wish', 3);
pc('clear_wishlist');

// @ts-expect-error wishlist items have no quantity
pc('wish', [{ id: 3, quantity: 1 }]);
// @ts-expect-error clear_wishlist takes no arguments
pc('clear_wishlist', []);

// Purchases.
pc('purchase', { items: [{ id: 1, amount: 2, price: 9.5 }] });
pc('purchase', { items: cartItems, order_id: 'A-1' });
pc('purchase', {
  items: [{ id: 'SKU-1', amount: 2, price: 129.9 }, { id: 'SKU-2', amount: 1 }],
  order_id: 'A-1001',
  order_price: 259.8,
  order_cash: 200,
  order_bonuses: 10,
  order_delivery: 9.9,
  order_discount: 15,
  promocode: 'SNOW',
  delivery_address: '1 Main St',
  delivery_type: 'courier',
  payment_type: 'card',
  tax_free: false,
  custom: { gift_wrap: 'yes', floor: 3, delivery_date: '2026-12-24' },
});
const order: Order = { items: cartItems, order_price: 19 };
pc('purchase', order);
pc('purchase', { items: [{ id: 1, amount: 1 }] as const });

// @ts-expect-error a purchase needs at least one item
pc('purchase', { items: [] });
// @ts-expect-error a purchase needs items
pc('purchase', { order_id: 'A-1' });
// @ts-expect-error an order line needs an amount
pc('purchase', { items: [{ id: 1 }] });
// @ts-expect-error a price is a number, not a string
pc('purchase', { items: [{ id: 1, amount: 1, price: '9.50' }] });
// @ts-expect-error order_price is a number, not a string
pc('purchase', { items: [{ id: 1, amount: 1 }], order_price: '12.5' });
// @ts-expect-error tax_free is a boolean
pc('purchase', { items: [{ id: 1, amount: 1 }], tax_free: 'no' });
// @ts-expect-error custom order properties are strings or integers, not booleans
pc('purchase', { items: [{ id: 1, amount: 1 }], custom: { gift: true } });
// @ts-expect-error typo in an order key
pc('purchase', { items: [{ id: 1, amount: 1 }], orderId: 'A-1' });
// @ts-expect-error typo in an order line key
pc('purchase', { items: [{ id: 1, amount: 1, prise: 3 }] });

// Search, custom events and message tracking.
pc('search', 'tent');
pc('search', { query: 'tent', recommended_code: 'top' });
pc('category', 12);
pc('category', '12');
pc('custom', 'signup');
pc('custom', 'signup', { category: 'c', label: 'l', value: 3, payload: { a: 'b', n: 1.5, ok: true } });
pc('track', 'opened', { code: 'm1', type: 'bulk' });
pc('track', 'clicked');

// @ts-expect-error a search query is a string
pc('search', 5);
// @ts-expect-error the object form needs query
pc('search', { recommended_code: 'top' });
// @ts-expect-error custom needs the event key
pc('custom');
// @ts-expect-error custom payload values are strings, numbers or booleans
pc('custom', 'signup', { payload: { nested: { a: 1 } } });
// @ts-expect-error read is not a message action
pc('track', 'read', { code: 'm1', type: 'bulk' });
// @ts-expect-error promo is not a campaign type
pc('track', 'opened', { code: 'm1', type: 'promo' });

// Unknown commands and a non-string command.
// @ts-expect-error unknown command
pc('add_to_cart', 1);
// @ts-expect-error unknown command, with different casing
pc('View', 1);
// @ts-expect-error the command comes first
pc(1);

// pc() returns nothing.
// @ts-expect-error pc() returns void
pc('view', 1).then(() => undefined);
