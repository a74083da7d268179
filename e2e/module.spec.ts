// dist/pc.mjs, the ES module build that package.json exports: in a browser a module script imports
// pc(), sets the store key with pc('init'), and its events reach the collector. In Node.js the
// import fails, as README.md ("npm package and TypeScript types") warns shops.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { test, expect, waitForBodies, SHOP_ID } from './fixtures';

const PC_MJS = new URL('../dist/pc.mjs', import.meta.url);

test('module build sends events', async ({ page, pages, collector, consoleLines }) => {
  pages.add('/pc.mjs', readFileSync(PC_MJS, 'utf8'), { contentType: 'text/javascript; charset=utf-8' });
  const url = pages.add('/test/module', `
    <script type="module">
      import { pc } from '/pc.mjs';
      // Called before pc('init'), so it waits in memory for the store key.
      pc('view', 'tent-2p-ultra');
      pc('init', '${SHOP_ID}', { api: '${collector.url}', stream: 'module' });
      pc('cart', { id: 'tent-2p-ultra', amount: 1 });
    </script>`);
  await page.goto(url);
  const received = await waitForBodies(collector, 2);

  expect(received.map(body => body.event).sort()).toEqual(['cart', 'view']);
  expect(received.every(body => body.shop_id === SHOP_ID && body.stream === 'module')).toBe(true);
  expect(await page.evaluate(() => 'pc' in window)).toBe(false);
  expect(consoleLines.filter(line => line.type === 'error' || line.type === 'pageerror')).toEqual([]);
});

test('module imports in Node.js', () => {
  // Server-rendered shops import the module on the server too: the import and a call must not throw.
  const script = `const { pc } = await import(${JSON.stringify(PC_MJS.href)}); pc('view', 1); console.log(typeof pc);`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });

  expect(run.status).toBe(0);
  expect(run.stdout.trim()).toBe('function');
  expect(run.stderr).toContain("[pc] pc('view') was ignored: there is no page");
  expect(run.stderr).not.toContain('ReferenceError');
});
