// Type test of the global that dist/pc.js installs. This file is a script, not a module, like a
// page's own code. It references types/pc.d.ts by path, because a package cannot resolve its own
// name in a `/// <reference types>` directive; the import type below checks the `./pc.js` export.
/// <reference path="./pc.d.ts" />

pc('view', 'SKU-1');
window.pc('cart', { id: 'SKU-1', amount: 2 });
globalThis.pc('purchase', { items: [{ id: 'SKU-1', amount: 1, price: 9.5 }], order_id: 'A-1' });

function sendPurchase(order: import('personaclick-snippet/pc.js').Order): void {
  window.pc('purchase', order);
}
sendPurchase({ items: [{ id: 1, amount: 1 }] });

// @ts-expect-error amount is a number, not a string
window.pc('cart', { id: 1, amount: '2' });
// @ts-expect-error unknown command
pc('add_to_cart', 1);
