// Owns when a failed request is tried again: exponential backoff with jitter, or the API's
// Retry-After when it gives one. Pure functions; it never sends or stores anything.

/** First retry after about 1 s, doubling to at most 5 minutes. */
export const RETRY_BASE_MS = 1000;
export const RETRY_MAX_MS = 5 * 60 * 1000;

/**
 * Returns the delay in ms before try number `tries` + 1. A Retry-After header (seconds or an
 * HTTP date) wins when present, capped at one hour. Otherwise the delay is 2^(tries-1) seconds,
 * capped at 5 minutes, with jitter between half and all of it. The jitter spreads out tabs and
 * devices that failed together.
 */
export function retryDelay(tries: number, retryAfter: string | null | undefined, now: number, random = Math.random()): number {
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const until = isNaN(seconds) ? Date.parse(retryAfter) - now : seconds * 1000;
    // At least RETRY_BASE_MS: a Retry-After of 0 must not turn retries into a tight loop.
    if (until >= 0) return Math.min(Math.max(until, RETRY_BASE_MS), 60 * 60 * 1000);
  }
  const ceiling = Math.min(RETRY_BASE_MS * Math.pow(2, Math.max(tries - 1, 0)), RETRY_MAX_MS);
  return Math.round(ceiling / 2 + (ceiling / 2) * random);
}

/** Returns whether the same request may succeed later after `status` (0: no response at all). */
export function isRetryable(status: number): boolean {
  return status === 0 || status === 408 || status === 429 || status >= 500;
}
