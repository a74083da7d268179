import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describe, show } from './log';

test('show renders values as code', () => {
  assert.equal(show('SKU-1'), "'SKU-1'");
  assert.equal(show(BigInt(12)), '12n');
  assert.equal(show({ id: 1 }), '{"id":1}');
  assert.equal(show(undefined), 'undefined');
  assert.equal(show(Symbol('x')), 'Symbol(x)');
});

test('show renders objects as JSON', () => {
  assert.equal(show(new Date(0)), '"1970-01-01T00:00:00.000Z"');
  assert.equal(show([1, 'a']), '[1,"a"]');
  assert.equal(show(Object.create(null)), '{}');
  // JSON.stringify returns undefined when toJSON does.
  assert.equal(show({ toJSON() {} }), 'undefined');
});

test('show cuts long values', () => {
  const text = show('x'.repeat(200));
  assert.equal(text.length, 80);
  assert.ok(text.endsWith('...'));
});

test('show never throws', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(show(cyclic), 'a value JSON cannot encode');
  const list: unknown[] = [1];
  list.push(list);
  assert.equal(show(list), 'a value JSON cannot encode');

  const hostile = Object.create(null);
  hostile.toJSON = () => {
    throw new Error('boom');
  };
  assert.equal(show(hostile), 'a value JSON cannot encode');
  const trap = new Proxy({}, { ownKeys: () => { throw new Error('boom'); } });
  assert.equal(show(trap), 'a value JSON cannot encode');
});

test('describe never throws', () => {
  assert.equal(describe(new Error('boom')), 'Error: boom');
  assert.equal(describe(Object.create(null)), 'a value without a string form');
  assert.equal(describe({ toString() { throw 1; } }), 'a value without a string form');
});
