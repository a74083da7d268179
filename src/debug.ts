// Owns debug output, turned on by ?pc_debug=1 in the page URL or a data-debug attribute. When
// off, each call site costs one function call that returns at once.

let enabled = false;

export function enableDebug(): void {
  enabled = true;
}

/** Prints a collapsed console group: a title line, then each detail on its own line. */
export function debug(title: string, ...details: unknown[]): void {
  if (!enabled) return;
  try {
    console.groupCollapsed('[pc] ' + title);
    for (const detail of details) console.log(detail);
    console.groupEnd();
  } catch {
    // A broken console must not break the page.
  }
}
