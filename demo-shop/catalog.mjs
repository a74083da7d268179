// Loads the demo shop's product feed (YML, Yandex Market Language) into plain objects.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { XMLParser } from 'fast-xml-parser';

const DEFAULT_FEED_PATH = fileURLToPath(new URL('./feed.xml', import.meta.url));

/**
 * Reads and checks a YML feed, and returns `{ categories, products }`.
 *
 * Categories are `{ id, parentId, name }` with `parentId` null for a top-level category.
 * Products are `{ id, name, price, categoryId, picture, url, vendor, description, available }`.
 * Every id is a string. `url` and `picture` keep only the path of the feed's absolute URL,
 * so the shop serves them on whatever port it runs. Throws an Error that names the offer or
 * category when the feed is malformed.
 */
export function loadCatalog(path = DEFAULT_FEED_PATH) {
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '',
    textNodeName: 'text',
    parseTagValue: false,
    parseAttributeValue: false,
    isArray: (name) => name === 'category' || name === 'offer',
  });
  const document = parser.parse(readFileSync(path, 'utf8'));
  const shop = document?.yml_catalog?.shop;
  if (!shop) {
    throw new Error(`${path} is not a YML feed: <yml_catalog><shop> is missing`);
  }

  const categories = (shop.categories?.category ?? []).map((entry) => readCategory(entry, path));
  const categoryIds = new Set(categories.map((category) => category.id));
  for (const category of categories) {
    if (category.parentId !== null && !categoryIds.has(category.parentId)) {
      throw new Error(`${path}: category ${category.id} has unknown parentId ${category.parentId}`);
    }
  }

  const products = (shop.offers?.offer ?? []).map((entry) => readOffer(entry, path));
  const productIds = new Set();
  for (const product of products) {
    if (productIds.has(product.id)) {
      throw new Error(`${path}: offer id ${product.id} appears twice`);
    }
    productIds.add(product.id);
    if (!categoryIds.has(product.categoryId)) {
      throw new Error(`${path}: offer ${product.id} has unknown categoryId ${product.categoryId}`);
    }
  }

  return { categories, products };
}

function readCategory(entry, path) {
  // A category with attributes parses to an object; its name is the element's text.
  const id = textOf(entry.id);
  const name = textOf(entry.text);
  if (!id || !name) {
    throw new Error(`${path}: <category> needs an id attribute and a name, got ${JSON.stringify(entry)}`);
  }
  return { id, parentId: textOf(entry.parentId) || null, name };
}

function readOffer(entry, path) {
  const id = textOf(entry.id);
  if (!id) {
    throw new Error(`${path}: an <offer> has no id attribute`);
  }

  const price = Number(textOf(entry.price));
  if (!Number.isFinite(price) || price < 0) {
    throw new Error(`${path}: offer ${id} has an invalid price ${JSON.stringify(entry.price)}`);
  }

  for (const field of ['name', 'categoryId', 'url', 'picture']) {
    if (!textOf(entry[field])) {
      throw new Error(`${path}: offer ${id} has no <${field}>`);
    }
  }

  return {
    id,
    name: textOf(entry.name),
    price,
    categoryId: textOf(entry.categoryId),
    picture: pathOf(textOf(entry.picture)),
    url: pathOf(textOf(entry.url)),
    vendor: textOf(entry.vendor),
    description: textOf(entry.description),
    // YML treats a missing `available` attribute as in stock.
    available: textOf(entry.available) !== 'false',
  };
}

function textOf(value) {
  return value === undefined || value === null ? '' : String(value).trim();
}

function pathOf(url) {
  const parsed = new URL(url, 'http://127.0.0.1/');
  return parsed.pathname + parsed.search;
}

/**
 * Builds lookups over a loaded catalog: products and categories by id, child categories,
 * and the products of a category including those of its subcategories.
 */
export function indexCatalog(catalog) {
  const productsById = new Map(catalog.products.map((product) => [product.id, product]));
  const categoriesById = new Map(catalog.categories.map((category) => [category.id, category]));
  const topCategories = catalog.categories.filter((category) => category.parentId === null);

  function childCategories(categoryId) {
    return catalog.categories.filter((category) => category.parentId === categoryId);
  }

  function categoryWithDescendants(categoryId) {
    const ids = [categoryId];
    for (const child of childCategories(categoryId)) {
      ids.push(...categoryWithDescendants(child.id));
    }
    return ids;
  }

  function productsInCategory(categoryId) {
    const ids = new Set(categoryWithDescendants(categoryId));
    return catalog.products.filter((product) => ids.has(product.categoryId));
  }

  // Categories from the top level down to `categoryId`, for breadcrumbs.
  function categoryTrail(categoryId) {
    const trail = [];
    for (let category = categoriesById.get(categoryId); category; category = categoriesById.get(category.parentId)) {
      trail.unshift(category);
    }
    return trail;
  }

  return {
    catalog,
    productsById,
    categoriesById,
    topCategories,
    childCategories,
    productsInCategory,
    categoryTrail,
  };
}
