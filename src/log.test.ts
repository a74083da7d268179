import assert from 'node:assert/strict';
import { test } from 'node:test';
import { show } from './log';

test('show renders values as code', () => {
  assert.equal(show('SKU-1'), "'SKU-1'");
  assert.equal(show(BigInt(12)), '12n');
  assert.equal(show({ id: 1 }), '{"id":1}');
  assert.equal(show(undefined), 'undefined');
  assert.equal(show(Symbol('x')), 'Symbol(x)');
});

test('show cuts long values', () => {
  const text = show('x'.repeat(200));
  assert.equal(text.length, 80);
  assert.ok(text.endsWith('...'));
});

test('show never throws', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  assert.equal(show(cyclic), '[object Object]');

  // No prototype, so String() throws too, and toJSON throws for JSON.stringify.
  const hostile = Object.create(null);
  hostile.toJSON = () => {
    throw new Error('boom');
  };
  assert.equal(show(hostile), 'object');
});
