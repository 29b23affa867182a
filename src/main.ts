// Wires config, client, poller and reporting together. Every dependency on the outside world
// (the runner, time, randomness, HTTP) comes in through `Runtime`, so tests can run it whole.

import { hintFor } from './alibaba/classify.ts';
import { DcdnClient } from './alibaba/dcdn-client.ts';
import { commentBody, errorCommentBody } from './report/comment-body.ts';
import { maskSecrets, readConfig } from './inputs/config.ts';
import type { Config } from './inputs/config.ts';
import { formatDuration } from './shared/duration.ts';
import { ApiError, InputError } from './shared/errors.ts';
import { poll } from './wait/poller.ts';
import type { PollOutcome } from './wait/poller.ts';
import { progressLine } from './report/progress-line.ts';
import { RateLimiter } from './alibaba/rate-limiter.ts';
import { redacting } from './runtime/redact.ts';
import { describeAuth, signingKeys } from './alibaba/signing-keys.ts';
import { commentOnPullRequest } from './github/pr-comment.ts';
import type { CommentDeps } from './github/pr-comment.ts';
import { detail, finalMessage } from './report/words.ts';
import type { RunFacts } from './report/words.ts';
import { buildSummary } from './report/summary.ts';
import { oneLine } from './shared/text.ts';
import type { Transport } from './alibaba/transport.ts';
import { resultsJsonLines, resultsOutput } from './report/outputs.ts';
import type { TaskResult } from './wait/task.ts';
import type { ActionIO, Runtime } from './runtime/io.ts';
import { decide, failures } from './wait/verdict.ts';
import type { Verdict } from './wait/verdict.ts';

export async function run(outside: Runtime): Promise<Verdict | undefined> {
  // Every message, output and summary is scrubbed of registered secrets, whatever its source.
  const runtime: Runtime = { ...outside, io: redacting(outside.io) };
  const { io, env } = runtime;
  // Secrets are masked before anything can print them, even a validation error.
  maskSecrets(
    (name) => io.getInput(name),
    env,
    (secret) => io.setSecret(secret)
  );
  let config: Config;
  try {
    const read = readConfig((name) => io.getInput(name), env);
    config = read.config;
    read.warnings.forEach((warning) => io.warning(warning));
  } catch (error) {
    if (error instanceof InputError) {
      io.setFailed(error.message);
      return undefined;
    }
    throw error;
  }
  io.info(
    `Waiting for ${config.taskIds.length} DCDN task(s) at ${config.endpoint.host} with ${describeAuth(config.auth)}: timeout ${formatDuration(config.timeoutMs)}, polling every ${formatDuration(config.pollIntervalMs)} to ${formatDuration(config.maxPollIntervalMs)}, at most ${config.maxRequestsPerSecond} calls/s.`
  );
  const transport = runtime.createTransport(config.requestTimeoutMs);
  try {
    const { outcome, requestsSent } = await waitForTasks(config, runtime, transport);
    return await report(config, outcome, requestsSent, runtime);
  } catch (error) {
    if (error instanceof ApiError) {
      await writeOutputs(io, config, undefined);
      // The comment of an earlier run must not go on showing results this run could not check.
      const { code } = error;
      const commentId = await commentOnPullRequest(
        config,
        (context) => errorCommentBody(code, hintFor(code), context),
        commentDeps(runtime)
      );
      io.setOutput('comment-id', commentId);
      io.setFailed(error.message);
      return undefined;
    }
    throw error;
  } finally {
    transport.close();
  }
}

async function waitForTasks(
  config: Config,
  runtime: Runtime,
  transport: Transport
): Promise<{ outcome: PollOutcome; requestsSent: number }> {
  const { clock, sleep, random, io } = runtime;
  const deadline = clock() + config.timeoutMs;
  const credentials = signingKeys(config.auth, {
    transport,
    requestTimeoutMs: config.requestTimeoutMs,
    clock,
    sleep,
    random,
    getIdToken: (audience) => runtime.getIdToken(audience),
    setSecret: (secret) => io.setSecret(secret)
  });
  // Get the keys before the first round, so a broken OIDC setup fails at once, clearly.
  await credentials.get();
  const client = new DcdnClient({
    endpoint: config.endpoint,
    credentials,
    transport,
    limiter: new RateLimiter(config.maxRequestsPerSecond, clock, sleep),
    requestTimeoutMs: config.requestTimeoutMs,
    clock,
    sleep,
    random,
    deadline,
    debug: (line) => io.debug(line)
  });
  const outcome = await poll(
    config.taskIds,
    { api: client, clock, sleep, random },
    {
      pollIntervalMs: config.pollIntervalMs,
      maxPollIntervalMs: config.maxPollIntervalMs,
      deadline,
      signal: runtime.signal,
      callsPerSecond: config.maxRequestsPerSecond
    },
    (round) => {
      io.info(progressLine(round));
      if (round.requestIds.length) io.debug(requestIdLine(round.round, round.requestIds));
    }
  );
  return { outcome, requestsSent: client.requestsSent };
}

async function report(
  config: Config,
  outcome: PollOutcome,
  requestsSent: number,
  runtime: Runtime
): Promise<Verdict> {
  const { io } = runtime;
  const verdict = decide(outcome);
  await writeOutputs(io, config, verdict);
  annotateFailures(io, failures(verdict));
  const facts: RunFacts = {
    elapsedMs: outcome.elapsedMs,
    calls: requestsSent,
    timeoutMs: config.timeoutMs,
    lastError: outcome.lastError
  };
  const summary = buildSummary(verdict, facts);
  await io.writeSummary(summary.markdown);
  // A cancelled job has seconds before the runner kills it: no GitHub round trips then.
  const commentId =
    verdict.status === 'cancelled'
      ? ''
      : await commentOnPullRequest(
          config,
          (context) =>
            commentBody(verdict, facts, {
              ...context,
              summaryHasAll: summary.hasEveryTask
            }).body,
          commentDeps(runtime)
        );
  io.setOutput('comment-id', commentId);
  const message = finalMessage(verdict, facts);
  if (verdict.status === 'complete') io.info(message);
  else if (verdict.status === 'timed-out' && !config.failOnTimeout) io.warning(message);
  else io.setFailed(message);
  return verdict;
}

/**
 * GitHub shows 10 error annotations per step, and the step's own failure is one of them: name
 * the first failed tasks, then one line for the rest.
 */
export const MAX_TASK_ANNOTATIONS = 8;

function annotateFailures(io: ActionIO, failed: readonly TaskResult[]): void {
  for (const result of failed.slice(0, MAX_TASK_ANNOTATIONS)) {
    io.error(
      `${oneLine(result.ObjectPath || 'unknown path', 300)}: ${oneLine(detail(result), 300)}`,
      `DCDN task ${result.TaskId} ${result.Status === 'Failed' ? 'failed' : 'not found'}`
    );
  }
  const more = failed.length - MAX_TASK_ANNOTATIONS;
  if (more > 0) {
    io.error(
      `${more} more task(s) failed; the job summary and the failed-task-ids output list them all.`,
      `${more} more DCDN tasks failed`
    );
  }
}

/** Request IDs for the debug log: enough to quote to support, not a 40 KB line per round. */
function requestIdLine(round: number, requestIds: readonly string[]): string {
  const shown = requestIds.slice(0, 20).join(', ');
  const more = requestIds.length > 20 ? ` and ${requestIds.length - 20} more` : '';
  return `round ${round} request IDs: ${shown}${more}`;
}

function commentDeps(runtime: Runtime): CommentDeps {
  const { github, io, clock, sleep } = runtime;
  return { github, log: io, clock, sleep };
}

async function writeOutputs(
  io: ActionIO,
  config: Config,
  verdict: Verdict | undefined
): Promise<void> {
  const results = verdict?.results ?? [];
  const { value, note } = resultsOutput(results);
  if (note) io.warning(note);
  io.setOutput('status', verdict?.status ?? 'failed');
  io.setOutput('results', value);
  io.setOutput('results-file', await io.writeResultsFile(resultsJsonLines(results)));
  io.setOutput('complete-task-ids', (verdict?.completeIds ?? []).join(','));
  io.setOutput('failed-task-ids', (verdict?.failedIds ?? []).join(','));
  io.setOutput('pending-task-ids', (verdict?.pendingIds ?? config.taskIds).join(','));
}
