// The demo shop: an outdoor gear store rendered on the server with node:http, with the
// PersonaClick tracking snippet installed on every page.

import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { fileURLToPath } from 'node:url';

import { indexCatalog, loadCatalog } from './catalog.mjs';
import { COLLECTOR_PORT, DEMO_SHOP_ID, HOST, baseUrl } from './config.mjs';
import { SHOP_CSS, SHOP_JS, renderProductSvg } from './shop-assets.mjs';
import { dataLayerPage, singlePageShop } from './integration-pages.mjs';
import {
  cartPage,
  categoryPage,
  checkoutPage,
  gtmPage,
  homePage,
  notFoundPage,
  productPage,
  searchPage,
  thanksPage,
  wishlistPage,
} from './shop-pages.mjs';

export const DEFAULT_SNIPPET_PATH = fileURLToPath(new URL('../dist/pc.js', import.meta.url));
const SESSION_COOKIE = 'demo_session';

/**
 * Starts the shop and resolves to `{ url, port, close() }`; `url` has no trailing slash.
 *
 * `collectorUrl` is the API base the pages give the snippet (default: the collector's default
 * address on 127.0.0.1). `snippetPath` is the built snippet, read again on every request
 * because it is rebuilt during development; its source map is expected at `snippetPath.map`.
 */
export async function startShop({
  host = HOST,
  port = 0,
  collectorUrl = baseUrl(HOST, COLLECTOR_PORT),
  shopId = DEMO_SHOP_ID,
  snippetPath = DEFAULT_SNIPPET_PATH,
  catalog = loadCatalog(),
} = {}) {
  const index = indexCatalog(catalog);
  const apiBase = collectorUrl.replace(/\/+$/, '');

  function routeRequest(req, url) {
    const site = { shopId, collectorUrl: apiBase, index, snippetBuilt: existsSync(snippetPath) };
    const path = url.pathname;

    if (path === '/') {
      return htmlPage(homePage(site));
    }
    if (path === '/cart') {
      return htmlPage(cartPage(site));
    }
    if (path === '/wishlist') {
      return htmlPage(wishlistPage(site));
    }
    if (path === '/checkout') {
      return htmlPage(checkoutPage(site));
    }
    if (path === '/thanks') {
      return htmlPage(thanksPage(site, url.searchParams.get('order') ?? ''));
    }
    if (path === '/search') {
      return htmlPage(searchPage(site, (url.searchParams.get('q') ?? '').trim()));
    }
    if (path === '/gtm') {
      return htmlPage(gtmPage(site));
    }
    if (path === '/datalayer') {
      return htmlPage(dataLayerPage(site));
    }
    if (path === '/spa' || path.startsWith('/spa/')) {
      return htmlPage(singlePageShop(site));
    }

    const categoryId = matchParameter(path, /^\/category\/([^/]+)$/);
    if (categoryId !== null) {
      const category = index.categoriesById.get(categoryId);
      return category
        ? htmlPage(categoryPage(site, category))
        : htmlPage(notFoundPage(site, `There is no category with id "${categoryId}".`), 404);
    }

    const productId = matchParameter(path, /^\/product\/([^/]+)$/);
    if (productId !== null) {
      const product = index.productsById.get(productId);
      return product
        ? htmlPage(productPage(site, product, url.searchParams))
        : htmlPage(notFoundPage(site, `There is no product with id "${productId}".`), 404);
    }

    const imageId = matchParameter(path, /^\/img\/([^/]+)\.svg$/);
    if (imageId !== null && index.productsById.has(imageId)) {
      return { status: 200, type: 'image/svg+xml', body: renderProductSvg(index.productsById.get(imageId)) };
    }

    if (path === '/assets/shop.css') {
      return { status: 200, type: 'text/css; charset=utf-8', body: SHOP_CSS };
    }
    if (path === '/assets/shop.js') {
      return { status: 200, type: 'text/javascript; charset=utf-8', body: SHOP_JS };
    }

    return htmlPage(notFoundPage(site, `Nothing is at ${path}.`), 404);
  }

  async function handleRequest(req, res) {
    const url = new URL(req.url, 'http://127.0.0.1');

    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(`The demo shop serves GET requests only, got ${req.method}.\n`);
      return;
    }

    const response = url.pathname === '/dist/pc.js' || url.pathname === '/dist/pc.js.map'
      ? await readSnippetFile(url.pathname.endsWith('.map') ? `${snippetPath}.map` : snippetPath)
      : routeRequest(req, url);

    const headers = { 'Content-Type': response.type, 'Cache-Control': 'no-store' };
    // Every real shop has a session cookie. Because cookies ignore the port, the collector
    // on the same host also receives it with credentialed requests (such as sendBeacon's).
    if (response.type.startsWith('text/html') && !hasCookie(req, SESSION_COOKIE)) {
      headers['Set-Cookie'] = `${SESSION_COOKIE}=${randomUUID()}; Path=/; HttpOnly; SameSite=Lax`;
    }
    res.writeHead(response.status, headers);
    res.end(req.method === 'HEAD' ? undefined : response.body);
  }

  const server = http.createServer((req, res) => {
    handleRequest(req, res).catch((error) => {
      console.error(`shop: ${req.method} ${req.url} failed:`, error);
      if (!res.headersSent) {
        res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      }
      res.end(`Internal error: ${error.message}\n`);
    });
  });

  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });

  const actualPort = server.address().port;
  return {
    url: baseUrl(host, actualPort),
    port: actualPort,
    close: () =>
      new Promise((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

// Reads dist/pc.js or its source map at request time, or explains how to build it.
async function readSnippetFile(path) {
  const type = path.endsWith('.map') ? 'application/json; charset=utf-8' : 'text/javascript; charset=utf-8';
  try {
    return { status: 200, type, body: await readFile(path) };
  } catch (error) {
    if (error.code !== 'ENOENT') {
      throw error;
    }
    return {
      status: 404,
      type: 'text/plain; charset=utf-8',
      body: `${path} not found: the snippet is not built. Run \`npm run build\` in the repository root, then reload.\n`,
    };
  }
}

function htmlPage(body, status = 200) {
  return { status, type: 'text/html; charset=utf-8', body };
}

// Returns the decoded first capture group of `pattern` in `path`, or null.
function matchParameter(path, pattern) {
  const match = pattern.exec(path);
  if (!match) {
    return null;
  }
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return null;
  }
}

function hasCookie(req, name) {
  return (req.headers.cookie ?? '').split(';').some((pair) => pair.trim().startsWith(`${name}=`));
}
