// Starts the local collector and the demo shop together, with request logging:
//   node demo-shop/main.mjs
// SHOP_PORT (default 8787) and COLLECTOR_PORT (default 8788) choose the ports on 127.0.0.1.

import { existsSync } from 'node:fs';

import { startCollector } from './collector.mjs';
import { COLLECTOR_PORT, SHOP_PORT } from './config.mjs';
import { DEFAULT_SNIPPET_PATH, startShop } from './shop.mjs';

async function main() {
  const collector = await startServer('collector', 'COLLECTOR_PORT', () =>
    startCollector({ port: COLLECTOR_PORT, log: true }),
  );
  const shop = await startServer('shop', 'SHOP_PORT', () =>
    startShop({ port: SHOP_PORT, collectorUrl: collector.url }),
  );

  console.log(`Shop: ${shop.url}/  Collector (live events): ${collector.url}/`);
  if (!existsSync(DEFAULT_SNIPPET_PATH)) {
    console.log(`The snippet ${DEFAULT_SNIPPET_PATH} is missing, so pages send no events: run \`npm run build\` first.`);
  }
  console.log('Press Ctrl+C to stop. One line per collector request follows.');

  let stopping = false;
  const stop = async (signal) => {
    if (stopping) {
      return;
    }
    stopping = true;
    console.log(`Stopping on ${signal}`);
    await Promise.all([shop.close(), collector.close()]);
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

// Starts one server and turns a busy port into a message that names the variable to change.
async function startServer(name, portVariable, start) {
  try {
    return await start();
  } catch (error) {
    if (error.code === 'EADDRINUSE') {
      throw new Error(`the ${name} port is already in use (${error.address}:${error.port}): set ${portVariable} to a free port`);
    }
    throw error;
  }
}

main().catch((error) => {
  console.error(`demo-shop failed to start: ${error.message}`);
  process.exit(1);
});
