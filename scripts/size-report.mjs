// Prints what dist/pc.js costs a page (raw, gzip and brotli bytes) and which source files the
// minified bytes come from, using the build's source map. Fails when gzip bytes pass the budget.
import { readFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

/** Budget for dist/pc.js in gzip bytes, set a little above the current size so growth is seen. */
const GZIP_BUDGET = Number(process.env.PC_GZIP_BUDGET || 8400);

const code = readFileSync(new URL('../dist/pc.js', import.meta.url));
const map = JSON.parse(readFileSync(new URL('../dist/pc.js.map', import.meta.url), 'utf8'));
const gzip = gzipSync(code, { level: 9 }).length;
const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;

/** Decodes the source map's base64 VLQ segments into [generatedColumn, sourceIndex] per line. */
function decodeMappings(mappings) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const lines = [];
  let source = 0;
  for (const line of mappings.split(';')) {
    const segments = [];
    let column = 0;
    for (const segment of line.split(',').filter(Boolean)) {
      const values = [];
      let value = 0;
      let shift = 0;
      for (const char of segment) {
        const digit = alphabet.indexOf(char);
        value += (digit & 31) << shift;
        if (digit & 32) {
          shift += 5;
        } else {
          values.push(value & 1 ? -(value >> 1) : value >> 1);
          value = 0;
          shift = 0;
        }
      }
      column += values[0];
      if (values.length > 1) source += values[1];
      segments.push([column, values.length > 1 ? source : -1]);
    }
    lines.push(segments);
  }
  return lines;
}

// Each generated character belongs to the source of the nearest mapping segment before it.
const text = code.toString('utf8');
/** Source file name → the minified text that comes from it, in bundle order; `rest` has unmapped text. */
const textBySource = new Map();
let rest = '';
const lineSegments = decodeMappings(map.mappings);
text.split('\n').forEach((line, lineIndex, lines) => {
  const segments = lineSegments[lineIndex] || [];
  if (segments.length === 0 || segments[0][0] > 0) rest += line.slice(0, segments.length ? segments[0][0] : line.length);
  segments.forEach(([column, source], index) => {
    const end = index + 1 < segments.length ? segments[index + 1][0] : line.length;
    const name = source >= 0 ? map.sources[source].replace(/^(\.\.\/)+/, '') : '(unmapped)';
    textBySource.set(name, (textBySource.get(name) || '') + line.slice(column, end));
  });
  if (lineIndex < lines.length - 1) rest += '\n';
});

/**
 * Returns how many gzip bytes the bundle loses without `name`'s text. Gzip sizes do not add up
 * by file, so this is each file's own cost on top of everything else, not a share of the total.
 */
function gzipCost(name) {
  let without = rest;
  for (const [other, part] of textBySource) if (other !== name) without += part;
  return gzip - gzipSync(without, { level: 9 }).length;
}

console.log(`dist/pc.js: ${code.length} B raw, ${gzip} B gzip, ${brotli} B brotli (budget ${GZIP_BUDGET} B gzip)`);
console.log('by source file: minified bytes, and the gzip bytes the bundle would lose without it:');
for (const [name, part] of [...textBySource].sort((a, b) => b[1].length - a[1].length)) {
  console.log(`  ${String(part.length).padStart(6)} B raw  ${String(gzipCost(name)).padStart(5)} B gzip  ${name}`);
}
if (gzip > GZIP_BUDGET) {
  console.error(`dist/pc.js is ${gzip} B gzip, over its budget of ${GZIP_BUDGET} B. Cut bytes, or raise GZIP_BUDGET in scripts/size-report.mjs with a reason in the commit.`);
  process.exit(1);
}
