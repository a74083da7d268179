// Owns running one pc() call: the control commands (init, consent, identity, source) and the
// events of the catalogue.
// It never throws into the page: bad input becomes a console error and nothing is sent.

import { loadCampaign } from './campaign';
import { makeConfig, type Config, type ConfigOptions } from './config';
import { bridgeDataLayer } from './datalayer';
import { debug, enableDebug } from './debug';
import { EVENTS } from './events';
import { logError, logWarning, show } from './log';
import { consented, setConsent } from './consent';
import { activeConfig, enqueue, resume, start, whenIdentified } from './delivery';
import { InvalidInput, isRecord, record, text, warnUnknownKeys, type Fields } from './validate';

let warnedConsent = false;
let bridged = false;

export function run(args: unknown[]): void {
  const command = args[0];
  if (typeof document === 'undefined') {
    return logError(`pc(${show(command)}) was called where there is no page (server rendering?) and sends nothing. Call pc() from code that runs in the browser.`);
  }
  const row = typeof command === 'string' && EVENTS.hasOwnProperty(command) ? EVENTS[command] : undefined;
  try {
    if (command === 'init') return init(args[1], args[2]);
    if (command === 'consent') return consent(args[1]);
    if (command === 'identity') return identify(args[1]);
    if (command === 'source') return source(args[1]);
    if (!row) {
      return logError(`unknown command ${show(command)}. Known commands: init, consent, identity, source, ${Object.keys(EVENTS).join(', ')}.`);
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
    debug(`pc('${command}') accepted`, fields);
    enqueue(command as string, row, rest, fields);
  } catch (error) {
    // A getter that throws, or a value the checks did not foresee: nothing was sent.
    logError(`pc(${show(command)}) was not sent: reading its arguments failed with ${error}.${row ? ' Correct call: ' + row.usage + '.' : ''}`);
  }
}

function init(shopId: unknown, options: unknown): void {
  if (options !== undefined && !isRecord(options)) {
    return logError(`pc('init') was ignored: invalid options ${show(options)} (expected an object such as {stream: 'web'}).`);
  }
  warnUnknownKeys('init', (options || {}) as Fields, ['stream', 'api', 'did', 'debug', 'dataLayer']);
  const current = activeConfig();
  if (current && typeof shopId === 'string' && current.shopId !== shopId.toLowerCase()) {
    return logError(`pc('init', ${show(shopId)}) was ignored: this page already tracks shop ${show(current.shopId)}.`);
  }
  const config = makeConfig(shopId, { ...current, ...(options as ConfigOptions) });
  if (config) configure(config);
}

/** Starts delivery for `config`, with the debug output and dataLayer bridge it turns on. */
export function configure(config: Config): void {
  if (config.debug || /[?&]pc_debug=1(&|$)/.test(location.search)) enableDebug();
  start(config);
  if (config.dataLayer && !bridged) {
    bridged = true;
    bridgeDataLayer(run);
  }
}

/** Calls back with {did, seance, segment} once known, for shops that pass them elsewhere. */
function identify(callback: unknown): void {
  if (typeof callback !== 'function') {
    return logError(`pc('identity', ${show(callback)}) was ignored: expected a function. Correct call: pc('identity', function (visitor) { console.log(visitor.did, visitor.seance) }).`);
  }
  whenIdentified(identity => {
    try {
      callback({ did: identity.did, seance: identity.seance, segment: identity.segment });
    } catch (error) {
      logError(`the pc('identity') callback threw: ${error}`);
    }
  });
}

/** Takes a campaign source from an app push payload (Android: type and id; iOS: src.type and src.id). */
function source(value: unknown): void {
  const config = activeConfig();
  try {
    const fields = record(value, 'source');
    warnUnknownKeys('source', fields, ['from', 'code']);
    const checked = { from: text(fields.from, 'source.from'), code: text(fields.code, 'source.code') };
    if (!config) return logError("pc('source') was ignored: call it after pc('init') or the script tag has set the shop.");
    debug("pc('source') stored", checked);
    loadCampaign(config.shopId, '', checked);
  } catch (error) {
    if (!(error instanceof InvalidInput)) throw error;
    logError(`pc('source') was not stored: ${error.message}. Correct call: pc('source', {from: 'bulk', code: 'CAMPAIGN-CODE'}).`);
  }
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
