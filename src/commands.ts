// Owns running one pc() call: the control commands (init, consent, identity, source) and the
// events of the catalogue.
// It never throws into the page: bad input becomes a console error and nothing is sent.

import { loadCampaign } from './campaign';
import { INIT_EXAMPLE, makeConfig, SETTINGS, type Config, type ConfigOptions } from './config';
import { bridgeDataLayer } from './datalayer';
import { debug, enableDebug } from './debug';
import { EVENTS } from './events';
import { describe, logError, logWarning, show, usage } from './log';
import { consented, setConsent } from './consent';
import { activeConfig, enqueue, resume, start, whenIdentified } from './delivery';
import { BOOLEAN, fail, fields, is, TEXT } from './validate';

/**
 * Largest event accepted, in JSON characters. A bigger body could never go by beacon or keepalive
 * fetch (64 KiB in flight per page), and one event must not push the outbox's 1 MiB limit.
 */
const MAX_EVENT_CHARS = 65536;

let warnedConsent = false;
let bridged = false;

/** The commands that send no event: how each runs, and the arguments of correct calls. */
const CONTROLS: Record<string, [(value: any, options: any) => void, string | string[], number?]> = {
  init: [init, INIT_EXAMPLE, 2],
  consent: [consent, ['true', 'false']],
  identity: [identify, 'visitor => console.log(visitor.did, visitor.seance)'],
  source: [source, "{from: 'bulk', code: 'CAMPAIGN-CODE'}"],
};

const own = <T>(table: Record<string, T>, key: unknown) => (typeof key == 'string' && table.hasOwnProperty(key) ? table[key] : undefined);

export function run(args: unknown[]): void {
  const command = args[0];
  if (typeof document == 'undefined') {
    return logError(`pc(${show(command)}) was ignored: there is no page (server rendering?). Call pc() in the browser.`);
  }
  const control = own(CONTROLS, command);
  const row = own(EVENTS, command);
  if (!control && !row) {
    return logError(`unknown command ${show(command)}. Known commands: ${Object.keys(CONTROLS).concat(Object.keys(EVENTS)).join(', ')}.`);
  }
  try {
    // An argument too many is rejected, not ignored: pc('cart', 'SKU-1', 2) means an amount of 2,
    // and sending the default of 1 would be wrong data.
    const rest = args.slice(1);
    const takes = control ? control[2] : row!.takes;
    const max = takes === undefined ? 1 : takes;
    const extra = rest.findIndex((value, i) => i >= max && value !== undefined);
    if (extra >= 0) fail('argument', rest[extra], max ? `at most ${max} after the command` : 'no argument');
    if (control) return control[0](rest[0], rest[1]);

    const event = row!;
    const fields = event.build(rest, command as string);
    const size = JSON.stringify(fields).length;
    if (size > MAX_EVENT_CHARS) {
      throw `the event is ${size} characters of JSON, over the limit of ${MAX_EVENT_CHARS} (the keepalive budget of a page)`;
    }
    if (!consented()) {
      if (!warnedConsent) logWarning(`pc('${command}') and later events are discarded: consent is withheld. Call pc('consent', true) when the visitor agrees.`);
      warnedConsent = true;
      return;
    }
    debug(`pc('${command}') accepted`, fields);
    enqueue(command as string, event, rest, fields, size);
  } catch (error) {
    // Input checks throw their message as a string. Anything else is a getter that threw, or a
    // value the checks did not foresee. Either way nothing was sent.
    const examples = control ? control[1] : row && row.example;
    logError(
      `pc(${show(command)}) was ignored: ${typeof error == 'string' ? error : 'reading its arguments failed with ' + describe(error)}.` +
        (examples === undefined ? '' : ' Correct call: ' + usage(command as string, examples) + '.'),
    );
  }
}

function init(shopId: unknown, options: unknown): void {
  // Rejects options that are not an object and warns about unknown keys before they are merged.
  if (options !== undefined) fields('init', options, SETTINGS, 'options');
  const current = activeConfig();
  const config = makeConfig(shopId, { ...current, ...(options as ConfigOptions) });
  if (current && current.shopId != config.shopId) {
    throw `this page already tracks shop ${show(current.shopId)}, not ${show(shopId)}`;
  }
  if (current && config.did != current.did) logWarning(`pc('init') ignored did ${show(config.did)}: only the first call sets the device id.`);
  configure(config);
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
  is(value => typeof value == 'function', 'a function')(callback, 'callback');
  whenIdentified(identity => {
    try {
      (callback as (visitor: object) => void)({ did: identity.did, seance: identity.seance, segment: identity.segment });
    } catch (error) {
      logError(`the pc('identity') callback threw: ${describe(error)}`);
    }
  });
}

/** Takes a campaign source from an app push payload (Android: type and id; iOS: src.type and src.id). */
function source(value: unknown): void {
  const config = activeConfig();
  const checked = fields('source', value, { from: TEXT, code: TEXT }, 'source', 'source.');
  if (!config) throw "call it after pc('init') or the script tag has set the shop";
  debug("pc('source') stored", checked);
  loadCampaign(config.shopId, '', checked as { from: string; code: string });
}

function consent(value: unknown): void {
  BOOLEAN(value, 'consent');
  const config = activeConfig();
  setConsent(value as boolean, config && config.shopId);
  warnedConsent = false;
  resume();
}
