// Checks that the hand-written types in types/ offer exactly the commands the snippet runs, and
// that editors complete their payloads. It reads the keys of the catalogue EVENTS in src/events.ts
// and of the control commands CONTROLS in src/commands.ts. Then it lists, with the
// TypeScript language service, the commands an editor completes inside `pc('…')` and
// `window.pc('…')`, and the keys it completes inside a few payloads. Exits with 1 and lists what differs, so a command added to
// src/ without types, or types that stop completing payloads, fail `npm run typecheck`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const root = new URL('../', import.meta.url);
const path = relative => fileURLToPath(new URL(relative, root));

/** Returns the property names of the object literal assigned to `name` in a source file. */
function objectKeys(file, name) {
  const source = ts.createSourceFile(file, readFileSync(path(file), 'utf8'), ts.ScriptTarget.Latest, true);
  let keys;
  const visit = node => {
    if (ts.isVariableDeclaration(node) && node.name.getText() === name && node.initializer && ts.isObjectLiteralExpression(node.initializer)) {
      keys = node.initializer.properties.map(property => property.name.getText(source).replace(/^['"]|['"]$/g, ''));
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  if (!keys) throw new Error(`no object literal named ${name} in ${file}: update scripts/check-command-types.mjs to where the catalogue lives now`);
  return keys;
}

/**
 * Returns the completions an editor offers at the `|` in `source`, a file beside
 * types/index.d.ts, or only those of `kind` when given.
 */
function completionsAt(source, kind) {
  const probe = path('types/__completion_probe__.ts');
  const cursor = source.indexOf('|');
  const text = source.slice(0, cursor) + source.slice(cursor + 1);
  const options = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2020,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ['lib.es2020.d.ts', 'lib.dom.d.ts'],
    types: [],
  };
  const host = {
    getScriptFileNames: () => [probe],
    getScriptVersion: () => '1',
    getScriptSnapshot: file => {
      if (file === probe) return ts.ScriptSnapshot.fromString(text);
      return ts.sys.fileExists(file) ? ts.ScriptSnapshot.fromString(ts.sys.readFile(file)) : undefined;
    },
    getCurrentDirectory: () => path('.'),
    getCompilationSettings: () => options,
    getDefaultLibFileName: settings => ts.getDefaultLibFilePath(settings),
    fileExists: file => file === probe || ts.sys.fileExists(file),
    readFile: file => (file === probe ? text : ts.sys.readFile(file)),
    readDirectory: ts.sys.readDirectory,
    directoryExists: ts.sys.directoryExists,
    getDirectories: ts.sys.getDirectories,
  };
  const service = ts.createLanguageService(host, ts.createDocumentRegistry());
  const completions = service.getCompletionsAtPosition(probe, cursor, {});
  return (completions ? completions.entries : []).filter(entry => !kind || entry.kind === kind).map(entry => entry.name);
}

const MODULE = "import { pc } from './index.js';\n";
/** Payload positions and keys or values an editor must offer there, a sample of every shape. */
const PAYLOAD_COMPLETIONS = [
  ["pc('init', 'STORE_KEY', { | })", ['stream', 'api', 'did', 'debug', 'dataLayer']],
  ["pc('view', { | })", ['id', 'recommended_by', 'recommended_code']],
  ["pc('view', { id: 1, recommended_by: '|' })", ['dynamic', 'instant_search', 'full_search']],
  ["pc('cart', { | })", ['id', 'amount', 'recommended_by']],
  ["pc('cart', [{ | }])", ['id', 'quantity']],
  ["pc('purchase', { | })", ['items', 'order_id', 'order_price', 'custom']],
  ["pc('purchase', { items: [{ | }] })", ['id', 'amount', 'price']],
  ["pc('custom', 'signup', { | })", ['category', 'label', 'value', 'payload']],
  ["pc('track', 'opened', { | })", ['code', 'type']],
  ["pc('source', { | })", ['from', 'code']],
];

const runtime = [...objectKeys('src/commands.ts', 'CONTROLS'), ...objectKeys('src/events.ts', 'EVENTS')];
const probes = {
  "module export pc('…')": completionsAt(MODULE + "pc('|')", ts.ScriptElementKind.string),
  "global window.pc('…')": completionsAt('/// <reference path="./pc.d.ts" />\nwindow.pc(\'|\')', ts.ScriptElementKind.string),
};

let failed = false;
for (const [where, completed] of Object.entries(probes)) {
  const untyped = runtime.filter(command => !completed.includes(command));
  const unknown = completed.filter(command => !runtime.includes(command));
  if (untyped.length || unknown.length) {
    failed = true;
    console.error(`types/ and src/ disagree on the commands of ${where}:`);
    if (untyped.length) console.error(`  run by src/ but not typed (add its entry to PcCommands in types/index.d.ts): ${untyped.join(', ')}`);
    if (unknown.length) console.error(`  typed but not run by src/ (remove its PcCommands entry, or add the command to src/): ${unknown.join(', ')}`);
  }
}
for (const [source, expected] of PAYLOAD_COMPLETIONS) {
  const offered = completionsAt(MODULE + source);
  const missing = expected.filter(name => !offered.includes(name));
  if (missing.length) {
    failed = true;
    console.error(`an editor does not complete ${missing.join(', ')} at the | in ${source}; it offers: ${offered.slice(0, 10).join(', ') || 'nothing'}`);
  }
}
if (failed) process.exit(1);
console.log(`types/ complete all ${runtime.length} commands that src/ runs (${runtime.join(', ')}) and ${PAYLOAD_COMPLETIONS.length} sampled payloads`);
