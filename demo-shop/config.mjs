// Settings shared by the demo shop, the local collector and the tests that drive them.

/** Store key of the demo shop: 30 hex characters, the length of a real PersonaClick store key. */
export const DEMO_SHOP_ID = '4c1f0e2b9a7d3c5e8f6a0b1d2c3e4f';

/** Every server in demo-shop/ listens on this loopback address only. */
export const HOST = '127.0.0.1';

export const SHOP_PORT = readPort('SHOP_PORT', 8787);
export const COLLECTOR_PORT = readPort('COLLECTOR_PORT', 8788);

/** Campaign landings linked from the home page, as they arrive from an email. */
export const DEMO_CAMPAIGNS = {
  bulk: { productId: 'tent-2p-ultra', code: 'winter-sale-2026-0142' },
  chain: { categoryId: '3', code: 'welcome-series-step-2' },
};

/** Product shown on /gtm, the page that loads the snippet the way a tag manager does. */
export const GTM_PRODUCT_ID = 'boot-alpine-gtx';

/** Reads a TCP port from the environment, or returns the fallback when the variable is unset. */
function readPort(name, fallback) {
  const text = process.env[name];
  if (text === undefined || text === '') {
    return fallback;
  }

  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`${name}=${JSON.stringify(text)} is not a valid port: use an integer from 0 to 65535`);
  }
  return port;
}

/** Formats the base URL of a server, without a trailing slash. */
export function baseUrl(host, port) {
  const hostPart = host.includes(':') ? `[${host}]` : host;
  return `http://${hostPart}:${port}`;
}
