// Faults on submissions: which ones stand for a call that never reached the API and which for a
// call carried out whose answer was lost; queue and throttling codes; per-action rate limits.
import { startEmulator } from '../../emulator/server.ts';
import type { Emulator, EmulatorOptions, Fault } from '../../emulator/types.ts';
import { CDN_VERSION, DCDN_VERSION, acsCall, outcome, signedCall } from '../helpers/acs-call.ts';
import { json, send } from '../helpers/http.ts';

const T0 = Date.UTC(2026, 6, 1, 4, 0, 0);
let clock = T0;
let emulator: Emulator;
async function start(options: EmulatorOptions = {}): Promise<void> {
  clock = T0;
  emulator = await startEmulator({ now: () => clock, ...options });
}
afterEach(() => emulator.close());

const PATHS = { ObjectPath: 'https://www.example.com/a\nhttps://www.example.com/b' };

/** The answer, or the error the socket reported (timeouts after 200 ms of real time). */
async function attempt(action = 'RefreshDcdnObjectCaches', version = DCDN_VERSION) {
  const s = signedCall(emulator.port, { action, version, params: PATHS });
  try {
    const res = await send(emulator.url, { ...s, timeoutMs: 200 });
    return `${res.status}`;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code ?? (e as Error).message;
  }
}

async function urlRemain(): Promise<string> {
  return String((await acsCall(emulator, { action: 'DescribeDcdnRefreshQuota' })).body.UrlRemain);
}

describe('faults that replace or drop the answer: the call never reached the API', () => {
  test.each<[Fault, string]>([
    [{ kind: 'status', status: 503, code: 'ServiceUnavailable' }, '503'],
    [{ kind: 'html' }, '502'],
    [{ kind: 'body', body: '{}' }, '200'],
    [{ kind: 'reset' }, 'ECONNRESET'],
    [{ kind: 'hang' }, 'client timeout']
  ])('%j → %s, nothing submitted', async (fault, seen) => {
    await start();
    emulator.injectFaults(fault);
    expect(await attempt()).toBe(seen);
    expect(emulator.submissions).toEqual([]);
    expect(await urlRemain()).toBe('10000');
    expect(emulator.requests[0]).toMatchObject({ fault: fault.kind, paths: 2 });
  });
});

describe('faults after the commit: carried out, answer lost or damaged', () => {
  test.each<[Fault, string]>([
    [{ kind: 'reset-after-commit' }, 'ECONNRESET'],
    [{ kind: 'hang-after-commit' }, 'client timeout'],
    [{ kind: 'truncated-json' }, '200'],
    [{ kind: 'malformed-json' }, '200']
  ])('%j → %s, tasks created and quota spent', async (fault, seen) => {
    await start();
    emulator.injectFaults(fault);
    expect(await attempt()).toBe(seen);
    expect(emulator.submissions).toHaveLength(1);
    expect(await urlRemain()).toBe('9998');
    const id = emulator.submissions[0]?.taskIds.join(',') ?? '';
    const lookup = await acsCall(emulator, {
      action: 'DescribeDcdnRefreshTaskById',
      params: { TaskId: id }
    });
    expect(lookup.body.TotalCount).toBe(2);
  });

  test('a retry after reset-after-commit submits the batch again and spends quota twice', async () => {
    await start();
    emulator.injectFaults({ kind: 'reset-after-commit' });
    expect(await attempt('PreloadDcdnObjectCaches')).toBe('ECONNRESET');
    expect(await attempt('PreloadDcdnObjectCaches')).toBe('200');
    expect(emulator.submissions.map((s) => s.paths)).toEqual([
      ['https://www.example.com/a', 'https://www.example.com/b'],
      ['https://www.example.com/a', 'https://www.example.com/b']
    ]);
    // Within the same second both land on the same merged ID: 4 rows.
    const [first, second] = emulator.submissions.map((s) => s.taskIds);
    expect(second).toEqual(first);
    const quota = await acsCall(emulator, { action: 'DescribeDcdnRefreshQuota' });
    expect(quota.body.PreloadRemain).toBe('996');
    expect(emulator.requests.map((r) => [r.fault, r.status])).toEqual([
      ['reset-after-commit', 0],
      [undefined, 200],
      [undefined, 200]
    ]);
  });

  test('a rejected submission stays rejected under an after-commit fault', async () => {
    await start();
    emulator.injectFaults({ kind: 'reset-after-commit' });
    const s = signedCall(emulator.port, {
      action: 'RefreshDcdnObjectCaches',
      params: { ObjectPath: 'not a url' }
    });
    await expect(send(emulator.url, s)).rejects.toMatchObject({ code: 'ECONNRESET' });
    expect(emulator.submissions).toEqual([]);
  });
});

describe('queue and throttling codes', () => {
  test.each([
    ['PreloadDcdnObjectCaches', DCDN_VERSION, 'PreloadQueueFull', 400, 'dcdn.aliyuncs.com'],
    ['PushObjectCache', CDN_VERSION, 'PreloadQueueFull', 403, 'cdn.aliyuncs.com'],
    ['RefreshDcdnObjectCaches', DCDN_VERSION, 'TooMany.Refresh', 400, 'dcdn.aliyuncs.com'],
    ['RefreshObjectCaches', CDN_VERSION, 'QuotaPerMinuteExceeded.Refresh', 400, 'cdn.aliyuncs.com'],
    ['RefreshObjectCaches', CDN_VERSION, 'ServiceBusy', 403, 'cdn.aliyuncs.com']
  ])('%s (%s): %s is %d', async (action, version, code, status, host) => {
    await start();
    emulator.injectFaults({ kind: 'status', code });
    const a = await acsCall(emulator, { action, version, params: PATHS });
    expect([a.status, a.body.Code, a.body.HostId]).toEqual([status, code, host]);
    expect(String(a.body.Message)).not.toBe('An error occurred.');
    expect(emulator.submissions).toEqual([]);
  });

  test('a fault rule sees the action, product and number of paths', async () => {
    await start({
      faultRule: (r) =>
        r.action === 'PushObjectCache' && r.paths > 1
          ? { kind: 'status', code: 'PreloadQueueFull' }
          : undefined
    });
    const push = (ObjectPath: string) =>
      outcome(emulator, {
        action: 'PushObjectCache',
        version: CDN_VERSION,
        params: { ObjectPath }
      });
    expect(await push(PATHS.ObjectPath)).toBe('403 PreloadQueueFull');
    expect(await push('https://www.example.com/a')).toBe('OK');
    expect(
      await outcome(emulator, {
        action: 'RefreshObjectCaches',
        version: CDN_VERSION,
        params: PATHS
      })
    ).toBe('OK');
  });
});

describe('rate limits', () => {
  const call = (action: string, version = DCDN_VERSION, params: Record<string, string> = PATHS) =>
    outcome(emulator, { action, version, params });

  test('DCDN prefetch: 15 calls per second per account', async () => {
    await start();
    for (let i = 0; i < 15; i++) expect(await call('PreloadDcdnObjectCaches')).toBe('OK');
    expect(await call('PreloadDcdnObjectCaches')).toBe('429 TooManyRequests');
    expect(await call('RefreshDcdnObjectCaches')).toBe('OK');
    clock += 1000;
    expect(await call('PreloadDcdnObjectCaches')).toBe('OK');
  });

  test('DCDN quota API: 20 calls per second', async () => {
    await start();
    for (let i = 0; i < 20; i++)
      expect(await call('DescribeDcdnRefreshQuota', DCDN_VERSION, {})).toBe('OK');
    expect(await call('DescribeDcdnRefreshQuota', DCDN_VERSION, {})).toBe('429 TooManyRequests');
  });

  test('the 30 calls per second of an account are shared by every action of both products', async () => {
    await start();
    for (let i = 0; i < 10; i++) expect(await call('RefreshDcdnObjectCaches')).toBe('OK');
    for (let i = 0; i < 10; i++) expect(await call('PushObjectCache', CDN_VERSION)).toBe('OK');
    for (let i = 0; i < 10; i++) {
      expect(await call('DescribeRefreshTaskById', CDN_VERSION, { TaskId: '1' })).toBe('OK');
    }
    expect(await call('DescribeDcdnRefreshQuota', DCDN_VERSION, {})).toBe('429 TooManyRequests');
    expect(await call('RefreshObjectCaches', CDN_VERSION)).toBe('429 TooManyRequests');
  });

  test('a call refused by its action limit does not use the account window', async () => {
    await start({ actionRateLimits: { RefreshObjectCaches: 2 }, rateLimitPerSecond: 5 });
    expect(await call('RefreshObjectCaches', CDN_VERSION)).toBe('OK');
    expect(await call('RefreshObjectCaches', CDN_VERSION)).toBe('OK');
    for (let i = 0; i < 5; i++) {
      expect(await call('RefreshObjectCaches', CDN_VERSION)).toBe('429 TooManyRequests');
    }
    for (let i = 0; i < 3; i++) expect(await call('PushObjectCache', CDN_VERSION)).toBe('OK');
    expect(await call('PushObjectCache', CDN_VERSION)).toBe('429 TooManyRequests');
  });

  test('a throttled submission creates nothing', async () => {
    await start({ actionRateLimits: { RefreshDcdnObjectCaches: 1 } });
    expect(await call('RefreshDcdnObjectCaches')).toBe('OK');
    const a = await acsCall(emulator, { action: 'RefreshDcdnObjectCaches', params: PATHS });
    expect(json(a.raw)).toMatchObject({ Code: 'TooManyRequests', HostId: 'dcdn.aliyuncs.com' });
    expect(emulator.submissions).toHaveLength(1);
  });
});
