// The fault suite: the whole action against the emulator over real sockets, with faults injected,
// in virtual time (sleeps end at once and advance a clock the emulator shares), so long storms
// run in milliseconds. Each case must end in the right verdict, inside the time budget.
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator
} from '../../emulator/server.ts';
import type { Emulator, Fault, FaultRule, TaskScript } from '../../emulator/server.ts';
import { runInProcess } from '../helpers/harness.ts';
import type { Recorded } from '../helpers/harness.ts';
import { virtualTime } from '../helpers/virtual-time.ts';
import type { VirtualTime } from '../helpers/virtual-time.ts';

const TIMEOUT_MS = 5 * 60_000;
let emulator: Emulator;
let time: VirtualTime;

afterEach(async () => {
  await emulator.close();
});

function task(id: string, extra: Partial<TaskScript> = {}): TaskScript {
  return {
    id,
    path: `https://www.example.com/${id}.js`,
    pendingMs: 2000,
    refreshMs: 20_000,
    ...extra
  };
}

async function scenario(options: {
  tasks?: TaskScript[];
  faults?: Fault[];
  rule?: FaultRule;
  inputs?: Record<string, string>;
  clockSkewMs?: number;
}): Promise<Recorded> {
  time = virtualTime();
  const tasks = options.tasks ?? [task('1'), task('2', { refreshMs: 40_000 })];
  emulator = await startEmulator({
    tasks,
    now: time.clock,
    wallClock: time.clock,
    faults: options.faults ?? [],
    ...(options.rule ? { faultRule: options.rule } : {})
  });
  const skew = options.clockSkewMs ?? 0;
  return runInProcess({
    clock: () => time.clock() + skew,
    sleep: time.sleep,
    inputs: {
      'task-ids': tasks.map((t) => t.id).join(','),
      endpoint: emulator.url,
      'access-key-id': DEFAULT_ACCESS_KEY_ID,
      'access-key-secret': DEFAULT_ACCESS_KEY_SECRET,
      timeout: '5m',
      'request-timeout': '300ms',
      ...options.inputs
    }
  });
}

/**
 * What a run whose tasks all complete reports, faults or not: the summary's headline and its
 * call count, the last log line with every request the emulator saw counted (retries included),
 * and no warning, annotation or failure.
 */
function expectReportedComplete(recorded: Recorded, count = 2): void {
  const calls = emulator.requests.length;
  expect(recorded.outputs.status).toBe('complete');
  expect(recorded.failed).toEqual([]);
  expect(recorded.summary).toMatch(new RegExp(`^### ✅ All ${count} DCDN tasks are complete\n`));
  expect(recorded.summary).toContain(`✅ ${count} complete · waited `);
  expect(recorded.summary).toContain(` · ${calls} API calls\n`);
  expect(recorded.info.at(-1)).toMatch(
    new RegExp(
      `^All ${count} DCDN tasks are complete after \\d+:\\d\\d \\(${calls} API calls\\)\\.$`
    )
  );
  expect(recorded.warnings).toEqual([]);
  expect(recorded.errors).toEqual([]);
}

/** What a run that could not check its tasks reports: headline, the cause, the last line. */
function expectReportedUnchecked(recorded: Recorded, cause: RegExp, last: RegExp): void {
  expect(recorded.outputs.status).toBe('failed');
  expect(recorded.outputs['pending-task-ids']).toBe('1,2');
  expect(recorded.summary).toMatch(/^### ❌ The 2 DCDN tasks could not be checked\n/);
  expect(recorded.summary).toMatch(cause);
  expect(recorded.summary).toMatch(/#### ⏳ Still pending: 2 tasks/);
  expect(recorded.failed).toHaveLength(1);
  expect(recorded.failed[0]).toMatch(last);
  // An API error is the step's one error line, not a per-task annotation.
  expect(recorded.errors).toEqual([]);
}

function expectWithinBudget(): void {
  // The last round happens at the deadline; retries never start past it.
  expect(time.elapsed()).toBeLessThanOrEqual(TIMEOUT_MS + 1000);
}

const status = (code: string, httpStatus: number, headers?: Record<string, string>): Fault => ({
  kind: 'status',
  status: httpStatus,
  code,
  ...(headers ? { headers } : {})
});

describe("transient faults end in the tasks' own verdict", () => {
  // A storm long enough to outlast a call's retries is logged on its round's line.
  const storms: [string, FaultRule, RegExp?][] = [
    [
      'a 429 storm (first 30 requests)',
      ({ index }) => (index < 30 ? status('TooManyRequests', 429) : undefined),
      /^\[0:\d\d\] 0\/2 complete, 2 pending \(1 of 1 call failed after retries: .*HTTP 429 TooManyRequests/
    ],
    [
      'TooManyRequests, Throttling.User, then a 502 page, before the first answer',
      ({ index }) =>
        [
          status('TooManyRequests', 429),
          status('Throttling.User', 400),
          { kind: 'html' as const, status: 502 }
        ][index]
    ],
    [
      'Throttling.User bursts (2 of every 3)',
      ({ index }) => (index % 3 < 2 ? status('Throttling.User', 400) : undefined)
    ],
    ['500 InternalError', ({ index }) => (index % 2 ? status('InternalError', 500) : undefined)],
    [
      '502 HTML from a proxy',
      ({ index }) => (index % 2 ? { kind: 'html', status: 502 } : undefined)
    ],
    [
      '503 ServiceUnavailable',
      ({ index }) => (index % 2 ? status('ServiceUnavailable', 503) : undefined)
    ],
    ['504 gateway timeout', ({ index }) => (index % 2 ? status('GatewayTimeout', 504) : undefined)],
    ['resets before the answer', ({ index }) => (index % 2 ? { kind: 'reset' } : undefined)],
    ['resets during the answer', ({ index }) => (index % 2 ? { kind: 'reset-mid' } : undefined)],
    ['malformed JSON', ({ index }) => (index % 2 ? { kind: 'malformed-json' } : undefined)],
    ['truncated JSON', ({ index }) => (index % 2 ? { kind: 'truncated-json' } : undefined)],
    [
      'a body without Tasks',
      ({ index }) => (index % 2 ? { kind: 'body', body: '{"RequestId":"R"}' } : undefined)
    ],
    [
      'Tasks null',
      ({ index }) =>
        index % 2 ? { kind: 'body', body: '{"RequestId":"R","Tasks":null}' } : undefined
    ],
    [
      'Tasks of the wrong type',
      ({ index }) =>
        index % 2 ? { kind: 'body', body: '{"RequestId":"R","Tasks":"none"}' } : undefined
    ],
    [
      'SignatureNonceUsed',
      ({ index }) => (index % 2 ? status('SignatureNonceUsed', 400) : undefined)
    ]
  ];

  // Objects, not arrays: a row shorter than the callback's parameters would pass it `done`.
  const rows = storms.map(([name, rule, logged]) => ({ name, rule, logged }));
  test.each(rows)('$name', async ({ rule, logged }) => {
    const recorded = await scenario({ rule });
    expectReportedComplete(recorded);
    expect(emulator.requests.some((r) => r.fault !== undefined)).toBe(true);
    if (logged) expect(recorded.info).toContainEqual(expect.stringMatching(logged));
    expectWithinBudget();
  });

  test('an answer that never comes: request timeout, then retry', async () => {
    const recorded = await scenario({ faults: [{ kind: 'hang' }, { kind: 'hang' }] });
    expectReportedComplete(recorded);
    expect(emulator.requests.slice(0, 2).map((r) => r.fault)).toEqual(['hang', 'hang']);
  });

  test('a slow trickle of bytes is cut at the request timeout, then retried', async () => {
    const recorded = await scenario({
      faults: [{ kind: 'trickle', bytesPerTick: 1, tickMs: 100 }]
    });
    expect(emulator.requests[0]?.fault).toBe('trickle');
    expectReportedComplete(recorded);
  });

  test('fields of the wrong type are coerced, not fatal', async () => {
    const body = JSON.stringify({
      RequestId: 'R',
      Tasks: [{ TaskId: 1, Status: 'Refreshing', Process: 40, ObjectPath: null }]
    });
    const recorded = await scenario({ faults: [{ kind: 'body', body }] });
    expectReportedComplete(recorded);
  });

  test('answers listing IDs that were not asked for are ignored', async () => {
    const body = JSON.stringify({
      RequestId: 'R',
      Tasks: [
        {
          TaskId: '666',
          Status: 'Failed',
          Process: '0%',
          ObjectType: 'file',
          ObjectPath: 'x',
          CreationTime: '',
          Description: 'bogus'
        }
      ]
    });
    const recorded = await scenario({ faults: [{ kind: 'body', body }] });
    expectReportedComplete(recorded);
    expect(recorded.outputs['failed-task-ids']).toBe('');
    // The stray task is in no report.
    expect(recorded.summary).not.toContain('666');
    expect(recorded.outputs.results).not.toContain('666');
  });

  test('a task that goes back from Complete to Refreshing is never un-finished', async () => {
    const flaky = task('9', {
      steps: [
        { atMs: 0, Status: 'Complete', Process: '100%' },
        { atMs: 3000, Status: 'Refreshing', Process: '50%' }
      ]
    });
    const recorded = await scenario({ tasks: [flaky, task('10')] });
    expectReportedComplete(recorded);
    expect(emulator.requests.filter((r) => r.ids.includes('9'))).toHaveLength(1);
  });
});

describe('retries honour the server and the budget', () => {
  test.each([
    ['Retry-After', { 'Retry-After': '7' }],
    // The gateway's header counts milliseconds; Retry-After counts seconds.
    ['x-acs-retry-after', { 'x-acs-retry-after': '7000' }]
  ])('%s is honoured', async (_name, headers) => {
    const recorded = await scenario({ faults: [status('TooManyRequests', 429, headers)] });
    expectReportedComplete(recorded);
    const [first, second] = emulator.requests;
    expect((second?.at ?? 0) - (first?.at ?? 0)).toBeGreaterThanOrEqual(7000);
  });

  test('a storm that never ends: failed at the budget (no call was answered), naming the last error', async () => {
    const recorded = await scenario({ rule: () => status('ServiceUnavailable', 503) });
    // Not a timeout: the tasks were never checked, so waiting longer is not the fix.
    expectReportedUnchecked(
      recorded,
      /network and proxy settings .*raising timeout will not help/,
      /^No DCDN API call to 127\.0\.0\.1:\d+ got an answer in 5:00: .*HTTP 503 ServiceUnavailable/
    );
    expectWithinBudget();
    expect(time.elapsed()).toBeGreaterThanOrEqual(TIMEOUT_MS);
    // Bounded: backoff keeps the calls far below one per poll interval per retry.
    expect(emulator.requests.length).toBeLessThan(200);
  });

  test('retry delays grow from one retry to the next', async () => {
    const recorded = await scenario({ faults: Array(4).fill(status('InternalError', 500)) });
    expectReportedComplete(recorded);
    const gaps = emulator.requests
      .slice(0, 5)
      .map((r, i, all) => (i ? r.at - (all[i - 1]?.at ?? 0) : 0))
      .slice(1);
    for (let i = 1; i < gaps.length; i++)
      expect(gaps[i] as number).toBeGreaterThan(gaps[i - 1] as number);
  });
});

describe('faults that retrying cannot fix fail at once, clearly', () => {
  test('a runner clock 20 minutes off', async () => {
    const recorded = await scenario({ clockSkewMs: 20 * 60_000 });
    expectReportedUnchecked(
      recorded,
      /The DCDN API answered <code>InvalidTimeStamp\\\.Expired<\/code>: the runner&#39;s clock is more than 15 minutes off/,
      /^DCDN DescribeDcdnRefreshTaskById failed: HTTP 400 InvalidTimeStamp\.Expired: .*Hint: the runner's clock is more than 15 minutes off/
    );
    expect(emulator.requests).toHaveLength(1);
  });

  test('a missing RAM permission', async () => {
    const recorded = await scenario({ faults: [status('Forbidden.RAM', 403)] });
    expectReportedUnchecked(
      recorded,
      /The DCDN API answered <code>Forbidden\\\.RAM<\/code>: the RAM user or role lacks permission/,
      /^DCDN DescribeDcdnRefreshTaskById failed: HTTP 403 Forbidden\.RAM: .*grant it "dcdn:DescribeDcdnRefreshTaskById"/
    );
    expect(emulator.requests).toHaveLength(1);
  });
});
