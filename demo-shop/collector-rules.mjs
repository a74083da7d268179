// Request checks of the local collector: what the PersonaClick tracking API accepts on
// /init, /push, /push/custom and /track/*, and the status and message it rejects with.
// Each check throws an ApiError at the first problem found.

const STREAM_PATTERN = /^[A-Za-z0-9]{1,16}$/;
const RECOMMENDERS = ['dynamic', 'instant_search', 'full_search'];
const TRACK_TYPES = ['bulk', 'chain', 'transactional'];
const MAX_PRODUCT_ID_LENGTH = 255;

// Events that carry exactly one product in `items`.
const SINGLE_PRODUCT_EVENTS = ['view', 'cart', 'remove_from_cart', 'wish', 'remove_wish'];
const PUSH_EVENTS = [...SINGLE_PRODUCT_EVENTS, 'category', 'purchase', 'search', 'clean_wishlist'];
const ORDER_AMOUNT_FIELDS = ['order_price', 'order_cash', 'order_bonuses', 'order_delivery', 'order_discount'];
const ORDER_TEXT_FIELDS = ['promocode', 'delivery_address', 'delivery_type', 'payment_type'];

/**
 * A rejected request: `status` is the HTTP status, `message` goes into the error body and
 * `headers` are extra response headers (such as Allow on a 405).
 */
export class ApiError extends Error {
  constructor(status, message, headers = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.headers = headers;
  }
}

/** Formats a value for an error message as JSON, so a string shows its quotes. */
export function show(value) {
  const text = value === undefined ? 'undefined' : JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Rejects a POST whose Content-Type is not application/json (parameters such as charset are allowed). */
export function checkContentType(contentType) {
  if (!contentType) {
    throw new ApiError(400, 'Content-Type header is missing: send the body as application/json');
  }
  const mediaType = contentType.split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/json') {
    throw new ApiError(400, `Content-Type must be application/json, got ${show(contentType)}`);
  }
}

/** Parses a request body that must be one JSON object. */
export function parseJsonObject(rawBody) {
  let body;
  try {
    body = JSON.parse(rawBody);
  } catch (error) {
    throw new ApiError(400, `request body is not valid JSON: ${error.message}`);
  }
  if (!isPlainObject(body)) {
    throw new ApiError(400, `request body must be a JSON object, got ${show(body)}`);
  }
  return body;
}

/**
 * Checks the query of GET /init and returns `{ shopId, did, sid }`; `did` and `sid` are
 * undefined when the device or session is new.
 */
export function checkInitQuery(query, shops) {
  rejectEmptyStrings(query, '');
  checkShopId(query.shop_id, shops);
  if (query.stream !== undefined) {
    checkStream(query.stream);
  }
  return { shopId: query.shop_id, did: query.did, sid: query.sid };
}

/** Checks a POST /push body; `categoryIds` is the Set of category ids in the catalog feed. */
export function checkPushBody(body, { shops, categoryIds }) {
  checkCommonParameters(body, shops);

  const event = body.event;
  if (!PUSH_EVENTS.includes(event)) {
    throw new ApiError(
      400,
      `"event" ${show(event)} is not a /push event: use one of ${PUSH_EVENTS.join(', ')} ` +
        '(custom events go to /push/custom)',
    );
  }

  checkRecommendation(body);
  checkSyncFlag(body, 'full_cart', 'cart');
  checkSyncFlag(body, 'full_wish', 'wish');

  if (event === 'cart' && body.full_cart === true) {
    checkItemList(body.items, { countField: 'quantity' });
  } else if (event === 'wish' && body.full_wish === true) {
    checkItemList(body.items, { countField: null });
  } else if (SINGLE_PRODUCT_EVENTS.includes(event)) {
    checkSingleItem(body.items, event);
  } else if (event === 'category') {
    checkCategory(body.category_id, categoryIds);
  } else if (event === 'purchase') {
    checkPurchase(body);
  } else if (event === 'search') {
    checkString(body.search_query, 'search_query', { required: true });
  }
}

/** Checks a POST /push/custom body. */
export function checkCustomBody(body, { shops }) {
  checkCommonParameters(body, shops);
  checkString(body.event, 'event', { required: true });
  checkString(body.category, 'category');
  checkString(body.label, 'label');

  if (body.value !== undefined && !(typeof body.value === 'number' && Number.isInteger(body.value))) {
    throw new ApiError(400, `"value" must be an integer JSON number, got ${show(body.value)}`);
  }

  if (body.payload !== undefined) {
    if (!isPlainObject(body.payload)) {
      throw new ApiError(400, `"payload" must be an object, got ${show(body.payload)}`);
    }
    for (const [key, value] of Object.entries(body.payload)) {
      const allowed =
        typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value));
      if (!allowed) {
        throw new ApiError(
          400,
          `"payload.${key}" must be a string, number, boolean or YYYY-MM-DD date, got ${show(value)}`,
        );
      }
    }
  }
}

/** Checks a POST /track/{delivered|opened|clicked|closed} body. */
export function checkTrackBody(body, { shops }) {
  rejectEmptyStrings(body, '');
  checkShopId(body.shop_id, shops);
  checkString(body.code, 'code', { required: true });
  if (!TRACK_TYPES.includes(body.type)) {
    throw new ApiError(400, `"type" must be one of ${TRACK_TYPES.join(', ')}, got ${show(body.type)}`);
  }
  checkStream(body.stream);
}

// Parameters that every /push and /push/custom request carries.
function checkCommonParameters(body, shops) {
  rejectEmptyStrings(body, '');
  checkShopId(body.shop_id, shops);

  checkString(body.event, 'event', { required: true });
  checkString(body.did, 'did', { required: true });
  checkString(body.seance, 'seance', { required: true });
  if (body.sid !== undefined && body.sid !== body.seance) {
    throw new ApiError(400, `"sid" ${show(body.sid)} differs from "seance" ${show(body.seance)}: send the same value in both`);
  }
  checkStream(body.stream);

  if (body.segment !== undefined && body.segment !== 'A' && body.segment !== 'B') {
    throw new ApiError(400, `"segment" must be "A" or "B", got ${show(body.segment)}`);
  }
  checkString(body.referer, 'referer');

  if (body.source !== undefined) {
    const source = body.source;
    if (!isPlainObject(source) || typeof source.from !== 'string' || typeof source.code !== 'string') {
      throw new ApiError(400, `"source" must be an object with string "from" and "code", got ${show(source)}`);
    }
  }
}

// The vendor's server responds with 422 to an empty string in stream, sid, referer, segment, recommended_by,
// recommended_code and source. The collector applies that to every key at any depth, because a
// client must leave a key out instead of sending it empty.
function rejectEmptyStrings(value, path) {
  if (value === '') {
    throw new ApiError(422, `"${path}" is an empty string: leave the key out instead`);
  }
  if (Array.isArray(value)) {
    value.forEach((element, index) => rejectEmptyStrings(element, `${path}[${index}]`));
  } else if (isPlainObject(value)) {
    for (const [key, element] of Object.entries(value)) {
      rejectEmptyStrings(element, path ? `${path}.${key}` : key);
    }
  }
}

function checkShopId(shopId, shops) {
  if (shopId === undefined) {
    throw new ApiError(400, '"shop_id" is missing');
  }
  if (typeof shopId !== 'string') {
    throw new ApiError(400, `"shop_id" must be a string, got ${show(shopId)}`);
  }
  if (!shops.includes(shopId)) {
    throw new ApiError(403, `unknown "shop_id" ${show(shopId)}`);
  }
}

function checkStream(stream) {
  if (stream === undefined) {
    throw new ApiError(400, '"stream" is missing: send "web" for a website');
  }
  if (typeof stream !== 'string' || !STREAM_PATTERN.test(stream)) {
    throw new ApiError(400, `"stream" must be 1 to 16 letters and digits, got ${show(stream)}`);
  }
}

function checkString(value, name, { required = false } = {}) {
  if (value === undefined) {
    if (required) {
      throw new ApiError(400, `"${name}" is missing`);
    }
    return;
  }
  if (typeof value !== 'string') {
    throw new ApiError(400, `"${name}" must be a string, got ${show(value)}`);
  }
}

function checkRecommendation(body) {
  if (body.recommended_by !== undefined && !RECOMMENDERS.includes(body.recommended_by)) {
    throw new ApiError(
      400,
      `"recommended_by" must be one of ${RECOMMENDERS.join(', ')}, got ${show(body.recommended_by)} ` +
        '(campaign values such as "bulk" belong in "source.from")',
    );
  }
  checkString(body.recommended_code, 'recommended_code');
}

// `full_cart` and `full_wish` mark a whole-list sync. When present they must be `true`, and
// only on the event they belong to.
function checkSyncFlag(body, flag, event) {
  if (body[flag] === undefined) {
    return;
  }
  if (body[flag] !== true) {
    throw new ApiError(400, `"${flag}" must be true when present, got ${show(body[flag])}`);
  }
  if (body.event !== event) {
    throw new ApiError(400, `"${flag}" belongs to event "${event}", not ${show(body.event)}`);
  }
}

function checkSingleItem(items, event) {
  if (!Array.isArray(items) || items.length !== 1) {
    const got = Array.isArray(items) ? `${items.length} items` : show(items);
    throw new ApiError(400, `"items" must contain exactly one product for event "${event}", got ${got}`);
  }
  const item = checkItemObject(items[0], 'items[0]');
  checkProductId(item.id, 'items[0].id');
  if (event === 'cart') {
    checkPositiveInteger(item.amount, 'items[0].amount');
  }
}

// A whole cart (`countField` "quantity") or a whole wishlist (`countField` null); empty clears it.
function checkItemList(items, { countField }) {
  if (!Array.isArray(items)) {
    throw new ApiError(400, `"items" must be an array (empty to clear), got ${show(items)}`);
  }
  items.forEach((element, index) => {
    const item = checkItemObject(element, `items[${index}]`);
    checkProductId(item.id, `items[${index}].id`);
    if (countField) {
      checkPositiveInteger(item[countField], `items[${index}].${countField}`);
    }
  });
}

function checkPurchase(body) {
  if (!Array.isArray(body.items) || body.items.length === 0) {
    throw new ApiError(400, `"items" must list at least one purchased product, got ${show(body.items)}`);
  }
  body.items.forEach((element, index) => {
    const item = checkItemObject(element, `items[${index}]`);
    checkProductId(item.id, `items[${index}].id`);
    checkPositiveInteger(item.amount, `items[${index}].amount`);
    if (item.price !== undefined) {
      checkMoney(item.price, `items[${index}].price`);
    }
  });

  if (body.order_id !== undefined && typeof body.order_id !== 'string' && typeof body.order_id !== 'number') {
    throw new ApiError(400, `"order_id" must be a string or a number, got ${show(body.order_id)}`);
  }
  for (const field of ORDER_AMOUNT_FIELDS) {
    if (body[field] !== undefined) {
      checkMoney(body[field], field);
    }
  }
  for (const field of ORDER_TEXT_FIELDS) {
    checkString(body[field], field);
  }
  if (body.tax_free !== undefined && typeof body.tax_free !== 'boolean') {
    throw new ApiError(400, `"tax_free" must be a boolean, got ${show(body.tax_free)}`);
  }

  if (body.custom !== undefined) {
    if (!isPlainObject(body.custom)) {
      throw new ApiError(400, `"custom" must be an object, got ${show(body.custom)}`);
    }
    for (const [key, value] of Object.entries(body.custom)) {
      // A YYYY-MM-DD date is a string on the wire.
      if (typeof value !== 'string' && !(typeof value === 'number' && Number.isInteger(value))) {
        throw new ApiError(400, `"custom.${key}" must be a string, integer or YYYY-MM-DD date, got ${show(value)}`);
      }
    }
  }
}

function checkCategory(categoryId, categoryIds) {
  if (categoryId === undefined) {
    throw new ApiError(400, '"category_id" is missing');
  }
  if (typeof categoryId !== 'string' && typeof categoryId !== 'number') {
    throw new ApiError(400, `"category_id" must be a string or a number, got ${show(categoryId)}`);
  }
  if (!categoryIds.has(String(categoryId))) {
    throw new ApiError(400, `unknown "category_id" ${show(categoryId)}: the catalog feed has no such category`);
  }
}

function checkItemObject(item, path) {
  if (!isPlainObject(item)) {
    throw new ApiError(400, `"${path}" must be an object like {"id": ...}, got ${show(item)}`);
  }
  return item;
}

function checkProductId(id, path) {
  if (id === undefined || id === null) {
    throw new ApiError(400, `"${path}" is missing: every item needs a product id`);
  }
  if (typeof id === 'number' && Number.isFinite(id)) {
    return;
  }
  if (typeof id !== 'string') {
    throw new ApiError(400, `"${path}" must be a string or a number, got ${show(id)}`);
  }
  if (id.length > MAX_PRODUCT_ID_LENGTH) {
    throw new ApiError(400, `"${path}" is ${id.length} characters long, the maximum is ${MAX_PRODUCT_ID_LENGTH}: ${show(id)}`);
  }
}

// The vendor clamps amounts to 1..1000, so values above 1000 are accepted.
function checkPositiveInteger(value, path) {
  if (value === undefined) {
    throw new ApiError(400, `"${path}" is missing`);
  }
  if (typeof value !== 'number') {
    throw new ApiError(400, `"${path}" must be a JSON number, got ${show(value)}`);
  }
  if (!Number.isInteger(value) || value < 1) {
    throw new ApiError(400, `"${path}" must be a positive integer, got ${show(value)}`);
  }
}

function checkMoney(value, path) {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ApiError(400, `"${path}" must be a JSON number, got ${show(value)}`);
  }
  if (value < 0) {
    throw new ApiError(400, `"${path}" must not be negative, got ${show(value)}`);
  }
}

function isPlainObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
