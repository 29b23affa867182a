// One server, two products: the version picks the product, each answers only its own actions,
// its own lookups and its own gateway identity.
import { startEmulator } from '../../emulator/server.ts';
import type { Emulator } from '../../emulator/types.ts';
import { CDN_VERSION, DCDN_VERSION, acsCall, outcome } from '../helpers/acs-call.ts';

const T0 = Date.UTC(2026, 6, 1, 4, 0, 0);
let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({
    now: () => T0,
    tasks: [
      { id: '11', path: 'https://www.example.com/d.html', createdAt: T0 },
      { id: '12', path: 'https://www.example.com/c.html', createdAt: T0, product: 'cdn' }
    ]
  });
});
afterEach(() => emulator.close());

const PATH = { ObjectPath: 'https://www.example.com/a.html' };

describe('dispatch on the version', () => {
  test.each([
    [DCDN_VERSION, 'DescribeDcdnRefreshTaskById', { TaskId: '11' }],
    [DCDN_VERSION, 'RefreshDcdnObjectCaches', PATH],
    [DCDN_VERSION, 'PreloadDcdnObjectCaches', PATH],
    [DCDN_VERSION, 'DescribeDcdnRefreshQuota', {}],
    [CDN_VERSION, 'DescribeRefreshTaskById', { TaskId: '12' }],
    [CDN_VERSION, 'RefreshObjectCaches', PATH],
    [CDN_VERSION, 'PushObjectCache', PATH],
    [CDN_VERSION, 'DescribeRefreshQuota', {}]
  ])('%s %s is served', async (version, action, params) => {
    expect(await outcome(emulator, { action, version, params })).toBe('OK');
    expect(emulator.requests[0]).toMatchObject({
      action,
      version,
      product: version === CDN_VERSION ? 'cdn' : 'dcdn',
      status: 200
    });
  });

  test.each([
    [CDN_VERSION, 'DescribeDcdnRefreshTaskById'],
    [CDN_VERSION, 'RefreshDcdnObjectCaches'],
    [DCDN_VERSION, 'PushObjectCache'],
    [DCDN_VERSION, 'DescribeRefreshQuota'],
    ['2019-01-01', 'RefreshObjectCaches'],
    [DCDN_VERSION, 'toString'],
    [DCDN_VERSION, 'DeleteDcdnDomain']
  ])('%s %s is InvalidApi.NotFound', async (version, action) => {
    expect(await outcome(emulator, { action, version, params: PATH })).toBe(
      '404 InvalidApi.NotFound'
    );
    expect(emulator.submissions).toEqual([]);
  });

  test('errors name the gateway of the product that answers', async () => {
    const cdn = await acsCall(emulator, {
      action: 'DescribeRefreshTaskById',
      version: CDN_VERSION
    });
    expect(cdn.body).toMatchObject({ Code: 'InvalidParameters', HostId: 'cdn.aliyuncs.com' });
    expect(String(cdn.body.Recommend)).toMatch(/product=cdn$/);
    const dcdn = await acsCall(emulator, { action: 'DescribeDcdnRefreshTaskById' });
    expect(dcdn.body).toMatchObject({ Code: 'InvalidParameters', HostId: 'dcdn.aliyuncs.com' });
  });
});

describe('each lookup sees its own product', () => {
  test('DCDN lists DCDN tasks, CDN lists CDN tasks', async () => {
    const dcdn = await acsCall(emulator, {
      action: 'DescribeDcdnRefreshTaskById',
      params: { TaskId: '11,12' }
    });
    expect((dcdn.body.Tasks as { TaskId: string }[]).map((t) => t.TaskId)).toEqual(['11']);
    const cdn = await acsCall(emulator, {
      action: 'DescribeRefreshTaskById',
      version: CDN_VERSION,
      params: { TaskId: '11,12' }
    });
    expect(cdn.body).toMatchObject({
      TotalCount: 1,
      Tasks: [
        {
          TaskId: '12',
          Status: 'Pending',
          Process: '0%',
          ObjectType: 'file',
          ObjectPath: 'https://www.example.com/c.html',
          CreationTime: '2026-07-01T04:00:00Z',
          Description: ''
        }
      ]
    });
  });

  test('a submitted task is listed by its own product only, and for its own account only', async () => {
    const other = { accessKeyId: 'LTAIother', accessKeySecret: 'other-secret' };
    emulator.addCredentials(other);
    const push = await acsCall(emulator, {
      action: 'PushObjectCache',
      version: CDN_VERSION,
      params: PATH
    });
    const id = String(push.body.PushTaskId);
    expect(id).toMatch(/^\d+$/);
    const ask = (action: string, version: string, cred?: typeof other) =>
      acsCall(emulator, {
        action,
        version,
        params: { TaskId: id },
        ...(cred ? { cred } : {})
      }).then((a) => a.body.TotalCount);
    expect(await ask('DescribeRefreshTaskById', CDN_VERSION)).toBe(1);
    expect(await ask('DescribeDcdnRefreshTaskById', DCDN_VERSION)).toBe(0);
    expect(await ask('DescribeRefreshTaskById', CDN_VERSION, other)).toBe(0);
  });
});

describe('records', () => {
  test('action, product and the number of paths are recorded', async () => {
    await acsCall(emulator, {
      action: 'RefreshDcdnObjectCaches',
      params: { ObjectPath: 'https://www.example.com/a\r\nhttps://www.example.com/b\n' }
    });
    await acsCall(emulator, { action: 'DescribeRefreshQuota', version: CDN_VERSION });
    expect(emulator.requests[0]).toMatchObject({
      action: 'RefreshDcdnObjectCaches',
      product: 'dcdn',
      paths: 2,
      status: 200
    });
    expect(emulator.requests[1]).toMatchObject({ action: 'DescribeRefreshQuota', product: 'cdn' });
    expect(emulator.requests[1]).not.toHaveProperty('paths');
  });
});
