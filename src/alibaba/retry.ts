// How long to wait before retrying a call: the server's word (Retry-After, x-acs-retry-after)
// when it gives one, else exponential backoff with jitter so many runners do not move in lockstep.

import type { Random } from '../shared/time.ts';

/** Retry delay for the nth retry (1-based): exponential, capped, "equal jitter". */
export function retryDelay(attempt: number, random: Random, baseMs = 500, capMs = 8000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Parses Retry-After (seconds or an HTTP date) or x-acs-retry-after (seconds) into ms. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
