// The REST issue-comments calls behind the sticky comment: find ours (by marker and author),
// update it, create one. Pages are read one by one here, not through Octokit's paginate, whose
// iterator drops the `request` options and with them the abort signal.

import type { Budget } from './budget.ts';
import type { GitHubClient } from './context.ts';
import { isOurs } from './comment-identity.ts';

export interface IssueRef {
  owner: string;
  repo: string;
  /** A pull request's number is also its issue number. */
  issueNumber: number;
}

export interface Found {
  /** Our comment, the first by the token's identity that starts with the marker. */
  ours: { id: number } | undefined;
  /** Logins of other authors whose comments start with the marker: spoofs, never edited. */
  spoofedBy: string[];
}

export interface Written {
  id: number;
  url: string;
  action: 'created' | 'updated';
}

const PER_PAGE = 100;

/** Reads page after page (100 comments each) until our comment turns up or the pages end. */
export async function findComment(
  client: GitHubClient,
  ref: IssueRef,
  marker: string,
  viewer: string,
  budget: Budget
): Promise<Found> {
  const spoofedBy: string[] = [];
  for (let page = 1; ; page++) {
    const { data, headers } = await budget.run((signal) =>
      client.rest.issues.listComments({
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.issueNumber,
        per_page: PER_PAGE,
        page,
        request: { signal }
      })
    );
    for (const comment of data) {
      // Our comments start with the marker; a reply that quotes one does not.
      if (!comment.body?.startsWith(marker)) continue;
      const author = comment.user?.login;
      if (isOurs(author, viewer)) return { ours: { id: comment.id }, spoofedBy };
      spoofedBy.push(typeof author === 'string' ? author : 'an unknown account');
    }
    if (data.length === 0 || !/rel="next"/.test(headers.link ?? ''))
      return { ours: undefined, spoofedBy };
  }
}

export async function updateComment(
  client: GitHubClient,
  ref: IssueRef,
  id: number,
  body: string,
  budget: Budget
): Promise<Written> {
  const { data } = await budget.run((signal) =>
    client.rest.issues.updateComment({
      owner: ref.owner,
      repo: ref.repo,
      comment_id: id,
      body,
      request: { signal }
    })
  );
  return { id: data.id, url: data.html_url, action: 'updated' };
}

export async function createComment(
  client: GitHubClient,
  ref: IssueRef,
  body: string,
  budget: Budget
): Promise<Written> {
  const { data } = await budget.run((signal) =>
    client.rest.issues.createComment({
      owner: ref.owner,
      repo: ref.repo,
      issue_number: ref.issueNumber,
      body,
      request: { signal }
    })
  );
  return { id: data.id, url: data.html_url, action: 'created' };
}
