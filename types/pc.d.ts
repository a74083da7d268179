// Global types for pages that load dist/pc.js with a script tag: `pc(…)` and `window.pc(…)` have
// the same type as the ES module's export (types/index.d.ts). Reference this file with
// `/// <reference types="personaclick-snippet/pc.js" />`, or list it in tsconfig.json's types.
import type { Pc } from './index.js';

export type * from './index.js';

declare global {
  interface Window {
    /** The snippet's command function, installed by dist/pc.js (or the inline stub until it loads). */
    pc: Pc;
  }
  /** The snippet's command function, installed by dist/pc.js (or the inline stub until it loads). */
  var pc: Pc;
}
