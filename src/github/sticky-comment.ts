// Writes the sticky comment within one time budget: learn who the token acts as, find our
// comment, then update or create it. A failed step is retried (GitHub's 5xx, a dropped
// connection, a rate limit that asks for a wait that fits) from where it failed.

import { CancelledError } from '../shared/errors.ts';
import { oneLine } from '../shared/text.ts';
import type { Clock, Sleep } from '../shared/time.ts';
import { Budget } from './budget.ts';
import { identify } from './comment-identity.ts';
import type { Identity } from './comment-identity.ts';
import { createComment, findComment, updateComment } from './comments-api.ts';
import type { Found, IssueRef, Written } from './comments-api.ts';
import type { Failure } from './comment-warning.ts';
import type { GitHubClient } from './context.ts';
import { errorMessage, isTransient, rateLimitOf, statusOf } from './github-error.ts';

export interface StickyDeps {
  createClient(): Promise<GitHubClient>;
  clock: Clock;
  sleep: Sleep;
  budgetMs: number;
  log: { info(message: string): void; debug(message: string): void };
}

export type StickyResult =
  { written: Written } | { failure: Failure; older: boolean; remainingMs: number };

const ATTEMPTS = 3;
const RETRY_DELAYS_MS = [2000, 5000];
/** GraphQL's share of the budget: a hung GraphQL still leaves time for the REST calls. */
const IDENTITY_SHARE = 1 / 3;

export async function upsertSticky(
  ref: IssueRef,
  marker: string,
  body: string,
  deps: StickyDeps
): Promise<StickyResult> {
  const { clock, log } = deps;
  const budget = new Budget(clock, deps.budgetMs);
  let client: GitHubClient | undefined;
  let identity: Identity | undefined;
  let found: Found | undefined;
  const fail = (failure: Failure): StickyResult => ({
    failure,
    older: found?.ours !== undefined,
    remainingMs: budget.remainingMs()
  });
  for (let attempt = 1; ; attempt++) {
    try {
      if (!client) {
        try {
          client = await budget.run(() => deps.createClient());
        } catch (error) {
          return fail({ setup: `the GitHub client could not be loaded (${errorMessage(error)})` });
        }
      }
      if (!identity) {
        identity = await identify(client, budget, deps.budgetMs * IDENTITY_SHARE);
        if (identity.assumed)
          log.info(
            `Could not learn which account github-token acts as (${oneLine(identity.assumed, 200)}); only a comment by ${oneLine(identity.login, 100)} is updated.`
          );
      }
      if (!found) {
        found = await findComment(client, ref, marker, identity.login, budget);
        if (found.spoofedBy.length)
          log.info(
            `Ignored ${found.spoofedBy.length} comment(s) that carry this action's marker but were written by ${oneLine([...new Set(found.spoofedBy)].join(', '), 200)}: only a comment by ${oneLine(identity.login, 100)} is updated.`
          );
      }
      if (found.ours) {
        try {
          return { written: await updateComment(client, ref, found.ours.id, body, budget) };
        } catch (error) {
          // Deleted between the search and the update: there is no older verdict; write anew.
          if (statusOf(error) !== 404) throw error;
          found = { ...found, ours: undefined };
        }
      }
      return { written: await createComment(client, ref, body, budget) };
    } catch (error) {
      const wait = attempt < ATTEMPTS ? retryWaitMs(error, attempt, clock()) : undefined;
      if (wait === undefined || !budget.fits(wait)) return fail({ error });
      log.debug(`comment attempt ${attempt} failed (${oneLine(String(error), 200)}); retrying`);
      try {
        await deps.sleep(wait);
      } catch (sleepError) {
        // The runner's sleep ends at once when the job is cancelled; nothing may escape here.
        return fail(sleepError instanceof CancelledError ? { cancelled: true } : { error });
      }
    }
  }
}

/** How long to wait before the next attempt, or undefined when another attempt is no use. */
function retryWaitMs(error: unknown, attempt: number, now: number): number | undefined {
  const limit = rateLimitOf(error, now);
  if (limit) return limit.waitMs;
  if (isTransient(error)) return RETRY_DELAYS_MS[attempt - 1] ?? 5000;
  return undefined;
}
