// Builds dist/pc.js: one minified IIFE with idb-keyval bundled in, plus a source map, and prints
// its raw, gzip and brotli sizes on every build. Also builds dist/pc.mjs, the ES module entry
// (src/module.ts) for bundlers, minified the same way and with idb-keyval bundled in too.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';
import typescript from '@rollup/plugin-typescript';
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

/** Prints the bundle's size after it is written, so every build shows what it costs a page. */
function sizeReport() {
  return {
    name: 'size-report',
    writeBundle(options, bundle) {
      for (const [name, chunk] of Object.entries(bundle)) {
        if (chunk.type !== 'chunk') continue;
        const code = readFileSync(options.file);
        const gzip = gzipSync(code, { level: 9 }).length;
        const brotli = brotliCompressSync(code, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
        console.log(`${name}: ${code.length} B raw, ${gzip} B gzip, ${brotli} B brotli`);
      }
    },
  };
}

/** dist/pc.js for script tags: installs window.pc and replays the inline stub's queue. */
const scriptTagBuild = {
  input: 'src/index.ts',
  output: {
    file: 'dist/pc.js',
    format: 'iife',
    sourcemap: true,
    plugins: [
      terser({
        ecma: 2019,
        compress: { passes: 2 },
        // Only `_`-prefixed properties are private; every key the API or the page sees keeps its name.
        mangle: { properties: { regex: /^_/ } },
      }),
    ],
  },
  plugins: [nodeResolve(), typescript({ tsconfig: './tsconfig.json', noEmit: false, sourceMap: true, inlineSources: true }), sizeReport()],
};

/** dist/pc.mjs for bundlers: exports pc() and reads no script tag. */
const moduleBuild = {
  input: 'src/module.ts',
  output: {
    file: 'dist/pc.mjs',
    format: 'es',
    sourcemap: true,
    plugins: [
      terser({
        ecma: 2019,
        module: true,
        compress: { passes: 2 },
        // The same rule as the IIFE, so both builds keep every key that the API or the page reads.
        mangle: { properties: { regex: /^_/ } },
      }),
    ],
  },
  plugins: [nodeResolve(), typescript({ tsconfig: './tsconfig.json', noEmit: false, sourceMap: true, inlineSources: true }), sizeReport()],
};

export default [scriptTagBuild, moduleBuild];
