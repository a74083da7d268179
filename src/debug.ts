// Owns debug output, turned on by ?pc_debug=1 in the page URL or a data-debug attribute. When
// off, each call site costs one function call that returns at once.

let enabled: boolean | undefined;

export function enableDebug(): void {
  enabled = true;
}

/** Prints a collapsed console group: a title line, then each detail on its own line. */
export function debug(title: string, ...details: unknown[]): void {
  if (enabled) {
    try {
      console.groupCollapsed('[pc] ' + title);
      details.forEach(detail => console.log(detail));
      console.groupEnd();
    } catch {
      // A broken console must not break the page.
    }
  }
}
