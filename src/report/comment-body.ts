// The body of the sticky pull-request comment: a hidden marker that finds it again, the verdict,
// counts, the task table (failures first, with their Description), the run link and the time.

import { clip, codeCell, escapeCell } from './markdown.ts';
import { statusIcon, verdictIntro } from './words.ts';
import type { RunFacts } from './words.ts';
import { fitTaskTable, utf16Units } from './task-table.ts';
import { DEFAULT_COMMENT_TAG } from '../inputs/config.ts';
import type { Verdict } from '../wait/verdict.ts';

/** GitHub rejects a comment body over 65,536 characters. */
export const COMMENT_LIMIT = 65_536;

/** A comment is read on a phone too: long paths and reasons are cut (the summary has more). */
const MAX_CELL_CHARS = 300;

export interface CommentContext {
  /** comment-tag: one comment per tag on a pull request. */
  tag: string;
  /** The workflow run's page, when the context names one. */
  runUrl: string | undefined;
  /** When this body was written, ms since the epoch (the runtime's clock). */
  updatedAt: number;
  /** False when the job summary had to leave rows out too (then only `results` has them all). */
  summaryHasAll?: boolean;
}

export interface CommentBody {
  body: string;
  rowsShown: number;
  rowsTotal: number;
}

/** The hidden line that identifies this action's comment for one tag. */
export function commentMarker(tag: string): string {
  return `<!-- dcdn-refresh-wait:${tag} -->`;
}

export function commentBody(
  verdict: Verdict,
  facts: RunFacts,
  context: CommentContext,
  limit = COMMENT_LIMIT
): CommentBody {
  const head = `${commentMarker(context.tag)}\n${verdictIntro(verdict, facts)}`;
  const foot = footer(context);
  // The note is as long as it can get (the largest count); 8 covers the blank lines between parts.
  const note = utf16Units(leftOutNote(verdict.results.length, context));
  const fixed = utf16Units(head) + utf16Units(foot) + note + 8;
  const table = fitTaskTable(verdict, limit - fixed, utf16Units, { maxCellChars: MAX_CELL_CHARS });
  const parts = [head, table.markdown];
  if (table.shown < table.total) parts.push(leftOutNote(table.total - table.shown, context));
  parts.push(foot);
  return {
    body: parts.filter((part) => part !== '').join('\n\n'),
    rowsShown: table.shown,
    rowsTotal: table.total
  };
}

/**
 * The comment when the tasks could not be checked at all (bad key, missing RAM permission):
 * without it, the comment from an earlier run would go on saying the edge is fresh. Only the
 * error code and our hint go on the pull request; the vendor's message (which can name the
 * account or the RAM principal) stays in the log.
 */
export function errorCommentBody(
  code: string,
  hint: string | undefined,
  context: CommentContext
): string {
  const why = `The DCDN API answered ${code ? codeCell(clip(code, 100)) : 'an error'}${hint ? `: ${escapeCell(clip(hint, 500))}` : '.'}`;
  return [
    commentMarker(context.tag),
    `### ${statusIcon('failed')} The DCDN tasks could not be checked`,
    '',
    `${why} The ${runLink(context, 'workflow run')} log has the details.`,
    '',
    footer(context)
  ].join('\n');
}

function leftOutNote(count: number, context: CommentContext): string {
  const rows = `${count} more row${count === 1 ? ' is' : 's are'} left out to stay under GitHub's 65,536-character comment limit`;
  const where =
    context.summaryHasAll === false
      ? `the \`results\` output of the ${runLink(context, 'workflow run')} has every task`
      : `the job summary of the ${runLink(context, 'workflow run')} has them all`;
  return `${rows}: ${where}.`;
}

function footer(context: CommentContext): string {
  const parts = [`Last updated ${formatUtc(context.updatedAt)}`];
  if (context.runUrl) parts.push(runLink(context, 'workflow run'));
  if (context.tag !== DEFAULT_COMMENT_TAG)
    parts.push(`tag <code>${escapeCell(context.tag)}</code>`);
  return `<sub>${parts.join(' · ')}</sub>`;
}

function runLink(context: CommentContext, text: string): string {
  return context.runUrl ? `[${text}](${context.runUrl})` : text;
}

/** "2026-05-10 08:54:23 UTC": unambiguous for reviewers in any time zone. */
export function formatUtc(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
