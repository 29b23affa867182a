// The body of the sticky pull-request comment: a hidden marker that finds it again, the verdict,
// counts, the failures grouped by reason, what is pending, the complete tasks folded, and a
// footer naming what it reports on (commit, workflow and job, one link to the run, the time).

import { COMMENT_LIMIT, commentFooter, commentMarker } from './comment-frame.ts';
import type { CommentContext } from './comment-frame.ts';
import { verdictIntro } from './intro.ts';
import { leftOut, whereEveryTaskIs } from './notes.ts';
import type { RunFacts } from './words.ts';
import { fitTaskTable, utf16Units } from './task-table.ts';
import type { Verdict } from '../wait/verdict.ts';

export { COMMENT_LIMIT, commentMarker, formatUtc } from './comment-frame.ts';
export type { CommentContext } from './comment-frame.ts';
export { errorCommentBody } from './error-report.ts';

/** A comment is read on a phone too: long reasons are cut (the summary has more). */
const MAX_CELL_CHARS = 300;

export interface CommentBody {
  body: string;
  rowsShown: number;
  rowsTotal: number;
}

export function commentBody(
  verdict: Verdict,
  facts: RunFacts,
  context: CommentContext,
  limit = COMMENT_LIMIT
): CommentBody {
  const head = `${commentMarker(context.tag)}\n${verdictIntro(verdict, facts)}`;
  const foot = commentFooter(context);
  const total = verdict.results.length;
  // Room for the note at its longest: every row left out, with all or all but one of them
  // failed ("(all of them failed)" or "(1,234 of them failed)"); 6 covers the blank lines.
  const note = Math.max(
    ...[0, 1].map((failedShown) =>
      utf16Units(
        leftOutNote(
          { markdown: '', shown: 0, total, failedShown, failedTotal: total },
          facts,
          context
        )
      )
    )
  );
  const fixed = utf16Units(head) + utf16Units(foot) + note + 6;
  const options = { maxCellChars: MAX_CELL_CHARS, now: context.updatedAt };
  const table = fitTaskTable(verdict, limit - fixed, utf16Units, options);
  const parts = [head, table.markdown];
  if (table.shown < table.total) parts.push(leftOutNote(table, facts, context));
  parts.push(foot);
  return {
    body: parts.filter((part) => part !== '').join('\n\n'),
    rowsShown: table.shown,
    rowsTotal: table.total
  };
}

function leftOutNote(
  table: Parameters<typeof leftOut>[0],
  facts: RunFacts,
  context: CommentContext
): string {
  const limit = `${leftOut(table, false)} to stay under GitHub's 65,536-character comment limit`;
  const where =
    context.summaryHasAll === false
      ? whereEveryTaskIs(facts, table.failedShown < table.failedTotal)
      : `the job summary of the workflow run${context.runUrl ? ' (linked below)' : ''} has them all`;
  return `${limit}: ${where}.`;
}
