// Who the token acts as, so that only our own comment is ever edited: anyone who can comment can
// post one that starts with our marker. As marocchino/sticky-pull-request-comment does, ask
// GraphQL's `viewer` (GET /user is forbidden to a GitHub App installation token such as
// GITHUB_TOKEN); when that fails, assume GITHUB_TOKEN's bot.

import type { Budget } from './budget.ts';
import type { GitHubClient } from './context.ts';
import { errorMessage } from './github-error.ts';

/** The login GITHUB_TOKEN's comments carry. */
const ACTIONS_BOT = 'github-actions[bot]';

export interface Identity {
  login: string;
  /** Why the login is assumed rather than known (GraphQL failed), for the log. */
  assumed?: string;
}

/** The token's login; GraphQL gets a part of the budget so that a hung GraphQL leaves time. */
export async function identify(
  client: GitHubClient,
  budget: Budget,
  capMs: number
): Promise<Identity> {
  try {
    const data = await budget.run(
      (signal) =>
        client.graphql<{ viewer?: { login?: unknown } }>('query { viewer { login } }', {
          request: { signal }
        }),
      capMs
    );
    const login = data.viewer?.login;
    if (typeof login === 'string' && login !== '') return { login };
    return { login: ACTIONS_BOT, assumed: 'GraphQL named no viewer' };
  } catch (error) {
    return { login: ACTIONS_BOT, assumed: errorMessage(error) };
  }
}

/**
 * Whether a comment's author is the token's identity. REST names a bot `name[bot]`; GraphQL may
 * name it without the suffix. Logins are case-insensitive; a person's login cannot hold "[".
 */
export function isOurs(author: unknown, viewer: string): boolean {
  if (typeof author !== 'string' || author === '') return false;
  const a = author.toLowerCase();
  const v = viewer.toLowerCase();
  return a === v || (a.endsWith('[bot]') && a === `${v}[bot]`);
}
