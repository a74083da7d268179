// The Tag Manager installs of README.md ("Google Tag Manager tag and template") and the custom
// template gtm/personaclick-snippet.tpl, fired the way Tag Manager fires them. The real gtm.js is
// not loaded, and a small page script imitates it. After the page's load event it parses each
// Custom HTML tag and appends a fresh <script> per script, copying only the text and src. It runs
// the template's sandboxed JavaScript against a stand-in for the sandbox APIs that enforces the
// template's declared permissions.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Page } from '@playwright/test';
import { integrityOf } from '../scripts/sri.mjs';
import { test, expect, waitForBodies, bodies, apiRequests, initRequests, SHOP_ID, type Collector } from './fixtures';
import type { PageServer } from './page-server';
import { readmeBlocks } from './readme';

const HEADING = '### Google Tag Manager tag and template';
const SCRIPT_URL = 'https://cdn.your-shop.example/pc.js';
const INTEGRITY = 'sha384-OUTPUT_OF_NPM_RUN_SRI';
const PC_JS = fileURLToPath(new URL('../dist/pc.js', import.meta.url));
const TEMPLATE = fileURLToPath(new URL('../gtm/personaclick-snippet.tpl', import.meta.url));
const PRODUCT = 'boot-alpine-gtx';

/** A tag to fire: Custom HTML, or the custom template with its field values. */
type Tag = { html: string } | { template: TemplateRun };

interface TemplateRun {
  code: string;
  fields: Record<string, string>;
  permissions: Permissions;
}

/** The template's permissions, as the sandbox stand-in checks them. */
interface Permissions {
  globals: Record<string, { read: boolean; write: boolean; execute: boolean }>;
  scriptUrls: string[];
  logging: string | undefined;
}

/**
 * Returns the README's setup tag and event tag with the test servers in place of the
 * placeholders, and Tag Manager variables replaced by their values the way Tag Manager does.
 */
function documentedTags(pages: PageServer, collector: Collector): { setup: string; view: string } {
  const [setup, view] = readmeBlocks(HEADING).filter(block => block.language === 'html').map(block => block.text);
  if (!setup || !view) throw new Error(`README.md needs two html blocks under "${HEADING}": the setup tag and an event tag`);
  const variables: Record<string, string> = { 'PersonaClick store key': SHOP_ID, 'Product ID': PRODUCT };
  const substitute = (html: string) =>
    html.replace(/\{\{([^}]+)\}\}/g, (_, name: string) => {
      if (!(name in variables)) throw new Error(`no value for the Tag Manager variable {{${name}}}`);
      return JSON.stringify(variables[name]);
    });

  const apiOption = `{ stream: 'web', api: ${JSON.stringify(collector.url)} }`;
  expect(setup).toContain("{ stream: 'web' }");
  expect(setup).toContain(SCRIPT_URL);
  expect(setup).toContain(INTEGRITY);
  return {
    setup: substitute(setup)
      .replace("{ stream: 'web' }", apiOption)
      .replace(SCRIPT_URL, pages.url + '/dist/pc.js')
      .replace(INTEGRITY, integrityOf(PC_JS)),
    view: substitute(view),
  };
}

/** Returns the sections of a template file in the Community Template Gallery format by name. */
function templateSections(): Record<string, string> {
  const sections: Record<string, string> = {};
  let name: string | undefined;
  for (const line of readFileSync(TEMPLATE, 'utf8').split('\n')) {
    const header = /^___([A-Z_]+)___$/.exec(line);
    if (header) {
      name = header[1];
      sections[name] = '';
    } else if (name) {
      sections[name] += line + '\n';
    }
  }
  return sections;
}

interface Parameter {
  name: string;
  valueValidators?: { type: string; args?: string[] }[];
}

interface PermissionEntry {
  instance: { key: { publicId: string }; param: { key: string; value: any }[] };
}

/** Reads the permissions the template declares into the form the sandbox stand-in checks. */
function readPermissions(entries: PermissionEntry[]): Permissions {
  const permissions: Permissions = { globals: {}, scriptUrls: [], logging: undefined };
  for (const { instance } of entries) {
    const param = (key: string) => instance.param.find(item => item.key === key)?.value;
    if (instance.key.publicId === 'access_globals') {
      for (const item of param('keys').listItem) {
        const entry: Record<string, string | boolean> = {};
        item.mapKey.forEach((key: { string: string }, index: number) => {
          const value = item.mapValue[index];
          entry[key.string] = value.type === 8 ? value.boolean : value.string;
        });
        permissions.globals[entry.key as string] = { read: !!entry.read, write: !!entry.write, execute: !!entry.execute };
      }
    } else if (instance.key.publicId === 'inject_script') {
      permissions.scriptUrls = param('urls').listItem.map((item: { string: string }) => item.string);
    } else if (instance.key.publicId === 'logging') {
      permissions.logging = param('environments').string;
    } else {
      throw new Error(`the sandbox stand-in does not know the permission ${instance.key.publicId}`);
    }
  }
  return permissions;
}

/** Returns field values checked against the template's NON_EMPTY and REGEX validators, as Tag Manager checks them on save. */
function checkedFields(parameters: Parameter[], fields: Record<string, string>): Record<string, string> {
  for (const parameter of parameters) {
    const value = fields[parameter.name] ?? '';
    for (const validator of parameter.valueValidators || []) {
      if (validator.type === 'NON_EMPTY') expect(value, `field ${parameter.name} is required`).not.toBe('');
      else if (validator.type === 'REGEX') expect(value, `field ${parameter.name} fails its validator`).toMatch(new RegExp(validator.args![0]));
      else throw new Error(`the test does not know the validator ${validator.type}`);
    }
  }
  return fields;
}

/** Returns the template with `fields`, and with the Injects scripts permission set to `scriptPattern` when given. */
function templateRun(fields: Record<string, string>, scriptPattern?: string): TemplateRun {
  const sections = templateSections();
  const parameters: Parameter[] = JSON.parse(sections.TEMPLATE_PARAMETERS);
  const permissions = readPermissions(JSON.parse(sections.WEB_PERMISSIONS));
  if (scriptPattern) permissions.scriptUrls = [scriptPattern];
  return { code: sections.SANDBOXED_JS_FOR_WEB_TEMPLATE, fields: checkedFields(parameters, fields), permissions };
}

/**
 * Fires `window.tags` in order after the load event, as Tag Manager's container script would, and
 * records each tag's outcome in `window.tagOutcomes`. The page runs it from its source text.
 */
function containerScript(): void {
  type Page = Window & { tags: Tag[]; tagOutcomes: string[] };
  const page = window as unknown as Page;
  page.tagOutcomes = [];
  /** Script elements injectScript added, by cache token. */
  const injected: Record<string, HTMLScriptElement> = {};

  /** Appends each script of a Custom HTML tag anew, waiting for an external one to load. */
  const fireHtml = (html: string, done: () => void) => {
    const parsed = document.createElement('template');
    parsed.innerHTML = html;
    const scripts = Array.from(parsed.content.querySelectorAll('script'));
    const next = () => {
      const source = scripts.shift();
      if (!source) return done();
      const script = document.createElement('script');
      if (source.getAttribute('src')) {
        script.src = source.getAttribute('src')!;
        script.onload = script.onerror = next;
        document.body.appendChild(script);
      } else {
        script.text = source.text;
        document.body.appendChild(script);
        next();
      }
    };
    next();
  };

  /** Runs the template's code with the sandbox APIs it requires, checking its permissions. */
  const fireTemplate = (run: TemplateRun, done: () => void) => {
    const allow = (key: string, access: 'read' | 'write' | 'execute') => {
      const granted = run.permissions.globals[key];
      if (!granted || !granted[access]) throw new Error(`permission denied: ${access} window.${key}`);
    };
    const read = (key: string) => key.split('.').reduce<any>((object, part) => (object == null ? undefined : object[part]), window);
    const write = (key: string, value: unknown) => {
      const parts = key.split('.');
      const last = parts.pop()!;
      (parts.length ? read(parts.join('.')) : window)[last] = value;
    };
    const urlAllowed = (url: string) =>
      run.permissions.scriptUrls.some(pattern => new RegExp('^' + pattern.split('*').map(part => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$').test(url));
    let finished = false;
    const finish = (outcome: string) => {
      if (finished) return;
      finished = true;
      page.tagOutcomes.push(outcome);
      done();
    };

    const apis: Record<string, Function> = {
      callInWindow: (key: string, ...args: unknown[]) => {
        allow(key, 'execute');
        return read(key)(...args);
      },
      copyFromWindow: (key: string) => {
        allow(key, 'read');
        return read(key);
      },
      createArgumentsQueue: (functionKey: string, arrayKey: string) => {
        for (const key of [functionKey, arrayKey]) {
          allow(key, 'read');
          allow(key, 'write');
        }
        if (read(functionKey) === undefined) {
          // Queues the arguments object itself, as the inline stub does.
          write(functionKey, function () {
            read(arrayKey).push(arguments);
          });
        }
        if (read(arrayKey) === undefined) write(arrayKey, []);
        return (...args: unknown[]) => read(functionKey)(...args);
      },
      getType: (value: unknown) => (value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value),
      injectScript: (url: string, onSuccess: () => void, onFailure: () => void, cacheToken?: string) => {
        if (!urlAllowed(url)) throw new Error(`permission denied: inject_script ${url}`);
        const cached = cacheToken === undefined ? undefined : injected[cacheToken];
        if (cached && cached.dataset.loaded) return onSuccess();
        const script = cached || document.createElement('script');
        script.addEventListener('load', () => {
          script.dataset.loaded = 'yes';
          onSuccess();
        });
        script.addEventListener('error', () => onFailure());
        if (cached) return;
        script.async = true;
        script.src = url;
        if (cacheToken !== undefined) injected[cacheToken] = script;
        document.head.appendChild(script);
      },
      logToConsole: (...args: unknown[]) => {
        if (!run.permissions.logging) throw new Error('permission denied: logging');
        console.log(...args);
      },
    };
    const require = (name: string) => {
      if (!apis[name]) throw new Error(`the sandbox stand-in has no API ${name}`);
      return apis[name];
    };
    const data = { ...run.fields, gtmOnSuccess: () => finish('success'), gtmOnFailure: () => finish('failure') };
    try {
      new Function('require', 'data', run.code)(require, data);
    } catch (error) {
      finish('threw ' + (error as Error).message);
    }
  };

  addEventListener('load', () => {
    const tags = page.tags.slice();
    const next = () => {
      const tag = tags.shift();
      if (!tag) return;
      if ('html' in tag) fireHtml(tag.html, () => (page.tagOutcomes.push('inserted'), next()));
      else fireTemplate(tag.template, next);
    };
    next();
  });
}

/** Serves a page whose stand-in container fires `tags` after load, and returns its URL. */
function serveContainer(pages: PageServer, tags: Tag[]): string {
  // Escapes "<" so a tag's </script> cannot end the inline script early.
  const json = JSON.stringify(tags).replace(/</g, '\\u003c');
  return pages.add('/test/gtm', `<script>window.tags = ${json};\n(${containerScript.toString()})();</script>`);
}

const tagOutcomes = (page: Page) => page.evaluate(() => (window as unknown as { tagOutcomes: string[] }).tagOutcomes);
const pcScripts = (page: Page) =>
  page.evaluate(() => Array.from(document.scripts, script => script.getAttribute('src') || '').filter(src => src.endsWith('/dist/pc.js')));

test('documented tags send events', async ({ page, pages, collector, consoleLines }) => {
  const { setup, view } = documentedTags(pages, collector);
  // The event tag fires first, so its call waits in the stub's queue until the setup tag ran.
  await page.goto(serveContainer(pages, [{ html: view }, { html: setup }]));
  await expect.poll(() => tagOutcomes(page)).toEqual(['inserted', 'inserted']);
  const [viewed] = await waitForBodies(collector, 1);
  await page.evaluate(() => (window as any).pc('cart', { id: 'boot-alpine-gtx', amount: 1 }));
  const [, cart] = await waitForBodies(collector, 2);

  expect(viewed).toMatchObject({ event: 'view', shop_id: SHOP_ID, stream: 'web', items: [{ id: PRODUCT }] });
  expect(cart).toMatchObject({ event: 'cart', items: [{ id: PRODUCT, amount: 1 }] });
  expect(await page.locator('script[integrity][crossorigin="anonymous"]').count()).toBe(1);
  expect(await page.locator('script[data-shop-id]').count()).toBe(0);
  expect(consoleLines.filter(line => line.type === 'error' || line.type === 'pageerror')).toEqual([]);
});

test('setup tag fired twice sends once', async ({ page, pages, collector, consoleLines }) => {
  const { setup, view } = documentedTags(pages, collector);
  await page.goto(serveContainer(pages, [{ html: setup }, { html: view }, { html: setup }]));
  await expect.poll(() => tagOutcomes(page)).toHaveLength(3);
  await waitForBodies(collector, 1);
  await page.waitForTimeout(500);

  expect(bodies(collector).map(body => body.event)).toEqual(['view']);
  expect(initRequests(collector)).toHaveLength(1);
  expect(consoleLines.filter(line => line.text.includes('more than once'))).toHaveLength(1);
});

test('data attributes are lost in Tag Manager', async ({ page, pages, collector, consoleLines }) => {
  const stub = 'window.pc = window.pc || function () { (pc.q = pc.q || []).push(arguments) }';
  const scriptTag = `<script>${stub}</script><script async src="/dist/pc.js" data-shop-id="${SHOP_ID}" data-api="${collector.url}"></script>`;
  await page.goto(serveContainer(pages, [{ html: scriptTag }, { html: `<script>pc('view', '${PRODUCT}')</script>` }]));
  await expect.poll(() => consoleLines.filter(line => line.text.includes('no shop_id')).length).toBe(1);
  await page.waitForTimeout(500);

  expect(await pcScripts(page)).toEqual(['/dist/pc.js']);
  expect(apiRequests(collector)).toEqual([]);
});

test('template loads pc.js and sends events', async ({ page, pages, collector, consoleLines }) => {
  const fields = { shopId: SHOP_ID, scriptUrl: pages.url + '/dist/pc.js', stream: 'gtm', apiUrl: collector.url };
  // A shop sets the Injects scripts permission to its own pc.js URL pattern.
  const template = templateRun(fields, pages.url + '/dist/*');
  const { view } = documentedTags(pages, collector);
  // The first firing creates the queue and loads pc.js; the second finds pc.js running.
  await page.goto(serveContainer(pages, [{ template }, { html: view }, { template }]));
  await expect.poll(() => tagOutcomes(page)).toEqual(['success', 'inserted', 'success']);
  const [viewed] = await waitForBodies(collector, 1);
  await page.evaluate(() => (window as any).pc('wish', 'boot-alpine-gtx'));
  const [, wished] = await waitForBodies(collector, 2);

  expect(viewed).toMatchObject({ event: 'view', shop_id: SHOP_ID, stream: 'gtm', items: [{ id: PRODUCT }] });
  expect(wished).toMatchObject({ event: 'wish', stream: 'gtm' });
  expect(await pcScripts(page)).toEqual([pages.url + '/dist/pc.js']);
  expect(initRequests(collector)).toHaveLength(1);
  expect(consoleLines.filter(line => line.type !== 'log')).toEqual([]);
});

test('template permission limits script URL', async ({ page, pages, collector }) => {
  // The permission as shipped, still set to the placeholder CDN.
  const template = templateRun({ shopId: SHOP_ID, scriptUrl: pages.url + '/dist/pc.js', stream: '', apiUrl: collector.url });
  expect(template.permissions.scriptUrls).toEqual(['https://cdn.your-shop.example/*']);
  await page.goto(serveContainer(pages, [{ template }]));
  await expect.poll(() => tagOutcomes(page)).toEqual([`threw permission denied: inject_script ${pages.url}/dist/pc.js`]);
  await page.waitForTimeout(300);

  expect(await pcScripts(page)).toEqual([]);
  expect(apiRequests(collector)).toEqual([]);
});

test('template file sections and permissions', () => {
  const sections = templateSections();
  expect(Object.keys(sections)).toEqual(['INFO', 'TEMPLATE_PARAMETERS', 'SANDBOXED_JS_FOR_WEB_TEMPLATE', 'WEB_PERMISSIONS', 'NOTES']);
  const info = JSON.parse(sections.INFO);
  const parameters: Parameter[] = JSON.parse(sections.TEMPLATE_PARAMETERS);
  const permissions = readPermissions(JSON.parse(sections.WEB_PERMISSIONS));
  const code = sections.SANDBOXED_JS_FOR_WEB_TEMPLATE;

  expect(info).toMatchObject({ type: 'TAG', containerContexts: ['WEB'] });
  const used = Array.from(code.matchAll(/\bdata\.(\w+)/g), match => match[1]).filter(name => !name.startsWith('gtmOn'));
  expect(used.filter(name => !parameters.some(parameter => parameter.name === name))).toEqual([]);
  const required = Array.from(code.matchAll(/require\('(\w+)'\)/g), match => match[1]).sort();
  expect(required).toEqual(['callInWindow', 'copyFromWindow', 'createArgumentsQueue', 'getType', 'injectScript', 'logToConsole']);
  // Access to window is limited to the pc function and its queue, and pc.q is never called.
  expect(permissions.globals).toEqual({
    pc: { read: true, write: true, execute: true },
    'pc.q': { read: true, write: true, execute: false },
  });
  expect(permissions.logging).toBe('debug');
  expect(() => checkedFields(parameters, { shopId: 'YOUR_30_CHARACTER_STORE_KEY', scriptUrl: SCRIPT_URL })).toThrow(/shopId/);
  expect(() => checkedFields(parameters, { shopId: SHOP_ID, scriptUrl: SCRIPT_URL, stream: 'web-app' })).toThrow(/stream/);
});
