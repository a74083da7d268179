// The one console logger. Every message starts with the same prefix so a shop engineer can
// filter the console for it. It never throws, even where `console` is missing or replaced.

function log(method: 'error' | 'warn', message: string): void {
  try {
    console[method]('[pc]', message);
  } catch {
    // A broken console must not break the page.
  }
}

export const logError = (message: string) => log('error', message);
export const logWarning = (message: string) => log('warn', message);

/** Renders a value the way it would be written in code, cut to 80 characters, for messages. */
export function show(value: any): string {
  let text: string;
  try {
    text =
      typeof value == 'string' ? "'" + value + "'"
      : typeof value == 'bigint' ? value + 'n'
      : String(value && typeof value == 'object' ? JSON.stringify(value) : value);
  } catch {
    // A cycle, or a toJSON, getter or toString that throws.
    text = 'a value JSON cannot encode';
  }
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
}

/** Returns String(error), or words in its place for a thrown value that has no string form. */
export function describe(error: unknown): string {
  try {
    return String(error);
  } catch {
    return 'a value without a string form';
  }
}

/** Renders the correct calls of `command` from the arguments of each, for error messages. */
export const usage = (command: string, examples: string | string[]) =>
  ([] as string[]).concat(examples).map(args => `pc('${command}'${args && ', ' + args})`).join(' or ');
