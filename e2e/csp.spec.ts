// The script-tag install and the Content Security Policy documented in README.md ("Script tag with
// integrity and a Content Security Policy"), taken from the README itself: pc.js loads with its
// integrity attribute under that policy plus default-src 'none', sends every event, and causes no
// policy violation. The last three tests show that the checks can fail.
import { createHash } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { integrityOf } from '../scripts/sri.mjs';
import { test, expect, waitForBodies, apiRequests, SHOP_ID, type Collector } from './fixtures';
import type { PageServer } from './page-server';
import { readmeBlocks } from './readme';

const HEADING = '### Script tag with integrity and a Content Security Policy';
/** Placeholders of the README's snippet and policy, replaced with the test servers. */
const CDN = 'https://cdn.your-shop.example';
const API = 'https://api.personaclick.com';
const INTEGRITY = 'sha384-OUTPUT_OF_NPM_RUN_SRI';
const STORE_KEY = 'YOUR_30_CHARACTER_STORE_KEY';
const PC_JS = fileURLToPath(new URL('../dist/pc.js', import.meta.url));

/**
 * The shop's own script, from its own origin because the policy allows no other inline script.
 * The test delays pc.js until the first calls wait in the stub's queue; the purchase runs
 * once pc.js has run.
 */
const SHOP_SCRIPT = `
pc('view', 'tent-2p-ultra');
pc('category', '3');
pc('cart', { id: 'tent-2p-ultra', amount: 2 });
pc('wish', 'boot-alpine-gtx');
pc('search', 'tent');
pc('custom', 'newsletter_signup', { category: 'footer', value: 1 });
addEventListener('load', function () {
  pc('purchase', { items: [{ id: 'tent-2p-ultra', amount: 2, price: 199.5 }], order_id: 'CSP-1', order_price: 399 });
});
`;

interface Install {
  /** The HTML of the stub and the script tag. */
  snippet: string;
  /** The inline stub's text, between <script> and </script>. */
  stub: string;
  /** The policy's directives, without the header name. */
  policy: string;
}

function documentedInstall(): Install {
  const blocks = readmeBlocks(HEADING);
  const snippet = blocks.find(block => block.language === 'html')?.text;
  const header = blocks.find(block => block.language === 'http')?.text;
  if (!snippet || !header) throw new Error(`README.md needs an html and an http block under "${HEADING}"`);
  const stub = /<script>([^<]*)<\/script>/.exec(snippet)?.[1];
  if (stub === undefined) throw new Error('the README snippet has no inline stub');
  return { snippet, stub, policy: header.replace(/^Content-Security-Policy:\s*/, '') };
}

const sha256 = (text: string) => `'sha256-${createHash('sha256').update(text).digest('base64')}'`;

/**
 * Serves the install with the test servers in place of the placeholders, under `policy` plus
 * default-src 'none', and returns the page URL.
 */
function serveInstall(pages: PageServer, collector: Collector, install: Install, integrity = integrityOf(PC_JS)): string {
  const snippet = install.snippet
    .replace(CDN + '/pc.js', pages.url + '/dist/pc.js')
    .replace(INTEGRITY, integrity)
    .replace(`data-shop-id="${STORE_KEY}"`, `data-shop-id="${SHOP_ID}" data-api="${collector.url}"`);
  const policy = "default-src 'none'; " + install.policy.split(CDN).join(pages.url).split(API).join(collector.url);
  for (const placeholder of [CDN, API, INTEGRITY, STORE_KEY]) {
    expect(snippet + policy, `placeholder ${placeholder} left in the page`).not.toContain(placeholder);
  }

  pages.add('/shop.js', SHOP_SCRIPT, { contentType: 'text/javascript; charset=utf-8' });
  return pages.add('/test/csp', snippet + '\n<script src="/shop.js"></script>', { headers: { 'content-security-policy': policy } });
}

/** Makes the page list every `securitypolicyviolation` as "directive blocked URI" in window.violations. */
async function recordViolations(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const violations: string[] = [];
    (window as unknown as { violations: string[] }).violations = violations;
    document.addEventListener('securitypolicyviolation', event => violations.push(`${event.effectiveDirective} blocked ${event.blockedURI}`));
  });
}

const violations = (page: Page) => page.evaluate(() => (window as unknown as { violations: string[] }).violations);

test('documented policy allows the snippet', async ({ page, pages, collector, consoleLines }) => {
  const install = documentedInstall();
  expect(install.policy).toContain(sha256(install.stub));
  expect(install.policy).not.toContain('unsafe-inline');
  expect(install.policy).not.toContain('unsafe-eval');
  await recordViolations(page);

  const release = pages.hold('/dist/pc.js');
  const loaded = page.goto(serveInstall(pages, collector, install));
  await page.waitForFunction(() => ((window as unknown as { pc: { q?: unknown[] } }).pc.q || []).length === 6);
  release();
  await loaded;
  const received = await waitForBodies(collector, 6);
  const [custom] = await waitForBodies(collector, 1, '/push/custom');
  await page.waitForTimeout(300);

  // Up to four requests run at once, so events of different kinds may arrive out of call order.
  expect(received.map(body => body.event).sort()).toEqual(['cart', 'category', 'purchase', 'search', 'view', 'wish']);
  expect(received.every(body => body.shop_id === SHOP_ID)).toBe(true);
  expect(custom).toMatchObject({ event: 'newsletter_signup', category: 'footer', value: 1 });
  expect(await page.locator('script[integrity][crossorigin="anonymous"]').count()).toBe(1);
  expect(await violations(page)).toEqual([]);
  expect(consoleLines.filter(line => /Content.Security.Policy/i.test(line.text))).toEqual([]);
  expect(consoleLines.filter(line => line.type === 'error' || line.type === 'pageerror')).toEqual([]);
});

test('stub missing from policy is reported', async ({ page, pages, collector }) => {
  const install = documentedInstall();
  const otherStub = { ...install, policy: install.policy.replace(sha256(install.stub), sha256(install.stub + ' ')) };
  await recordViolations(page);

  await page.goto(serveInstall(pages, collector, otherStub));
  await page.waitForTimeout(300);

  // Only the stub is refused: the policy still allows pc.js and the shop's script.
  expect(await violations(page)).toEqual(['script-src-elem blocked inline']);
});

test('wrong integrity blocks the script', async ({ page, pages, collector, consoleLines }) => {
  const install = documentedInstall();
  await recordViolations(page);

  await page.goto(serveInstall(pages, collector, install, integrityOf(PC_JS + '.map')));
  await expect.poll(() => consoleLines.filter(line => line.text.includes("'integrity'")).length).toBe(1);
  await page.waitForTimeout(500);

  expect(await page.evaluate(() => (window as unknown as { pc: { v?: number } }).pc.v)).toBeUndefined();
  expect(apiRequests(collector)).toEqual([]);
});

test('connect-src without the API is reported', async ({ page, pages, collector }) => {
  const install = documentedInstall();
  const withoutApi = { ...install, policy: install.policy.replace(`connect-src ${API}`, "connect-src 'self'") };
  expect(withoutApi.policy).not.toContain(API);
  await recordViolations(page);

  await page.goto(serveInstall(pages, collector, withoutApi));
  await expect.poll(() => violations(page)).toContainEqual(expect.stringMatching(/^connect-src blocked http:\/\/127\.0\.0\.1:\d+/));

  expect(apiRequests(collector)).toEqual([]);
});
