// Hostile and careless input, row by row: each gives one line saying what is wrong and how to
// fix it, and no request is sent. Runs the whole action in-process with a transport that fails
// the test if it is ever used.
import { runInProcess, noNetwork } from '../helpers/harness.ts';
import { startEmulator } from '../../emulator/server.ts';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../emulator/server.ts';

const VALID = {
  'task-ids': '95248880',
  'access-key-id': 'LTAIkey',
  'access-key-secret': 'secret-value'
};

const garbage = Array.from({ length: 100 * 1024 }, (_, i) =>
  String.fromCharCode(33 + ((i * 7919) % 90))
).join('');

const ROWS: [string, Record<string, string>, RegExp][] = [
  // task-ids may be empty when the step submits paths; with nothing at all, one line names them.
  [
    'empty task-ids, nothing to submit',
    { 'task-ids': '' },
    /^Nothing to do: task-ids, refresh-paths, refresh-directories and prefetch-paths are all empty/
  ],
  ['whitespace task-ids', { 'task-ids': ' \n\t ' }, /^Nothing to do/],
  [
    '100 KB of garbage',
    { 'task-ids': garbage },
    /^task-ids (has ".{1,41}", which is not a task ID|looks like JSON)/
  ],
  [
    'JSON that is not an answer',
    { 'task-ids': '{"Code":"Throttling","Message":"busy"}' },
    /^task-ids is a JSON object without RefreshTaskId/
  ],
  [
    'JSON array of objects without IDs',
    { 'task-ids': '[{"RequestId":"x"}]' },
    /^task-ids\[0\] is a JSON object without/
  ],
  ['JSON of the wrong kind', { 'task-ids': '[true]' }, /^task-ids\[0\] is a boolean/],
  ['an ID with leading zeros', { 'task-ids': '00123' }, /leading zero/],
  ['an ID of 30 digits', { 'task-ids': '1'.repeat(30) }, /30 digits/],
  ['non-ASCII digits', { 'task-ids': '١٢٣' }, /which is not a task ID/],
  [
    'a control character',
    { 'task-ids': '123\u0000456' },
    /"123\\u0000456", which is not a task ID/
  ],
  ['negative timeout', { timeout: '-5m' }, /^timeout "-5m" is not a duration/],
  ['zero timeout', { timeout: '0' }, /^timeout "0" is out of range/],
  [
    'absurd timeout',
    { timeout: '9999h' },
    /^timeout "9999h" is out of range: use a value from 100ms to 72h/
  ],
  [
    'unit-less garbage duration',
    { 'poll-interval': 'fast' },
    /^poll-interval "fast" is not a duration/
  ],
  ['unknown unit', { 'max-poll-interval': '3d' }, /^max-poll-interval "3d" is not a duration/],
  ['zero request timeout', { 'request-timeout': '0s' }, /^request-timeout "0s" is out of range/],
  [
    'poll-interval above max-poll-interval',
    { 'poll-interval': '1m', 'max-poll-interval': '10s' },
    /^poll-interval \(1m\) is longer than max-poll-interval \(10s\)/
  ],
  [
    'timeout shorter than poll-interval',
    { timeout: '3s', 'poll-interval': '5s' },
    /^timeout \(3s\) is shorter than poll-interval \(5s\)/
  ],
  [
    'rate 0',
    { 'max-requests-per-second': '0' },
    /^max-requests-per-second "0" is not a whole number/
  ],
  ['negative rate', { 'max-requests-per-second': '-1' }, /^max-requests-per-second "-1"/],
  ['fractional rate', { 'max-requests-per-second': '0.5' }, /^max-requests-per-second "0\.5"/],
  [
    'endpoint with credentials',
    { endpoint: 'https://user:pass@dcdn.aliyuncs.com' },
    /^endpoint has credentials in it/
  ],
  [
    'endpoint with an odd scheme',
    { endpoint: 'ftp://dcdn.aliyuncs.com' },
    /^endpoint uses the scheme "ftp"/
  ],
  ['endpoint javascript:', { endpoint: 'javascript:alert(1)' }, /^endpoint /],
  [
    'endpoint with a path',
    { endpoint: 'https://dcdn.aliyuncs.com/v1' },
    /^endpoint .* has a path, query or fragment/
  ],
  [
    'endpoint with a query',
    { endpoint: 'https://dcdn.aliyuncs.com/?Action=x' },
    /has a path, query or fragment/
  ],
  [
    'endpoint with a fragment',
    { endpoint: 'https://dcdn.aliyuncs.com#x' },
    /has a path, query or fragment/
  ],
  ['plain http to the real API', { endpoint: 'http://dcdn.aliyuncs.com' }, /not a loopback host/],
  [
    'plain http to a private address',
    { endpoint: 'http://192.168.1.10:8080' },
    /not a loopback host/
  ],
  [
    'plain http to a name that only resolves to loopback',
    { endpoint: 'http://localtest.me' },
    /not a loopback host/
  ],
  [
    'bad fail-on-timeout',
    { 'fail-on-timeout': 'maybe' },
    /^fail-on-timeout is "maybe": use true or false/
  ],
  ['key ID without secret', { 'access-key-secret': '' }, /access-key-secret is empty/],
  [
    'comment-tag with markup',
    { 'comment-tag': '--><script>' },
    /^comment-tag .* may hold only letters/
  ]
];

describe('hostile and careless input', () => {
  test.each(ROWS)('%s', async (_name, overrides, message) => {
    const recorded = await runInProcess({
      inputs: { ...VALID, ...overrides },
      transport: noNetwork
    });
    expect(recorded.failed).toHaveLength(1);
    const line = recorded.failed[0] as string;
    expect(line).toMatch(message);
    expect(line).not.toMatch(/[\n\r]/);
    expect(line).not.toMatch(/\s+at .*\(.*:\d+:\d+\)/); // never a stack trace
    expect(line.length).toBeLessThan(500);
    expect(recorded.sent).toBe(0);
    // The secret was masked before the input was even looked at.
    if (overrides['access-key-secret'] !== '') expect(recorded.secrets).toContain('secret-value');
  });

  test('a rate above the account limit is accepted with a warning', async () => {
    const recorded = await runInProcess({
      inputs: {
        ...VALID,
        'max-requests-per-second': '31',
        endpoint: 'http://127.0.0.1:9',
        timeout: '1s',
        'poll-interval': '1s',
        'request-timeout': '100ms'
      }
    });
    expect(recorded.warnings[0]).toMatch(/above the account limit of 30/);
    expect(recorded.sent).toBeGreaterThan(0);
  });

  test('10,000 IDs are accepted and handled, 10 per call, under the ceiling', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => String(700_000_000 + i));
    const emulator = await startEmulator({
      tasks: ids.map((id) => ({
        id,
        path: `https://www.example.com/${id}`,
        pendingMs: 0,
        refreshMs: 0
      })),
      rateLimitPerSecond: 1000
    });
    try {
      const recorded = await runInProcess({
        inputs: {
          'task-ids': ids.join('\n'),
          endpoint: emulator.url,
          'access-key-id': DEFAULT_ACCESS_KEY_ID,
          'access-key-secret': DEFAULT_ACCESS_KEY_SECRET,
          'max-requests-per-second': '1000'
        }
      });
      expect(recorded.outputs.status).toBe('complete');
      expect(emulator.requests).toHaveLength(1000);
      expect(emulator.requests.every((r) => r.ids.length === 10 && r.status === 200)).toBe(true);
      // One log line per round, not per call.
      expect(recorded.info.filter((line) => line.startsWith('['))).toHaveLength(1);
      expect(recorded.summary.length).toBeLessThan(1024 * 1024);
    } finally {
      await emulator.close();
    }
  });
});

describe('many failures', () => {
  test("annotations stop at GitHub's per-step limit, with one line for the rest", async () => {
    const ids = Array.from({ length: 30 }, (_, i) => String(800 + i));
    const emulator = await startEmulator({
      tasks: ids.map((id) => ({
        id,
        path: `https://www.example.com/${id}`,
        pendingMs: 0,
        refreshMs: 0,
        outcome: 'Failed' as const,
        description: 'Origin Timeout'
      }))
    });
    try {
      const recorded = await runInProcess({
        inputs: {
          'task-ids': ids.join(','),
          endpoint: emulator.url,
          'access-key-id': DEFAULT_ACCESS_KEY_ID,
          'access-key-secret': DEFAULT_ACCESS_KEY_SECRET
        }
      });
      expect(recorded.errors).toHaveLength(9);
      expect(recorded.errors[0]?.title).toBe('DCDN task 800 failed');
      expect(recorded.errors[8]).toEqual({
        title: '22 more DCDN tasks failed',
        message: expect.stringMatching(/22 more tasks failed/)
      });
      expect(recorded.outputs['failed-task-ids']?.split(',')).toHaveLength(30);
      expect(JSON.parse(recorded.resultsFile)).toHaveLength(30);
    } finally {
      await emulator.close();
    }
  });
});
