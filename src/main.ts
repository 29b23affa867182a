// Runs the action: config, credentials, submission, wait, report. Every dependency on the outside
// world (the runner, time, randomness, HTTP) comes in through `Runtime`, so tests can run it
// whole. Every ending is a report: whatever happens, every output is set, the job summary says
// what happened, and the last line names the cause (src/run/endings.ts).

import type { OpenApiClient } from './alibaba/openapi.ts';
import { describeAuth } from './alibaba/signing-keys.ts';
import { maskSecrets, readConfig } from './inputs/config.ts';
import type { Config } from './inputs/config.ts';
import { submitsAnything } from './inputs/submission.ts';
import { OUTPUT_NAMES } from './report/outputs.ts';
import type { OutputName } from './report/outputs.ts';
import { submittedEnding } from './report/submitted-ending.ts';
import { writeOutputs } from './report/write-outputs.ts';
import { connect, waitForTasks } from './run/calls.ts';
import { endOnError, inputErrorSummary, reportVerdict, writeSummary } from './run/endings.ts';
import { outcomeSoFar, startProgress, unanswered } from './run/progress.ts';
import type { Progress } from './run/progress.ts';
import { budgeted } from './runtime/budget.ts';
import type { ActionIO, Runtime } from './runtime/io.ts';
import { createRedactor, redacting } from './runtime/redact.ts';
import type { Redactor } from './runtime/redact.ts';
import { formatDuration } from './shared/duration.ts';
import { ApiError, BudgetExceededError, CancelledError, InputError } from './shared/errors.ts';
import { plural } from './shared/plural.ts';
import { oneLine } from './shared/text.ts';
import { submitAll } from './submit/submit.ts';
import type { PollOutcome } from './wait/poller.ts';
import type { Verdict } from './wait/verdict.ts';

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
  io.info(startLine(config));
  const deadline = runtime.clock() + config.timeoutMs;
  const budget = budgeted(
    {
      transport: runtime.createTransport(config.requestTimeoutMs),
      sleep: runtime.sleep,
      clock: runtime.clock
    },
    deadline
  );
  const progress = startProgress(runtime.clock());
  // A timeout in which no call was ever answered is a broken setup, not a slow edge.
  const endWith = (outcome: PollOutcome): Promise<Verdict | undefined> =>
    outcome.end === 'timed-out' && progress.answered === 0
      ? endOnError(config, runtime, redactor, unanswered(config, outcome), progress)
      : reportVerdict(config, outcome, progress, runtime, redactor);
  try {
    const api = await connect(config, runtime, budget, deadline);
    progress.requestsSent = () => api.requestsSent;
    config = await submitFirst(config, api, io, progress);
    if (!config.wait) return await endSubmitted(io, config, progress);
    const outcome = await waitForTasks(config, runtime, api, budget, deadline, progress);
    return await endWith(outcome);
  } catch (error) {
    // A submission that failed part-way: what it did submit is reported (pending), too.
    config = withSubmitted(config, progress.submitted);
    if (error instanceof CancelledError) {
      const timedOut = error instanceof BudgetExceededError && !runtime.signal?.aborted;
      const end = timedOut ? 'timed-out' : 'cancelled';
      return await endWith(outcomeSoFar(config.taskIds, progress, runtime.clock(), end));
    }
    if (error instanceof ApiError)
      return await endOnError(config, runtime, redactor, error, progress);
    throw error;
  } finally {
    budget.transport.close();
  }
}

/** Submits first (issue 11); the given and the submitted IDs are then waited for. */
async function submitFirst(
  config: Config,
  api: OpenApiClient,
  io: ActionIO,
  progress: Progress
): Promise<Config> {
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
    progress.submitted = submitted;
  }
  return withSubmitted(config, submitted);
}

/** The IDs to wait for and report on: the given ones, then the submitted ones. */
function withSubmitted(config: Config, submitted: readonly string[] = []): Config {
  const given = new Set(config.taskIds);
  const added = submitted.filter((id) => !given.has(id));
  return added.length ? { ...config, taskIds: [...config.taskIds, ...added] } : config;
}

/** wait: false: the IDs are in the outputs for a later step to wait on. */
async function endSubmitted(io: ActionIO, config: Config, progress: Progress): Promise<undefined> {
  const ending = submittedEnding(config.product, config.taskIds, progress.submitted ?? []);
  await writeOutputs(io, ending.verdict, { status: ending.status });
  await writeSummary(io, ending.summary);
  io.info(ending.message);
  return undefined;
}

/** The first line of the log: what this step will do, where, and within which limits. */
function startLine(config: Config): string {
  const { name } = config.product;
  const count = config.taskIds.length;
  const given = plural(count, `${name} task`);
  const what = !submitsAnything(config.submission)
    ? `Waiting for ${given}`
    : !config.wait
      ? `Submitting ${name} refreshes and prefetches (not waiting)`
      : count === 0
        ? `Submitting ${name} refreshes and prefetches, then waiting for them`
        : `Submitting ${name} refreshes and prefetches, then waiting for them and ${given}`;
  const limits = config.wait
    ? `timeout ${formatDuration(config.timeoutMs)}, polling every ${formatDuration(config.pollIntervalMs)} to ${formatDuration(config.maxPollIntervalMs)}, at most ${config.maxRequestsPerSecond} calls/s`
    : `timeout ${formatDuration(config.timeoutMs)}, at most ${config.maxRequestsPerSecond} calls/s`;
  return `${what} at ${config.endpoint.host} with ${describeAuth(config.auth)}: ${limits}.`;
}
