// The merge rule: URL tasks of one domain within one emulator-clock second share an ID (prefetch
// up to 500 paths per ID, refresh up to 2,000), directories and regexes get an ID each; the lookup
// lists a merged ID once per path.
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

const urls = (n: number, domain = 'www.example.com', prefix = 'f') =>
  Array.from({ length: n }, (_, i) => `https://${domain}/${prefix}${i}`);

async function submit(
  action: string,
  paths: readonly string[],
  extra: Record<string, string> = {},
  version = action.includes('Dcdn') ? DCDN_VERSION : CDN_VERSION
): Promise<string[]> {
  const a = await acsCall(emulator, {
    action,
    version,
    place: 'form',
    params: { ObjectPath: paths.join('\n'), ...extra }
  });
  expect(a.status).toBe(200);
  const field = ['RefreshTaskId', 'PreloadTaskId', 'PushTaskId'].find((f) => f in a.body) ?? '';
  expect(Object.keys(a.body).sort()).toEqual(['RequestId', field].sort());
  return String(a.body[field]).split(',');
}

interface Row {
  TaskId: string;
  ObjectPath: string;
  ObjectType: string;
  Status: string;
}
async function lookup(ids: readonly string[], version = DCDN_VERSION): Promise<Row[]> {
  const action =
    version === DCDN_VERSION ? 'DescribeDcdnRefreshTaskById' : 'DescribeRefreshTaskById';
  const a = await acsCall(emulator, { action, version, params: { TaskId: ids.join(',') } });
  expect(a.body.TotalCount).toBe((a.body.Tasks as Row[]).length);
  return a.body.Tasks as Row[];
}

describe('one ID for the URL tasks of one domain and second', () => {
  test('a refresh of three URLs of one domain answers one ID, listed once per path', async () => {
    await start();
    const ids = await submit('RefreshDcdnObjectCaches', urls(3));
    expect(ids).toHaveLength(1);
    const rows = await lookup(ids);
    expect(rows.map((r) => [r.TaskId, r.ObjectPath, r.ObjectType])).toEqual([
      [ids[0], 'https://www.example.com/f0', 'file'],
      [ids[0], 'https://www.example.com/f1', 'file'],
      [ids[0], 'https://www.example.com/f2', 'file']
    ]);
  });

  test('two domains: two IDs, in order of first appearance', async () => {
    await start();
    const paths = [urls(1, 'img.example.com')[0] ?? '', ...urls(2)];
    const ids = await submit('PreloadDcdnObjectCaches', paths);
    expect(ids).toHaveLength(2);
    expect(Number(ids[1])).toBeGreaterThan(Number(ids[0]));
    const rows = await lookup(ids);
    expect(rows.filter((r) => r.TaskId === ids[0]).map((r) => r.ObjectPath)).toEqual([
      'https://img.example.com/f0'
    ]);
    expect(rows.filter((r) => r.TaskId === ids[1])).toHaveLength(2);
    expect(rows.every((r) => r.ObjectType === 'preload')).toBe(true);
  });

  test('a second call within the same second joins the ID; the next second gets a new one', async () => {
    await start();
    const first = await submit('RefreshDcdnObjectCaches', urls(2));
    clock += 999;
    const same = await submit('RefreshDcdnObjectCaches', urls(1, 'www.example.com', 'g'));
    expect(same).toEqual(first);
    clock += 1;
    const next = await submit('RefreshDcdnObjectCaches', urls(1, 'www.example.com', 'h'));
    expect(Number(next[0])).toBeGreaterThan(Number(first[0]));
    expect(await lookup(first)).toHaveLength(3);
  });

  test('the same paths submitted twice in one second are two rows of one ID', async () => {
    await start();
    const a = await submit('PushObjectCache', urls(2));
    const b = await submit('PushObjectCache', urls(2));
    expect(b).toEqual(a);
    expect(await lookup(a, CDN_VERSION)).toHaveLength(4);
    expect(emulator.submissions.map((s) => s.taskIds)).toEqual([a, a]);
  });

  test('refresh and prefetch, File and IgnoreParams, DCDN and CDN never share an ID', async () => {
    await start();
    const seen = [
      ...(await submit('RefreshDcdnObjectCaches', urls(1))),
      ...(await submit('PreloadDcdnObjectCaches', urls(1))),
      ...(await submit('RefreshDcdnObjectCaches', urls(1), { ObjectType: 'IgnoreParams' })),
      ...(await submit('RefreshObjectCaches', urls(1))),
      ...(await submit('PushObjectCache', urls(1)))
    ];
    expect(new Set(seen).size).toBe(5);
  });

  test('accounts never share an ID', async () => {
    const b = { accessKeyId: 'LTAIb', accessKeySecret: 'b-secret' };
    await start({
      credentials: [{ accessKeyId: 'LTAIemulatorKeyId', accessKeySecret: 'emulator-secret' }, b]
    });
    const mine = await submit('RefreshDcdnObjectCaches', urls(1));
    const theirs = await acsCall(emulator, {
      action: 'RefreshDcdnObjectCaches',
      cred: b,
      params: { ObjectPath: urls(1)[0] ?? '' }
    });
    expect(theirs.body.RefreshTaskId).not.toBe(mine[0]);
  });
});

describe('batches', () => {
  test('prefetch: 500 paths per ID (six calls of 100 in one second → two IDs)', async () => {
    await start();
    const answers: string[][] = [];
    for (let call = 0; call < 6; call++) {
      answers.push(
        await submit('PreloadDcdnObjectCaches', urls(100, 'www.example.com', `c${call}-`))
      );
    }
    const [a, b] = [answers[0]?.[0], answers[5]?.[0]];
    expect(answers.slice(0, 5).every((ids) => ids.length === 1 && ids[0] === a)).toBe(true);
    expect(answers[5]).toEqual([b]);
    expect(b).not.toBe(a);
    expect(await lookup([a ?? ''])).toHaveLength(500);
  });

  test('a call straddling a batch boundary answers both IDs', async () => {
    await start();
    for (let call = 0; call < 4; call++) {
      await submit('PushObjectCache', urls(100, 'www.example.com', `c${call}-`));
    }
    await submit('PushObjectCache', urls(99, 'www.example.com', 'x'));
    const straddle = await submit('PushObjectCache', urls(3, 'www.example.com', 'y'));
    expect(straddle).toHaveLength(2);
    const rows = await lookup(straddle, CDN_VERSION);
    expect(rows.filter((r) => r.TaskId === straddle[0])).toHaveLength(500);
    expect(rows.filter((r) => r.TaskId === straddle[1])).toHaveLength(2);
  });

  test('CDN refresh: 2,000 URLs per ID', async () => {
    await start({ refreshUrlsPerDomainPerMinute: Infinity });
    const ids: string[] = [];
    for (let call = 0; call < 3; call++) {
      ids.push(
        ...(await submit('RefreshObjectCaches', urls(1000, 'www.example.com', `c${call}-`)))
      );
    }
    expect(ids[0]).toBe(ids[1]);
    expect(ids[2]).not.toBe(ids[0]);
  });
});

describe('one ID per directory and per regex', () => {
  test.each([
    [
      'RefreshDcdnObjectCaches',
      'Directory',
      ['https://www.example.com/a/', 'https://www.example.com/b/'],
      'directory'
    ],
    [
      'RefreshDcdnObjectCaches',
      'Regex',
      ['https://www.example.com/a/.*', 'https://www.example.com/b/.*'],
      'regex'
    ],
    [
      'RefreshDcdnObjectCaches',
      'IgnoreParams',
      ['https://www.example.com/a.js', 'https://www.example.com/b.js'],
      'ignoreParams'
    ],
    [
      'RefreshObjectCaches',
      'ExQuery',
      ['https://www.example.com/a.js', 'https://www.example.com/b.js'],
      'exquery'
    ],
    [
      'RefreshObjectCaches',
      'Directory',
      ['https://www.example.com/a/', 'https://www.example.com/b/'],
      'directory'
    ]
  ])('%s %s', async (action, ObjectType, paths, kind) => {
    await start();
    const ids = await submit(action, paths, { ObjectType });
    expect(ids).toHaveLength(2);
    expect(Number(ids[1])).toBe(Number(ids[0]) + 1);
    const version = action.includes('Dcdn') ? DCDN_VERSION : CDN_VERSION;
    const rows = await lookup(ids, version);
    expect(rows.map((r) => r.ObjectType)).toEqual([kind, kind]);
    expect(new Set(rows.map((r) => r.TaskId)).size).toBe(2);
  });
});

describe('IDs', () => {
  test('decimal, increasing, from firstTaskId, skipping IDs of scripted tasks', async () => {
    await start({
      firstTaskId: 900,
      tasks: [{ id: '901', path: 'https://www.example.com/scripted' }]
    });
    const a = await submit('RefreshDcdnObjectCaches', ['https://www.example.com/a/'], {
      ObjectType: 'Directory'
    });
    const b = await submit('RefreshDcdnObjectCaches', ['https://www.example.com/b/'], {
      ObjectType: 'Directory'
    });
    expect([...a, ...b]).toEqual(['900', '902']);
  });

  test('scripted tasks sharing an ID are rows of one task (as a merged ID looks)', async () => {
    await start({
      tasks: [
        { id: '77', path: 'https://www.example.com/1', createdAt: T0 },
        { id: '77', path: 'https://www.example.com/2', createdAt: T0, outcome: 'Failed' }
      ]
    });
    clock += 10_000;
    const rows = await lookup(['77']);
    expect(rows.map((r) => [r.ObjectPath, r.Status])).toEqual([
      ['https://www.example.com/1', 'Complete'],
      ['https://www.example.com/2', 'Failed']
    ]);
    emulator.addTasks({ id: '77', path: 'https://www.example.com/only', createdAt: T0 });
    expect((await lookup(['77'])).map((r) => r.ObjectPath)).toEqual([
      'https://www.example.com/only'
    ]);
  });
});
