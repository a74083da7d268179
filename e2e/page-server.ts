// A small HTTP server on 127.0.0.1 for test pages. Test pages must come from a real loopback
// server: Chromium's Local Network Access checks treat a response made up by page.route() as
// public, and then block its requests to the loopback collector.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';

const DIST = new URL('../dist/', import.meta.url);

export interface PageOptions {
  /**
   * Lets the browser keep the page in its back/forward cache: the page is sent with
   * `Cache-Control: no-cache` in place of `no-store`, which Firefox 153 does not cache.
   */
  backForwardCache?: boolean;
  /** Extra response headers, such as a Content-Security-Policy for the page. */
  headers?: Record<string, string>;
  /**
   * Serves the text as it is with this Content-Type (e.g. `text/javascript` for a page's own
   * script), in place of wrapping it in a test document.
   */
  contentType?: string;
}

export interface PageServer {
  url: string;
  /** Serves `html` inside a minimal document's head at `path`, whatever the query. */
  add(path: string, html: string, options?: PageOptions): string;
  /**
   * Holds every response for `path` (e.g. /dist/pc.js) until the returned function is called,
   * as a slow network would. close() releases held responses too.
   */
  hold(path: string): () => void;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, { html: string; options: PageOptions }>();
  const heldPaths = new Map<string, { released: Promise<void>; release: () => void }>();
  const server = createServer(async (request, response) => {
    const path = new URL(request.url || '/', 'http://127.0.0.1').pathname;
    await heldPaths.get(path)?.released;
    if (path === '/dist/pc.js' || path === '/dist/pc.js.map') {
      const file = await readFile(new URL(path.slice('/dist/'.length), DIST)).catch(() => undefined);
      response.writeHead(file ? 200 : 404, { 'content-type': 'text/javascript', 'cache-control': 'no-store' });
      response.end(file || 'dist/pc.js is missing: run npm run build');
      return;
    }
    if (path === '/favicon.ico') {
      response.writeHead(204).end();
      return;
    }
    const page = pages.get(path);
    const cacheControl = page?.options.backForwardCache ? 'no-cache' : 'no-store';
    const contentType = page?.options.contentType || 'text/html; charset=utf-8';
    response.writeHead(page === undefined ? 404 : 200, { 'content-type': contentType, 'cache-control': cacheControl, ...page?.options.headers });
    if (page?.options.contentType) {
      response.end(page.html);
      return;
    }
    response.end(page === undefined ? 'no test page at ' + path : `<!doctype html><html><head>${page.html}</head><body><h1>Test page</h1><a id="next" href="/next">next</a></body></html>`);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    add(path, html, options = {}) {
      pages.set(new URL(path, url).pathname, { html, options });
      return new URL(path, url).href;
    },
    hold(path) {
      let release!: () => void;
      const released = new Promise<void>(resolve => (release = resolve));
      heldPaths.set(path, { released, release });
      return () => {
        heldPaths.delete(path);
        release();
      };
    },
    close: () => new Promise(resolve => {
      for (const gate of heldPaths.values()) gate.release();
      heldPaths.clear();
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
