// Delays with jitter, so many runners retrying or polling at once do not move in lockstep.

import type { Random } from './types.ts';

/** Retry delay for the nth retry (1-based): exponential, capped, "equal jitter". */
export function retryDelay(attempt: number, random: Random, baseMs = 500, capMs = 8000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/**
 * Delay before polling round `round + 1` (0-based): starts at `minMs`, grows by about half each
 * round with up to 20% jitter, never below `minMs` nor above `maxMs`.
 */
export function pollDelay(round: number, minMs: number, maxMs: number, random: Random): number {
  const base = minMs * 1.5 ** round;
  const jittered = round === 0 ? base : base * (0.9 + random() * 0.2);
  return Math.min(maxMs, Math.max(minMs, jittered));
}

/** Parses Retry-After (seconds or an HTTP date) or x-acs-retry-after (seconds) into ms. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
