// What every comment of this action has: the hidden marker that finds it again, and the footer
// that names what it reports on (commit, workflow and job, one link to the run, the time).

import { clip, codeCell, escapeCell } from './markdown.ts';
import { DEFAULT_COMMENT_TAG } from '../inputs/config.ts';

/** GitHub rejects a comment body over 65,536 characters. */
export const COMMENT_LIMIT = 65_536;

export interface CommentContext {
  /** comment-tag: one comment per tag on a pull request. */
  tag: string;
  /** The workflow run's page, when the context names one. */
  runUrl: string | undefined;
  /** When this body was written, ms since the epoch (the runtime's clock). */
  updatedAt: number;
  /** False when the job summary had to leave rows out too (then it cannot be pointed to). */
  summaryHasAll?: boolean;
  /** The commit the run is for: the pull request's head SHA, else GITHUB_SHA. */
  sha?: string | undefined;
  /** GITHUB_WORKFLOW: the workflow's name. */
  workflow?: string | undefined;
  /** GITHUB_JOB: the job's ID. */
  job?: string | undefined;
}

/** The hidden line that identifies this action's comment for one tag. */
export function commentMarker(tag: string): string {
  return `<!-- dcdn-refresh-wait:${tag} -->`;
}

/**
 * What the comment reports on, in one small line: the commit, the workflow and job, the one
 * link to the run, the tag (unless the default), and when it was written.
 */
export function commentFooter(context: CommentContext): string {
  const parts: string[] = [];
  const commit = commitText(context);
  if (commit) parts.push(`Commit ${commit}`);
  const names = [context.workflow, context.job].filter((name): name is string => !!name?.trim());
  if (names.length) parts.push(names.map((name) => escapeCell(name.trim())).join(' / '));
  if (context.runUrl) parts.push(`[workflow run](${context.runUrl})`);
  if (context.tag !== DEFAULT_COMMENT_TAG) parts.push(`tag ${codeCell(context.tag)}`);
  parts.push(`Last updated ${formatUtc(context.updatedAt)}`);
  return `<sub>${parts.join(' · ')}</sub>`;
}

/** The short SHA, linked to the commit when the run's URL tells the repository's. */
function commitText(context: CommentContext): string {
  const sha = context.sha?.trim() ?? '';
  if (!/^[0-9a-f]{7,64}$/i.test(sha)) return sha ? codeCell(clip(sha, 12)) : '';
  const short = `<code>${sha.slice(0, 7)}</code>`;
  const repo = /^(https:\/\/[^\s()<>]+?)\/actions\/runs\/\d+/.exec(context.runUrl ?? '')?.[1];
  return repo ? `[${short}](${repo}/commit/${sha})` : short;
}

/** "2026-05-10 08:54:23 UTC": unambiguous for reviewers in any time zone. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
