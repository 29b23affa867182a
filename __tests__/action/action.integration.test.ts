// The whole action against the emulator over real sockets. First as the GitHub runner runs it (a
// fresh Node process, INPUT_* variables, GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files, workflow
// commands on stdout, the bundle), for what only the process boundary shows; then in-process in
// virtual time (run() through the harness), for behaviour that does not depend on the process.
import { OUTPUT_NAMES } from '../../src/report/outputs.ts';
import { declaredInputs, declaredOutputs, runAction } from '../../scripts/run-action.ts';
import type { ActionRun } from '../../scripts/run-action.ts';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator
} from '../../emulator/server.ts';
import type { Emulator, TaskScript } from '../../emulator/server.ts';
import { runInProcess } from '../helpers/harness.ts';
import type { Recorded } from '../helpers/harness.ts';
import { virtualTime } from '../helpers/virtual-time.ts';

const SECRET = DEFAULT_ACCESS_KEY_SECRET;
const FAST = { 'poll-interval': '100ms', 'max-poll-interval': '200ms', timeout: '20s' };

let emulator: Emulator;

afterEach(async () => {
  await emulator?.close();
});

function quick(id: string, extra: Partial<TaskScript> = {}): TaskScript {
  return {
    id,
    path: `https://www.example.com/${id}.html`,
    pendingMs: 50,
    refreshMs: 150,
    ...extra
  };
}

async function run(
  inputs: Record<string, string>,
  env: Record<string, string> = {},
  entry = 'src/index.ts'
): Promise<ActionRun> {
  const result = await runAction({
    entry,
    inputs: { endpoint: emulator.url, ...FAST, ...inputs },
    env: {
      ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
      ...env
    }
  });
  // Whatever happened, the secret never appears in anything the action printed or wrote, except
  // in the ::add-mask:: command that tells the runner to hide it (the runner never shows that line).
  expect(withoutMaskCommands(result.everything)).not.toContain(SECRET);
  return result;
}

function withoutMaskCommands(text: string): string {
  return text.replace(/^::add-mask::.*$/gm, '');
}

/** Workflow-command lines of one kind, e.g. "error". */
function commands(result: ActionRun, kind: string): string[] {
  return result.stdout.split('\n').filter((line) => line.startsWith(`::${kind}`));
}

describe('the action, run as a runner runs it', () => {
  test('all complete: green, outputs, summary table, one log line per round', async () => {
    emulator = await startEmulator({ tasks: [quick('11'), quick('12'), quick('13')] });
    // A prior step's raw answer, pretty-printed: a multi-line value through INPUT_TASK-IDS.
    const answer = JSON.stringify(
      { RequestId: 'D61E4801-EAFF-4A63-AAE1-FBF6CE1CFD1C', RefreshTaskId: '11,12,13' },
      null,
      2
    );
    const result = await run({ 'task-ids': answer });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({
      status: 'complete',
      'complete-task-ids': '11,12,13',
      'failed-task-ids': '',
      'pending-task-ids': ''
    });
    // Exactly the outputs action.yml declares, each written to GITHUB_OUTPUT.
    expect(Object.keys(result.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(declaredOutputs().sort()).toEqual([...OUTPUT_NAMES].sort());
    const results = JSON.parse(result.outputs.results ?? '[]') as Record<string, string>[];
    expect(results.map((r) => r.TaskId)).toEqual(['11', '12', '13']);
    expect(Object.keys(results[0] ?? {}).sort()).toEqual(
      [
        'CreationTime',
        'Description',
        'ObjectPath',
        'ObjectType',
        'Process',
        'Status',
        'TaskId'
      ].sort()
    );
    expect(result.stdout).toMatch(/^\[0:0\d\] 3\/3 complete$/m);
    expect(result.outputs['results-file']).toMatch(/dcdn-refresh-wait-.*\.json$/);
    const file = JSON.parse(result.resultsFile ?? '') as unknown;
    expect(file).toEqual(results);
    expect(result.summary).toContain('| Status | Path | Task&nbsp;ID | Created&nbsp;\\(UTC\\) |');
    expect(commands(result, 'error')).toEqual([]);
  });

  test('action.yml declares every input the code reads', async () => {
    const { readFileSync, readdirSync } = await import('node:fs');
    const src = new URL('../../src/', import.meta.url);
    const files = (readdirSync(src, { recursive: true }) as string[]).filter((f) =>
      f.endsWith('.ts')
    );
    const code = files.map((file) => readFileSync(new URL(file, src), 'utf8')).join('\n');
    const read = [...code.matchAll(/getInput\('([a-z0-9-]+)'\)/g)].map((m) => m[1] as string);
    const durationOrDefaulted = [...code.matchAll(/Input\(getInput, '([a-z0-9-]+)'/g)].map(
      (m) => m[1] as string
    );
    // A scan that finds nothing proves nothing: the inputs every run reads must be among them.
    expect(read).toEqual(expect.arrayContaining(['task-ids', 'endpoint', 'access-key-id']));
    expect(durationOrDefaulted).toEqual(expect.arrayContaining(['timeout', 'poll-interval']));
    for (const name of [...read, ...durationOrDefaulted]) expect(declaredInputs()).toContain(name);
  });

  test('one task fails: red, one annotation naming the path and the Description', async () => {
    emulator = await startEmulator({
      tasks: [
        quick('31'),
        quick('32', {
          outcome: 'Failed',
          description: 'Origin Timeout',
          path: 'https://www.example.com/hero.jpg'
        })
      ]
    });
    const result = await run({ 'task-ids': '31,32' });
    expect(result.code).toBe(1);
    expect(result.outputs.status).toBe('failed');
    expect(result.outputs['failed-task-ids']).toBe('32');
    expect(commands(result, 'error title=DCDN task 32 failed::')).toEqual([
      '::error title=DCDN task 32 failed::https://www.example.com/hero.jpg: Origin Timeout'
    ]);
    expect(commands(result, 'error::')[0]).toMatch(
      /^::error::1 of 2 DCDN tasks failed .*32 \(https:\/\/www\.example\.com\/hero\.jpg: Origin Timeout\)/
    );
  });

  test('a malformed ID: one clear line, no request sent', async () => {
    emulator = await startEmulator();
    const result = await run({ 'task-ids': '81,8x2' });
    expect(result.code).toBe(1);
    expect(commands(result, 'error')).toEqual([
      '::error::task-ids has "8x2", which is not a task ID: task IDs are decimal digits, separated by commas, spaces or newlines.'
    ]);
    expect(result.stderr).toBe('');
    expect(emulator.requests).toHaveLength(0);
  });

  test('a line break in API text cannot start a workflow command on the runner', async () => {
    emulator = await startEmulator({
      tasks: [
        quick('131', {
          path: 'https://x.com/a\n::set-output name=status::complete\n::add-mask::x',
          outcome: 'Failed',
          description: 'bad\r\n::warning::injected'
        })
      ]
    });
    const result = await run({ 'task-ids': '131' });
    expect(result.code).toBe(1);
    const lines = result.stdout.split('\n');
    expect(
      lines.filter((line) => /^::(set-output|warning::injected|add-mask::x)/.test(line))
    ).toEqual([]);
    expect(result.outputs.status).toBe('failed');
  });

  test('the committed bundle (dist/index.js) behaves the same', async () => {
    emulator = await startEmulator({
      tasks: [quick('121'), quick('122', { outcome: 'Failed', description: 'Origin Timeout' })]
    });
    const result = await run({ 'task-ids': '121,122' }, {}, 'dist/index.js');
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({
      status: 'failed',
      'failed-task-ids': '122',
      'complete-task-ids': '121'
    });
  });
});

describe('the same action in-process, in virtual time', () => {
  /** Virtual time at the emulator's start: when its tasks were created. */
  let started = 0;

  async function inProcess(
    tasks: TaskScript[],
    inputs: Record<string, string> = {},
    ids = tasks.map((t) => t.id)
  ): Promise<Recorded> {
    const time = virtualTime();
    started = time.clock();
    emulator = await startEmulator({ tasks, now: time.clock, wallClock: time.clock });
    return runInProcess({
      clock: time.clock,
      sleep: time.sleep,
      inputs: {
        'task-ids': ids.join(','),
        endpoint: emulator.url,
        'access-key-id': DEFAULT_ACCESS_KEY_ID,
        'access-key-secret': SECRET,
        ...inputs
      }
    });
  }

  const slow = (id: string, refreshMs: number, extra: Partial<TaskScript> = {}): TaskScript => ({
    id,
    path: `https://www.example.com/${id}.html`,
    pendingMs: 0,
    refreshMs,
    ...extra
  });

  test('25 IDs: never more than 10 per call, only unfinished ones, all signed', async () => {
    const tasks = Array.from({ length: 25 }, (_, i) =>
      slow(String(1000 + i), i % 2 ? 60_000 : 1000)
    );
    const recorded = await inProcess(tasks);
    expect(recorded.outputs.status).toBe('complete');
    expect(
      emulator.requests.every((r) => r.ids.length <= 10 && r.scheme === 'v3' && r.status === 200)
    ).toBe(true);
    expect(emulator.requests.slice(0, 3).map((r) => r.ids.length)).toEqual([10, 10, 5]);
    // An ID answered at or after its task finished is never asked about again.
    const doneAt = new Map(tasks.map((t) => [t.id, started + (t.refreshMs ?? 0)]));
    const answeredDone = new Set<string>();
    for (const request of emulator.requests) {
      for (const id of request.ids) expect(answeredDone).not.toContain(id);
      for (const id of request.ids)
        if (request.at >= (doneAt.get(id) ?? Infinity)) answeredDone.add(id);
    }
    expect(answeredDone.size).toBe(25);
  });

  test('timeout fails the step, listing the pending IDs', async () => {
    const recorded = await inProcess([slow('61', 3_600_000), slow('62', 1000)], { timeout: '1m' });
    expect(recorded.outputs).toMatchObject({
      status: 'timed-out',
      'pending-task-ids': '61',
      'complete-task-ids': '62'
    });
    expect(recorded.failed).toHaveLength(1);
    expect(recorded.failed[0]).toMatch(
      /^Timed out with 1 of 2 DCDN tasks still pending .*pending 61/
    );
    expect(recorded.warnings).toEqual([]);
  });

  test('timeout with fail-on-timeout: false warns and goes on', async () => {
    const recorded = await inProcess([slow('71', 3_600_000)], {
      timeout: '1m',
      'fail-on-timeout': 'false'
    });
    expect(recorded.outputs.status).toBe('timed-out');
    expect(recorded.failed).toEqual([]);
    expect(recorded.warnings).toHaveLength(1);
    expect(recorded.warnings[0]).toMatch(/^Timed out .*71/);
  });

  test('an ID that never appears becomes NotFound after 3 answers and fails', async () => {
    const recorded = await inProcess([slow('101', 1000)], {}, ['101', '102']);
    expect(recorded.outputs.status).toBe('failed');
    expect(recorded.outputs['failed-task-ids']).toBe('102');
    const results = JSON.parse(recorded.outputs.results ?? '[]') as Record<string, string>[];
    expect(results[1]).toMatchObject({ TaskId: '102', Status: 'NotFound' });
    expect(emulator.requests.filter((r) => r.ids.includes('102'))).toHaveLength(3);
    expect(recorded.errors.map((e) => e.title)).toEqual([
      expect.stringMatching(/^DCDN task 102 not found/)
    ]);
  });

  test('a path full of Markdown and HTML cannot break or inject into the summary', async () => {
    const evil =
      'https://x.com/a|b`c`<img src=x onerror=alert(1)>[link](javascript:alert(1))**bold**\n| fake | row |';
    const recorded = await inProcess([
      slow('111', 1000, {
        path: evil,
        outcome: 'Failed',
        description: '<script>alert(1)</script>|x'
      })
    ]);
    expect(recorded.outputs.status).toBe('failed');
    const rows = recorded.summary.split('\n').filter((line) => line.startsWith('|'));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(4);
    expect(recorded.summary).not.toMatch(/<img|<script|\]\(javascript/);
  });

  test('a warning about an input reaches the log, and the run goes on', async () => {
    const recorded = await inProcess([slow('141', 1000)], { 'max-requests-per-second': '31' });
    expect(recorded.warnings).toEqual([expect.stringMatching(/above the account limit of 30/)]);
    expect(recorded.outputs.status).toBe('complete');
  });
});
