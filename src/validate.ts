// Owns checking the values a shop passes to pc(): each check returns the value to send or throws
// InvalidInput with what is wrong. It never logs; the caller adds the command and a correct call.

import { logWarning, show } from './log';

export class InvalidInput extends Error {}

export type Fields = Record<string, unknown>;

export function fail(message: string): never {
  throw new InvalidInput(message);
}

export function isRecord(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function record(value: unknown, name: string): Fields {
  return isRecord(value) ? value : fail(`invalid ${name} ${show(value)} (expected an object)`);
}

/** Checks a product, category or order id: a non-empty string of at most 255 characters, or a number. */
export function id(value: unknown, name = 'product id'): string | number {
  if (typeof value === 'number' ? isFinite(value) : typeof value === 'string' && value.trim() && value.length <= 255) {
    return value as string | number;
  }
  return fail(`invalid ${name} ${show(value)} (expected a non-empty string of at most 255 characters, or a number)`);
}

export function positiveInteger(value: unknown, name: string): number {
  return typeof value === 'number' && value >= 1 && value % 1 === 0
    ? value
    : fail(`invalid ${name} ${show(value)} (expected a whole number of at least 1)`);
}

export function text(value: unknown, name: string): string {
  return typeof value === 'string' && value.trim() ? value : fail(`invalid ${name} ${show(value)} (expected a non-empty string)`);
}

/** Checks an optional string. An empty string counts as absent, because the API rejects empty values. */
export function optionalText(value: unknown, name: string): string | undefined {
  return value === undefined || value === null || value === '' ? undefined : text(value, name);
}

/** Checks an optional amount of money or points: a finite number of at least 0, sent as a JSON number. */
export function optionalAmount(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'number' && isFinite(value) && value >= 0
    ? value
    : fail(`invalid ${name} ${show(value)} (expected a number of at least 0, not a string)`);
}

export function oneOf<T extends string>(value: unknown, allowed: readonly T[], name: string): T {
  return allowed.indexOf(value as T) >= 0
    ? (value as T)
    : fail(`invalid ${name} ${show(value)} (expected one of ${allowed.map(show).join(', ')})`);
}

/**
 * Checks a map of custom properties. Values may be strings (dates as YYYY-MM-DD), integers, and
 * where `fractions` is set also floats and booleans.
 */
export function properties(value: unknown, name: string, fractions: boolean): Fields | undefined {
  if (value === undefined || value === null) return undefined;
  const map: Fields = {};
  const given = record(value, name);
  for (const key in given) {
    const item = given[key];
    // The API rejects empty strings, so an empty property is left out like an empty field.
    if (item === '') continue;
    map[key] = item;
    const ok =
      typeof item === 'string' ||
      (typeof item === 'number' && isFinite(item) && (fractions || item % 1 === 0)) ||
      (fractions && typeof item === 'boolean');
    if (!ok) fail(`invalid ${name}.${key} ${show(item)} (expected a string, ${fractions ? 'number or boolean' : 'integer or YYYY-MM-DD date'})`);
  }
  return map;
}

/** Warns about keys a command does not know, which are usually typos such as `orderId`. */
export function warnUnknownKeys(command: string, fields: Fields, known: readonly string[]): void {
  for (const key in fields) {
    if (known.indexOf(key) < 0) logWarning(`pc('${command}'): ignored unknown key ${show(key)}. Known keys: ${known.join(', ')}.`);
  }
}
