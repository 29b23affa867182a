// The runnable emulator (node emulator/cli.ts) and the scenarios a demo imports.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { DEMO_TASK_IDS, scenarios } from '../../emulator/scenarios.ts';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator
} from '../../emulator/server.ts';
import { taskViewAt } from '../../emulator/timeline.ts';
import { json, send } from '../helpers/http.ts';
import { signV3Request } from '../helpers/sign-v3.ts';

const cli = fileURLToPath(new URL('../../emulator/cli.ts', import.meta.url));

function run(args: string[]): ChildProcess {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // Jest's --experimental-vm-modules is not for the child
  return spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

function firstLines(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const lines = out.split('\n');
      if (lines.length > count) resolve(lines.slice(0, count));
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before printing: ${out}`)));
  });
}

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.on('exit', (code) => resolve(code)));
}

describe('emulator CLI', () => {
  test('prints its URL and credentials, serves the demo, stops on SIGTERM', async () => {
    const child = run(['--port', '0', '--scenario', 'demo']);
    const exit = exited(child);
    try {
      const [listening, credentials] = await firstLines(child, 2);
      const url = /^DCDN emulator listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(
        listening ?? ''
      )?.[1];
      expect(url).toBeDefined();
      expect(credentials).toContain(DEFAULT_ACCESS_KEY_ID);
      expect(credentials).toContain(DEFAULT_ACCESS_KEY_SECRET);
      const s = signV3Request({
        host: new URL(url ?? '').host,
        query: { TaskId: DEMO_TASK_IDS.join(',') },
        accessKeyId: DEFAULT_ACCESS_KEY_ID,
        accessKeySecret: DEFAULT_ACCESS_KEY_SECRET
      });
      const res = await send(url ?? '', { method: s.method, path: s.path, headers: s.headers });
      expect(res.status).toBe(200);
      expect(json(res).TotalCount).toBe(DEMO_TASK_IDS.length);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
  });

  test('an unknown scenario is a usage error', async () => {
    const child = run(['--scenario', 'nope']);
    let err = '';
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    expect(await exited(child)).toBe(2);
    expect(err).toMatch(/usage: node emulator\/cli\.ts/);
  });
});

describe('demo scenario', () => {
  const demo = scenarios.demo;

  test('realistic paths and kinds, one Failed with Origin Timeout, all done within 1-4 s', () => {
    expect(demo?.tasks).toHaveLength(6);
    const kinds = new Set(demo?.tasks.map((t) => t.type));
    expect([...kinds].sort()).toEqual(['directory', 'file', 'preload']);
    expect(demo?.tasks.filter((t) => t.outcome === 'Failed')).toEqual([
      expect.objectContaining({ description: 'Origin Timeout' })
    ]);
    for (const t of demo?.tasks ?? []) {
      const total = (t.pendingMs ?? 0) + (t.refreshMs ?? 0);
      expect(total).toBeGreaterThanOrEqual(1000);
      expect(total).toBeLessThanOrEqual(4000);
      expect(t.path).toMatch(/^https:\/\/www\.example\.com\//);
      expect(taskViewAt({ ...t, createdAt: 0 }, 4000)?.Status).toMatch(/^(Complete|Failed)$/);
    }
  });

  test('can be served in-process', async () => {
    let clock = 0;
    const emulator = await startEmulator({ tasks: demo?.tasks ?? [], now: () => clock });
    try {
      const ask = async () => {
        const s = signV3Request({
          host: `127.0.0.1:${emulator.port}`,
          query: { TaskId: DEMO_TASK_IDS.join(',') },
          accessKeyId: DEFAULT_ACCESS_KEY_ID,
          accessKeySecret: DEFAULT_ACCESS_KEY_SECRET
        });
        const body = json(
          await send(emulator.url, { method: s.method, path: s.path, headers: s.headers })
        );
        return (body.Tasks as { Status: string }[]).map((t) => t.Status).sort();
      };
      expect(await ask()).toEqual(Array(6).fill('Pending'));
      clock = 4000;
      expect(await ask()).toEqual([
        'Complete',
        'Complete',
        'Complete',
        'Complete',
        'Complete',
        'Failed'
      ]);
    } finally {
      await emulator.close();
    }
  });
});
