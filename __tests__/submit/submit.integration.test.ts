// One step submits and waits: the whole action in-process, over real sockets, against a fake of
// both products that checks signatures, versions, action names, per-call limits and quotas.
// Retry waits skip ahead on the clock instead of sleeping.
import { json } from '../alibaba/scripted-server.ts';
import { runInProcess } from '../helpers/harness.ts';
import type { Recorded } from '../helpers/harness.ts';
import { KEYS, startFakeApi } from './fake-api.ts';
import type { FakeApi, FakeOptions } from './fake-api.ts';

let fake: FakeApi | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const urls = (n: number, prefix = 'https://www.example.com/asset'): string =>
  Array.from({ length: n }, (_, i) => `${prefix}-${i}.js`).join('\n');

async function run(inputs: Record<string, string>, options: FakeOptions = {}): Promise<Recorded> {
  fake = await startFakeApi(options);
  let skipped = 0;
  return runInProcess({
    inputs: {
      'access-key-id': KEYS.accessKeyId,
      'access-key-secret': KEYS.accessKeySecret,
      endpoint: fake.url,
      'poll-interval': '1s',
      'request-timeout': '2s',
      ...inputs
    },
    clock: () => Date.now() + skipped,
    sleep: async (ms) => {
      skipped += ms;
    }
  });
}

const actions = (): string[] => fake?.calls.map((call) => call.action) ?? [];

describe('submit, then wait', () => {
  test('files and a directory in one run: quota, two refreshes, then the lookup', async () => {
    const recorded = await run({
      'refresh-paths':
        'https://www.example.com/index.html\n\n  https://www.example.com/app.js  \nhttps://www.example.com/index.html',
      'refresh-directories': 'https://www.example.com/static/'
    });
    expect(actions()).toEqual([
      'DescribeDcdnRefreshQuota',
      'RefreshDcdnObjectCaches',
      'RefreshDcdnObjectCaches',
      'DescribeDcdnRefreshTaskById'
    ]);
    expect(fake?.submissions.map((s) => [s.params.ObjectType, s.paths])).toEqual([
      ['File', ['https://www.example.com/index.html', 'https://www.example.com/app.js']],
      ['Directory', ['https://www.example.com/static/']]
    ]);
    expect(recorded.outputs.status).toBe('complete');
    expect(recorded.outputs['submitted-task-ids']).toBe('9000000,9000001');
    expect(recorded.outputs['complete-task-ids']).toBe('9000000,9000001');
    // One row per path: the File task covers two.
    expect(JSON.parse(recorded.outputs.results ?? '[]')).toHaveLength(3);
    expect(recorded.failed).toEqual([]);
    expect(recorded.summary).toContain(
      '📤 Submitted File: 2 paths in 1 task (9000000) · Directory: 1 path in 1 task (9000001)'
    );
    expect(recorded.summary).toContain(
      'Quota remaining today: File 9,998 of 10,000 · Directory 99 of 100'
    );
  });

  test('given task IDs are waited for with the submitted ones, given first', async () => {
    const recorded = await run({
      'task-ids': '9000005',
      'prefetch-paths': 'https://www.example.com/a.png'
    });
    expect(recorded.outputs['submitted-task-ids']).toBe('9000000');
    const lookups = fake?.calls.filter((call) => call.action === 'DescribeDcdnRefreshTaskById');
    expect(lookups?.[0]?.params.TaskId).toBe('9000005,9000000');
    // The given ID is unknown to the fake: it ends NotFound, the submitted one Complete.
    expect(recorded.outputs['complete-task-ids']).toBe('9000000');
    expect(recorded.outputs['failed-task-ids']).toBe('9000005');
  });

  test('2,500 URLs go in three calls of at most 1,000, in the signed form body', async () => {
    const recorded = await run({ 'refresh-paths': urls(2500) });
    expect(fake?.submissions.map((s) => s.paths.length)).toEqual([1000, 1000, 500]);
    expect(fake?.submissions[2]?.paths.at(-1)).toBe('https://www.example.com/asset-2499.js');
    expect(recorded.outputs.status).toBe('complete');
    expect(recorded.outputs['submitted-task-ids']?.split(',')).toHaveLength(3);
  });

  test('250 prefetches go in three calls of at most 100, with Area and L2Preload', async () => {
    const recorded = await run({
      'prefetch-paths': urls(250),
      'prefetch-area': 'overseas',
      'prefetch-l2': 'true'
    });
    expect(fake?.submissions.map((s) => s.paths.length)).toEqual([100, 100, 50]);
    expect(fake?.submissions[0]?.params).toMatchObject({ Area: 'overseas', L2Preload: 'true' });
    expect(recorded.outputs.status).toBe('complete');
  });

  test('more than 10 domains are split so that no call spans more than 10', async () => {
    const paths = Array.from({ length: 12 }, (_, i) => `https://d${i}.example.com/x.js`).join('\n');
    await run({ 'refresh-paths': paths });
    expect(fake?.submissions.map((s) => s.paths.length)).toEqual([10, 2]);
  });

  test('a quota too small: nothing submitted, one clear line', async () => {
    const recorded = await run({ 'refresh-paths': urls(1200) }, { quota: { Url: [10_000, 800] } });
    expect(actions()).toEqual(['DescribeDcdnRefreshQuota']);
    expect(fake?.submissions).toEqual([]);
    expect(recorded.outputs.status).toBe('failed');
    expect(recorded.outputs['submitted-task-ids']).toBe('');
    expect(recorded.failed).toEqual([
      'refresh-paths needs 1,200 URL refreshes; 800 of 10,000 remain today. Nothing was submitted.'
    ]);
  });

  test('wait: false submits, sets the outputs and ends as submitted', async () => {
    const recorded = await run({
      'refresh-paths': 'https://www.example.com/',
      wait: 'false'
    });
    expect(actions()).toEqual(['DescribeDcdnRefreshQuota', 'RefreshDcdnObjectCaches']);
    expect(recorded.outputs.status).toBe('submitted');
    expect(recorded.outputs['submitted-task-ids']).toBe('9000000');
    expect(recorded.outputs['pending-task-ids']).toBe('9000000');
    expect(recorded.summary).toContain('Submitted 1 DCDN task, not waiting for them');
    expect(recorded.info.at(-1)).toBe(
      'Submitted 1 DCDN task (9000000); not waiting for them (wait: false).'
    );
    expect(recorded.info.join('\n')).toContain(
      'ends with "/" and is refreshed as that one URL (File)'
    );
    expect(recorded.failed).toEqual([]);
  });

  test('product cdn: its own version, actions, ExQuery and PushTaskId', async () => {
    const recorded = await run(
      {
        product: 'cdn',
        'refresh-paths': 'https://cdn.example.com/list?page=1',
        'refresh-type': 'IgnoreParams',
        'prefetch-paths': 'https://cdn.example.com/hero.jpg'
      },
      { product: 'cdn' }
    );
    expect(actions()).toEqual([
      'DescribeRefreshQuota',
      'RefreshObjectCaches',
      'PushObjectCache',
      'DescribeRefreshTaskById'
    ]);
    expect(fake?.submissions[0]?.params.ObjectType).toBe('ExQuery');
    expect(recorded.summary).toMatch(/^### ✅ All 2 CDN tasks are complete/);
    expect(recorded.outputs['submitted-task-ids']).toBe('9000000,9000001');
    expect(recorded.outputs.status).toBe('complete');
  });

  test('CDN takes one regular expression per call', async () => {
    await run(
      {
        product: 'cdn',
        'refresh-type': 'Regex',
        'refresh-paths': 'https://cdn.example.com/img/.*\\.png\nhttps://cdn.example.com/css/.*'
      },
      { product: 'cdn' }
    );
    expect(fake?.submissions.map((s) => s.paths.length)).toEqual([1, 1]);
  });
});

describe('no double submissions by accident', () => {
  test('throttling during submission is retried, and the batch goes once', async () => {
    const recorded = await run(
      { 'refresh-paths': urls(3) },
      {
        fault: (index) =>
          index === 0
            ? json(429, { Code: 'Throttling.User', Message: 'busy' })
            : index === 1
              ? json(400, { Code: 'TooMany.Refresh', Message: 'queue full' })
              : undefined
      }
    );
    expect(actions().filter((a) => a === 'RefreshDcdnObjectCaches')).toHaveLength(3);
    expect(fake?.submissions).toHaveLength(1);
    expect(recorded.outputs.status).toBe('complete');
    expect(recorded.warnings.join('\n')).not.toContain('twice');
  });

  test('a submission that times out after it was sent goes at most twice, saying so', async () => {
    const recorded = await run(
      { 'refresh-paths': urls(3), 'request-timeout': '300ms' },
      { fault: () => 'process-then-hang' }
    );
    expect(actions().filter((a) => a === 'RefreshDcdnObjectCaches')).toHaveLength(2);
    expect(recorded.warnings.join('\n')).toMatch(
      /RefreshDcdnObjectCaches batch 1 of 1 \(3 URLs from refresh-paths\): .*may be submitted twice/
    );
    expect(recorded.outputs.status).toBe('failed');
    expect(recorded.failed[0]).toMatch(/^RefreshDcdnObjectCaches batch 1 of 1 .* failed: /);
  });

  test('a batch refused part-way: the submitted IDs are in the outputs, and named', async () => {
    const recorded = await run(
      { 'refresh-paths': urls(1500) },
      {
        fault: (index) =>
          index === 1
            ? json(400, { Code: 'InvalidObjectPath.Malformed', Message: 'bad' })
            : undefined
      }
    );
    expect(fake?.submissions).toHaveLength(1);
    expect(recorded.outputs['submitted-task-ids']).toBe('9000000');
    expect(recorded.outputs['pending-task-ids']).toBe('9000000');
    expect(recorded.outputs.status).toBe('failed');
    expect(recorded.failed[0]).toMatch(
      /^RefreshDcdnObjectCaches batch 2 of 2 \(500 URLs from refresh-paths\) failed: .*InvalidObjectPath\.Malformed.*Hint: a path is not valid.*Batch 1 was submitted: task IDs 9000000/
    );
    // Not retried: the API refused the batch for its paths.
    expect(actions().filter((a) => a === 'RefreshDcdnObjectCaches')).toHaveLength(2);
  });
});

describe('the fake is strict', () => {
  test('a wrong secret is refused at the quota call, and nothing is submitted', async () => {
    const recorded = await run({
      'refresh-paths': 'https://www.example.com/a',
      'access-key-secret': 'not-the-secret'
    });
    expect(fake?.calls.map((call) => call.result)).toEqual(['SignatureDoesNotMatch']);
    expect(recorded.failed[0]).toMatch(/SignatureDoesNotMatch.*Hint: the access key secret/);
  });

  test('a need equal to what remains is submitted', async () => {
    const recorded = await run({ 'prefetch-paths': urls(5) }, { quota: { Preload: [1000, 5] } });
    expect(recorded.outputs.status).toBe('complete');
    expect(fake?.submissions).toHaveLength(1);
    expect(recorded.info).toContain(
      'Quota checked: prefetch-paths needs 5 prefetches; 5 of 1,000 remain today.'
    );
  });
});
