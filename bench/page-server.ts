// Serves the page every tracker is measured on: the demo shop's product page with the pc.js
// snippet and the template's pc() calls stripped, and the benchmark's page script added.
//
// The page and its assets are fetched once from a demo shop started on 127.0.0.1 for the
// purpose, and the shop is closed before any measurement starts.

import http from 'node:http';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

import { startShop } from '../demo-shop/shop.mjs';

export const PRELUDE_FILE = fileURLToPath(new URL('./page/prelude.js', import.meta.url));

export interface PageServer {
  url: string;
  /** Address of the product page. */
  pageUrl: string;
  close(): Promise<void>;
}

interface Asset {
  type: string;
  body: Buffer;
}

/**
 * Copies `/product/<productId>` and the /assets/ and /img/ files it references from a fresh
 * demo shop, then serves them on 127.0.0.1 at a random port.
 */
export async function startPageServer(productId: string, collectorUrl: string): Promise<PageServer> {
  const pagePath = `/product/${encodeURIComponent(productId)}`;
  const assets = new Map<string, Asset>();
  let html: string;

  // The pages name collectorUrl in the snippet, which is stripped, and in the footer's
  // "Watch the events" link, which nothing follows.
  const shop = await startShop({ port: 0, collectorUrl });
  try {
    const response = await fetch(shop.url + pagePath);
    if (!response.ok) {
      throw new Error(`the demo shop answered ${response.status} for ${pagePath}: check the product id`);
    }
    html = stripSnippet(await response.text());
    for (const path of new Set(html.match(/(?<=(?:src|href)=")\/(?:assets|img)\/[^"]+/g) ?? [])) {
      const asset = await fetch(shop.url + path);
      if (!asset.ok) {
        throw new Error(`the demo shop answered ${asset.status} for ${path}, which ${pagePath} references`);
      }
      assets.set(path, { type: asset.headers.get('content-type') ?? 'application/octet-stream', body: Buffer.from(await asset.arrayBuffer()) });
    }
  } finally {
    await shop.close();
  }

  // The page script goes first in <head>, so its long-task observer sees everything after it.
  html = html.replace('<head>', '<head>\n<script src="/bench/prelude.js"></script>');
  const prelude = readFileSync(PRELUDE_FILE);

  const server = http.createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const headers = { 'Cache-Control': 'no-store' };
    if (path === pagePath) {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/html; charset=utf-8' }).end(html);
    } else if (path === '/bench/prelude.js') {
      res.writeHead(200, { ...headers, 'Content-Type': 'text/javascript; charset=utf-8' }).end(prelude);
    } else if (assets.has(path)) {
      const asset = assets.get(path)!;
      res.writeHead(200, { ...headers, 'Content-Type': asset.type }).end(asset.body);
    } else {
      res.writeHead(404, headers).end();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const url = `http://127.0.0.1:${(server.address() as { port: number }).port}`;

  return {
    url,
    pageUrl: url + pagePath,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/**
 * Removes the pc.js install (the inline stub and the script tag) and every inline script that
 * calls pc(), which on a product page is the template's view, cart and wishlist code.
 * Throws when anything pc-related is left, so a change to the shop's templates cannot leave our
 * snippet on the page every tracker is measured on.
 */
export function stripSnippet(html: string): string {
  const stripped = html.replace(/<script\b[^>]*>[\s\S]*?<\/script>\n?/g, (element) => {
    const isSnippetTag = /<script\b[^>]*\bsrc="[^"]*pc\.js"/.test(element);
    const callsPc = /\bpc\s*\(|window\.pc\b/.test(element);
    return isSnippetTag || callsPc ? '' : element;
  });
  if (/pc\.js|\bpc\s*\(|window\.pc\b/.test(stripped)) {
    throw new Error('the product page still mentions pc.js or pc() after stripping the snippet: update stripSnippet() for the new template');
  }
  return stripped;
}
