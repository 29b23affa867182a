// One simulated run, in its own process: the client side only (poller, client, transport, or a
// baseline), on a virtual clock the parent's emulator follows. Started by scripts/bench/sim.ts.

import { performance } from 'node:perf_hooks';
import { runChild } from './child.ts';
import type { TaskApi } from '../../src/wait/task.ts';
import type { RoundSummary, SimConfig, SimResult } from './protocol.ts';

await runChild('start', simulate);

async function simulate(
  config: SimConfig,
  publish: (now: number) => Promise<void>
): Promise<SimResult> {
  // Load only what this variant needs, and count loading as start-up, not as polling.
  const [{ VirtualTime }, { seededRandom }, { poll }, { RateLimiter }, { DcdnClient }] =
    await Promise.all([
      import('./virtual-time.ts'),
      import('./timelines.ts'),
      import('../../src/wait/poller.ts'),
      import('../../src/alibaba/rate-limiter.ts'),
      import('../../src/alibaba/dcdn-client.ts')
    ]);
  const { createHttpTransport } = await import('../../src/alibaba/transport.ts');
  const sdk = config.variant === 'sdk' ? await import('./sdk-api.ts') : undefined;
  const { TransientError } = await import('../../src/shared/errors.ts');
  const { TERMINAL_STATUSES } = await import('../../src/wait/task.ts');
  const bootCpu = process.cpuUsage();
  const bootMs = performance.now();

  const vt = new VirtualTime(config.start, publish);
  const random = seededRandom(config.seed);
  const half = config.rttMs / 2;
  /** Real I/O with time frozen, plus the simulated network round trip in virtual time. */
  const overNetwork = async <T>(work: () => Promise<T>): Promise<T> => {
    await vt.sleep(half);
    const result = await vt.inFlight(work);
    await vt.sleep(half);
    return result;
  };
  const endpoint = new URL(config.endpoint);
  const deadline = config.start + config.timeoutMs;
  const credentials = { accessKeyId: config.accessKeyId, accessKeySecret: config.accessKeySecret };
  const { fixedCredentials } = await import('../../src/alibaba/credentials.ts');
  const realTransport = createHttpTransport('dcdn-refresh-wait-bench', 10_000);
  const transport = {
    send: (request: Parameters<typeof realTransport.send>[0], timeoutMs: number) =>
      overNetwork(() => realTransport.send(request, timeoutMs)),
    close: () => realTransport.close()
  };
  const limiter = (perSecond: number) => new RateLimiter(perSecond, vt.clock, vt.sleep);
  const newClient = (perSecond: number) =>
    new DcdnClient({
      endpoint,
      credentials: fixedCredentials(credentials),
      transport,
      limiter: limiter(perSecond),
      requestTimeoutMs: 10_000,
      clock: vt.clock,
      sleep: vt.sleep,
      random,
      deadline
    });

  const rounds: RoundSummary[] = [];
  const cpuBefore = process.cpuUsage();
  let end: string;
  let requestsSent: number;
  try {
    if (config.variant === 'one-per-call') {
      // Baseline (a): each pending ID in turn, one per call, at the same ceiling; then a pause.
      const client = newClient(config.maxRequestsPerSecond);
      const open = new Set(config.ids);
      end = 'timed-out';
      for (;;) {
        let calls = 0;
        const asked = open.size;
        for (const id of [...open]) {
          calls += 1;
          try {
            const { tasks } = await client.describeTasks([id]);
            if (tasks.some((t) => TERMINAL_STATUSES.has(t.Status))) open.delete(id);
          } catch (error) {
            if (!(error instanceof TransientError)) throw error;
          }
        }
        rounds.push({ at: vt.clock(), ids: asked, open: asked, calls });
        if (open.size === 0) {
          end = 'done';
          break;
        }
        if (vt.clock() >= deadline) break;
        await vt.sleep(Math.min(config.pollIntervalMs, deadline - vt.clock()));
      }
      requestsSent = client.requestsSent;
    } else {
      const api = sdk
        ? paced(
            sdk.createSdkApi({ endpoint, ...credentials }),
            limiter(config.maxRequestsPerSecond),
            overNetwork
          )
        : newClient(config.maxRequestsPerSecond);
      let open = config.ids.length;
      const outcome = await poll(
        config.ids,
        { api, clock: vt.clock, sleep: vt.sleep, random },
        {
          pollIntervalMs: config.pollIntervalMs,
          maxPollIntervalMs: config.maxPollIntervalMs,
          deadline,
          schedule: config.variant === 'sdk' ? 'progress' : config.variant,
          callsPerSecond: config.maxRequestsPerSecond
        },
        (round) => {
          rounds.push({ at: vt.clock(), ids: round.ids ?? 0, open, calls: round.calls });
          open = round.states.filter((state) => !state.terminal).length;
        }
      );
      end = outcome.end;
      requestsSent = api.requestsSent;
    }
  } finally {
    transport.close();
  }
  const cpu = process.cpuUsage(cpuBefore);
  return {
    end,
    startAt: config.start,
    endAt: vt.clock(),
    rounds,
    requestsSent,
    cpuMs: (cpu.user + cpu.system) / 1000,
    bootMs,
    bootCpuMs: (bootCpu.user + bootCpu.system) / 1000,
    maxRssBytes: process.resourceUsage().maxRSS * 1024,
    heapUsedBytes: process.memoryUsage().heapUsed,
    logLines: rounds.length
  };
}

/** The SDK has no ceiling of its own: give it this action's limiter and the same network model. */
function paced(
  api: TaskApi & { requestsSent: number },
  limiter: { acquire(): Promise<void> },
  overNetwork: <V>(work: () => Promise<V>) => Promise<V>
): TaskApi & { requestsSent: number } {
  return {
    describeTasks: async (ids) => {
      await limiter.acquire();
      return overNetwork(() => api.describeTasks(ids));
    },
    get requestsSent() {
      return api.requestsSent;
    }
  };
}
