// The one console logger. Every message starts with the same prefix so a shop engineer can
// filter the console for it. It never throws, even where `console` is missing or replaced.

const PREFIX = '[pc]';

export function logError(message: string): void {
  try {
    console.error(PREFIX, message);
  } catch {
    // A broken console must not break the page.
  }
}

export function logWarning(message: string): void {
  try {
    console.warn(PREFIX, message);
  } catch {
    // A broken console must not break the page.
  }
}

/** Renders a value the way it would be written in code, cut to 80 characters, for messages. */
export function show(value: unknown): string {
  let text: string;
  try {
    if (typeof value === 'string') text = "'" + value + "'";
    else if (typeof value === 'bigint') text = value + 'n';
    else if (typeof value === 'object' && value !== null) text = JSON.stringify(value);
    else text = String(value);
  } catch {
    text = String(value);
  }
  text = text === undefined ? String(value) : text;
  return text.length > 80 ? text.slice(0, 77) + '...' : text;
}
