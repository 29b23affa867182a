// The one call layer of a run, and the wait over it: keys first (an STS exchange, with OIDC),
// then paced calls shared by submissions and lookups.

import { DcdnClient } from '../alibaba/dcdn-client.ts';
import { OpenApiClient } from '../alibaba/openapi.ts';
import { RateLimiter } from '../alibaba/rate-limiter.ts';
import { signingKeys } from '../alibaba/signing-keys.ts';
import type { Config } from '../inputs/config.ts';
import { progressLine, requestIdLine } from '../report/progress-line.ts';
import type { Budget } from '../runtime/budget.ts';
import type { Runtime } from '../runtime/io.ts';
import { poll } from '../wait/poller.ts';
import type { PollOutcome } from '../wait/poller.ts';
import { record } from './progress.ts';
import type { Progress } from './progress.ts';

/** The one call layer of the run: keys (an STS exchange first, with OIDC), paced calls. */
export async function connect(
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

export async function waitForTasks(
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
      signal: runtime.signal,
      callsPerSecond: config.maxRequestsPerSecond
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
