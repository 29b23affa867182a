// Task timelines on an injected clock, the API's own validation, and the per-account rate limit.
import { startEmulator } from '../../emulator/server.ts';
import { RETENTION_MS, taskViewAt } from '../../emulator/timeline.ts';
import type { Emulator, EmulatorCredential, EmulatorOptions } from '../../emulator/types.ts';
import { json, send, type RawResponse } from '../helpers/http.ts';
import { signV3Request } from '../helpers/sign-v3.ts';

const KEY: EmulatorCredential = { accessKeyId: 'LTAItimelineKey', accessKeySecret: 's1' };
const T0 = Date.UTC(2026, 4, 20, 6, 30, 15);

let clock = T0;
let emulator: Emulator;

async function start(options: EmulatorOptions = {}): Promise<void> {
  clock = T0;
  emulator = await startEmulator({ credentials: [KEY], now: () => clock, ...options });
}
afterEach(() => emulator.close());

function query(taskId: string | undefined, cred: EmulatorCredential = KEY): Promise<RawResponse> {
  const signed = signV3Request({
    host: `127.0.0.1:${emulator.port}`,
    query: taskId === undefined ? {} : { TaskId: taskId },
    accessKeyId: cred.accessKeyId,
    accessKeySecret: cred.accessKeySecret
  });
  return send(emulator.url, { method: 'POST', path: signed.path, headers: signed.headers });
}

interface Body {
  TotalCount: number;
  RequestId: string;
  Tasks: Record<string, string>[];
}
async function tasks(taskId: string): Promise<Body> {
  const res = await query(taskId);
  expect(res.status).toBe(200);
  return json(res) as unknown as Body;
}
async function state(id: string): Promise<string> {
  const t = (await tasks(id)).Tasks[0];
  return t ? `${t.Status} ${t.Process}` : 'absent';
}

describe('task timeline on the emulator clock', () => {
  test('Pending, then Refreshing with rising Process, then Complete', async () => {
    await start({
      tasks: [{ id: '100', path: 'https://www.example.com/a.js', pendingMs: 1000, refreshMs: 4000 }]
    });
    const seen: string[] = [];
    for (const t of [0, 999, 1000, 2000, 3000, 4999, 5000, 60_000]) {
      clock = T0 + t;
      seen.push(await state('100'));
    }
    expect(seen).toEqual([
      'Pending 0%',
      'Pending 0%',
      'Refreshing 0%',
      'Refreshing 25%',
      'Refreshing 50%',
      'Refreshing 99%',
      'Complete 100%',
      'Complete 100%'
    ]);
  });

  test('the success body has the vendor’s fields, order and headers', async () => {
    await start({
      tasks: [
        { id: '704222904', path: 'http://example.com/image_01.png', pendingMs: 0, refreshMs: 0 }
      ]
    });
    const res = await query('704222904');
    expect(res.headers['content-type']).toBe('application/json;charset=utf-8');
    const body = json(res);
    expect(Object.keys(body)).toEqual(['TotalCount', 'RequestId', 'Tasks']);
    expect(body.RequestId).toBe(res.headers['x-acs-request-id']);
    expect(body.Tasks).toEqual([
      {
        TaskId: '704222904',
        Status: 'Complete',
        Process: '100%',
        ObjectType: 'file',
        ObjectPath: 'http://example.com/image_01.png',
        CreationTime: '2026-05-20T06:30:15Z',
        Description: ''
      }
    ]);
    expect(Object.keys((body.Tasks as object[])[0] ?? {})).toEqual([
      'TaskId',
      'Status',
      'Process',
      'ObjectType',
      'ObjectPath',
      'CreationTime',
      'Description'
    ]);
  });

  test('a Failed task carries its Description; unknown IDs are absent; newest first', async () => {
    await start({
      tasks: [
        { id: '1', path: 'https://www.example.com/', pendingMs: 0, refreshMs: 10 },
        {
          id: '2',
          path: 'https://www.example.com/big.bin',
          type: 'preload',
          createdAt: T0 + 1000,
          pendingMs: 0,
          refreshMs: 10,
          outcome: 'Failed',
          description: 'Origin Timeout'
        }
      ]
    });
    clock = T0 + 5000;
    const body = await tasks('1,999,2,2');
    expect(body.TotalCount).toBe(2);
    expect(body.Tasks.map((t) => [t.TaskId, t.Status, t.Process, t.Description])).toEqual([
      ['2', 'Failed', '0%', 'Origin Timeout'],
      ['1', 'Complete', '100%', '']
    ]);
    expect((await tasks('999')).Tasks).toEqual([]);
  });

  test('explicit steps: odd statuses, going backwards, late appearance', async () => {
    await start({
      tasks: [
        {
          id: '5',
          path: 'https://www.example.com/x',
          type: 'regex',
          appearsAfterMs: 500,
          steps: [
            { atMs: 0, Status: 'Pending', Process: '0%' },
            { atMs: 1000, Status: 'Complete', Process: '100%' },
            { atMs: 2000, Status: 'Refreshing', Process: '40%' },
            { atMs: 3000, Status: 'Queued', Process: '40%' },
            { atMs: 4000, Status: 'Failed', Process: '40%', Description: 'Internal Error' }
          ]
        }
      ]
    });
    const seen: string[] = [];
    for (const t of [0, 499, 500, 1000, 2000, 3000, 4000]) {
      clock = T0 + t;
      seen.push(await state('5'));
    }
    expect(seen).toEqual([
      'absent',
      'absent',
      'Pending 0%',
      'Complete 100%',
      'Refreshing 40%',
      'Queued 40%',
      'Failed 40%'
    ]);
    expect((await tasks('5')).Tasks[0]).toMatchObject({
      ObjectType: 'regex',
      Description: 'Internal Error'
    });
  });

  test('tasks older than 3 days are absent; added tasks start when added', async () => {
    await start({
      tasks: [{ id: '8', path: 'https://www.example.com/old', createdAt: T0 - RETENTION_MS + 1000 }]
    });
    expect(await state('8')).toBe('Complete 100%');
    clock = T0 + 1001;
    expect(await state('8')).toBe('absent');
    emulator.addTasks({ id: '9', path: 'https://www.example.com/new', pendingMs: 100 });
    expect((await tasks('9')).Tasks[0]).toMatchObject({
      Status: 'Pending',
      CreationTime: '2026-05-20T06:30:16Z'
    });
  });

  test('taskViewAt is pure and clamps progress below 100 until Complete', () => {
    const task = { id: '1', path: 'p', createdAt: 0, pendingMs: 0, refreshMs: 3 };
    expect([0, 1, 2, 3].map((t) => taskViewAt(task, t)?.Process)).toEqual([
      '0%',
      '33%',
      '66%',
      '100%'
    ]);
    expect(taskViewAt(task, -1)).toBeUndefined();
    expect(taskViewAt({ ...task, outcome: 'Failed' }, 3)?.Description).toBe('Internal Error');
  });
});

describe('TaskId validation', () => {
  beforeEach(() => start());

  test.each([
    ['missing', 'InvalidParameters', undefined, 'The specified parameters are invalid.'],
    ['empty', 'InvalidParameters', '', 'The specified parameters are invalid.'],
    ['11 IDs', 'InvalidTaskId', '1,2,3,4,5,6,7,8,9,10,11', 'The maximum number of taskIds is 10.'],
    ['letters', 'InvalidTaskId.Malformed', '12,abc', 'The specified TaskId is invalid.'],
    ['space', 'InvalidTaskId.Malformed', '12, 13', 'The specified TaskId is invalid.'],
    ['trailing comma', 'InvalidTaskId.Malformed', '12,', 'The specified TaskId is invalid.'],
    ['negative', 'InvalidTaskId.Malformed', '-12', 'The specified TaskId is invalid.']
  ])('%s → %s', async (_name, codeName, taskId, message) => {
    const res = await query(taskId);
    expect(res.status).toBe(400);
    expect(json(res)).toMatchObject({ Code: codeName, Message: message });
  });

  test('exactly 10 IDs are fine', async () => {
    expect((await query('1,2,3,4,5,6,7,8,9,10')).status).toBe(200);
  });
});

describe('rate limit', () => {
  test('the 31st call within one second gets 429 TooManyRequests; the window slides', async () => {
    const OTHER = { accessKeyId: 'LTAIother', accessKeySecret: 's2' };
    await start({ credentials: [KEY, OTHER] });
    for (let i = 0; i < 30; i++) {
      clock = T0 + i * 10;
      expect((await query('1')).status).toBe(200);
    }
    clock = T0 + 999;
    const res = await query('1');
    expect(res.status).toBe(429);
    expect(json(res)).toMatchObject({
      Code: 'TooManyRequests',
      Message: 'The server is busy. Please try again later.'
    });
    expect((await query('1', OTHER)).status).toBe(200);
    clock = T0 + 1000;
    expect((await query('1')).status).toBe(200);
    expect((await query('1')).status).toBe(429);
    expect(emulator.requests.filter((r) => r.code === 'TooManyRequests')).toHaveLength(2);
  });

  test('keys of one account share its limit; the limit is configurable', async () => {
    const A = { ...KEY, account: 'acct' };
    const B = {
      accessKeyId: 'STS.same',
      accessKeySecret: 's3',
      securityToken: 't',
      account: 'acct'
    };
    await start({ credentials: [A, B], rateLimitPerSecond: 2 });
    expect((await query('1', A)).status).toBe(200);
    const signed = signV3Request({
      host: `127.0.0.1:${emulator.port}`,
      query: { TaskId: '1' },
      accessKeyId: B.accessKeyId,
      accessKeySecret: B.accessKeySecret,
      securityToken: B.securityToken
    });
    const viaB = await send(emulator.url, {
      method: 'POST',
      path: signed.path,
      headers: signed.headers
    });
    expect(viaB.status).toBe(200);
    expect((await query('1', A)).status).toBe(429);
  });
});
