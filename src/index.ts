// Entry point of dist/pc.js: installs window.pc, replays the calls the inline stub queued, and
// reads the script tag's settings. Boot does no storage or network work before a shop is known.
//
// The inline stub that pages put before the script tag:
//   window.pc = window.pc || function () { (pc.q = pc.q || []).push(arguments) }

import { INIT_EXAMPLE, makeConfig, readScriptTag } from './config';
import { configure, run } from './commands';
import { describe, logError, logWarning, show, usage } from './log';
import { activeConfig } from './delivery';

interface Pc {
  (...args: unknown[]): void;
  /** Calls queued by the inline stub before this script arrived. */
  q?: ArrayLike<unknown>[];
  /** Set on the real function, so a second copy of the script can tell it is not first. */
  v?: number;
  /** Set once a second copy has warned, so a third copy stays quiet. */
  w?: number;
}

const page = window as unknown as { pc?: Pc };
const existing = page.pc;

if (existing && existing.v) {
  if (!existing.w) {
    existing.w = 1;
    logWarning('pc.js is included more than once; this copy does nothing. Remove the duplicate <script> tag.');
  }
} else {
  try {
    // Read now: document.currentScript is only set while this script runs for the first time.
    const tag = readScriptTag();
    const pc: Pc = (...args: unknown[]) => run(args);
    pc.v = 1;
    page.pc = pc;

    try {
      if (tag) configure(makeConfig(tag.shopId, tag.options));
    } catch (error) {
      // An input error from the tag's attributes; the queued calls below still run.
      logError(`${describe(error)}: nothing will be sent. Correct call: ${usage('init', INIT_EXAMPLE)}, or <script async src="pc.js" data-shop-id="…">.`);
    }
    [].forEach.call((existing && existing.q) || [], (call: unknown) => {
      if (call && typeof call == 'object') run([].slice.call(call));
      else logError(`ignored queued call ${show(call)} (expected the arguments of a pc() call)`);
    });
    if (!tag && !activeConfig()) {
      logError(`no shop_id: add data-shop-id="…" to the pc.js script tag, or call ${usage('init', INIT_EXAMPLE)} before it loads.`);
    }
  } catch (error) {
    logError(`failed to start: ${describe(error)}`);
  }
}
