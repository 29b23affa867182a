// One bad ID over real sockets: the emulator refuses any batch holding a non-digit ID with
// InvalidTaskId.Malformed, and the poller, through the real client and rate limiter, finds that
// ID and keeps every other answer.
import { DcdnClient } from '../../src/alibaba/dcdn-client.ts';
import { fixedCredentials } from '../../src/alibaba/credentials.ts';
import { RateLimiter } from '../../src/alibaba/rate-limiter.ts';
import { createHttpTransport } from '../../src/alibaba/transport.ts';
import type { Transport } from '../../src/alibaba/transport.ts';
import { poll } from '../../src/wait/poller.ts';
import { decide, failures } from '../../src/wait/verdict.ts';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator
} from '../../emulator/server.ts';
import type { Emulator, TaskScript } from '../../emulator/server.ts';

let emulator: Emulator;
let transport: Transport;

const IDS = Array.from({ length: 10 }, (_, i) => String(201 + i));
const BAD = 'abc';

beforeEach(async () => {
  const tasks: TaskScript[] = IDS.map((id) => ({
    id,
    path: `https://example.com/${id}.png`,
    pendingMs: 0,
    refreshMs: 0,
    ...(id === '203' ? { outcome: 'Failed' as const, description: 'Origin Timeout' } : {})
  }));
  emulator = await startEmulator({ tasks });
  transport = createHttpTransport('dcdn-refresh-wait-test', 2000);
});

afterEach(async () => {
  transport.close();
  await emulator.close();
});

test('a malformed ID among 10 fails alone with the API reason; the others are answered', async () => {
  // Real sockets; the poller's waits are skipped by moving its clock ahead instead.
  let skipped = 0;
  const clock = (): number => Date.now() + skipped;
  const sleep = async (ms: number): Promise<void> => {
    skipped += ms;
  };
  const client = new DcdnClient({
    endpoint: new URL(emulator.url),
    credentials: fixedCredentials({
      accessKeyId: DEFAULT_ACCESS_KEY_ID,
      accessKeySecret: DEFAULT_ACCESS_KEY_SECRET
    }),
    transport,
    limiter: new RateLimiter(30, clock, sleep),
    requestTimeoutMs: 2000,
    clock,
    sleep,
    random: () => 0.5,
    deadline: clock() + 60_000
  });
  const ids = [...IDS.slice(0, 6), BAD, ...IDS.slice(6, 9)];
  const outcome = await poll(
    ids,
    { api: client, clock, sleep, random: () => 0.5 },
    { pollIntervalMs: 1000, maxPollIntervalMs: 5000, deadline: clock() + 60_000 }
  );
  expect(outcome.end).toBe('done');
  const verdict = decide(outcome);
  expect(verdict.failedIds).toEqual(['203', BAD]);
  expect(verdict.completeIds).toEqual(ids.filter((id) => id !== '203' && id !== BAD));
  expect(failures(verdict).map((r) => `${r.TaskId}: ${r.Description}`)).toEqual([
    '203: Origin Timeout',
    `${BAD}: InvalidTaskId.Malformed: The specified TaskId is invalid.`
  ]);
  // Every call went over the wire (paced by the limiter) and counts; only calls holding the bad
  // ID were refused, the last of them asking about it alone.
  const asked = emulator.requests.map((r) => r.ids.join(','));
  expect(outcome.calls).toBe(emulator.requests.length);
  expect(client.requestsSent).toBe(emulator.requests.length);
  const refused = emulator.requests.filter((r) => r.code === 'InvalidTaskId.Malformed');
  expect(refused.every((r) => r.ids.includes(BAD))).toBe(true);
  expect(refused.at(-1)?.ids).toEqual([BAD]);
  expect(emulator.requests.filter((r) => r.status === 200).every((r) => !r.ids.includes(BAD))).toBe(
    true
  );
  expect(asked.length - 1).toBeLessThanOrEqual(8);
});
