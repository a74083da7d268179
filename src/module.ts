// Entry point of the ES module build for bundlers: exports pc() and reads no script tag, so a
// shop configures it with pc('init', shopId, options). Importing it starts listening for page
// hide events, which is why package.json lists it under sideEffects.
import { run } from './commands';

/** Runs one command, exactly like window.pc of the script-tag build. */
export function pc(...args: unknown[]): void {
  run(args);
}
