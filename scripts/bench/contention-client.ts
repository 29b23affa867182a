// Several copies of the action at once, in one process on one virtual clock: each with its own
// poller, DcdnClient, rate limiter and HTTP transport, all against one emulator account (the
// parent's). Simulated clients, not processes: eight processes of the bundle replaying minutes
// do not fit on two cores, and on one clock the figures do not depend on the machine's load.
// Started by scripts/bench/contention.ts.

import { runChild } from './child.ts';
import type { RateLimiter as Limiter } from '../../src/alibaba/rate-limiter.ts';
import type { ContentionConfig, ContentionResult } from './protocol.ts';

await runChild('start-contention', contend);

async function contend(
  config: ContentionConfig,
  publish: (now: number) => Promise<void>
): Promise<ContentionResult> {
  const { VirtualTime } = await import('./virtual-time.ts');
  const { seededRandom } = await import('./timelines.ts');
  const { poll } = await import('../../src/wait/poller.ts');
  const { RateLimiter } = await import('../../src/alibaba/rate-limiter.ts');
  const { DcdnClient } = await import('../../src/alibaba/dcdn-client.ts');
  const { createHttpTransport } = await import('../../src/alibaba/transport.ts');
  const { fixedCredentials } = await import('../../src/alibaba/credentials.ts');

  const vt = new VirtualTime(config.start, publish);
  const half = config.rttMs / 2;
  // Perfect sharing: one queue for the whole account, so no copy is ever throttled.
  const account = new RateLimiter(config.accountLimitPerSecond, vt.clock, vt.sleep);
  const copy = async (ids: string[], startMs: number, index: number) => {
    await vt.sleep(startMs);
    const random = seededRandom(config.seed * 100 + index);
    const startAt = vt.clock();
    const deadline = startAt + config.timeoutMs;
    const real = createHttpTransport('dcdn-refresh-wait-bench', 10_000);
    const transport = {
      send: async (request: Parameters<typeof real.send>[0], timeoutMs: number) => {
        await vt.sleep(half);
        const response = await vt.inFlight(() => real.send(request, timeoutMs));
        await vt.sleep(half);
        return response;
      },
      close: () => real.close()
    };
    const own = new RateLimiter(config.maxRequestsPerSecond, vt.clock, vt.sleep);
    const limiter: Limiter =
      config.variant === 'adaptive'
        ? own
        : ({
            acquire: async () => {
              await own.acquire();
              await account.acquire();
            },
            onThrottle: () => undefined,
            onSuccess: () => undefined
          } as unknown as Limiter);
    const client = new DcdnClient({
      endpoint: new URL(config.endpoint),
      credentials: fixedCredentials({
        accessKeyId: config.accessKeyId,
        accessKeySecret: config.accessKeySecret
      }),
      transport,
      limiter,
      requestTimeoutMs: 10_000,
      clock: vt.clock,
      sleep: vt.sleep,
      random,
      deadline
    });
    try {
      const outcome = await poll(
        ids,
        { api: client, clock: vt.clock, sleep: vt.sleep, random },
        {
          pollIntervalMs: config.pollIntervalMs,
          maxPollIntervalMs: config.maxPollIntervalMs,
          deadline,
          callsPerSecond: config.maxRequestsPerSecond
        }
      );
      return { end: outcome.end, startAt, endAt: vt.clock(), requestsSent: client.requestsSent };
    } finally {
      transport.close();
    }
  };
  const copies = await Promise.all(config.copies.map((c, i) => copy(c.ids, c.startMs, i)));
  return { copies };
}
