import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isRetryable, retryDelay, RETRY_MAX_MS } from './retry';

const now = Date.parse('2026-12-01T10:00:00Z');

test('backoff doubles within its jitter band', () => {
  assert.equal(retryDelay(1, null, now, 0), 500);
  assert.equal(retryDelay(1, null, now, 1), 1000);
  assert.equal(retryDelay(2, null, now, 1), 2000);
  assert.equal(retryDelay(4, null, now, 0.5), 6000);
});

test('backoff is capped at five minutes', () => {
  assert.equal(retryDelay(30, null, now, 1), RETRY_MAX_MS);
  assert.equal(retryDelay(30, null, now, 0), RETRY_MAX_MS / 2);
});

test('Retry-After seconds and dates win', () => {
  assert.equal(retryDelay(1, '7', now, 1), 7000);
  assert.equal(retryDelay(1, 'Tue, 01 Dec 2026 10:00:30 GMT', now, 1), 30000);
  assert.equal(retryDelay(1, '999999', now, 1), 60 * 60 * 1000);
});

test('Retry-After 0 waits at least a second', () => {
  assert.equal(retryDelay(1, '0', now, 0), 1000);
  assert.equal(retryDelay(1, 'Tue, 01 Dec 2026 09:00:00 GMT', now, 0), 500);
});

test('invalid Retry-After falls back to backoff', () => {
  assert.equal(retryDelay(1, 'soon', now, 1), 1000);
  assert.equal(retryDelay(1, '-5', now, 1), 1000);
});

test('retryable statuses', () => {
  for (const status of [0, 408, 429, 500, 502, 503]) assert.equal(isRetryable(status), true, String(status));
  for (const status of [200, 204, 400, 403, 404, 413, 422]) assert.equal(isRetryable(status), false, String(status));
});
