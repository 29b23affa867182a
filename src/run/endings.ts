// How a run ends, always as a report: every output, a job summary that says what happened, the
// pull request comment, and one last line that names the cause.

import { commentOnPullRequest } from '../github/pr-comment.ts';
import type { CommentDeps } from '../github/pr-comment.ts';
import type { Config } from '../inputs/config.ts';
import { annotateFailures } from '../report/annotations.ts';
import { commentBody, errorCommentBody } from '../report/comment-body.ts';
import { errorSummary } from '../report/error-report.ts';
import { escapeCell } from '../report/markdown.ts';
import { buildSummary } from '../report/summary.ts';
import { finalMessage, statusIcon } from '../report/words.ts';
import type { RunFacts } from '../report/words.ts';
import { writeOutputs } from '../report/write-outputs.ts';
import type { ActionIO, Runtime } from '../runtime/io.ts';
import type { Redactor } from '../runtime/redact.ts';
import type { ApiError } from '../shared/errors.ts';
import { oneLine } from '../shared/text.ts';
import type { PollOutcome } from '../wait/poller.ts';
import { decide, failures } from '../wait/verdict.ts';
import type { Verdict } from '../wait/verdict.ts';
import { outcomeSoFar } from './progress.ts';
import type { Progress } from './progress.ts';

export async function reportVerdict(
  config: Config,
  outcome: PollOutcome,
  progress: Progress,
  runtime: Runtime,
  redactor: Redactor
): Promise<Verdict> {
  const { io } = runtime;
  const verdict = decide(outcome);
  if (outcome.unknownStatuses.length) {
    const shown = outcome.unknownStatuses.map((status) => `"${oneLine(status, 40)}"`).join(', ');
    io.warning(
      `The API answered statuses this action does not know: ${shown}. They are shown as they came and waited on until Complete or Failed.`
    );
  }
  const written = await writeOutputs(io, verdict);
  annotateFailures(io, failures(verdict));
  const facts: RunFacts = {
    elapsedMs: outcome.elapsedMs,
    calls: progress.requestsSent(),
    timeoutMs: config.timeoutMs,
    lastError: outcome.lastError,
    failOnTimeout: config.failOnTimeout,
    now: runtime.clock(),
    resultsComplete: written.resultsComplete,
    product: config.product.name,
    submission: progress.submission
  };
  const summary = buildSummary(verdict, facts);
  await writeSummary(io, summary.markdown);
  // A cancelled job has seconds before the runner kills it: no GitHub round trips then.
  const commentId =
    verdict.status === 'cancelled'
      ? ''
      : await commentOnPullRequest(
          config,
          (context) =>
            commentBody(verdict, facts, { ...context, summaryHasAll: summary.hasEveryTask }).body,
          commentDeps(runtime, redactor)
        );
  io.setOutput('comment-id', commentId);
  const message = finalMessage(verdict, facts);
  if (verdict.status === 'complete') io.info(message);
  else if (verdict.status === 'timed-out' && !config.failOnTimeout) io.warning(message);
  else io.setFailed(message);
  return verdict;
}

export /** An ending without a verdict on the tasks: every output, a summary, the comment, one line. */
async function endOnError(
  config: Config,
  runtime: Runtime,
  redactor: Redactor,
  error: ApiError,
  progress: Progress
): Promise<undefined> {
  const { io } = runtime;
  const outcome = outcomeSoFar(config.taskIds, progress, runtime.clock(), 'timed-out');
  const verdict: Verdict = { ...decide(outcome), status: 'failed' };
  await writeOutputs(io, verdict);
  await writeSummary(io, errorSummary(error, verdict.pendingIds, { product: config.product.name }));
  // The comment of an earlier run must not go on showing results this run could not check.
  const commentId = await commentOnPullRequest(
    config,
    (context) =>
      errorCommentBody(error, context, {
        taskCount: config.taskIds.length,
        product: config.product.name
      }),
    commentDeps(runtime, redactor)
  );
  io.setOutput('comment-id', commentId);
  io.setFailed(error.message);
  return undefined;
}

export function inputErrorSummary(message: string): string {
  return `### ${statusIcon('failed')} The inputs are not valid\n\n${escapeCell(message)}\n\nNothing was sent.\n`;
}

/** A summary that cannot be written is a warning: it never changes the verdict. */
export async function writeSummary(io: ActionIO, markdown: string): Promise<void> {
  try {
    await io.writeSummary(markdown);
  } catch (error) {
    io.warning(
      `The job summary could not be written (${oneLine((error as Error).message, 200)}): the log and the outputs have the results.`
    );
  }
}

function commentDeps(runtime: Runtime, redactor: Redactor): CommentDeps {
  const { github, io, clock, sleep } = runtime;
  // The comment body is scrubbed right before it is sent: it never passes through the IO.
  return { github, log: io, clock, sleep, scrub: (text) => redactor.scrub(text) };
}
