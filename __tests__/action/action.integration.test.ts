// The whole action, run as the GitHub runner runs it (a fresh Node process, INPUT_* variables,
// GITHUB_OUTPUT and GITHUB_STEP_SUMMARY files), against the emulator over real sockets.
import { readFileSync } from 'node:fs';
import { OUTPUT_NAMES } from '../../src/report/outputs.ts';
import { declaredInputs, declaredOutputs, runAction } from '../../scripts/run-action.ts';
import type { ActionRun } from '../../scripts/run-action.ts';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator
} from '../../emulator/server.ts';
import type { Emulator, TaskScript } from '../../emulator/server.ts';

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
    const result = await run({ 'task-ids': '11, 12\n13' });
    expect(result.code).toBe(0);
    expect(result.outputs).toMatchObject({
      status: 'complete',
      'complete-task-ids': '11,12,13',
      'failed-task-ids': '',
      'pending-task-ids': ''
    });
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
    const file = JSON.parse(readFileSync(result.outputs['results-file'] ?? '', 'utf8')) as unknown;
    expect(file).toEqual(results);
    expect(result.summary).toContain(
      '| Task ID | Status | Progress | Type | Object Path | Created | Detail |'
    );
    expect(commands(result, 'error')).toEqual([]);
  });

  test('the outputs set are exactly those action.yml declares', async () => {
    emulator = await startEmulator({ tasks: [quick('21')] });
    const result = await run({ 'task-ids': '21' });
    expect(Object.keys(result.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
    expect(declaredOutputs().sort()).toEqual([...OUTPUT_NAMES].sort());
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

  test('25 IDs: never more than 10 per call, only unfinished ones, all signed', async () => {
    const tasks = Array.from({ length: 25 }, (_, i) =>
      quick(String(1000 + i), { refreshMs: i % 2 ? 600 : 50 })
    );
    emulator = await startEmulator({ tasks });
    const result = await run({ 'task-ids': tasks.map((t) => t.id).join(',') });
    expect(result.code).toBe(0);
    expect(
      emulator.requests.every((r) => r.ids.length <= 10 && r.scheme === 'v3' && r.status === 200)
    ).toBe(true);
    const asked = emulator.requests.flatMap((r) => r.ids);
    expect(new Set(asked).size).toBe(25);
    expect(asked.length).toBeLessThan(25 * emulator.requests.length);
  });

  test('the raw JSON answer of a prior step', async () => {
    emulator = await startEmulator({ tasks: [quick('41'), quick('42')] });
    const answer = JSON.stringify(
      { RequestId: 'D61E4801-EAFF-4A63-AAE1-FBF6CE1CFD1C', RefreshTaskId: '41,42' },
      null,
      2
    );
    const result = await run({ 'task-ids': answer });
    expect(result.code).toBe(0);
    expect(result.outputs['complete-task-ids']).toBe('41,42');
  });

  test('throttling and 5xx before success still end green', async () => {
    emulator = await startEmulator({
      tasks: [quick('51')],
      faults: [
        { kind: 'status', status: 429, code: 'TooManyRequests' },
        { kind: 'status', status: 400, code: 'Throttling.User' },
        { kind: 'html', status: 502 }
      ]
    });
    const result = await run({ 'task-ids': '51' });
    expect(result.code).toBe(0);
    expect(result.outputs.status).toBe('complete');
    expect(emulator.requests.length).toBeGreaterThanOrEqual(4);
  });

  test('timeout fails the step, listing the pending IDs', async () => {
    emulator = await startEmulator({ tasks: [quick('61', { refreshMs: 60_000 }), quick('62')] });
    const result = await run({ 'task-ids': '61,62', timeout: '1s' });
    expect(result.code).toBe(1);
    expect(result.outputs).toMatchObject({
      status: 'timed-out',
      'pending-task-ids': '61',
      'complete-task-ids': '62'
    });
    expect(commands(result, 'error::')[0]).toMatch(
      /Timed out with 1 of 2 DCDN tasks still pending .*pending 61/
    );
  });

  test('timeout with fail-on-timeout: false warns and goes on', async () => {
    emulator = await startEmulator({ tasks: [quick('71', { refreshMs: 60_000 })] });
    const result = await run({ 'task-ids': '71', timeout: '1s', 'fail-on-timeout': 'false' });
    expect(result.code).toBe(0);
    expect(result.outputs.status).toBe('timed-out');
    expect(commands(result, 'warning')[0]).toMatch(/Timed out .*71/);
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

  test('a wrong secret: red at once with Code, RequestId and a hint; the secret is not printed', async () => {
    emulator = await startEmulator({ tasks: [quick('91')] });
    const wrong = 'wrong-secret-value-123';
    const result = await run({ 'task-ids': '91' }, { ALIBABA_CLOUD_ACCESS_KEY_SECRET: wrong });
    expect(result.code).toBe(1);
    expect(commands(result, 'error')[0]).toMatch(
      /SignatureDoesNotMatch.*RequestId: .*Hint: the access key secret/
    );
    expect(withoutMaskCommands(result.everything)).not.toContain(wrong);
    expect(emulator.requests).toHaveLength(1);
  });

  test('an ID that never appears becomes NotFound after 3 answers and fails', async () => {
    emulator = await startEmulator({ tasks: [quick('101')] });
    const result = await run({ 'task-ids': '101,102' });
    expect(result.code).toBe(1);
    expect(result.outputs['failed-task-ids']).toBe('102');
    const results = JSON.parse(result.outputs.results ?? '[]') as Record<string, string>[];
    expect(results[1]).toMatchObject({ TaskId: '102', Status: 'NotFound' });
    expect(emulator.requests.filter((r) => r.ids.includes('102'))).toHaveLength(3);
    expect(commands(result, 'error title=DCDN task 102 not found')).toHaveLength(1);
  });

  test('a path full of Markdown and HTML cannot break or inject into the summary', async () => {
    const evil =
      'https://x.com/a|b`c`<img src=x onerror=alert(1)>[link](javascript:alert(1))**bold**\n| fake | row |';
    emulator = await startEmulator({
      tasks: [
        quick('111', { path: evil, outcome: 'Failed', description: '<script>alert(1)</script>|x' })
      ]
    });
    const result = await run({ 'task-ids': '111' });
    expect(result.code).toBe(1);
    const rows = result.summary.split('\n').filter((line) => line.startsWith('|'));
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(7);
    expect(result.summary).not.toMatch(/<img|<script|\]\(javascript/);
    // The annotation stays one line too: a newline in API text cannot start a workflow command.
    expect(result.stdout).not.toMatch(/^\| fake/m);
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

  test('plain http:// to a host that is not loopback is refused before any request', async () => {
    emulator = await startEmulator();
    const result = await run({ 'task-ids': '1', endpoint: 'http://dcdn.aliyuncs.com' });
    expect(result.code).toBe(1);
    expect(commands(result, 'error')[0]).toMatch(
      /plain http:\/\/ for dcdn\.aliyuncs\.com, which is not a loopback host/
    );
    expect(emulator.requests).toHaveLength(0);
  });

  test('no credentials at all names what to set', async () => {
    emulator = await startEmulator();
    const result = await runAction({ inputs: { 'task-ids': '1', endpoint: emulator.url } });
    expect(result.code).toBe(1);
    expect(commands(result, 'error')[0]).toMatch(
      /No Alibaba Cloud credentials: set role-to-assume and oidc-provider-arn .* access-key-id .* ALIBABA_CLOUD_ACCESS_KEY_ID/
    );
    expect(emulator.requests).toHaveLength(0);
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
