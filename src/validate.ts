// Owns checking the values a shop passes to pc(): a schema maps each key to a check, and a check
// returns the value to send or throws what is wrong. Errors are thrown, not logged, so the caller
// can add the command and a correct call. Unknown keys are only logged as warnings.

import { logWarning, show } from './log';

export type Fields = Record<string, unknown>;

/** Returns the value to send for the field `name`, or throws. */
export type Check = (value: any, name: string) => any;

export type Schema = Record<string, Check>;

/**
 * Throws an input error. It is a string, not an Error, so run() can tell bad input from a
 * throwing getter with one typeof and without an Error subclass (bytes).
 */
export function fail(name: string, value: unknown, expected: string): never {
  throw `invalid ${name} ${show(value)} (expected ${expected})`;
}

export const isRecord = (value: unknown): value is Fields => !!value && typeof value == 'object' && !Array.isArray(value);

/** Makes a check from a test of the value and a description of the expected value for errors. */
export const is = (test: (value: any) => unknown, expected: string): Check => (value, name) =>
  test(value) ? value : fail(name, value, expected);

/** Makes a check optional: undefined and the `absent` values are left out (sent as undefined). */
export const optional = (check: Check, absent: unknown[]): Check => (value, name) =>
  value === undefined || absent.indexOf(value) >= 0 ? undefined : check(value, name);

export const oneOf = (allowed: string[]) => is(value => allowed.indexOf(value) >= 0, 'one of ' + allowed.map(show).join(', '));

/** Makes a check of a string that matches `pattern`. */
export const matches = (pattern: RegExp, expected: string) => is(value => typeof value == 'string' && pattern.test(value), expected);

export const OBJECT = is(isRecord, 'an object');

/** A product, category or order id: a non-blank string of at most 255 characters, or a finite number. */
export const ID = is(
  value => (typeof value == 'number' ? isFinite(value) : typeof value == 'string' && value.trim() && value.length < 256),
  'a non-empty string of at most 255 characters, or a number',
);
export const COUNT = is(value => typeof value == 'number' && value >= 1 && value % 1 == 0, 'a whole number of at least 1');
export const TEXT = is(value => typeof value == 'string' && value.trim(), 'a non-empty string');
export const BOOLEAN = is(value => typeof value == 'boolean', 'true or false');

/** An optional string. An empty string counts as absent, because the API rejects empty values. */
export const OPTIONAL_TEXT = optional(TEXT, [null, '']);

/** An optional amount of money or points: a finite number of at least 0, sent as a JSON number. */
export const AMOUNT = optional(is(value => typeof value == 'number' && isFinite(value) && value >= 0, 'a number of at least 0, not a string'), [null]);

/**
 * Makes a check of a map of custom properties. Values may be strings (dates as YYYY-MM-DD),
 * integers, and where `fractions` is set also floats and booleans. Absent as undefined or null.
 */
export const properties = (fractions: boolean) =>
  optional((value, name) => {
    // Own keys only, and a map without a prototype, so that a `__proto__` key from JSON.parse is
    // kept as data instead of being dropped by the assignment below.
    const map: Fields = Object.create(null);
    const given = OBJECT(value, name);
    for (const key of Object.keys(given)) {
      const item = given[key];
      // The API rejects empty strings, so an empty property is left out like an empty field.
      if (item === '') continue;
      map[key] =
        typeof item == 'string' ||
        (typeof item == 'number' && isFinite(item) && (fractions || item % 1 == 0)) ||
        (fractions && typeof item == 'boolean')
          ? item
          : fail(name + '.' + key, item, fractions ? 'a string, number or boolean' : 'a string, integer or YYYY-MM-DD date');
    }
    return map;
  }, [null]);

/** Warnings already given on this page. */
const warned: string[] = [];

/**
 * Checks the keys of `value` against `schema` and returns every schema key with its checked value.
 * Warns about keys the schema does not know, which are usually typos such as `orderId`.
 * Without `name`, a value that is not an object is taken as the first key's value, so `'SKU-1'`
 * is read as `{id: 'SKU-1'}`. With `name`, such a value is an error. Field names in errors start
 * with `prefix`.
 */
export function fields(command: string, value: unknown, schema: Schema, name?: string, prefix = ''): Fields {
  const keys = Object.keys(schema);
  let given: Fields;
  if (isRecord(value)) given = value;
  else if (name) fail(name, value, 'an object');
  else given = { [keys[0]]: value };
  // A warning names at most 5 keys, because a String object has one key per character. The same
  // warning is given once per page, so a 30-line cart with one typo warns once, not 30 times.
  const unknown = Object.keys(given).filter(key => keys.indexOf(key) < 0);
  if (unknown.length) {
    const names = unknown.slice(0, 5).map(show).join(', ') + (unknown.length > 5 ? ` and ${unknown.length - 5} more` : '');
    const warning = `pc('${command}') ignored unknown keys ${names}. Known keys: ${keys.join(', ')}.`;
    if (warned.indexOf(warning) < 0) {
      warned.push(warning);
      logWarning(warning);
    }
  }
  const checked: Fields = {};
  for (const key of keys) checked[key] = schema[key](given[key], prefix + key);
  return checked;
}
