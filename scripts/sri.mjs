// Prints the subresource-integrity value (sha384, base64) of dist/pc.js, or of the file given as
// the first argument, for a script tag's `integrity` attribute. The value changes with every build
// that changes the file, so print it from the exact file the CDN serves.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Returns the `integrity` value of the file's bytes, such as `sha384-…`. */
export function integrityOf(file) {
  return 'sha384-' + createHash('sha384').update(readFileSync(file)).digest('base64');
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href;
if (isMain) {
  const file = process.argv[2] || fileURLToPath(new URL('../dist/pc.js', import.meta.url));
  try {
    console.log(integrityOf(file));
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    console.error(`${file} not found: run npm run build first, or pass the path of the file to hash.`);
    process.exit(1);
  }
}
