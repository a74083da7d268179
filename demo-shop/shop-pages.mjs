// Server-rendered pages of the demo shop. Each page template calls pc() the way a real
// shop's templates would; those inline scripts are the part a shop engineer copies.
//
// `site` is `{ shopId, collectorUrl, index, snippetBuilt }`: `index` comes from indexCatalog()
// and `snippetBuilt` is true when dist/pc.js exists.

import { DEMO_CAMPAIGNS, GTM_PRODUCT_ID } from './config.mjs';

const SHOP_NAME = 'Ridge & Pine';
const RECOMMENDERS = ['dynamic', 'instant_search', 'full_search'];
const SIMILAR_BLOCK_CODE = 'similar-products';
const HOME_BLOCK_CODE = 'home-for-you';
const FEATURED_IDS = ['101', 'tent-2p-ultra', 'boot-alpine-gtx', 'pack-trek-65'];
const HOME_RECOMMENDED_IDS = ['pad-inflatable-r4', '601', '111', 'poles-carbon-z'];
const SIMILAR_COUNT = 4;

export function homePage(site) {
  const { index } = site;
  const categoryLinks = index.topCategories
    .map((category) => {
      const children = index.childCategories(category.id).map((child) => child.name);
      const detail = children.length > 0 ? children.join(', ') : `${index.productsInCategory(category.id).length} products`;
      return `<a href="/category/${encodeURIComponent(category.id)}">${escapeHtml(category.name)}<small>${escapeHtml(detail)}</small></a>`;
    })
    .join('\n');

  const featured = pickProducts(index, FEATURED_IDS).map((product) => productCard(product)).join('\n');
  const recommendation = { by: 'dynamic', code: HOME_BLOCK_CODE };
  const recommended = pickProducts(index, HOME_RECOMMENDED_IDS)
    .map((product) => productCard(product, { recommendation }))
    .join('\n');

  const bulk = DEMO_CAMPAIGNS.bulk;
  const bulkProduct = index.productsById.get(bulk.productId);
  const bulkLink = `/product/${encodeURIComponent(bulk.productId)}?recommended_by=bulk&bulk_code=${encodeURIComponent(bulk.code)}`;
  const chain = DEMO_CAMPAIGNS.chain;
  const chainCategory = index.categoriesById.get(chain.categoryId);
  const chainLink = `/category/${encodeURIComponent(chain.categoryId)}?recommended_by=chain&personaclick_mail_code=${encodeURIComponent(chain.code)}`;

  const main = `
<section class="hero">
  <h1>Gear for long days outside</h1>
  <p class="lead">Shells, boots, tents and packs that our staff use on real trails. Free returns within 60 days.</p>
  <a class="button secondary" href="/category/3">Shop tents</a>
</section>

<h2>Shop by category</h2>
<div class="category-list">
${categoryLinks}
</div>

<h2>Featured</h2>
<div class="grid">
${featured}
</div>

<section class="recommendations" data-recommender-code="${HOME_BLOCK_CODE}">
  <h2>Recommended for you</h2>
  <div class="grid">
${recommended}
  </div>
</section>

<section class="campaign" id="campaign-email">
  <h2>Open the campaign email</h2>
  <p>These links land on the shop the way a click in a PersonaClick email does. The landing URL
     names the campaign, and the snippet sends it as the <code>source</code> of the next events
     for 48 hours.</p>
  <div class="email">
    <div class="email-meta">Bulk campaign · Subject: Winter sale, 15% off ultralight tents</div>
    <p>Our lightest two-person tent is on sale this week.
       <a id="bulk-campaign-link" href="${escapeHtml(bulkLink)}">See the ${escapeHtml(bulkProduct.name)}</a></p>
  </div>
  <div class="email">
    <div class="email-meta">Chain campaign (welcome series, step 2) · Subject: Ready for your first night out?</div>
    <p>Everything you need to sleep well outside.
       <a id="chain-campaign-link" href="${escapeHtml(chainLink)}">Browse ${escapeHtml(chainCategory.name)}</a></p>
  </div>
</section>`;

  return layout(site, { title: 'Outdoor gear for every trail', main });
}

export function categoryPage(site, category) {
  const { index } = site;
  const products = index.productsInCategory(category.id);
  const children = index.childCategories(category.id);
  const chips = children.length === 0
    ? ''
    : `<nav class="chips" aria-label="Subcategories">${children
        .map((child) => `<a href="/category/${encodeURIComponent(child.id)}">${escapeHtml(child.name)}</a>`)
        .join('')}</nav>`;

  const main = `
${breadcrumbs(index, category.id)}
<h1>${escapeHtml(category.name)}</h1>
${chips}
<p class="empty">${products.length} products</p>
<div class="grid">
${products.map((product) => productCard(product)).join('\n')}
</div>`;

  const script = `
// Tell the recommender which category this visitor browses.
pc('category', ${scriptJson(category.id)});`;

  return layout(site, { title: category.name, main, script });
}

/** Renders a product page; `query` is the URL's URLSearchParams. */
export function productPage(site, product, query) {
  const { index } = site;
  const recommendedBy = query.get('recommended_by');
  const recommendedCode = query.get('recommended_code');
  const fromRecommendation = RECOMMENDERS.includes(recommendedBy) && Boolean(recommendedCode);
  const viewArgument = fromRecommendation
    ? `{ id: productId, recommended_by: ${scriptJson(recommendedBy)}, recommended_code: ${scriptJson(recommendedCode)} }`
    : '{ id: productId }';

  const similar = similarProducts(index, product);
  const recommendation = { by: 'dynamic', code: SIMILAR_BLOCK_CODE };
  const amountOptions = Array.from({ length: 10 }, (_, i) => `<option value="${i + 1}">${i + 1}</option>`).join('');

  const main = `
${breadcrumbs(index, product.categoryId)}
<div class="product" data-product-id="${escapeHtml(product.id)}">
  <img src="${escapeHtml(product.picture)}" alt="${escapeHtml(product.name)}" width="400" height="300">
  <div>
    <div class="vendor">${escapeHtml(product.vendor)}</div>
    <h1>${escapeHtml(product.name)}</h1>
    <div class="price">${formatPrice(product.price)}</div>
    ${product.available ? '' : '<p class="out-of-stock">Out of stock</p>'}
    <p>${escapeHtml(product.description)}</p>
    <div class="buy-box">
      <label>Amount <select id="amount">${amountOptions}</select></label>
      <button type="button" id="add-to-cart"${product.available ? '' : ' disabled'}>Add to cart</button>
      <button type="button" id="wishlist-toggle" class="secondary">Add to wishlist</button>
    </div>
    <p class="notice" id="notice" role="status"></p>
  </div>
</div>

<section class="recommendations" data-recommender-code="${SIMILAR_BLOCK_CODE}">
  <h2>You may also like</h2>
  <div class="grid">
${similar.map((item) => productCard(item, { recommendation, addToCart: true })).join('\n')}
  </div>
</section>`;

  const script = `
const productId = ${scriptJson(product.id)};

// Tell the recommender which product this visitor views. A visit from a recommendation
// block or from search results also names the block code or the query.
pc('view', ${viewArgument});

document.getElementById('add-to-cart').addEventListener('click', () => {
  const amount = Number(document.getElementById('amount').value);
  const total = addToCart(productId, amount);
  // "amount" is the new total of this product in the cart, not the number just added.
  pc('cart', { id: productId, amount: total });
  document.getElementById('notice').textContent = 'Added to cart. You have ' + total + ' in your cart.';
});

const wishlistButton = document.getElementById('wishlist-toggle');

function showWishlistState() {
  wishlistButton.textContent = isInWishlist(productId) ? 'Remove from wishlist' : 'Add to wishlist';
}

wishlistButton.addEventListener('click', () => {
  if (isInWishlist(productId)) {
    removeFromWishlist(productId);
    pc('remove_wish', productId);
  } else {
    addToWishlist(productId);
    pc('wish', productId);
  }
  showWishlistState();
});
showWishlistState();

// "Add to cart" inside the recommendation block also names the block.
document.querySelectorAll('[data-add-to-cart]').forEach((button) => {
  button.addEventListener('click', () => {
    const id = button.dataset.addToCart;
    const total = addToCart(id, 1);
    pc('cart', { id: id, amount: total, recommended_by: 'dynamic', recommended_code: ${scriptJson(SIMILAR_BLOCK_CODE)} });
    showNotice('Added to cart');
  });
});`;

  return layout(site, { title: product.name, main, script });
}

export function cartPage(site) {
  const main = `
<h1>Your cart</h1>
<p class="empty" id="cart-empty" hidden>Your cart is empty. <a href="/">Continue shopping</a></p>
<div id="cart-content" hidden>
  <table class="lines">
    <thead><tr><th></th><th>Product</th><th>Price</th><th>Quantity</th><th>Total</th><th></th></tr></thead>
    <tbody id="cart-lines"></tbody>
  </table>
  <div class="totals">
    <span>Order total: <strong id="cart-total"></strong></span>
    <button type="button" class="secondary" id="clear-cart">Clear cart</button>
    <a class="button" href="/checkout" id="checkout-link">Checkout</a>
  </div>
</div>
${productDataScript(site.index)}`;

  const script = `
const products = JSON.parse(document.getElementById('product-data').textContent);

// Send the whole cart, so the recommender's copy matches what this page shows.
function sendWholeCart() {
  pc('cart', readCart().map((line) => ({ id: line.id, quantity: line.quantity })));
}

function renderCart() {
  const cart = readCart();
  const rows = document.getElementById('cart-lines');
  rows.replaceChildren();
  document.getElementById('cart-empty').hidden = cart.length > 0;
  document.getElementById('cart-content').hidden = cart.length === 0;

  let total = 0;
  for (const line of cart) {
    const product = products[line.id];
    total += product.price * line.quantity;

    const row = document.createElement('tr');
    row.innerHTML = '<td><img alt=""></td><td><a></a></td><td></td>' +
      '<td><input type="number" min="1" max="99" aria-label="Quantity"></td><td></td>' +
      '<td><button type="button" class="secondary">Remove</button></td>';
    row.querySelector('img').src = product.picture;
    row.querySelector('a').href = product.url;
    row.querySelector('a').textContent = product.name;
    row.cells[2].textContent = formatPrice(product.price);
    row.cells[4].textContent = formatPrice(product.price * line.quantity);

    const quantityInput = row.querySelector('input');
    quantityInput.value = line.quantity;
    quantityInput.addEventListener('change', () => {
      const quantity = Number(quantityInput.value);
      if (!Number.isInteger(quantity) || quantity < 1) {
        quantityInput.value = line.quantity;
        return;
      }
      setCartQuantity(line.id, quantity);
      renderCart();
      sendWholeCart();
    });

    row.querySelector('button').addEventListener('click', () => {
      removeFromCart(line.id);
      pc('remove_from_cart', line.id);
      renderCart();
      sendWholeCart();
    });

    rows.append(row);
  }
  document.getElementById('cart-total').textContent = formatPrice(total);
}

document.getElementById('clear-cart').addEventListener('click', () => {
  writeCart([]);
  pc('clear_cart');
  renderCart();
});

// Drop lines whose product is no longer in the catalog, then show and send the cart.
writeCart(readCart().filter((line) => products[line.id]));
renderCart();
sendWholeCart();`;

  return layout(site, { title: 'Cart', main, script });
}

export function wishlistPage(site) {
  const main = `
<h1>Your wishlist</h1>
<p class="empty" id="wishlist-empty" hidden>Your wishlist is empty. Use "Add to wishlist" on a product page.</p>
<div id="wishlist-content" hidden>
  <table class="lines">
    <thead><tr><th></th><th>Product</th><th>Price</th><th></th><th></th></tr></thead>
    <tbody id="wishlist-lines"></tbody>
  </table>
  <div class="totals"><button type="button" class="secondary" id="clear-wishlist">Clear wishlist</button></div>
</div>
${productDataScript(site.index)}`;

  const script = `
const products = JSON.parse(document.getElementById('product-data').textContent);

// Send the whole wishlist, so the recommender's copy matches what this page shows.
function sendWholeWishlist() {
  pc('wish', readWishlist());
}

function renderWishlist() {
  const ids = readWishlist();
  const rows = document.getElementById('wishlist-lines');
  rows.replaceChildren();
  document.getElementById('wishlist-empty').hidden = ids.length > 0;
  document.getElementById('wishlist-content').hidden = ids.length === 0;

  for (const id of ids) {
    const product = products[id];
    const row = document.createElement('tr');
    row.innerHTML = '<td><img alt=""></td><td><a></a></td><td></td>' +
      '<td><button type="button" data-action="cart">Add to cart</button></td>' +
      '<td><button type="button" class="secondary" data-action="remove">Remove</button></td>';
    row.querySelector('img').src = product.picture;
    row.querySelector('a').href = product.url;
    row.querySelector('a').textContent = product.name;
    row.cells[2].textContent = formatPrice(product.price);

    const cartButton = row.querySelector('[data-action="cart"]');
    cartButton.disabled = !product.available;
    cartButton.addEventListener('click', () => {
      const total = addToCart(id, 1);
      pc('cart', { id: id, amount: total });
      showNotice('Added to cart');
    });

    row.querySelector('[data-action="remove"]').addEventListener('click', () => {
      removeFromWishlist(id);
      pc('remove_wish', id);
      renderWishlist();
      sendWholeWishlist();
    });

    rows.append(row);
  }
}

document.getElementById('clear-wishlist').addEventListener('click', () => {
  writeWishlist([]);
  pc('clear_wishlist');
  renderWishlist();
});

// Drop products that are no longer in the catalog, then show and send the wishlist.
writeWishlist(readWishlist().filter((id) => products[id]));
renderWishlist();
sendWholeWishlist();`;

  return layout(site, { title: 'Wishlist', main, script });
}

/** Renders search results for the trimmed query `query` (may be empty). */
export function searchPage(site, query) {
  const results = query ? searchProducts(site.index, query) : [];
  const recommendation = { by: 'full_search', code: query };

  let listing;
  if (!query) {
    listing = '<p class="empty">Type what you are looking for in the search box above.</p>';
  } else if (results.length === 0) {
    listing = `<p class="empty">Nothing matches “${escapeHtml(query)}”. Try a shorter word, such as “tent” or “boot”.</p>`;
  } else {
    listing = `<p class="empty">${results.length} results</p>
<div class="grid">
${results.map((product) => productCard(product, { recommendation })).join('\n')}
</div>`;
  }

  // An empty query sends no event: the API rejects empty strings.
  const script = query
    ? `
// Tell the recommender what this visitor searched for.
pc('search', ${scriptJson(query)});`
    : '';

  const main = `
<h1>${query ? `Search results for “${escapeHtml(query)}”` : 'Search'}</h1>
${listing}`;

  return layout(site, { title: query ? `Search: ${query}` : 'Search', main, script, searchQuery: query });
}

export function checkoutPage(site) {
  const main = `
<h1>Checkout</h1>
<p class="empty" id="checkout-empty" hidden>Your cart is empty. <a href="/">Continue shopping</a></p>
<div class="checkout" id="checkout-content" hidden>
  <form id="checkout-form">
    <label>Full name <input type="text" name="name" autocomplete="name" required></label>
    <label>Delivery address <textarea name="address" rows="3" autocomplete="street-address" required></textarea></label>
    <label>Delivery
      <select name="delivery_type">
        <option value="courier">Courier to the door</option>
        <option value="pickup_point">Pickup point</option>
        <option value="self_pickup">Collect in store</option>
      </select>
    </label>
    <label>Payment
      <select name="payment_type">
        <option value="card">Card</option>
        <option value="cash">Cash on delivery</option>
        <option value="wire">Bank transfer</option>
      </select>
    </label>
    <label>Promo code (optional) <input type="text" name="promocode" autocomplete="off"></label>
    <button type="submit" id="place-order">Place order</button>
  </form>
  <aside class="summary">
    <h2>Order summary</h2>
    <ul id="summary-lines"></ul>
    <p>Total: <strong id="summary-total"></strong></p>
  </aside>
</div>
${productDataScript(site.index)}`;

  const script = `
const products = JSON.parse(document.getElementById('product-data').textContent);
const cart = readCart().filter((line) => products[line.id]);

// Purchased items with the unit price the visitor saw.
const items = cart.map((line) => ({ id: line.id, amount: line.quantity, price: products[line.id].price }));
const orderPrice = Math.round(items.reduce((sum, item) => sum + item.price * item.amount, 0) * 100) / 100;

document.getElementById('checkout-empty').hidden = items.length > 0;
document.getElementById('checkout-content').hidden = items.length === 0;
for (const item of items) {
  const entry = document.createElement('li');
  entry.textContent = item.amount + ' × ' + products[item.id].name;
  const price = document.createElement('span');
  price.textContent = formatPrice(item.price * item.amount);
  entry.append(price);
  document.getElementById('summary-lines').append(entry);
}
document.getElementById('summary-total').textContent = formatPrice(orderPrice);

document.getElementById('checkout-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = event.target;
  const orderId = 'DEMO-' + Date.now();

  const order = {
    items: items,
    order_id: orderId,
    order_price: orderPrice,
    delivery_address: form.address.value.trim(),
    delivery_type: form.delivery_type.value,
    payment_type: form.payment_type.value,
  };
  // Leave the key out when there is no promo code: the API rejects empty strings.
  const promocode = form.promocode.value.trim();
  if (promocode) {
    order.promocode = promocode;
  }

  pc('purchase', order);
  writeCart([]);
  // Leave at once, as a real shop does: the snippet must still deliver the purchase.
  location.href = '/thanks?order=' + encodeURIComponent(orderId);
});`;

  return layout(site, { title: 'Checkout', main, script });
}

export function thanksPage(site, orderId) {
  const orderLine = orderId
    ? `<p class="lead">Your order <strong id="order-id">${escapeHtml(orderId)}</strong> is confirmed.</p>`
    : '<p class="lead">Your order is confirmed.</p>';
  const main = `
<h1>Thank you for your order</h1>
${orderLine}
<p>We will email you when it ships. This is a demo shop, so nothing will arrive.</p>
<p><a class="button" href="/">Continue shopping</a></p>`;
  return layout(site, { title: 'Order confirmed', main });
}

/**
 * Renders a product page that loads the snippet the way a Google Tag Manager "Custom HTML"
 * tag does, without the script tag and its data-* attributes.
 */
export function gtmPage(site) {
  const product = site.index.productsById.get(GTM_PRODUCT_ID);
  const head = `
<script>
  // This block imitates a Google Tag Manager "Custom HTML" tag. GTM inserts the tag's scripts
  // into the page dynamically, so the snippet's data-* attributes are not available: the shop
  // id and the API address go through pc('init') instead.
  window.pc = window.pc || function () { (pc.q = pc.q || []).push(arguments) };
  pc('init', ${scriptJson(site.shopId)}, { api: ${scriptJson(site.collectorUrl)} });
  (function () {
    var script = document.createElement('script');
    script.async = true;
    script.src = '/dist/pc.js';
    document.head.appendChild(script);
  })();
</script>`;

  const main = `
<div class="gtm-note">This page loads the tracking snippet the way a Google Tag Manager Custom HTML
  tag does: an inline script configures it with <code>pc('init', …)</code> and then adds the
  <code>&lt;script async src="/dist/pc.js"&gt;</code> element itself.</div>
<div class="product" data-product-id="${escapeHtml(product.id)}">
  <img src="${escapeHtml(product.picture)}" alt="${escapeHtml(product.name)}" width="400" height="300">
  <div>
    <div class="vendor">${escapeHtml(product.vendor)}</div>
    <h1>${escapeHtml(product.name)}</h1>
    <div class="price">${formatPrice(product.price)}</div>
    <p>${escapeHtml(product.description)}</p>
    <p><a class="button" href="/product/${encodeURIComponent(product.id)}">Open the regular product page</a></p>
  </div>
</div>`;

  const script = `
// Tell the recommender which product this visitor views.
pc('view', { id: ${scriptJson(product.id)} });`;

  return layout(site, { title: `${product.name} (tag manager install)`, main, script, head });
}

export function notFoundPage(site, message) {
  const main = `
<h1>Page not found</h1>
<p class="lead">${escapeHtml(message)}</p>
<p><a class="button" href="/">Back to the home page</a></p>`;
  return layout(site, { title: 'Not found', main });
}

/** Returns the products whose name or description contains every word of the query. */
export function searchProducts(index, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return index.catalog.products.filter((product) => {
    const text = `${product.name} ${product.description}`.toLowerCase();
    // A plural such as "tents" also finds "tent".
    return words.every((word) => text.includes(word) || (word.length > 3 && word.endsWith('s') && text.includes(word.slice(0, -1))));
  });
}

// The page frame. `head` replaces the standard snippet install (the /gtm page uses that),
// `script` is the page's own inline script, run after the cart and wishlist helpers.
export function layout(site, { title, main, script = '', head = snippetInstall(site), searchQuery = '' }) {
  const navigation = site.index.topCategories
    .map((category) => `<a href="/category/${encodeURIComponent(category.id)}">${escapeHtml(category.name)}</a>`)
    .join('\n      ');
  const buildWarning = site.snippetBuilt
    ? ''
    : `<div class="build-warning"><div class="container">The tracking snippet dist/pc.js is not built, so
  this page sends no events. Run <code>npm run build</code> in the repository root, then reload.</div></div>`;

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} · ${escapeHtml(SHOP_NAME)}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/assets/shop.css">
${head}
</head>
<body>
<header class="site-header">
  <div class="container">
    <a class="logo" href="/">Ridge <span>&amp;</span> Pine</a>
    <span class="header-spacer"></span>
    <form class="search-form" action="/search" role="search">
      <input type="search" name="q" placeholder="Search gear" aria-label="Search" value="${escapeHtml(searchQuery)}">
      <button type="submit">Search</button>
    </form>
    <div class="header-links">
      <a href="/wishlist">Wishlist <span class="count" data-wishlist-count>0</span></a>
      <a href="/cart">Cart <span class="count" data-cart-count>0</span></a>
    </div>
  </div>
  <div class="category-bar">
    <nav class="container main-nav" aria-label="Categories">
      ${navigation}
    </nav>
  </div>
</header>
${buildWarning}
<main class="container">
${main}
</main>
<footer class="site-footer">
  <div class="container">
    <span>${escapeHtml(SHOP_NAME)} is a demo shop for the PersonaClick tracking snippet.</span>
    <span><a href="/gtm">Tag manager install</a> · <a href="/datalayer">dataLayer only</a> · <a href="/spa">Single-page lookbook</a> · <a href="${escapeHtml(site.collectorUrl)}/" id="watch-events">Watch the events</a></span>
  </div>
</footer>
<script src="/assets/shop.js"></script>
${script ? `<script>${script}\n</script>` : ''}
</body>
</html>
`;
}

// The documented install: a stub that queues pc() calls, then the async snippet.
function snippetInstall(site) {
  return `<script>window.pc = window.pc || function () { (pc.q = pc.q || []).push(arguments) }</script>
<script async src="/dist/pc.js" data-shop-id="${escapeHtml(site.shopId)}" data-api="${escapeHtml(site.collectorUrl)}"></script>`;
}

/** `recommendation` `{ by, code }` makes the link carry recommended_by and recommended_code. */
function productCard(product, { recommendation, addToCart = false } = {}) {
  let href = `/product/${encodeURIComponent(product.id)}`;
  if (recommendation) {
    href += `?recommended_by=${encodeURIComponent(recommendation.by)}&recommended_code=${encodeURIComponent(recommendation.code)}`;
  }
  const stock = product.available ? '' : ' <span class="out-of-stock">Out of stock</span>';
  const actions = addToCart && product.available
    ? `<div class="card-actions"><button type="button" class="secondary" data-add-to-cart="${escapeHtml(product.id)}">Add to cart</button></div>`
    : '';

  return `<article class="card" data-product-id="${escapeHtml(product.id)}">
  <a class="card-link" href="${escapeHtml(href)}">
    <img src="${escapeHtml(product.picture)}" alt="" width="400" height="300" loading="lazy">
    <div class="card-body">
      <div class="vendor">${escapeHtml(product.vendor)}</div>
      <div class="name">${escapeHtml(product.name)}</div>
      <span class="price">${formatPrice(product.price)}</span>${stock}
    </div>
  </a>
  ${actions}
</article>`;
}

function breadcrumbs(index, categoryId) {
  const links = index
    .categoryTrail(categoryId)
    .map((category) => `<a href="/category/${encodeURIComponent(category.id)}">${escapeHtml(category.name)}</a>`);
  return `<nav class="breadcrumbs" aria-label="Breadcrumbs"><a href="/">Home</a> / ${links.join(' / ')}</nav>`;
}

// Products for the client-side pages (cart, wishlist, checkout), keyed by id.
function productDataScript(index) {
  const products = {};
  for (const product of index.catalog.products) {
    const { name, price, url, picture, available } = product;
    products[product.id] = { name, price, url, picture, available };
  }
  return `<script type="application/json" id="product-data">${scriptJson(products)}</script>`;
}

// Up to SIMILAR_COUNT available products from the same category, then from its top-level category.
function similarProducts(index, product) {
  const topCategory = index.categoryTrail(product.categoryId)[0];
  const candidates = [...index.productsInCategory(product.categoryId), ...index.productsInCategory(topCategory.id)];
  const similar = [];
  for (const candidate of candidates) {
    if (candidate.id !== product.id && candidate.available && !similar.includes(candidate)) {
      similar.push(candidate);
    }
  }
  return similar.slice(0, SIMILAR_COUNT);
}

function pickProducts(index, ids) {
  return ids.map((id) => index.productsById.get(id)).filter(Boolean);
}

function formatPrice(price) {
  return `$${price.toFixed(2)}`;
}

export function escapeHtml(value) {
  return String(value)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

// JSON that is safe inside an inline <script>: "<" cannot close the element, and U+2028 and
// U+2029 cannot end a line inside a string literal.
export function scriptJson(value) {
  return JSON.stringify(value)
    .replaceAll('<', '\\u003c')
    .replaceAll('\u2028', '\\u2028')
    .replaceAll('\u2029', '\\u2029');
}
