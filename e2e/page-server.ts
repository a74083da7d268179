// A small HTTP server on 127.0.0.1 for test pages. Test pages must come from a real loopback
// server: Chromium's Local Network Access checks treat a response made up by page.route() as
// public, and then block its requests to the loopback collector.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';

const DIST = new URL('../dist/', import.meta.url);

export interface PageServer {
  url: string;
  /** Serves `html` inside a minimal document's head at `path`, whatever the query. */
  add(path: string, html: string): string;
  close(): Promise<void>;
}

export async function startPageServer(): Promise<PageServer> {
  const pages = new Map<string, string>();
  const server = createServer(async (request, response) => {
    const path = new URL(request.url || '/', 'http://127.0.0.1').pathname;
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
    const html = pages.get(path);
    response.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' });
    response.end(html === undefined ? 'no test page at ' + path : `<!doctype html><html><head>${html}</head><body><h1>Test page</h1><a id="next" href="/next">next</a></body></html>`);
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    add(path, html) {
      pages.set(new URL(path, url).pathname, html);
      return new URL(path, url).href;
    },
    close: () => new Promise(resolve => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
