// What the job summary and the comment say when the tasks could not be checked at all (a bad
// key, a missing RAM permission, an STS outage): which service answered, its Code and RequestId,
// what to change, the RAM denial detail, and (summary) every task ID as still pending. The
// vendor's message (which can name the account or the RAM principal) stays in the log.

import { clip, codeCell, escapeCell, tableHead, tableRow } from './markdown.ts';
import { commentFooter, commentMarker } from './comment-frame.ts';
import type { CommentContext } from './comment-frame.ts';
import { idCell } from './cells.ts';
import { DEFAULT_PRODUCT, statusIcon } from './words.ts';
import { formatCount, plural } from '../shared/plural.ts';
import type { Service } from '../shared/errors.ts';

/** The parts of an ApiError that are shown (an ApiError is one). */
export interface ErrorFacts {
  service: Service | string;
  code: string;
  requestId: string;
  /** 0 when no HTTP answer came. */
  httpStatus: number;
  hint?: string | undefined;
  accessDenied?: string | undefined;
  /** The whole story, for the job summary only (the comment keeps to the code and hint). */
  message?: string;
}

export interface ErrorReportOptions {
  /** 'DCDN' (default) or 'CDN'. */
  product?: string | undefined;
}

/** Past this many rows the summary's table of IDs gives way to the output that has them all. */
const MAX_ID_ROWS = 1000;

const SERVICE_NAMES: Record<Service, string> = {
  DCDN: 'The DCDN API',
  CDN: 'The CDN API',
  STS: 'Alibaba Cloud STS',
  'GitHub OIDC': "GitHub's OIDC token service",
  'GitHub API': 'The GitHub API'
};

/** "The DCDN API answered <code>Forbidden.RAM</code>: the RAM user or role lacks ..." */
function errorSentence(error: ErrorFacts): string {
  const known = SERVICE_NAMES[error.service as Service] as string | undefined;
  const who = known ?? escapeCell(clip(error.service || 'A service', 40));
  const code = error.code ? codeCell(clip(error.code, 100)) : '';
  const what =
    error.httpStatus > 0
      ? `answered ${code || `HTTP ${error.httpStatus}`}`
      : `failed${code ? ` with ${code}` : ''}`;
  const hint = error.hint ? `: ${escapeCell(clip(error.hint, 500))}` : '.';
  return `${who} ${what}${hint}`;
}

/** Service, Code, HTTP status, RequestId and the RAM denial detail, one item each. */
function errorDetails(error: ErrorFacts): string[] {
  const items = [`- **Service:** ${escapeCell(clip(error.service || 'unknown', 40))}`];
  if (error.code) items.push(`- **Code:** ${codeCell(clip(error.code, 100))}`);
  if (error.httpStatus > 0) items.push(`- **HTTP status:** ${error.httpStatus}`);
  if (error.requestId) items.push(`- **RequestId:** ${codeCell(clip(error.requestId, 100))}`);
  if (error.accessDenied) {
    items.push(`- **Access denied:** ${escapeCell(clip(error.accessDenied, 1000))}`);
  }
  return items;
}

function title(product: string, count: number | undefined): string {
  // No task ID yet: the run stopped before or while submitting.
  if (count === 0)
    return `### ${statusIcon('failed')} ${escapeCell(`The ${product} refresh or prefetch was not submitted`)}`;
  const tasks =
    count === undefined
      ? `The ${product} tasks`
      : count === 1
        ? `The ${product} task`
        : `The ${plural(count, `${product} task`)}`;
  return `### ${statusIcon('failed')} ${escapeCell(tasks)} could not be checked`;
}

/**
 * The job summary of a run that ended on an error: what happened, and every task ID as still
 * pending (the first 1,000 in a table; the `pending-task-ids` output has them all).
 */
export function errorSummary(
  error: ErrorFacts,
  taskIds: readonly string[],
  options: ErrorReportOptions = {}
): string {
  const product = options.product || DEFAULT_PRODUCT;
  const parts = [
    title(product, taskIds.length),
    errorSentence(error),
    [
      ...errorDetails(error),
      ...(error.message ? [`- **Message:** ${escapeCell(clip(error.message, 600))}`] : [])
    ].join('\n')
  ];
  if (taskIds.length) {
    const shown = taskIds.slice(0, MAX_ID_ROWS);
    const rows = shown.map((id) => tableRow(['⏳&nbsp;Pending: not&nbsp;checked', idCell(id)]));
    parts.push(
      `#### ⏳ Still pending: ${plural(taskIds.length, 'task')}`,
      [tableHead(['Status', 'Task ID']), ...rows].join('\n')
    );
    const left = taskIds.length - shown.length;
    if (left > 0) {
      parts.push(
        `${formatCount(left)} more task IDs are left out of this table: the \`pending-task-ids\` output lists every one.`
      );
    }
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * The comment when the tasks could not be checked: without it, the comment from an earlier run
 * would go on saying the edge is fresh. One link to the run, in the footer.
 */
export function errorCommentBody(
  error: ErrorFacts,
  context: CommentContext,
  options: ErrorReportOptions & { taskCount?: number | undefined } = {}
): string {
  const product = options.product || DEFAULT_PRODUCT;
  return [
    commentMarker(context.tag),
    title(product, options.taskCount),
    '',
    `${errorSentence(error)} The log of the workflow run has the vendor's message.`,
    '',
    errorDetails(error).join('\n'),
    '',
    commentFooter(context)
  ].join('\n');
}
