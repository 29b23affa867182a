// Issue 11 end to end: the whole action submits refreshes and prefetches to the project's own
// emulator (signatures, versions, per-call limits, quotas, the merge rule, rate limits) and waits,
// in virtual time shared with the emulator. Each scenario checks the outputs, what the emulator
// saw and carried out, the summary and the last line. One spawned run proves the bundle does it.
import { createHash } from 'node:crypto';
import { runAction } from '../../scripts/run-action.ts';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator
} from '../../emulator/server.ts';
import type {
  Emulator,
  EmulatorOptions,
  Fault,
  RequestRecord,
  SubmissionRecord
} from '../../emulator/server.ts';
import { createHttpTransport } from '../../src/alibaba/transport.ts';
import type { HttpRequest, Transport } from '../../src/alibaba/transport.ts';
import type { TaskResult } from '../../src/wait/task.ts';
import { noNetwork, runInProcess } from '../helpers/harness.ts';
import type { Recorded } from '../helpers/harness.ts';
import { virtualTime } from '../helpers/virtual-time.ts';
import { dataRows, shownText } from '../report/reading.ts';

const KEYS = {
  'access-key-id': DEFAULT_ACCESS_KEY_ID,
  'access-key-secret': DEFAULT_ACCESS_KEY_SECRET
};
const DCDN_VERSION = '2018-01-15';
const CDN_VERSION = '2018-05-10';
const SUBMIT_ACTIONS = new Set([
  'RefreshDcdnObjectCaches',
  'PreloadDcdnObjectCaches',
  'RefreshObjectCaches',
  'PushObjectCache'
]);

let emulator: Emulator | undefined;
/** Every HTTP request the action handed to its transport, as it built it. */
let sent: HttpRequest[] = [];

afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
  sent = [];
});

/** A transport that keeps each request, and may resolve a host to the emulator (like /etc/hosts). */
function capturing(hosts: Record<string, string> = {}): Transport {
  const inner = createHttpTransport('e2e-submit-test');
  return {
    send: (request, timeoutMs) => {
      sent.push(request);
      const url = new URL(request.url);
      const target = hosts[url.host];
      const routed = target ? `${target}${url.pathname}${url.search}` : request.url;
      return inner.send({ ...request, url: routed }, timeoutMs);
    },
    close: () => inner.close()
  };
}

interface Scenario {
  inputs: Record<string, string>;
  emulator?: EmulatorOptions;
  /** Hosts the transport sends to the emulator instead (for the products' own endpoints). */
  hosts?: string[];
}

async function submitRun({ inputs, emulator: options = {}, hosts = [] }: Scenario) {
  const time = virtualTime();
  emulator = await startEmulator({ now: time.clock, wallClock: time.clock, ...options });
  const url = emulator.url;
  const recorded = await runInProcess({
    clock: time.clock,
    sleep: time.sleep,
    transport: capturing(Object.fromEntries(hosts.map((host) => [host, url]))),
    inputs: {
      ...KEYS,
      ...(hosts.length ? {} : { endpoint: url }),
      timeout: '10m',
      'request-timeout': '2s',
      ...inputs
    }
  });
  return recorded;
}

function em(): Emulator {
  if (!emulator) throw new Error('no emulator');
  return emulator;
}

const actions = (): string[] => em().requests.map((r) => r.action);
const submitCalls = (): RequestRecord[] =>
  em().requests.filter((r) => SUBMIT_ACTIONS.has(r.action));
/** The IDs the emulator issued, each once, in the order it issued them. */
const issuedIds = (submissions: readonly SubmissionRecord[] = em().submissions): string[] => [
  ...new Set(submissions.flatMap((s) => s.taskIds))
];
const results = (recorded: Recorded): TaskResult[] =>
  JSON.parse(recorded.outputs.results ?? '[]') as TaskResult[];
const rows = (recorded: Recorded): [string, string, string][] =>
  results(recorded).map((r) => [r.TaskId, r.ObjectPath, r.Status]);
const lookups = (action = 'DescribeDcdnRefreshTaskById'): RequestRecord[] =>
  em().requests.filter((r) => r.action === action);

/** n URLs, spread over `domains` hosts in turn (a deploy's assets on a few domains). */
function urls(n: number, domains = 1, name = 'asset'): string[] {
  return Array.from({ length: n }, (_, i) => `https://d${i % domains}.example.com/${name}-${i}.js`);
}

/** Quota first, every other call after it, and every call answered (no rate limit hit). */
function expectQuotaFirstAndCalm(quotaAction = 'DescribeDcdnRefreshQuota'): void {
  expect(actions()[0]).toBe(quotaAction);
  expect(actions().filter((a) => a === quotaAction)).toHaveLength(1);
  expect(
    em()
      .requests.map((r) => r.status)
      .filter((s) => s !== 200)
  ).toEqual([]);
}

/** The last line of a run that ended well, or the failure line of one that did not. */
function lastLine(recorded: Recorded): string {
  return recorded.failed.at(-1) ?? recorded.info.at(-1) ?? '';
}

describe('submit, then wait, against the emulator', () => {
  test('1. files and a directory in one run: quota, two refreshes, then lookups until complete', async () => {
    const recorded = await submitRun({
      inputs: {
        'refresh-paths':
          'https://www.example.com/index.html\n\n  https://www.example.com/app.js  \nhttps://www.example.com/index.html',
        'refresh-directories': 'https://www.example.com/static/'
      }
    });
    expectQuotaFirstAndCalm();
    expect(submitCalls().map((r) => [r.action, r.version, r.paths])).toEqual([
      ['RefreshDcdnObjectCaches', DCDN_VERSION, 2],
      ['RefreshDcdnObjectCaches', DCDN_VERSION, 1]
    ]);
    expect(em().requests.every((r) => r.version === DCDN_VERSION && r.scheme === 'v3')).toBe(true);
    expect(em().submissions.map((s) => [s.kind, s.paths])).toEqual([
      ['file', ['https://www.example.com/index.html', 'https://www.example.com/app.js']],
      ['directory', ['https://www.example.com/static/']]
    ]);
    const [file, dir] = issuedIds();
    expect(issuedIds()).toHaveLength(2);
    // Lookups come only after the submissions, and ask for both IDs.
    const firstLookup = actions().indexOf('DescribeDcdnRefreshTaskById');
    expect(firstLookup).toBe(3);
    expect(lookups()[0]?.ids).toEqual([file, dir]);

    expect(recorded.outputs['submitted-task-ids']).toBe(`${file},${dir}`);
    expect(recorded.outputs.status).toBe('complete');
    expect(recorded.outputs['complete-task-ids']).toBe(`${file},${dir}`);
    expect(recorded.outputs['failed-task-ids']).toBe('');
    expect(recorded.outputs['pending-task-ids']).toBe('');
    expect(rows(recorded)).toEqual([
      [file, 'https://www.example.com/index.html', 'Complete'],
      [file, 'https://www.example.com/app.js', 'Complete'],
      [dir, 'https://www.example.com/static/', 'Complete']
    ]);
    expect(recorded.summary).toMatch(/^### ✅ All 2 DCDN tasks are complete/);
    expect(recorded.summary).toContain(
      `📤 Submitted File: 2 paths in 1 task (${file}) · Directory: 1 path in 1 task (${dir})`
    );
    expect(recorded.summary).toContain(
      'Quota remaining today: File 9,998 of 10,000 · Directory 99 of 100'
    );
    expect(recorded.info).toContain(
      'Quota checked: refresh-paths needs 2 URL refreshes; 10,000 of 10,000 remain today; refresh-directories needs 1 directory refresh; 100 of 100 remain today.'
    );
    expect(recorded.failed).toEqual([]);
    expect(lastLine(recorded)).toBe('All 2 DCDN tasks are complete after 0:05 (5 API calls).');
  });

  test('2. 2,500 URLs: exactly three refresh calls (1,000 + 1,000 + 500), paths in the signed form body', async () => {
    const paths = urls(2500, 3);
    const recorded = await submitRun({ inputs: { 'refresh-paths': paths.join('\n') } });
    expectQuotaFirstAndCalm();
    expect(submitCalls().map((r) => [r.action, r.paths])).toEqual([
      ['RefreshDcdnObjectCaches', 1000],
      ['RefreshDcdnObjectCaches', 1000],
      ['RefreshDcdnObjectCaches', 500]
    ]);
    expect(em().submissions.flatMap((s) => s.paths)).toEqual(paths);
    // The paths travel in the form body, covered by the signed x-acs-content-sha256; the query
    // carries nothing (1,000 URLs in the query would not even pass the header limit).
    const refreshes = sent.filter((r) => r.headers['x-acs-action'] === 'RefreshDcdnObjectCaches');
    expect(refreshes).toHaveLength(3);
    for (const request of refreshes) {
      expect(new URL(request.url).search).toBe('');
      expect(request.headers['content-type']).toBe('application/x-www-form-urlencoded');
      expect(
        new URLSearchParams(request.body).get('ObjectPath')?.split('\n').length
      ).toBeGreaterThan(0);
      expect(request.headers['x-acs-content-sha256']).toBe(
        createHash('sha256').update(request.body).digest('hex')
      );
      expect(request.headers.authorization).toMatch(/SignedHeaders=[^,]*x-acs-content-sha256/);
    }
    expect(new URLSearchParams(refreshes[2]?.body).get('ObjectPath')).toBe(
      paths.slice(2000).join('\n')
    );

    // Three domains, merged per domain and second: the emulator's IDs, in the order it issued them.
    const ids = issuedIds();
    expect(recorded.outputs['submitted-task-ids']).toBe(ids.join(','));
    expect(recorded.outputs.status).toBe('complete');
    expect(recorded.outputs['complete-task-ids']).toBe(ids.join(','));
    expect(recorded.outputs['failed-task-ids']).toBe('');
    expect(recorded.resultsFile).not.toBe('');
    const fileRows = JSON.parse(recorded.resultsFile) as TaskResult[];
    expect(fileRows).toHaveLength(2500);
    expect(new Set(fileRows.map((r) => r.ObjectPath))).toEqual(new Set(paths));
    expect(fileRows.every((r) => r.Status === 'Complete')).toBe(true);
    expect(recorded.summary).toContain('📤 Submitted File: 2,500 paths in');
    expect(recorded.summary).toContain('Quota remaining today: File 7,500 of 10,000');
    expect(recorded.failed).toEqual([]);
    expect(lastLine(recorded)).toMatch(/complete/i);
  });

  test('2b. 2,500 URLs of one domain: the minute limit refuses a batch, which waits the minute and goes once', async () => {
    const paths = urls(2500, 1);
    const recorded = await submitRun({ inputs: { 'refresh-paths': paths.join('\n') } });
    expect(actions()[0]).toBe('DescribeDcdnRefreshQuota');
    // The emulator carried out each batch exactly once, in order.
    expect(em().submissions.map((s) => s.paths.length)).toEqual([1000, 1000, 500]);
    const refused = submitCalls().filter((r) => r.status !== 200);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused.every((r) => r.code === 'QuotaPerMinuteExceeded.Refresh')).toBe(true);
    // Retried only once the minute had passed: never a burst of refused calls.
    const times = em().submissions.map((s) => s.at);
    expect((times[1] ?? 0) - (times[0] ?? 0)).toBeGreaterThanOrEqual(60_000);
    expect(recorded.outputs['submitted-task-ids']).toBe(issuedIds().join(','));
    expect(recorded.outputs.status).toBe('complete');
    expect(recorded.warnings.join('\n')).not.toContain('twice');
    // A minute's wait is told in the log, not only in debug.
    expect(recorded.info.join('\n')).toMatch(
      /waiting \d+ s before trying again \(.*QuotaPerMinuteExceeded\.Refresh/
    );
    expect(lastLine(recorded)).toMatch(/complete/i);
  });

  test('3. 250 prefetches: three calls (100 + 100 + 50), with Area and L2Preload', async () => {
    const paths = urls(250, 2, 'hero');
    const recorded = await submitRun({
      inputs: {
        'prefetch-paths': paths.join('\n'),
        'prefetch-area': 'overseas',
        'prefetch-l2': 'true'
      }
    });
    expectQuotaFirstAndCalm();
    expect(submitCalls().map((r) => [r.action, r.version, r.paths])).toEqual([
      ['PreloadDcdnObjectCaches', DCDN_VERSION, 100],
      ['PreloadDcdnObjectCaches', DCDN_VERSION, 100],
      ['PreloadDcdnObjectCaches', DCDN_VERSION, 50]
    ]);
    expect(em().submissions.map((s) => [s.kind, s.area, s.l2Preload])).toEqual([
      ['preload', 'overseas', true],
      ['preload', 'overseas', true],
      ['preload', 'overseas', true]
    ]);
    expect(em().submissions.flatMap((s) => s.paths)).toEqual(paths);
    const ids = issuedIds();
    expect(recorded.outputs['submitted-task-ids']).toBe(ids.join(','));
    expect(recorded.outputs.status).toBe('complete');
    expect(recorded.outputs['complete-task-ids']).toBe(ids.join(','));
    expect(recorded.outputs['failed-task-ids']).toBe('');
    expect((JSON.parse(recorded.resultsFile) as TaskResult[]).map((r) => r.ObjectPath)).toEqual(
      expect.arrayContaining(paths)
    );
    expect(recorded.summary).toContain('📤 Submitted Prefetch: 250 paths in');
    expect(recorded.summary).toContain('Quota remaining today: Prefetch 750 of 1,000');
    expect(lastLine(recorded)).toMatch(/complete/i);
  });

  test('4. a quota too small: no submission call at all, one clear line naming the need and what remains', async () => {
    const recorded = await submitRun({
      inputs: {
        'refresh-paths': urls(1200, 2).join('\n'),
        'prefetch-paths': urls(5, 1, 'p').join('\n')
      },
      emulator: { quotas: { url: 1000 } }
    });
    expect(actions()).toEqual(['DescribeDcdnRefreshQuota']);
    expect(em().submissions).toEqual([]);
    expect(recorded.outputs.status).toBe('failed');
    expect(recorded.outputs['submitted-task-ids']).toBe('');
    expect(recorded.outputs['failed-task-ids']).toBe('');
    expect(recorded.outputs['pending-task-ids']).toBe('');
    expect(results(recorded)).toEqual([]);
    expect(recorded.failed).toEqual([
      'refresh-paths needs 1,200 URL refreshes; 1,000 of 1,000 remain today. Nothing was submitted.'
    ]);
    expect(recorded.summary.split('\n')[0]).toBe(
      '### ❌ The DCDN refresh or prefetch was not submitted'
    );
    expect(recorded.info[0]).toMatch(
      /^Submitting DCDN refreshes and prefetches, then waiting for them at /
    );
    const shown = shownText(recorded.summary);
    expect(shown).toContain('**Code:** QuotaExceeded.Refresh');
    expect(shown).toContain(
      '**Message:** refresh-paths needs 1,200 URL refreshes; 1,000 of 1,000 remain today. Nothing was submitted.'
    );
    expect(shown).toContain('wait until the daily quota resets');
  });

  test('5. wait: false: status submitted, the IDs in the outputs, no lookup at all', async () => {
    const recorded = await submitRun({
      inputs: {
        'refresh-paths': 'https://www.example.com/',
        'prefetch-paths': 'https://www.example.com/hero.jpg',
        wait: 'false'
      }
    });
    expect(actions()).toEqual([
      'DescribeDcdnRefreshQuota',
      'RefreshDcdnObjectCaches',
      'PreloadDcdnObjectCaches'
    ]);
    const ids = issuedIds();
    expect(ids).toHaveLength(2);
    expect(recorded.outputs.status).toBe('submitted');
    expect(recorded.outputs['submitted-task-ids']).toBe(ids.join(','));
    expect(recorded.outputs['pending-task-ids']).toBe(ids.join(','));
    expect(recorded.outputs['complete-task-ids']).toBe('');
    expect(recorded.outputs['failed-task-ids']).toBe('');
    expect(results(recorded).map((r) => [r.TaskId, r.Status])).toEqual(
      ids.map((id) => [id, 'Pending'])
    );
    expect(recorded.summary).toContain('Submitted 2 DCDN tasks, not waiting for them');
    expect(recorded.summary).toContain(ids.join(', '));
    expect(recorded.failed).toEqual([]);
    expect(lastLine(recorded)).toBe(
      `Submitted 2 DCDN tasks (${ids.join(',')}); not waiting for them (wait: false).`
    );
  });

  test('6. product cdn: its own endpoint, version 2018-05-10, actions and PushTaskId', async () => {
    const recorded = await submitRun({
      inputs: {
        product: 'cdn',
        'refresh-paths': 'https://cdn.example.com/list?page=1\nhttps://cdn.example.com/list?page=2',
        'refresh-type': 'IgnoreParams',
        'prefetch-paths': 'https://cdn.example.com/hero.jpg'
      },
      // No endpoint input: the product's own host, which the transport resolves to the emulator.
      hosts: ['cdn.aliyuncs.com']
    });
    expect(new Set(sent.map((r) => new URL(r.url).origin))).toEqual(
      new Set(['https://cdn.aliyuncs.com'])
    );
    expectQuotaFirstAndCalm('DescribeRefreshQuota');
    expect([...new Set(actions())]).toEqual([
      'DescribeRefreshQuota',
      'RefreshObjectCaches',
      'PushObjectCache',
      'DescribeRefreshTaskById'
    ]);
    expect(em().requests.every((r) => r.version === CDN_VERSION && r.product === 'cdn')).toBe(true);
    expect(em().submissions.map((s) => [s.action, s.product, s.kind, s.paths.length])).toEqual([
      ['RefreshObjectCaches', 'cdn', 'exquery', 2],
      ['PushObjectCache', 'cdn', 'preload', 1]
    ]);
    // ExQuery entries get an ID each (only URL tasks merge); the prefetch reads PushTaskId.
    expect(em().submissions.map((s) => s.taskIds.length)).toEqual([2, 1]);
    const ids = issuedIds();
    expect(recorded.outputs['submitted-task-ids']).toBe(ids.join(','));
    expect(recorded.outputs.status).toBe('complete');
    expect(recorded.outputs['complete-task-ids']).toBe(ids.join(','));
    expect(rows(recorded)).toEqual([
      [ids[0], 'https://cdn.example.com/list?page=1', 'Complete'],
      [ids[1], 'https://cdn.example.com/list?page=2', 'Complete'],
      [ids[2], 'https://cdn.example.com/hero.jpg', 'Complete']
    ]);
    expect(lookups('DescribeRefreshTaskById')[0]?.ids).toEqual(ids);
    expect(recorded.summary).toMatch(/^### ✅ All 3 CDN tasks are complete/);
    expect(recorded.summary).toContain(
      `📤 Submitted IgnoreParams: 2 paths in 2 tasks (${ids[0]}, ${ids[1]}) · Prefetch: 1 path in 1 task (${ids[2]})`
    );
    expect(lastLine(recorded)).toMatch(/CDN/);
  });

  test('7. one merged ID covers a failed and a complete path: the step fails, naming the failed path', async () => {
    const recorded = await submitRun({
      inputs: {
        'prefetch-paths': 'https://www.example.com/ok.png\nhttps://www.example.com/slow/big.mp4'
      },
      emulator: {
        taskRules: [
          { match: '/slow/', kind: 'preload', outcome: 'Failed', description: 'Origin Timeout' }
        ]
      }
    });
    expectQuotaFirstAndCalm();
    expect(submitCalls().map((r) => r.paths)).toEqual([2]);
    const ids = issuedIds();
    expect(ids).toHaveLength(1);
    const [id] = ids as [string];
    expect(recorded.outputs['submitted-task-ids']).toBe(id);
    expect(recorded.outputs.status).toBe('failed');
    expect(recorded.outputs['failed-task-ids']).toBe(id);
    expect(recorded.outputs['complete-task-ids']).toBe('');
    expect(results(recorded).map((r) => [r.TaskId, r.ObjectPath, r.Status, r.Description])).toEqual(
      [
        [id, 'https://www.example.com/ok.png', 'Complete', expect.any(String)],
        [id, 'https://www.example.com/slow/big.mp4', 'Failed', 'Origin Timeout']
      ]
    );
    expect(recorded.failed).toHaveLength(1);
    expect(lastLine(recorded)).toContain('https://www.example.com/slow/big.mp4');
    expect(lastLine(recorded)).toContain('Origin Timeout');
    // The summary: the failed path under its reason, the complete one as a complete row.
    expect(shownText(recorded.summary)).toContain('#### ❌ Origin Timeout: 1 path');
    expect(dataRows(recorded.summary).map((cells) => cells.slice(0, 3).map(shownText))).toEqual([
      ['❌\u00a0Failed:\u00a0Origin\u00a0Timeout', 'https://www.example.com/slow/big.mp4', id],
      ['✅\u00a0Complete', 'https://www.example.com/ok.png', id]
    ]);
  });
});

describe('no double submissions by accident', () => {
  test('8. throttling during submission (429, TooMany.Refresh, PreloadQueueFull) is retried; each batch goes once', async () => {
    const faults: Record<string, Fault[]> = {
      RefreshDcdnObjectCaches: [
        { kind: 'status', status: 429, code: 'TooManyRequests' },
        { kind: 'status', code: 'TooMany.Refresh' }
      ],
      PreloadDcdnObjectCaches: [{ kind: 'status', code: 'PreloadQueueFull' }]
    };
    const recorded = await submitRun({
      inputs: {
        'refresh-paths': urls(3).join('\n'),
        'prefetch-paths': urls(2, 1, 'p').join('\n')
      },
      emulator: { faultRule: ({ action }) => faults[action]?.shift() }
    });
    expect(submitCalls().map((r) => [r.action, r.status, r.code])).toEqual([
      ['RefreshDcdnObjectCaches', 429, 'TooManyRequests'],
      ['RefreshDcdnObjectCaches', expect.any(Number), 'TooMany.Refresh'],
      ['RefreshDcdnObjectCaches', 200, undefined],
      ['PreloadDcdnObjectCaches', 400, 'PreloadQueueFull'],
      ['PreloadDcdnObjectCaches', 200, undefined]
    ]);
    expect(actions()[0]).toBe('DescribeDcdnRefreshQuota');
    expect(em().submissions.map((s) => [s.action, s.paths.length])).toEqual([
      ['RefreshDcdnObjectCaches', 3],
      ['PreloadDcdnObjectCaches', 2]
    ]);
    const ids = issuedIds();
    expect(recorded.outputs['submitted-task-ids']).toBe(ids.join(','));
    expect(recorded.outputs.status).toBe('complete');
    expect(recorded.outputs['complete-task-ids']).toBe(ids.join(','));
    expect(results(recorded)).toHaveLength(5);
    expect(recorded.warnings.join('\n')).not.toContain('twice');
    expect(recorded.summary).toMatch(/^### ✅ All 2 DCDN tasks are complete/);
    expect(lastLine(recorded)).toMatch(/complete/i);
  });

  test('9. a submission that times out after it was sent: at most two submissions, and a line saying so', async () => {
    const recorded = await submitRun({
      inputs: { 'refresh-paths': urls(3).join('\n'), 'request-timeout': '200ms' },
      emulator: {
        faultRule: ({ action }) =>
          action === 'RefreshDcdnObjectCaches' ? { kind: 'hang-after-commit' } : undefined
      }
    });
    // Both attempts reached the API and were carried out: the vendor now has the batch twice.
    expect(actions()).toEqual([
      'DescribeDcdnRefreshQuota',
      'RefreshDcdnObjectCaches',
      'RefreshDcdnObjectCaches'
    ]);
    expect(submitCalls().map((r) => r.fault)).toEqual(['hang-after-commit', 'hang-after-commit']);
    expect(em().submissions.map((s) => s.paths.length)).toEqual([3, 3]);
    expect(recorded.warnings.join('\n')).toMatch(
      /RefreshDcdnObjectCaches batch 1 of 1 \(3 URLs from refresh-paths\): .*may be submitted twice/
    );
    expect(recorded.outputs.status).toBe('failed');
    // Neither answer came back: this run does not know the IDs.
    expect(recorded.outputs['submitted-task-ids']).toBe('');
    expect(recorded.failed).toHaveLength(1);
    // The last line must not read as if nothing happened: the batch may exist, twice, without IDs.
    expect(lastLine(recorded)).toBe(
      'RefreshDcdnObjectCaches batch 1 of 1 (3 URLs from refresh-paths) failed: DCDN RefreshDcdnObjectCaches: no complete answer within 200 ms. The API may have carried it out all the same (up to twice) under task IDs this step never got: check the refresh history in the console before running it again. No batch was submitted before it.'
    );
    expect(shownText(recorded.summary)).toContain('The API may have carried it out all the same');
  });

  test('9b. one lost answer, then the answer: the batch went twice, the log says so, the run waits', async () => {
    let refreshes = 0;
    const recorded = await submitRun({
      inputs: { 'refresh-paths': urls(3).join('\n'), 'request-timeout': '200ms' },
      emulator: {
        faultRule: ({ action }) =>
          action === 'RefreshDcdnObjectCaches' && refreshes++ === 0
            ? { kind: 'hang-after-commit' }
            : undefined
      }
    });
    expect(actions().slice(0, 3)).toEqual([
      'DescribeDcdnRefreshQuota',
      'RefreshDcdnObjectCaches',
      'RefreshDcdnObjectCaches'
    ]);
    expect(submitCalls().map((r) => r.fault)).toEqual(['hang-after-commit', undefined]);
    expect(em().submissions.map((s) => s.paths.length)).toEqual([3, 3]);
    expect(recorded.warnings.join('\n')).toMatch(/may be submitted twice/);
    // The IDs of the answer that came; the lost answer's IDs are the vendor's to keep.
    const answered = em().submissions[1]?.taskIds ?? [];
    expect(recorded.outputs['submitted-task-ids']).toBe(answered.join(','));
    expect(recorded.outputs.status).toBe('complete');
    expect(lastLine(recorded)).toMatch(/complete/i);
  });
});

describe('refused before any request', () => {
  // 1,025 characters: one over the API's limit per path.
  const long = `https://www.example.com/${'a'.repeat(1001)}`;
  test.each([
    [
      'a relative path',
      { 'refresh-paths': '/index.html' },
      /^refresh-paths line 1: "\/index\.html" is not a URL/
    ],
    [
      'a File path with a wildcard',
      { 'refresh-paths': 'https://www.example.com/a.js\nhttps://www.example.com/*.js' },
      /^refresh-paths line 2: "https:\/\/www\.example\.com\/\*\.js" has a wildcard/
    ],
    [
      'a directory without the trailing /',
      { 'refresh-directories': 'https://www.example.com/static' },
      /^refresh-directories line 1: .* is not a directory: a directory ends with "\/"/
    ],
    [
      'a path of more than 1,024 characters',
      { 'prefetch-paths': long },
      /^prefetch-paths line 1: .* is longer than the API's 1024 characters per path/
    ],
    [
      'an ftp:// URL',
      { 'prefetch-paths': 'ftp://www.example.com/a.zip' },
      /^prefetch-paths line 1: .* uses ftp:\/\/: write an http:\/\/ or https:\/\/ URL/
    ]
  ])('10. %s', async (_name, inputs, message) => {
    const recorded = await submitRun({ inputs });
    expect(em().requests).toEqual([]);
    expect(recorded.sent).toBe(0);
    expect(recorded.failed).toHaveLength(1);
    expect(recorded.failed[0]).toMatch(message);
    expect((recorded.failed[0] ?? '').length).toBeLessThanOrEqual(300);
    expect(recorded.failed[0]).not.toMatch(/\n|at .*\.ts:\d+/);
    expect(recorded.outputs.status).toBe('failed');
    expect(recorded.outputs['submitted-task-ids']).toBe('');
    expect(recorded.summary).toContain('The inputs are not valid');
    expect(recorded.summary).toContain('Nothing was sent.');
  });

  test.each([
    [
      'dcdn',
      'cdn.aliyuncs.com',
      /^endpoint cdn\.aliyuncs\.com is the CDN API, but product is dcdn: set product to cdn/
    ],
    [
      'cdn',
      'https://dcdn.aliyuncs.com',
      /^endpoint dcdn\.aliyuncs\.com is the DCDN API, but product is cdn: set product to dcdn/
    ]
  ])(
    '11. product %s with the endpoint %s is refused, naming product',
    async (product, endpoint, message) => {
      const recorded = await runInProcess({
        inputs: { ...KEYS, product, endpoint, 'refresh-paths': 'https://www.example.com/a.js' },
        transport: noNetwork
      });
      expect(recorded.sent).toBe(0);
      expect(recorded.failed).toHaveLength(1);
      expect(recorded.failed[0]).toMatch(message);
      expect((recorded.failed[0] ?? '').length).toBeLessThanOrEqual(300);
      expect(recorded.outputs.status).toBe('failed');
    }
  );
});

describe('a domain the account does not have', () => {
  test('12. InvalidDomain.NotFound in the first batch fails at once, with a hint', async () => {
    const recorded = await submitRun({
      inputs: { 'refresh-paths': 'https://other.example.net/a.js' },
      emulator: { domains: ['www.example.com'] }
    });
    expect(actions()).toEqual(['DescribeDcdnRefreshQuota', 'RefreshDcdnObjectCaches']);
    expect(submitCalls().map((r) => [r.status, r.code])).toEqual([[404, 'InvalidDomain.NotFound']]);
    expect(em().submissions).toEqual([]);
    expect(recorded.outputs.status).toBe('failed');
    expect(recorded.outputs['submitted-task-ids']).toBe('');
    expect(recorded.failed).toHaveLength(1);
    expect(lastLine(recorded)).toMatch(
      /^RefreshDcdnObjectCaches batch 1 of 1 \(1 URL from refresh-paths\) failed: .*InvalidDomain\.NotFound.*Hint: a domain of these paths is not in this account's DCDN.*No batch was submitted before it\./
    );
    const shown = shownText(recorded.summary);
    expect(shown).toContain('**Code:** InvalidDomain.NotFound');
    expect(shown).toContain(
      "answered InvalidDomain.NotFound: a domain of these paths is not in this account's DCDN: check the paths and the product input."
    );
  });

  test("12b. InvalidDomain.NotFound in the second batch: the first batch's IDs are named as submitted", async () => {
    const recorded = await submitRun({
      inputs: {
        'refresh-paths': 'https://www.example.com/a.js\nhttps://www.example.com/b.js',
        'prefetch-paths': 'https://other.example.net/hero.jpg'
      },
      emulator: { domains: ['www.example.com'] }
    });
    expect(actions()).toEqual([
      'DescribeDcdnRefreshQuota',
      'RefreshDcdnObjectCaches',
      'PreloadDcdnObjectCaches'
    ]);
    expect(submitCalls().map((r) => r.code)).toEqual([undefined, 'InvalidDomain.NotFound']);
    const [first] = issuedIds() as [string];
    expect(issuedIds()).toEqual([first]);
    expect(recorded.outputs['submitted-task-ids']).toBe(first);
    expect(recorded.outputs['pending-task-ids']).toBe(first);
    expect(recorded.outputs.status).toBe('failed');
    expect(recorded.failed).toHaveLength(1);
    expect(lastLine(recorded)).toMatch(
      new RegExp(
        `^PreloadDcdnObjectCaches batch 2 of 2 \\(1 URL from prefetch-paths\\) failed: .*InvalidDomain\\.NotFound.*Batch 1 was submitted: task IDs ${first} \\(in the outputs submitted-task-ids and pending-task-ids\\)\\.$`
      )
    );
    expect(recorded.summary).toContain(first);
  });
});

describe('the bundle', () => {
  test('dist/index.js submits files and a directory and waits, as a real process in real time', async () => {
    emulator = await startEmulator({ taskRules: [{ pendingMs: 50, refreshMs: 150 }] });
    const run = await runAction({
      entry: 'dist/index.js',
      inputs: {
        endpoint: emulator.url,
        'refresh-paths': 'https://www.example.com/index.html\nhttps://www.example.com/app.js',
        'refresh-directories': 'https://www.example.com/static/',
        'poll-interval': '100ms',
        'max-poll-interval': '200ms',
        'request-timeout': '2s',
        timeout: '20s'
      },
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET
      }
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expectQuotaFirstAndCalm();
    expect(submitCalls().map((r) => [r.action, r.version, r.paths])).toEqual([
      ['RefreshDcdnObjectCaches', DCDN_VERSION, 2],
      ['RefreshDcdnObjectCaches', DCDN_VERSION, 1]
    ]);
    expect(em().submissions.map((s) => s.kind)).toEqual(['file', 'directory']);
    const ids = issuedIds();
    expect(ids).toHaveLength(2);
    expect(run.outputs['submitted-task-ids']).toBe(ids.join(','));
    expect(run.outputs.status).toBe('complete');
    expect(run.outputs['complete-task-ids']).toBe(ids.join(','));
    expect(run.outputs['failed-task-ids']).toBe('');
    expect((JSON.parse(run.outputs.results ?? '[]') as TaskResult[]).map((r) => r.Status)).toEqual([
      'Complete',
      'Complete',
      'Complete'
    ]);
    expect(run.summary).toMatch(/^### ✅ All 2 DCDN tasks are complete/);
    expect(run.summary).toContain(`Directory: 1 path in 1 task (${ids[1]})`);
    expect(run.stdout).not.toContain('::error');
    expect(run.stdout.trim().split('\n').at(-1)).toMatch(/complete/i);
  }, 30_000);
});
