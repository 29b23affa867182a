// Daily quotas per account and product, answered as strings; all-or-nothing spending; the day
// boundary; and the per-domain minute limit of URL refreshes. Time is the emulator's `now`.
import { startEmulator } from '../../emulator/server.ts';
import type { Emulator, EmulatorOptions } from '../../emulator/types.ts';
import { CDN_VERSION, DCDN_VERSION, acsCall, outcome, type AcsCall } from '../helpers/acs-call.ts';

// 15:00 UTC = 23:00 in Beijing: the quota day ends an hour later.
const T0 = Date.UTC(2026, 6, 1, 15, 0, 0);
let clock = T0;
let emulator: Emulator;
async function start(options: EmulatorOptions = {}): Promise<void> {
  clock = T0;
  emulator = await startEmulator({ now: () => clock, ...options });
}
afterEach(() => emulator.close());

const paths = (n: number, domain = 'www.example.com', prefix = 'f') =>
  Array.from({ length: n }, (_, i) => `https://${domain}/${prefix}${i}`).join('\n');
const dirs = (n: number) =>
  Array.from({ length: n }, (_, i) => `https://www.example.com/d${i}/`).join('\n');

const dcdnQuota = async (cred?: AcsCall['cred']) =>
  (await acsCall(emulator, { action: 'DescribeDcdnRefreshQuota', ...(cred ? { cred } : {}) })).body;
const cdnQuota = async () =>
  (await acsCall(emulator, { action: 'DescribeRefreshQuota', version: CDN_VERSION })).body;

function refresh(ObjectPath: string, extra: Record<string, string> = {}, version = DCDN_VERSION) {
  const action = version === DCDN_VERSION ? 'RefreshDcdnObjectCaches' : 'RefreshObjectCaches';
  return outcome(emulator, { action, version, place: 'form', params: { ObjectPath, ...extra } });
}
function preload(ObjectPath: string, version = DCDN_VERSION) {
  const action = version === DCDN_VERSION ? 'PreloadDcdnObjectCaches' : 'PushObjectCache';
  return outcome(emulator, { action, version, place: 'form', params: { ObjectPath } });
}

describe('the quota APIs', () => {
  test('DCDN: the documented fields, every value a string, defaults before any use', async () => {
    await start();
    const body = await dcdnQuota();
    expect(body).toEqual({
      RequestId: expect.stringMatching(/^[0-9A-F-]{36}$/),
      UrlQuota: '10000',
      UrlRemain: '10000',
      DirQuota: '100',
      DirRemain: '100',
      PreloadQuota: '1000',
      PreloadRemain: '1000',
      RegexQuota: '20',
      RegexRemain: '20',
      IgnoreParamsQuota: '10000',
      IgnoreParamsRemain: '10000',
      BlockQuota: '100',
      BlockRemain: '100'
    });
  });

  test('CDN adds PreloadEdgeQuota/PreloadEdgeRemain', async () => {
    await start({ quotas: { preloadEdge: 50 } });
    const body = await cdnQuota();
    expect(Object.keys(body).sort()).toEqual(
      [...Object.keys(await dcdnQuota()), 'PreloadEdgeQuota', 'PreloadEdgeRemain'].sort()
    );
    expect(body).toMatchObject({ PreloadEdgeQuota: '50', PreloadEdgeRemain: '50' });
  });

  test('each kind spends its own quota', async () => {
    await start();
    expect(await refresh(paths(3))).toBe('OK');
    expect(await refresh(dirs(2), { ObjectType: 'Directory' })).toBe('OK');
    expect(await refresh('https://www.example.com/r/.*', { ObjectType: 'Regex' })).toBe('OK');
    expect(await refresh(paths(4, 'www.example.com', 'i'), { ObjectType: 'IgnoreParams' })).toBe(
      'OK'
    );
    expect(await preload(paths(5))).toBe('OK');
    expect(await dcdnQuota()).toMatchObject({
      UrlRemain: '9997',
      DirRemain: '98',
      RegexRemain: '19',
      IgnoreParamsRemain: '9996',
      PreloadRemain: '995',
      BlockRemain: '100'
    });
  });

  test('CDN ExQuery spends IgnoreParams; the products keep separate books', async () => {
    await start();
    expect(await refresh(paths(2), { ObjectType: 'ExQuery' }, CDN_VERSION)).toBe('OK');
    expect(await preload(paths(1), CDN_VERSION)).toBe('OK');
    expect(await cdnQuota()).toMatchObject({ IgnoreParamsRemain: '9998', PreloadRemain: '999' });
    expect(await dcdnQuota()).toMatchObject({ IgnoreParamsRemain: '10000', PreloadRemain: '1000' });
  });

  test('accounts keep separate books; keys of one account share one', async () => {
    const a1 = { accessKeyId: 'LTAIa1', accessKeySecret: 's1', account: 'A' };
    const a2 = { accessKeyId: 'LTAIa2', accessKeySecret: 's2', account: 'A' };
    const b = { accessKeyId: 'LTAIb', accessKeySecret: 's3' };
    await start({ credentials: [a1, a2, b] });
    const a = await acsCall(emulator, {
      action: 'PreloadDcdnObjectCaches',
      cred: a1,
      params: { ObjectPath: paths(7) }
    });
    expect(a.status).toBe(200);
    expect((await dcdnQuota(a2)).PreloadRemain).toBe('993');
    expect((await dcdnQuota(b)).PreloadRemain).toBe('1000');
  });
});

describe('exceeding a daily quota', () => {
  test.each([
    ['url', () => refresh(paths(3)), 'QuotaExceeded.Refresh', 'UrlRemain'],
    [
      'dir',
      () => refresh(dirs(3), { ObjectType: 'Directory' }),
      'QuotaExceeded.Refresh',
      'DirRemain'
    ],
    ['preload', () => preload(paths(3)), 'QuotaExceeded.Preload', 'PreloadRemain'],
    [
      'ignoreParams',
      () => refresh(paths(3), { ObjectType: 'IgnoreParams' }),
      'QuotaExceeded.Refresh',
      'IgnoreParamsRemain'
    ]
  ] as const)('%s: a call over what remains spends nothing', async (kind, submit, code, field) => {
    await start({ quotas: { [kind]: 5 } });
    expect(await submit()).toBe('OK'); // 3 of 5
    expect(await submit()).toBe(`400 ${code}`); // 3 > 2 left
    expect((await dcdnQuota())[field]).toBe('2');
    expect(emulator.submissions).toHaveLength(1);
  });

  test('exactly what remains is accepted, then nothing more', async () => {
    await start({ quotas: { regex: 2 } });
    const regex = { ObjectType: 'Regex' };
    expect(await refresh('https://www.example.com/a/.*', regex)).toBe('OK');
    expect(await refresh('https://www.example.com/b/.*', regex)).toBe('OK');
    expect(await refresh('https://www.example.com/c/.*', regex)).toBe('400 QuotaExceeded.Refresh');
    expect((await dcdnQuota()).RegexRemain).toBe('0');
  });

  test('the quota comes back when the day turns at midnight in Beijing (16:00 UTC)', async () => {
    await start({ quotas: { preload: 4 } });
    expect(await preload(paths(4))).toBe('OK');
    clock = Date.UTC(2026, 6, 1, 15, 59, 59);
    expect(await preload(paths(1))).toBe('400 QuotaExceeded.Preload');
    clock = Date.UTC(2026, 6, 1, 16, 0, 0);
    expect((await dcdnQuota()).PreloadRemain).toBe('4');
    expect(await preload(paths(1))).toBe('OK');
  });

  test('an invalid call with a spent quota reports the invalid path first', async () => {
    await start({ quotas: { url: 0 } });
    expect(await refresh('not a url')).toBe('400 InvalidObjectPath.Malformed');
    expect(await refresh(paths(1))).toBe('400 QuotaExceeded.Refresh');
  });
});

describe('URL refreshes per domain per minute', () => {
  test('over 1,000 in a sliding minute is QuotaPerMinuteExceeded.Refresh, per domain', async () => {
    await start();
    expect(await refresh(paths(600))).toBe('OK');
    clock += 30_000;
    expect(await refresh(paths(401, 'www.example.com', 'g'))).toBe(
      '400 QuotaPerMinuteExceeded.Refresh'
    );
    expect(await refresh(paths(400, 'www.example.com', 'g'))).toBe('OK'); // exactly 1,000
    expect(await refresh(paths(1000, 'img.example.com'))).toBe('OK'); // another domain
    expect(await refresh(dirs(5), { ObjectType: 'Directory' })).toBe('OK'); // not URLs
    clock = T0 + 60_000; // the first 600 leave the window
    expect(await refresh(paths(600, 'www.example.com', 'h'))).toBe('OK');
    expect((await dcdnQuota()).UrlRemain).toBe(String(10_000 - 600 - 400 - 1000 - 600));
  });

  test('the limit is an option', async () => {
    await start({ refreshUrlsPerDomainPerMinute: 2 });
    expect(await refresh(paths(3))).toBe('400 QuotaPerMinuteExceeded.Refresh');
    expect(await refresh(paths(2))).toBe('OK');
  });
});
