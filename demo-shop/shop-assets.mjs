// Static parts of the demo shop: its stylesheet, the browser helpers for the cart and
// wishlist, and the generated SVG product pictures.

export const SHOP_CSS = `
:root { --ink: #1d2733; --muted: #5b6773; --line: #e3e7eb; --brand: #1f5f46; --brand-dark: #17452f; --accent: #d9822b; --bg: #f7f6f2; }
* { box-sizing: border-box; }
body { margin: 0; font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: var(--ink); background: var(--bg); }
a { color: var(--brand); }
img { max-width: 100%; height: auto; display: block; }
.container { max-width: 1120px; margin: 0 auto; padding: 0 20px; }
.site-header { background: #fff; border-bottom: 1px solid var(--line); }
.site-header .container { display: flex; align-items: center; gap: 24px; min-height: 64px; flex-wrap: wrap; }
.category-bar { border-top: 1px solid var(--line); }
.category-bar .container { min-height: 44px; }
.logo { font-weight: 800; font-size: 20px; color: var(--brand-dark); text-decoration: none; letter-spacing: -.02em; }
.logo span { color: var(--accent); }
.main-nav { display: flex; gap: 22px; flex-wrap: wrap; }
.header-spacer { flex: 1; }
.main-nav a { color: var(--ink); text-decoration: none; font-size: 15px; }
.main-nav a:hover { color: var(--brand); }
.search-form { display: flex; }
.search-form input { padding: 7px 10px; border: 1px solid var(--line); border-radius: 6px 0 0 6px; font: inherit; width: 200px; }
.search-form button { border-radius: 0 6px 6px 0; }
.header-links { display: flex; gap: 14px; }
.header-links a { text-decoration: none; color: var(--ink); font-size: 15px; }
.count { display: inline-block; min-width: 20px; padding: 0 6px; border-radius: 10px; background: var(--brand); color: #fff; font-size: 12px; text-align: center; }
.build-warning { background: #fff3bf; border-bottom: 1px solid #f0d264; padding: 10px 0; font-size: 15px; }
main.container { padding-top: 28px; padding-bottom: 48px; }
h1 { font-size: 30px; line-height: 1.2; margin: 0 0 12px; }
h2 { font-size: 22px; margin: 36px 0 14px; }
.lead { color: var(--muted); font-size: 18px; max-width: 640px; }
.hero { background: linear-gradient(120deg, #1f5f46, #3c8d6b); color: #fff; border-radius: 12px; padding: 36px; }
.hero .lead { color: #e6f2ec; }
.breadcrumbs { font-size: 14px; color: var(--muted); margin-bottom: 10px; }
.breadcrumbs a { color: var(--muted); }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 18px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 10px; overflow: hidden; display: flex; flex-direction: column; }
.card a.card-link { color: inherit; text-decoration: none; flex: 1; }
.card .card-body { padding: 12px 14px; }
.card .vendor { color: var(--muted); font-size: 13px; }
.card .name { font-weight: 600; margin: 2px 0 6px; }
.card .card-actions { padding: 0 14px 14px; }
.price { font-weight: 700; color: var(--brand-dark); }
.out-of-stock { color: #a61e4d; font-size: 14px; font-weight: 600; }
.category-list { display: grid; grid-template-columns: repeat(auto-fill, minmax(170px, 1fr)); gap: 12px; }
.category-list a { display: block; background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 14px; text-decoration: none; color: var(--ink); font-weight: 600; }
.category-list small { display: block; color: var(--muted); font-weight: 400; }
.chips { display: flex; gap: 8px; flex-wrap: wrap; margin: 8px 0 20px; }
.chips a { background: #fff; border: 1px solid var(--line); border-radius: 16px; padding: 4px 12px; text-decoration: none; font-size: 14px; }
.button, button { display: inline-block; font: inherit; font-size: 15px; padding: 8px 16px; border-radius: 6px; border: 1px solid var(--brand); background: var(--brand); color: #fff; cursor: pointer; text-decoration: none; }
.button:hover, button:hover { background: var(--brand-dark); }
.button.secondary, button.secondary { background: #fff; color: var(--brand); }
button:disabled { opacity: .5; cursor: not-allowed; }
.product { display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 36px; }
.product img { border-radius: 12px; border: 1px solid var(--line); }
.product .price { font-size: 26px; }
.buy-box { display: flex; gap: 10px; align-items: center; margin: 18px 0; flex-wrap: wrap; }
select, input[type=number], input[type=text], textarea { font: inherit; padding: 7px 10px; border: 1px solid #c9d2da; border-radius: 6px; }
.notice { min-height: 24px; color: var(--brand); font-weight: 600; }
.recommendations { background: #fff; border: 1px solid var(--line); border-radius: 12px; padding: 4px 20px 20px; margin-top: 36px; }
.campaign { background: #fff; border: 2px dashed var(--accent); border-radius: 12px; padding: 20px 24px; margin-top: 36px; }
.campaign .email { background: #fdfaf4; border: 1px solid var(--line); border-radius: 8px; padding: 16px; }
.campaign .email-meta { font-size: 13px; color: var(--muted); }
table.lines { width: 100%; border-collapse: collapse; background: #fff; border: 1px solid var(--line); border-radius: 10px; }
table.lines th, table.lines td { padding: 10px 12px; border-bottom: 1px solid var(--line); text-align: left; vertical-align: middle; }
table.lines img { width: 72px; border-radius: 6px; }
table.lines input[type=number] { width: 72px; }
.totals { display: flex; justify-content: flex-end; gap: 12px; align-items: center; margin: 16px 0; font-size: 18px; }
.checkout { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 36px; }
.checkout form label { display: block; margin-bottom: 14px; font-weight: 600; font-size: 15px; }
.checkout form input, .checkout form select, .checkout form textarea { display: block; width: 100%; margin-top: 4px; font-weight: 400; }
.summary { background: #fff; border: 1px solid var(--line); border-radius: 10px; padding: 16px 20px; }
.summary li { display: flex; justify-content: space-between; gap: 12px; padding: 4px 0; }
.summary ul { list-style: none; padding: 0; margin: 0 0 12px; }
.summary h2 { margin-top: 4px; }
.empty { color: var(--muted); }
.gtm-note { background: #e7f5ff; border: 1px solid #a5d8ff; border-radius: 8px; padding: 12px 16px; margin-bottom: 20px; font-size: 15px; }
.site-footer { border-top: 1px solid var(--line); background: #fff; padding: 20px 0; color: var(--muted); font-size: 14px; }
.site-footer .container { display: flex; justify-content: space-between; gap: 16px; flex-wrap: wrap; }
.toast { position: fixed; right: 20px; bottom: 20px; background: var(--brand-dark); color: #fff; padding: 10px 16px; border-radius: 8px; box-shadow: 0 4px 12px rgba(0,0,0,.2); }
@media (max-width: 760px) { .product, .checkout { grid-template-columns: 1fr; } }
`;

// Loaded by every page before its own inline script, so the templates can call these helpers.
export const SHOP_JS = `// Cart and wishlist of the demo shop. A real shop keeps them on its server; the demo keeps
// them in localStorage so that every page can stay plain HTML. The pc() calls are in the
// page templates, next to the clicks that cause them.

const CART_KEY = 'demo-cart'; // [{ id, quantity }, ...] with product ids as strings
const WISHLIST_KEY = 'demo-wishlist'; // [id, ...]

function readStoredList(key) {
  try {
    const value = JSON.parse(localStorage.getItem(key));
    return Array.isArray(value) ? value : [];
  } catch (error) {
    return [];
  }
}

function readCart() {
  return readStoredList(CART_KEY).filter(
    (line) => typeof line.id === 'string' && Number.isInteger(line.quantity) && line.quantity > 0,
  );
}

function writeCart(cart) {
  localStorage.setItem(CART_KEY, JSON.stringify(cart));
  updateHeaderCounts();
}

function cartQuantity(productId) {
  const line = readCart().find((entry) => entry.id === productId);
  return line ? line.quantity : 0;
}

function setCartQuantity(productId, quantity) {
  const cart = readCart();
  const line = cart.find((entry) => entry.id === productId);
  if (line) {
    line.quantity = quantity;
  } else {
    cart.push({ id: productId, quantity: quantity });
  }
  writeCart(cart);
}

// Adds \`amount\` pieces of a product and returns the new total of that product in the cart.
function addToCart(productId, amount) {
  const total = cartQuantity(productId) + amount;
  setCartQuantity(productId, total);
  return total;
}

function removeFromCart(productId) {
  writeCart(readCart().filter((line) => line.id !== productId));
}

function readWishlist() {
  return readStoredList(WISHLIST_KEY).filter((id) => typeof id === 'string');
}

function writeWishlist(ids) {
  localStorage.setItem(WISHLIST_KEY, JSON.stringify(ids));
  updateHeaderCounts();
}

function isInWishlist(productId) {
  return readWishlist().includes(productId);
}

function addToWishlist(productId) {
  if (!isInWishlist(productId)) {
    writeWishlist(readWishlist().concat(productId));
  }
}

function removeFromWishlist(productId) {
  writeWishlist(readWishlist().filter((id) => id !== productId));
}

function formatPrice(value) {
  return '$' + value.toFixed(2);
}

function updateHeaderCounts() {
  const pieces = readCart().reduce((sum, line) => sum + line.quantity, 0);
  document.querySelectorAll('[data-cart-count]').forEach((badge) => { badge.textContent = pieces; });
  document.querySelectorAll('[data-wishlist-count]').forEach((badge) => { badge.textContent = readWishlist().length; });
}

// Shows a short confirmation in the corner of the page.
function showNotice(text) {
  const toast = document.createElement('div');
  toast.className = 'toast';
  toast.setAttribute('role', 'status');
  toast.textContent = text;
  document.body.append(toast);
  setTimeout(() => toast.remove(), 2500);
}

updateHeaderCounts();
`;

/** Draws a 400x300 placeholder picture for a product: its name on a mountain scene in a colour of its own. */
export function renderProductSvg(product) {
  const hue = hashText(product.name) % 360;
  const lines = wrapText(product.name, 28);
  if (lines.length > 2) {
    lines.splice(2);
    lines[1] += '…';
  }
  const firstLineY = lines.length === 1 ? 262 : 250;
  const text = lines
    .map((line, index) => `<text x="200" y="${firstLineY + index * 24}">${escapeXml(line)}</text>`)
    .join('');

  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 300" width="400" height="300" role="img" aria-label="${escapeXml(product.name)}">
<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="hsl(${hue},60%,88%)"/><stop offset="1" stop-color="hsl(${hue},50%,72%)"/></linearGradient></defs>
<rect width="400" height="300" fill="url(#sky)"/>
<circle cx="318" cy="62" r="26" fill="hsl(${(hue + 40) % 360},80%,92%)"/>
<polygon points="0,214 78,124 128,170 212,76 300,182 352,140 400,176 400,300 0,300" fill="hsl(${hue},32%,42%)"/>
<polygon points="212,76 236,104 222,100 206,112 192,98" fill="#fff" opacity=".9"/>
<polygon points="0,240 110,188 210,232 300,200 400,228 400,300 0,300" fill="hsl(${hue},35%,30%)"/>
<g font-family="system-ui, -apple-system, 'Segoe UI', sans-serif" font-size="20" font-weight="600" fill="#fff" text-anchor="middle">${text}</g>
</svg>
`;
}

// Splits text into lines of at most `width` characters at spaces.
function wrapText(text, width) {
  const lines = [];
  let current = '';
  for (const word of text.split(/\s+/)) {
    if (current && (current + ' ' + word).length > width) {
      lines.push(current);
      current = word;
    } else {
      current = current ? `${current} ${word}` : word;
    }
  }
  if (current) {
    lines.push(current);
  }
  return lines;
}

function hashText(text) {
  let hash = 0;
  for (const character of text) {
    hash = (hash * 31 + character.codePointAt(0)) >>> 0;
  }
  return hash;
}

function escapeXml(text) {
  return String(text).replace(/[&<>"']/g, (character) => `&#${character.charCodeAt(0)};`);
}
