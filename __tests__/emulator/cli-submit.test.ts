// The CLI's submission flags and the submit-demo scenario a demo can drive.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  DEMO_TASK_IDS,
  demoScenario,
  demoSubmitScenario,
  scenarios
} from '../../emulator/scenarios.ts';
import { startEmulator } from '../../emulator/server.ts';
import { acsCall, outcome } from '../helpers/acs-call.ts';

const cli = fileURLToPath(new URL('../../emulator/cli.ts', import.meta.url));

function run(args: string[]): ChildProcess {
  const env = { ...process.env };
  delete env.NODE_OPTIONS; // Jest's --experimental-vm-modules is not for the child
  return spawn(process.execPath, [cli, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
}

function lines(child: ChildProcess, count: number): Promise<string[]> {
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const all = out.split('\n');
      if (all.length > count) resolve(all.slice(0, count));
    });
    child.on('exit', (code) => reject(new Error(`exited ${code} before printing: ${out}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));

describe('emulator CLI for submissions', () => {
  test('--scenario submit-demo with --quota and --domain', async () => {
    const child = run([
      '--scenario',
      'submit-demo',
      '--quota',
      'preload=3',
      '--quota',
      'url=7',
      '--domain',
      'www.example.com'
    ]);
    const exit = exited(child);
    try {
      const out = await lines(child, 5);
      const url = /listening on (http:\/\/127\.0\.0\.1:\d+)$/.exec(out[0] ?? '')?.[1] ?? '';
      expect(url).not.toBe('');
      expect(out[2]).toMatch(/^scenario submit-demo: /);
      expect(out[3]).toBe('domains: www.example.com');
      expect(out[4]).toMatch(/^daily quotas: url=7 dir=100 preload=3 /);
      const emulator = { url, port: Number(new URL(url).port) };
      const push = (ObjectPath: string) =>
        outcome(emulator, { action: 'PreloadDcdnObjectCaches', params: { ObjectPath } });
      expect(await push('https://www.example.com/slow/a.mp4')).toBe('OK');
      expect(await push('https://static.example.com/a.js')).toBe('404 InvalidDomain.NotFound');
      expect(
        await push(['1', '2', '3'].map((i) => `https://www.example.com/${i}`).join('\n'))
      ).toBe('400 QuotaExceeded.Preload');
      const quota = await acsCall(emulator, { action: 'DescribeDcdnRefreshQuota' });
      expect(quota.body).toMatchObject({ PreloadQuota: '3', PreloadRemain: '2', UrlQuota: '7' });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
  });

  test.each([['--quota', 'nope=1'], ['--quota', 'url=-1'], ['--quota', 'url'], ['--domain']])(
    '%s %s is a usage error',
    async (...args) => {
      const child = run(args);
      let err = '';
      child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
      expect(await exited(child)).toBe(2);
      expect(err).toMatch(/usage: node emulator\/cli\.ts/);
    }
  );
});

describe('submit-demo scenario', () => {
  test('is listed, and the lookup demo scenario is unchanged', () => {
    expect(scenarios['submit-demo']).toBe(demoSubmitScenario);
    expect(scenarios.demo).toBe(demoScenario);
    expect(DEMO_TASK_IDS).toEqual(demoScenario.tasks.map((t) => t.id));
    expect(demoSubmitScenario.options?.domains).toEqual(['www.example.com', 'static.example.com']);
  });

  test('a /slow/ prefetch fails with Origin Timeout; everything else completes within 3 s', async () => {
    let clock = 0;
    const emulator = await startEmulator({
      ...demoSubmitScenario.options,
      tasks: demoSubmitScenario.tasks,
      now: () => clock
    });
    try {
      const submit = async (action: string, ObjectPath: string, ObjectType?: string) => {
        const a = await acsCall(emulator, {
          action,
          params: { ObjectPath, ...(ObjectType ? { ObjectType } : {}) }
        });
        expect(a.status).toBe(200);
        return String(a.body.RefreshTaskId ?? a.body.PreloadTaskId);
      };
      const ids = [
        await submit('RefreshDcdnObjectCaches', 'https://www.example.com/index.html'),
        await submit('RefreshDcdnObjectCaches', 'https://static.example.com/css/', 'Directory'),
        await submit(
          'PreloadDcdnObjectCaches',
          'https://static.example.com/app.js\nhttps://static.example.com/slow/intro.mp4'
        )
      ];
      const statuses = async () => {
        const a = await acsCall(emulator, {
          action: 'DescribeDcdnRefreshTaskById',
          params: { TaskId: ids.join(',') }
        });
        return Object.fromEntries(
          (a.body.Tasks as { ObjectPath: string; Status: string; Description: string }[]).map(
            (t) => [t.ObjectPath, `${t.Status}${t.Description ? ` ${t.Description}` : ''}`]
          )
        );
      };
      clock = 999;
      expect(Object.values(await statuses())).not.toContain('Complete');
      clock = 3000;
      expect(await statuses()).toEqual({
        'https://www.example.com/index.html': 'Complete',
        'https://static.example.com/css/': 'Complete',
        'https://static.example.com/app.js': 'Complete',
        'https://static.example.com/slow/intro.mp4': 'Failed Origin Timeout'
      });
    } finally {
      await emulator.close();
    }
  });
});
