// Owns noticing client-side navigation in single-page shops: pushState, replaceState and
// popstate change the URL without a page load, and a new URL can carry a campaign landing.

/** Calls `changed` after every History API navigation. It wraps history's two methods once. */
export function watchNavigation(changed: () => void): void {
  for (const name of ['pushState', 'replaceState'] as const) {
    const original = history[name];
    history[name] = function (this: History, ...args: Parameters<History['pushState']>) {
      const result = original.apply(this, args);
      try {
        changed();
      } catch {
        // The shop's navigation must go on whatever the snippet does.
      }
      return result;
    };
  }
  addEventListener('popstate', changed);
}
