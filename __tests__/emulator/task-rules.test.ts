// Submitted tasks follow timelines: the default one, the first matching rule, the `submitted`
// hook on top. Time moves only when the test moves the emulator's clock.
import { startEmulator } from '../../emulator/server.ts';
import type { Emulator, EmulatorOptions } from '../../emulator/types.ts';
import { CDN_VERSION, DCDN_VERSION, acsCall } from '../helpers/acs-call.ts';

const T0 = Date.UTC(2026, 6, 1, 4, 0, 0);
let clock = T0;
let emulator: Emulator;
async function start(options: EmulatorOptions = {}): Promise<void> {
  clock = T0;
  emulator = await startEmulator({ now: () => clock, ...options });
}
afterEach(() => emulator.close());

async function submit(action: string, paths: string[], extra: Record<string, string> = {}) {
  const version = action.includes('Dcdn') ? DCDN_VERSION : CDN_VERSION;
  const a = await acsCall(emulator, {
    action,
    version,
    params: { ObjectPath: paths.join('\n'), ...extra }
  });
  expect(a.status).toBe(200);
  return String(a.body.RefreshTaskId ?? a.body.PreloadTaskId ?? a.body.PushTaskId);
}

async function states(ids: string, version = DCDN_VERSION) {
  const action =
    version === DCDN_VERSION ? 'DescribeDcdnRefreshTaskById' : 'DescribeRefreshTaskById';
  const a = await acsCall(emulator, { action, version, params: { TaskId: ids } });
  const tasks = a.body.Tasks as {
    ObjectPath: string;
    Status: string;
    Process: string;
    Description: string;
  }[];
  return Object.fromEntries(
    tasks.map((t) => [
      t.ObjectPath.replace('https://www.example.com', ''),
      `${t.Status} ${t.Process} ${t.Description}`.trim()
    ])
  );
}

test('by default: Pending for 1 s, Refreshing for 3 s, then Complete', async () => {
  await start();
  const id = await submit('RefreshDcdnObjectCaches', ['https://www.example.com/a']);
  expect(await states(id)).toEqual({ '/a': 'Pending 0%' });
  clock = T0 + 2500;
  expect(await states(id)).toEqual({ '/a': 'Refreshing 50%' });
  clock = T0 + 4000;
  expect(await states(id)).toEqual({ '/a': 'Complete 100%' });
});

test('one prefetch of a merged ID fails with Origin Timeout, the others complete', async () => {
  await start({
    taskRules: [
      { match: /\/slow\//, kind: 'preload', outcome: 'Failed', description: 'Origin Timeout' },
      { pendingMs: 100, refreshMs: 400 }
    ]
  });
  const id = await submit('PreloadDcdnObjectCaches', [
    'https://www.example.com/a.js',
    'https://www.example.com/slow/b.mp4',
    'https://www.example.com/c.css'
  ]);
  expect(id).toMatch(/^\d+$/);
  clock = T0 + 500;
  expect(await states(id)).toEqual({
    '/a.js': 'Complete 100%',
    '/slow/b.mp4': 'Pending 0%',
    '/c.css': 'Complete 100%'
  });
  clock = T0 + 4000;
  expect((await states(id))['/slow/b.mp4']).toBe('Failed 0% Origin Timeout');
});

test('rules filter by kind and product; the first match wins; strings match substrings', async () => {
  await start({
    taskRules: [
      { kind: ['directory', 'regex'], outcome: 'Failed', description: 'Internal Error' },
      {
        product: 'cdn',
        match: 'x',
        outcome: 'Failed',
        description: 'Origin Return StatusCode 5XX'
      },
      { match: 'x', pendingMs: 0, refreshMs: 0 },
      { match: 'x', outcome: 'Failed' }
    ]
  });
  const dir = await submit('RefreshDcdnObjectCaches', ['https://www.example.com/d/'], {
    ObjectType: 'Directory'
  });
  const dcdn = await submit('RefreshDcdnObjectCaches', ['https://www.example.com/x']);
  const cdn = await submit('RefreshObjectCaches', ['https://www.example.com/x']);
  clock = T0 + 10_000;
  expect(await states(dir)).toEqual({ '/d/': 'Failed 0% Internal Error' });
  expect(await states(dcdn)).toEqual({ '/x': 'Complete 100%' });
  expect(await states(cdn, CDN_VERSION)).toEqual({
    '/x': 'Failed 0% Origin Return StatusCode 5XX'
  });
});

test('a RegExp with the g flag matches every time', async () => {
  await start({ taskRules: [{ match: /slow/g, outcome: 'Failed' }] });
  const id = await submit('PushObjectCache', [
    'https://www.example.com/slow1',
    'https://www.example.com/slow2',
    'https://www.example.com/slow3'
  ]);
  clock = T0 + 10_000;
  expect(Object.values(await states(id, CDN_VERSION))).toEqual(
    Array(3).fill('Failed 0% Internal Error')
  );
});

test('the submitted hook sees each path and overrides the rule', async () => {
  const seen: unknown[] = [];
  await start({
    taskRules: [{ outcome: 'Failed', pendingMs: 0, refreshMs: 0 }],
    submitted: (p) => {
      seen.push(p);
      return p.path.endsWith('/ok') ? { outcome: 'Complete' } : undefined;
    }
  });
  const id = await submit('RefreshObjectCaches', [
    'https://www.example.com/ok',
    'https://www.example.com/no'
  ]);
  clock = T0 + 1;
  expect(await states(id, CDN_VERSION)).toEqual({
    '/ok': 'Complete 100%',
    '/no': 'Failed 0% Internal Error'
  });
  expect(seen).toEqual([
    {
      path: 'https://www.example.com/ok',
      kind: 'file',
      product: 'cdn',
      action: 'RefreshObjectCaches'
    },
    {
      path: 'https://www.example.com/no',
      kind: 'file',
      product: 'cdn',
      action: 'RefreshObjectCaches'
    }
  ]);
});

test('explicit steps and late appearance work for submitted tasks too', async () => {
  await start({
    taskRules: [
      {
        appearsAfterMs: 1000,
        steps: [
          { atMs: 0, Status: 'Pending', Process: '0%' },
          { atMs: 2000, Status: 'Queued', Process: '0%' },
          { atMs: 3000, Status: 'Complete', Process: '100%' }
        ]
      }
    ]
  });
  const id = await submit('RefreshDcdnObjectCaches', ['https://www.example.com/a']);
  expect(await states(id)).toEqual({});
  clock = T0 + 2000;
  expect(await states(id)).toEqual({ '/a': 'Queued 0%' });
  clock = T0 + 3000;
  expect(await states(id)).toEqual({ '/a': 'Complete 100%' });
});
