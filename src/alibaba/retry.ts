// When to try a call again, and how long to wait first: the server's word (Retry-After,
// x-acs-retry-after) when it gives one, else exponential backoff with jitter so many runners do
// not move in lockstep. Which failures are retried is a policy the caller picks per call: a
// lookup may be asked again freely, a submission may not.

import type { Random } from '../shared/time.ts';
import type { Failure } from './classify.ts';

/** Retry delay for the nth retry (1-based): exponential, capped, "equal jitter". */
export function retryDelay(attempt: number, random: Random, baseMs = 500, capMs = 8000): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
  return ceiling / 2 + random() * (ceiling / 2);
}

/** Parses Retry-After: seconds or an HTTP date, into ms. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** The gateway's x-acs-retry-after counts milliseconds. */
function parseAcsRetryAfter(value: string | undefined): number | undefined {
  const text = value?.trim() ?? '';
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}

/** The server's wait from an answer's headers, the gateway's own header first. */
export function serverRetryAfter(headers: Record<string, string>, now: number): number | undefined {
  return (
    parseAcsRetryAfter(headers['x-acs-retry-after']) ?? parseRetryAfter(headers['retry-after'], now)
  );
}

interface RetryState {
  /** Attempts made so far, the failed one included. */
  attempt: number;
  /** How many of them the API may have carried out (reach 'ambiguous'). */
  ambiguous: number;
}

type RetryDecision = { retry: false } | { retry: true; note?: string };

/** Decides after each failed attempt; the client still keeps to the deadline and the grace. */
export interface RetryPolicy {
  decide(failure: Failure, state: RetryState): RetryDecision;
}

/** For calls that change nothing (lookups, the quota): anything but a fatal answer, a few times. */
export function readPolicy(maxAttempts = 6): RetryPolicy {
  return {
    decide: (failure, { attempt }) => ({
      retry: failure.kind !== 'fatal' && attempt < maxAttempts
    })
  };
}

/**
 * For submissions, which take no idempotency token: retry what the API refused or never saw;
 * after a failure the API may have carried out, retry once, saying so, and never again.
 */
export function submissionPolicy(maxAttempts = 8): RetryPolicy {
  return {
    decide: (failure, { attempt, ambiguous }) => {
      if (failure.kind === 'fatal' || attempt >= maxAttempts) return { retry: false };
      if (failure.reach !== 'ambiguous') return { retry: true };
      if (ambiguous > 1) return { retry: false };
      return {
        retry: true,
        note: `the API may have carried out the request that failed (${failure.message}); sending it once more, so it may be submitted twice`
      };
    }
  };
}
