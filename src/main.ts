// Wires config, client, poller and reporting together. Every dependency on the outside world
// (the runner, time, randomness, HTTP) comes in through `Runtime`, so tests can run it whole.
// Every ending is a report: whatever happens, every output is set, the job summary says what
// happened, and the last line names the cause.

import { DcdnClient } from './alibaba/dcdn-client.ts';
import { OpenApiClient } from './alibaba/openapi.ts';
import { RateLimiter } from './alibaba/rate-limiter.ts';
import { describeAuth, signingKeys } from './alibaba/signing-keys.ts';
import { commentOnPullRequest } from './github/pr-comment.ts';
import type { CommentDeps } from './github/pr-comment.ts';
import { maskSecrets, readConfig } from './inputs/config.ts';
import type { Config } from './inputs/config.ts';
import { submitsAnything } from './inputs/submission.ts';
import { annotateFailures } from './report/annotations.ts';
import { commentBody, errorCommentBody } from './report/comment-body.ts';
import { errorSummary } from './report/error-report.ts';
import { escapeCell } from './report/markdown.ts';
import { OUTPUT_NAMES } from './report/outputs.ts';
import type { OutputName } from './report/outputs.ts';
import { progressLine, requestIdLine } from './report/progress-line.ts';
import { buildSummary } from './report/summary.ts';
import { finalMessage, statusIcon } from './report/words.ts';
import type { RunFacts } from './report/words.ts';
import { writeOutputs } from './report/write-outputs.ts';
import { budgeted } from './runtime/budget.ts';
import type { Budget } from './runtime/budget.ts';
import type { ActionIO, Runtime } from './runtime/io.ts';
import { createRedactor, redacting } from './runtime/redact.ts';
import type { Redactor } from './runtime/redact.ts';
import { formatDuration, formatElapsed } from './shared/duration.ts';
import { ApiError, BudgetExceededError, CancelledError, InputError } from './shared/errors.ts';
import { oneLine } from './shared/text.ts';
import { submittedEnding } from './report/submitted-ending.ts';
import { submitAll } from './submit/submit.ts';
import type { SubmitReport } from './submit/submit.ts';
import { poll } from './wait/poller.ts';
import type { PollOutcome, RoundReport, TaskState } from './wait/poller.ts';
import { decide, failures } from './wait/verdict.ts';
import type { Verdict } from './wait/verdict.ts';

/** What the run has heard so far: the ending of an interrupted run reports from it. */
interface Progress {
  started: number;
  states: readonly TaskState[] | undefined;
  rounds: number;
  calls: number;
  /** Calls that got a usable answer: a run with none never ends as a mere timeout. */
  answered: number;
  lastError: string | undefined;
  unknownStatuses: string[];
  requestsSent: () => number;
  /** What this run submitted before it waited, for the summary and the comment. */
  submission?: SubmitReport | undefined;
}

export async function run(outside: Runtime): Promise<Verdict | undefined> {
  // Every message, output, summary and comment is scrubbed of registered secrets.
  const redactor = createRedactor((secret) => outside.io.setSecret(secret));
  const set = new Set<OutputName>();
  const scrubbed = redacting(outside.io, redactor);
  const io: ActionIO = {
    ...scrubbed,
    setOutput: (name, value) => {
      set.add(name);
      scrubbed.setOutput(name, value);
    }
  };
  const runtime: Runtime = { ...outside, io };
  try {
    return await runChecked(runtime, redactor);
  } catch (error) {
    // Nothing should get here; if something does, it still ends as one scrubbed line.
    io.debug((error as Error).stack ?? String(error));
    io.setFailed(`Unexpected error: ${oneLine((error as Error).message ?? String(error), 300)}`);
    return undefined;
  } finally {
    // Every declared output is set, whatever the ending.
    for (const name of OUTPUT_NAMES) if (!set.has(name)) io.setOutput(name, fallback(name));
  }
}

function fallback(name: OutputName): string {
  if (name === 'status') return 'failed';
  if (name === 'results') return '[]';
  return '';
}

async function runChecked(runtime: Runtime, redactor: Redactor): Promise<Verdict | undefined> {
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
    if (!(error instanceof InputError)) throw error;
    await writeSummary(io, inputErrorSummary(error.message));
    io.setFailed(error.message);
    return undefined;
  }
  const count = config.taskIds.length;
  const submits = submitsAnything(config.submission) ? 'the tasks this step submits and ' : '';
  io.info(
    `Waiting for ${submits}${count} ${config.product.name} ${count === 1 ? 'task' : 'tasks'} at ${config.endpoint.host} with ${describeAuth(config.auth)}: timeout ${formatDuration(config.timeoutMs)}, polling every ${formatDuration(config.pollIntervalMs)} to ${formatDuration(config.maxPollIntervalMs)}, at most ${config.maxRequestsPerSecond} calls/s.`
  );
  const deadline = runtime.clock() + config.timeoutMs;
  const budget = budgeted(
    {
      transport: runtime.createTransport(config.requestTimeoutMs),
      sleep: runtime.sleep,
      clock: runtime.clock
    },
    deadline
  );
  const progress: Progress = {
    started: runtime.clock(),
    states: undefined,
    rounds: 0,
    calls: 0,
    answered: 0,
    lastError: undefined,
    unknownStatuses: [],
    requestsSent: () => 0
  };
  try {
    const api = await connect(config, runtime, budget, deadline);
    progress.requestsSent = () => api.requestsSent;
    // ---- Submission (issue 11): submit first, then wait for the given and the submitted IDs.
    const submitted: string[] = [];
    try {
      const submission = await submitAll(config.submission, {
        api,
        product: config.product,
        log: io,
        onSubmitted: (ids) => submitted.push(...ids)
      });
      if (submission.ids.length) progress.submission = submission;
    } finally {
      // Whatever the ending, the IDs submitted so far are in the outputs and waited for.
      io.setOutput('submitted-task-ids', submitted.join(','));
      progress.answered += api.answered;
      const given = new Set(config.taskIds);
      config = { ...config, taskIds: [...given, ...submitted.filter((id) => !given.has(id))] };
    }
    if (!config.wait) {
      const ending = submittedEnding(config.product, config.taskIds, submitted);
      await writeOutputs(io, ending.verdict, { status: ending.status });
      await writeSummary(io, ending.summary);
      io.info(ending.message);
      return undefined;
    }
    // ---- End of submission.
    const outcome = await waitForTasks(config, runtime, api, budget, deadline, progress);
    if (outcome.end === 'timed-out' && progress.answered === 0) {
      return await endOnError(config, runtime, redactor, unanswered(config, outcome), progress);
    }
    return await report(config, outcome, progress, runtime, redactor);
  } catch (error) {
    if (error instanceof CancelledError) {
      const timedOut = error instanceof BudgetExceededError && !runtime.signal?.aborted;
      const outcome = outcomeSoFar(config, progress, runtime, timedOut ? 'timed-out' : 'cancelled');
      if (timedOut && progress.answered === 0) {
        return await endOnError(config, runtime, redactor, unanswered(config, outcome), progress);
      }
      return await report(config, outcome, progress, runtime, redactor);
    }
    if (error instanceof ApiError)
      return await endOnError(config, runtime, redactor, error, progress);
    throw error;
  } finally {
    budget.transport.close();
  }
}

/** The one call layer of the run: keys (an STS exchange first, with OIDC), paced calls. */
async function connect(
  config: Config,
  runtime: Runtime,
  budget: Budget,
  deadline: number
): Promise<OpenApiClient> {
  const { clock, random, io } = runtime;
  const { transport, sleep } = budget;
  const credentials = signingKeys(config.auth, {
    transport,
    requestTimeoutMs: config.requestTimeoutMs,
    clock,
    sleep,
    random,
    getIdToken: (audience) => runtime.getIdToken(audience),
    setSecret: (secret) => io.setSecret(secret)
  });
  // Get the keys before the first call, so a broken OIDC setup fails at once, clearly.
  await credentials.get();
  // Submissions and lookups share one client: one rate ceiling, one count of answered calls.
  return new OpenApiClient({
    endpoint: config.endpoint,
    service: config.product.name,
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
}

async function waitForTasks(
  config: Config,
  runtime: Runtime,
  api: OpenApiClient,
  budget: Budget,
  deadline: number,
  progress: Progress
): Promise<PollOutcome> {
  const { clock, random, io } = runtime;
  const { sleep } = budget;
  const client = new DcdnClient({ api, product: config.product });
  const outcome = await poll(
    config.taskIds,
    { api: client, clock, sleep, random },
    {
      pollIntervalMs: config.pollIntervalMs,
      maxPollIntervalMs: config.maxPollIntervalMs,
      deadline,
      signal: runtime.signal
    },
    (round) => {
      record(progress, round);
      io.info(progressLine(round));
      if (round.requestIds.length) io.debug(requestIdLine(round.round, round.requestIds));
    }
  );
  // A budget that ran out mid-round ends the poll as "cancelled"; it is a timeout.
  return outcome.end === 'cancelled' && budget.spent() && !runtime.signal?.aborted
    ? { ...outcome, end: 'timed-out' }
    : outcome;
}

function record(progress: Progress, round: RoundReport): void {
  progress.states = round.states;
  progress.rounds = round.round;
  progress.calls += round.calls;
  progress.answered += round.calls - round.failedCalls;
  progress.lastError = round.failedCalls > 0 ? round.lastError : undefined;
  if (round.unknownStatuses) progress.unknownStatuses = [...round.unknownStatuses];
}

/** The outcome of a run that was stopped from outside the poller (budget, cancellation). */
function outcomeSoFar(
  config: Config,
  progress: Progress,
  runtime: Runtime,
  end: PollOutcome['end']
): PollOutcome {
  return {
    end,
    states: [...(progress.states ?? unansweredStates(config.taskIds))],
    rounds: progress.rounds,
    calls: progress.calls,
    elapsedMs: runtime.clock() - progress.started,
    lastError: progress.lastError,
    unknownStatuses: progress.unknownStatuses
  };
}

function unansweredStates(ids: readonly string[]): TaskState[] {
  return ids.map((id) => ({ id, rows: [], task: undefined, missingCount: 0, terminal: false }));
}

/** No call ever got an answer: that is a broken setup (endpoint, proxy, network), not a slow edge. */
function unanswered(config: Config, outcome: PollOutcome): ApiError {
  const why = outcome.lastError ? `: ${oneLine(outcome.lastError, 300)}` : '';
  return new ApiError(
    `No ${config.product.name} API call to ${config.endpoint.host} got an answer in ${formatElapsed(outcome.elapsedMs)}${why}`,
    {
      service: config.product.name,
      code: '',
      requestId: '',
      httpStatus: 0,
      hint: "check the endpoint input, the runner's network and proxy settings (HTTPS_PROXY, NO_PROXY); raising timeout will not help."
    }
  );
}

async function report(
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

/** An ending without a verdict on the tasks: every output, a summary, the comment, one line. */
async function endOnError(
  config: Config,
  runtime: Runtime,
  redactor: Redactor,
  error: ApiError,
  progress: Progress
): Promise<undefined> {
  const { io } = runtime;
  const outcome = outcomeSoFar(config, progress, runtime, 'timed-out');
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

function inputErrorSummary(message: string): string {
  return `### ${statusIcon('failed')} The inputs are not valid\n\n${escapeCell(message)}\n\nNothing was sent.\n`;
}

/** A summary that cannot be written is a warning: it never changes the verdict. */
async function writeSummary(io: ActionIO, markdown: string): Promise<void> {
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
