// The real client over real sockets against the emulator: signing, transport, retries, errors.
import { DcdnClient } from '../../src/alibaba/dcdn-client.ts';
import { fixedCredentials } from '../../src/alibaba/credentials.ts';
import { ApiError, TransientError } from '../../src/shared/errors.ts';
import { RateLimiter } from '../../src/alibaba/rate-limiter.ts';
import { createHttpTransport } from '../../src/alibaba/transport.ts';
import type { Transport } from '../../src/alibaba/transport.ts';
import type { Credentials } from '../../src/alibaba/credentials.ts';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator
} from '../../emulator/server.ts';
import type { Emulator, EmulatorOptions, Fault } from '../../emulator/server.ts';

const KEYS: Credentials = {
  accessKeyId: DEFAULT_ACCESS_KEY_ID,
  accessKeySecret: DEFAULT_ACCESS_KEY_SECRET
};

let emulator: Emulator;
let transport: Transport;
let waits: number[];

async function setUp(options: EmulatorOptions = {}): Promise<void> {
  emulator = await startEmulator({
    tasks: [
      { id: '101', path: 'https://example.com/a.png', pendingMs: 0, refreshMs: 0 },
      {
        id: '102',
        path: 'https://example.com/b/',
        type: 'directory',
        outcome: 'Failed',
        description: 'Origin Timeout',
        pendingMs: 0,
        refreshMs: 0
      }
    ],
    ...options
  });
}

function client(overrides: Partial<ConstructorParameters<typeof DcdnClient>[0]> = {}): DcdnClient {
  waits = [];
  // Real sockets, but retry waits are recorded and skipped (the clock jumps ahead instead).
  let skipped = 0;
  const clock = (): number => Date.now() + skipped;
  const sleep = async (ms: number): Promise<void> => {
    waits.push(ms);
    skipped += ms;
  };
  return new DcdnClient({
    endpoint: new URL(emulator.url),
    credentials: fixedCredentials(KEYS),
    transport,
    limiter: new RateLimiter(1000, Date.now, async () => undefined),
    requestTimeoutMs: 2000,
    clock,
    sleep,
    random: () => 0.5,
    deadline: Date.now() + 60_000,
    ...overrides
  });
}

beforeEach(() => {
  transport = createHttpTransport('dcdn-refresh-wait-test', 2000);
});

afterEach(async () => {
  transport.close();
  await emulator.close();
});

describe('DcdnClient against the emulator', () => {
  test('a signed V3 request is accepted and the tasks come back', async () => {
    await setUp();
    const result = await client().describeTasks(['101', '102', '999']);
    expect(result.requestId).toMatch(/^[0-9A-F-]{36}$/);
    const tasks = [...result.tasks].sort((a, b) => a.TaskId.localeCompare(b.TaskId));
    expect(tasks.map((t) => [t.TaskId, t.Status, t.Description])).toEqual([
      ['101', 'Complete', ''],
      ['102', 'Failed', 'Origin Timeout']
    ]);
    expect(emulator.requests).toHaveLength(1);
    expect(emulator.requests[0]).toMatchObject({
      scheme: 'v3',
      method: 'POST',
      status: 200,
      ids: ['101', '102', '999']
    });
  });

  test('STS credentials send and sign the security token', async () => {
    const sts = {
      accessKeyId: 'STS.abc',
      accessKeySecret: 'sts-secret',
      securityToken: 'token/with+odd=chars'
    };
    await setUp({ credentials: [sts] });
    const result = await client({ credentials: fixedCredentials(sts) }).describeTasks(['101']);
    expect(result.tasks).toHaveLength(1);
    expect(emulator.requests[0]?.securityToken).toBe(sts.securityToken);
  });

  test('a missing STS token is a clear, immediate failure', async () => {
    await setUp({
      credentials: [{ accessKeyId: 'STS.abc', accessKeySecret: 's', securityToken: 't' }]
    });
    const error = await client({
      credentials: fixedCredentials({ accessKeyId: 'STS.abc', accessKeySecret: 's' })
    })
      .describeTasks(['101'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toMatch(/InvalidSecurityToken/);
    expect(emulator.requests).toHaveLength(1);
  });

  test.each([
    [
      'wrong secret',
      { ...KEYS, accessKeySecret: 'wrong' },
      /SignatureDoesNotMatch.*RequestId: [0-9A-F-]{36}.*Hint: the access key secret does not match/
    ],
    [
      'unknown key',
      { ...KEYS, accessKeyId: 'LTAInope' },
      /InvalidAccessKeyId\.NotFound.*Hint: the access key ID does not exist/
    ]
  ])(
    '%s fails at once with Code, Message, RequestId and a hint',
    async (_name, credentials, message) => {
      await setUp();
      const error = await client({ credentials: fixedCredentials(credentials) })
        .describeTasks(['101'])
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApiError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain(DEFAULT_ACCESS_KEY_SECRET);
      expect(emulator.requests).toHaveLength(1);
    }
  );

  test('a runner clock 20 minutes off is named as the problem', async () => {
    await setUp();
    const error = await client({ clock: () => Date.now() - 20 * 60_000 })
      .describeTasks(['101'])
      .catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/InvalidTimeStamp\.Expired.*clock/);
  });

  test("the API's own 400s are not retried", async () => {
    await setUp();
    const ids = Array.from({ length: 11 }, (_, i) => String(200 + i));
    const error = await client()
      .describeTasks(ids)
      .catch((e: unknown) => e);
    expect((error as ApiError).code).toBe('InvalidTaskId');
    expect(emulator.requests).toHaveLength(1);
  });

  const faults: [string, Fault][] = [
    ['429 TooManyRequests', { kind: 'status', status: 429, code: 'TooManyRequests' }],
    ['400 Throttling.User', { kind: 'status', status: 400, code: 'Throttling.User' }],
    ['500 InternalError', { kind: 'status', status: 500, code: 'InternalError' }],
    ['503 ServiceUnavailable', { kind: 'status', status: 503, code: 'ServiceUnavailable' }],
    ['SignatureNonceUsed', { kind: 'status', status: 400, code: 'SignatureNonceUsed' }],
    ['a proxy HTML page', { kind: 'html', status: 502 }],
    ['a reset connection', { kind: 'reset' }],
    ['a reset mid-answer', { kind: 'reset-mid' }],
    ['malformed JSON', { kind: 'malformed-json' }],
    ['truncated JSON', { kind: 'truncated-json' }],
    ['a body without Tasks', { kind: 'body', body: '{"RequestId":"X","TotalCount":0}' }],
    ['Tasks null', { kind: 'body', body: '{"RequestId":"X","Tasks":null}' }]
  ];

  test.each(faults)('%s is retried with backoff and then succeeds', async (_name, fault) => {
    await setUp({ faults: [fault, fault] });
    const result = await client().describeTasks(['101']);
    expect(result.tasks[0]?.Status).toBe('Complete');
    expect(emulator.requests).toHaveLength(3);
    expect(waits).toHaveLength(2);
    expect(waits[1] as number).toBeGreaterThan(waits[0] as number);
  });

  test('a hung answer times out and is retried', async () => {
    await setUp({ faults: [{ kind: 'hang' }] });
    const result = await client({ requestTimeoutMs: 300 }).describeTasks(['101']);
    expect(result.tasks).toHaveLength(1);
    expect(emulator.requests).toHaveLength(2);
  });

  test('a trickling answer is cut at the request timeout', async () => {
    await setUp({ faults: [{ kind: 'trickle', bytesPerTick: 1, tickMs: 50 }] });
    const result = await client({ requestTimeoutMs: 400 }).describeTasks(['101']);
    expect(result.tasks).toHaveLength(1);
    expect(emulator.requests).toHaveLength(2);
  });

  test('Retry-After is honoured', async () => {
    await setUp({
      faults: [
        { kind: 'status', status: 429, code: 'TooManyRequests', headers: { 'Retry-After': '3' } }
      ]
    });
    await client().describeTasks(['101']);
    expect(waits).toEqual([3000]);
  });

  test('retries stop at the attempt bound', async () => {
    const busy: Fault = { kind: 'status', status: 503, code: 'ServiceUnavailable' };
    await setUp({ faults: Array(10).fill(busy) });
    const error = await client({ maxAttempts: 4 })
      .describeTasks(['101'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    expect(emulator.requests).toHaveLength(4);
  });

  test('retries never wait past the deadline', async () => {
    const busy: Fault = { kind: 'status', status: 503, code: 'ServiceUnavailable' };
    await setUp({ faults: Array(10).fill(busy) });
    const error = await client({ deadline: Date.now() + 1000 })
      .describeTasks(['101'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransientError);
    // 500 ms, then 1000 ms would pass the 1 s deadline: two requests, one wait.
    expect(waits).toEqual([375]);
    expect(emulator.requests).toHaveLength(2);
  });

  test('IDs that were not asked for are ignored; odd field types are coerced', async () => {
    const body = JSON.stringify({
      RequestId: 'R',
      Tasks: [
        {
          TaskId: 101,
          Status: 'Complete',
          Process: '100%',
          ObjectType: 'file',
          ObjectPath: 'p',
          CreationTime: 't',
          Description: ''
        },
        {
          TaskId: '555',
          Status: 'Failed',
          Process: '0%',
          ObjectType: 'file',
          ObjectPath: 'x',
          CreationTime: 't',
          Description: 'no'
        },
        { Status: 'Complete' },
        'garbage'
      ]
    });
    await setUp({ faults: [{ kind: 'body', body }] });
    const result = await client().describeTasks(['101']);
    expect(result.tasks.map((t) => t.TaskId)).toEqual(['101']);
  });
});
