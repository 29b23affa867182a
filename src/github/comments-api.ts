// Finds this action's comment on a pull request by its hidden marker and updates it, or creates
// it: the REST issue-comments API through @actions/github's Octokit, every page read.

import type { getOctokit } from '@actions/github';
import { oneLine } from '../shared/text.ts';

/** The Octokit that @actions/github builds (REST methods and pagination). */
export type GitHubClient = ReturnType<typeof getOctokit>;

export interface IssueRef {
  owner: string;
  repo: string;
  /** A pull request's number is also its issue number. */
  issueNumber: number;
}

export interface Upserted {
  id: number;
  url: string;
  action: 'created' | 'updated';
}

/** The first comment that starts with `marker`, reading every page (100 comments each) until found. */
export async function findComment(
  client: GitHubClient,
  ref: IssueRef,
  marker: string,
  signal?: AbortSignal
): Promise<{ id: number } | undefined> {
  const pages = client.paginate.iterator(client.rest.issues.listComments, {
    owner: ref.owner,
    repo: ref.repo,
    issue_number: ref.issueNumber,
    per_page: 100,
    request: { signal }
  });
  for await (const page of pages) {
    // Our comments start with the marker; a reply that quotes one does not.
    const found = page.data.find((comment) => comment.body?.startsWith(marker));
    if (found) return { id: found.id };
  }
  return undefined;
}

/** Updates the comment that holds `marker`, or creates one: one comment per marker. */
export async function upsertComment(
  client: GitHubClient,
  ref: IssueRef,
  marker: string,
  body: string,
  signal?: AbortSignal
): Promise<Upserted> {
  const { owner, repo } = ref;
  const existing = await findComment(client, ref, marker, signal);
  if (existing) {
    try {
      const { data } = await client.rest.issues.updateComment({
        owner,
        repo,
        comment_id: existing.id,
        body,
        request: { signal }
      });
      return { id: data.id, url: data.html_url, action: 'updated' };
    } catch (error) {
      // Deleted between the search and the update: write a new one instead.
      if (statusOf(error) !== 404) throw error;
    }
  }
  const { data } = await client.rest.issues.createComment({
    owner,
    repo,
    issue_number: ref.issueNumber,
    body,
    request: { signal }
  });
  return { id: data.id, url: data.html_url, action: 'created' };
}

/** The HTTP status of an Octokit error (0 when none came back). */
export function statusOf(error: unknown): number {
  const status = (error as { status?: unknown } | undefined)?.status;
  return typeof status === 'number' ? status : 0;
}

/** Worth another try: GitHub's 5xx or a network error, but not a timeout or cancellation. */
export function isTransient(error: unknown): boolean {
  if (isAbort(error)) return false;
  const status = statusOf(error);
  return status === 0 || status >= 500;
}

function isAbort(error: unknown): boolean {
  const seen = new Set<unknown>();
  for (let e = error; e && !seen.has(e); e = (e as { cause?: unknown }).cause) {
    seen.add(e);
    const name = (e as { name?: unknown }).name;
    if (name === 'AbortError' || name === 'TimeoutError') return true;
  }
  return false;
}

/** GitHub's own words from an error answer, without the documentation link Octokit appends. */
function messageOf(error: unknown): string {
  const data = (error as { response?: { data?: unknown } } | undefined)?.response?.data;
  if (
    data &&
    typeof data === 'object' &&
    typeof (data as { message?: unknown }).message === 'string'
  )
    return (data as { message: string }).message;
  if (typeof data === 'string' && data.trim() !== '') return data;
  const message = (error as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}

function headerOf(error: unknown, name: string): string | undefined {
  const headers = (error as { response?: { headers?: Record<string, unknown> } } | undefined)
    ?.response?.headers;
  const value = headers?.[name];
  return value === undefined ? undefined : String(value);
}

/**
 * The warning for a comment that could not be written. It says what to change; the step's
 * verdict never depends on it.
 */
export function commentWarning(error: unknown, ref: IssueRef): string {
  const where = `pull request #${ref.issueNumber}`;
  const status = statusOf(error);
  const message = oneLine(messageOf(error), 300);
  const answer = status ? `GitHub answered ${status}: ${message}` : message;
  if (isAbort(error)) {
    return `The comment on ${where} was not written: the GitHub API did not answer in time (${message}).`;
  }
  const rateLimited =
    (status === 403 || status === 429) &&
    (headerOf(error, 'x-ratelimit-remaining') === '0' || /rate limit/i.test(message));
  if (rateLimited) {
    return `The comment on ${where} was not written: GitHub's API rate limit was reached (${answer}). The next run updates it.`;
  }
  if (status === 401) {
    return `The comment on ${where} was not written: github-token was refused (${answer}). Leave github-token at its default (\${{ github.token }}) or pass a valid token.`;
  }
  if (status === 403 || status === 404 || /not accessible by integration/i.test(message)) {
    return `The comment on ${where} was not written (${answer}): the token needs the permission pull-requests: write. Add "permissions: pull-requests: write" to the job. A pull request from a fork gets a read-only token, so there is no comment on it; the job summary has the results.`;
  }
  return `The comment on ${where} was not written (${answer}).`;
}
