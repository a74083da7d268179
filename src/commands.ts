// Owns running one pc() call: the control commands (`init`) and the events of the catalogue.
// It never throws into the page: bad input becomes a console error and nothing is sent.

import { makeConfig, type ConfigOptions } from './config';
import { EVENTS } from './events';
import { logError, logWarning, show } from './log';
import { consented, setConsent } from './consent';
import { activeConfig, enqueue, resume, start } from './delivery';
import { InvalidInput, isRecord, warnUnknownKeys, type Fields } from './validate';

let warnedConsent = false;

export function run(args: unknown[]): void {
  const command = args[0];
  try {
    if (command === 'init') return init(args[1], args[2]);
    if (command === 'consent') return consent(args[1]);
    const row = typeof command === 'string' && EVENTS.hasOwnProperty(command) ? EVENTS[command] : undefined;
    if (!row) {
      return logError(`unknown command ${show(command)}. Known commands: init, consent, ${Object.keys(EVENTS).join(', ')}.`);
    }
    const rest = args.slice(1);
    let fields;
    try {
      fields = row.build(rest);
    } catch (error) {
      if (!(error instanceof InvalidInput)) throw error;
      return logError(`pc('${command}') was not sent: ${error.message}. Correct call: ${row.usage}.`);
    }
    if (!consented()) {
      if (!warnedConsent) logWarning(`pc('${command}') and later events are discarded while consent is withheld; call pc('consent', true) when the visitor agrees.`);
      warnedConsent = true;
      return;
    }
    enqueue(command as string, row, rest, fields);
  } catch (error) {
    // A getter that throws, or a value the checks did not foresee: nothing was sent.
    const row = typeof command === 'string' && EVENTS.hasOwnProperty(command) ? EVENTS[command] : undefined;
    logError(`pc(${show(command)}) was not sent: reading its arguments failed with ${error}.${row ? ' Correct call: ' + row.usage + '.' : ''}`);
  }
}

function init(shopId: unknown, options: unknown): void {
  if (options !== undefined && !isRecord(options)) {
    return logError(`pc('init') was ignored: invalid options ${show(options)} (expected an object such as {stream: 'web'}).`);
  }
  warnUnknownKeys('init', (options || {}) as Fields, ['stream', 'api', 'did']);
  const current = activeConfig();
  if (current && typeof shopId === 'string' && current.shopId !== shopId.toLowerCase()) {
    return logError(`pc('init', ${show(shopId)}) was ignored: this page already tracks shop ${show(current.shopId)}.`);
  }
  const config = makeConfig(shopId, { ...current, ...(options as ConfigOptions) });
  if (config) start(config);
}

function consent(value: unknown): void {
  if (typeof value !== 'boolean') {
    return logError(`pc('consent', ${show(value)}) was ignored: expected true or false. Correct call: pc('consent', true) or pc('consent', false).`);
  }
  const config = activeConfig();
  setConsent(value, config && config.shopId);
  warnedConsent = false;
  if (value) resume();
}
