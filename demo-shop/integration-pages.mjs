// Demo pages for two ways shops integrate without calling pc() in every template: a page that
// only pushes Google Analytics 4 e-commerce events to window.dataLayer, and a single-page shop
// that changes its URL with the History API instead of loading pages.
import { escapeHtml, layout, scriptJson } from './shop-pages.mjs';

/** Product shown on the dataLayer page. */
export const DATALAYER_PRODUCT_ID = '102';

function ga4Item(product, quantity = 1) {
  return { item_id: product.id, item_name: product.name, price: product.price, quantity };
}

/** A product page whose templates know only GA4's dataLayer; data-datalayer turns the bridge on. */
export function dataLayerPage(site) {
  const product = site.index.productsById.get(DATALAYER_PRODUCT_ID);
  // The view_item push comes before the snippet loads, as a shop's page template emits it.
  const head = `
<script>
  window.dataLayer = window.dataLayer || [];
  dataLayer.push({ ecommerce: null });
  dataLayer.push({ event: 'view_item', ecommerce: { currency: 'USD', value: ${product.price}, items: [${scriptJson(ga4Item(product))}] } });
</script>
<script>window.pc = window.pc || function () { (pc.q = pc.q || []).push(arguments) }</script>
<script async src="/dist/pc.js" data-shop-id="${escapeHtml(site.shopId)}" data-api="${escapeHtml(site.collectorUrl)}" data-datalayer></script>`;

  const main = `
<div class="gtm-note">This page calls no <code>pc()</code> command. It pushes GA4 e-commerce events to
  <code>window.dataLayer</code>, and the snippet's dataLayer bridge (<code>data-datalayer</code>) turns them into events.</div>
<div class="product" data-product-id="${escapeHtml(product.id)}">
  <img src="${escapeHtml(product.picture)}" alt="${escapeHtml(product.name)}" width="400" height="300">
  <div>
    <h1>${escapeHtml(product.name)}</h1>
    <p>${escapeHtml(product.description)}</p>
    <div class="actions">
      <button type="button" id="ga4-add-to-cart">Add to cart</button>
      <button type="button" class="secondary" id="ga4-add-to-wishlist">Add to wishlist</button>
      <button type="button" class="secondary" id="ga4-view-cart">View cart</button>
      <button type="button" id="ga4-purchase">Buy now</button>
    </div>
  </div>
</div>`;

  const script = `
const item = ${scriptJson(ga4Item(product))};
const push = (event, ecommerce) => {
  dataLayer.push({ ecommerce: null });
  dataLayer.push({ event: event, ecommerce: ecommerce });
};
document.getElementById('ga4-add-to-cart').addEventListener('click', () => push('add_to_cart', { currency: 'USD', value: item.price, items: [item] }));
document.getElementById('ga4-add-to-wishlist').addEventListener('click', () => push('add_to_wishlist', { currency: 'USD', value: item.price, items: [item] }));
document.getElementById('ga4-view-cart').addEventListener('click', () => push('view_cart', { currency: 'USD', value: item.price * 2, items: [Object.assign({}, item, { quantity: 2 })] }));
document.getElementById('ga4-purchase').addEventListener('click', () => push('purchase', {
  transaction_id: 'GA4-' + Date.now(), currency: 'USD', value: item.price, shipping: 4.5, items: [item],
}));`;

  return layout(site, { title: `${product.name} (dataLayer only)`, main, script, head });
}

/**
 * A single-page lookbook: links change the URL with history.pushState, and the page renders the
 * product and calls pc('view') itself. One link carries a campaign landing in its query.
 */
export function singlePageShop(site) {
  const products = site.index.catalog.products.slice(0, 4).map(product => ({ id: product.id, name: product.name }));
  const links = products
    .map(product => `<li><a data-spa-link href="/spa/product/${encodeURIComponent(product.id)}">${escapeHtml(product.name)}</a></li>`)
    .join('\n    ');
  const campaign = `/spa/product/${encodeURIComponent(products[0].id)}?recommended_by=bulk&bulk_code=spa-lookbook`;

  const main = `
<div class="gtm-note">A single-page shop: the links below change the URL with <code>history.pushState</code>
  and never load a page. The snippet still reads campaign parameters from each new URL.</div>
<h1>Lookbook</h1>
<ul id="spa-links">
    ${links}
    <li><a data-spa-link id="spa-campaign-link" href="${escapeHtml(campaign)}">From the email: ${escapeHtml(products[0].name)}</a></li>
</ul>
<h2 id="spa-view">Pick a product</h2>`;

  const script = `
const products = ${scriptJson(Object.fromEntries(products.map(product => [product.id, product.name])))};
function render() {
  const match = location.pathname.match(/^\\/spa\\/product\\/([^/]+)$/);
  if (!match) return;
  const id = decodeURIComponent(match[1]);
  document.getElementById('spa-view').textContent = products[id] || 'Unknown product';
  pc('view', id);
}
document.getElementById('spa-links').addEventListener('click', (event) => {
  const link = event.target.closest('[data-spa-link]');
  if (!link) return;
  event.preventDefault();
  history.pushState(null, '', link.getAttribute('href'));
  render();
});
addEventListener('popstate', render);
render();`;

  return layout(site, { title: 'Lookbook (single-page)', main, script });
}
