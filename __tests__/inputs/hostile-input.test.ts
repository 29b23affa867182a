// Hostile input, whole action in-process: oversized values, garbage, look-alike characters and
// line breaks that try to start a workflow command. Each ends in one short line, with the secret
// masked first and no request sent (the transport fails the test if it is ever used). What each
// input accepts, and its message, is the config tests' (config.test.ts, task-ids.test.ts,
// submission.test.ts, comment-config.test.ts); only hostility is tested here.
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
const COMMAND = '\n::set-output name=status::complete\n::add-mask::x';

const ROWS: [string, Record<string, string>, RegExp][] = [
  [
    '100 KB of garbage in task-ids',
    { 'task-ids': garbage },
    /^task-ids (has ".{1,41}", which is not a task ID|looks like JSON)/
  ],
  [
    '100 KB of garbage in endpoint',
    { endpoint: garbage },
    /^endpoint ".{1,81}" is not a host or URL/
  ],
  ['100 KB of digits in timeout', { timeout: '9'.repeat(100 * 1024) }, /^timeout "9{40}…" is/],
  ['non-ASCII digits', { 'task-ids': '١٢٣' }, /"١٢٣", which is not a task ID/],
  [
    'a control character, shown escaped',
    { 'task-ids': '123\u0000456' },
    /"123\\u0000456", which is not a task ID/
  ],
  [
    'a workflow command after a line break in task-ids',
    { 'task-ids': `1${COMMAND}` },
    /"::set-output", which is not a task ID/
  ],
  [
    'a workflow command after a line break in a duration',
    { 'poll-interval': `5s${COMMAND}` },
    /^poll-interval "5s ::set-output.*" is not a duration/
  ],
  [
    'a workflow command after a line break in a boolean',
    { 'fail-on-timeout': `true${COMMAND}` },
    /^fail-on-timeout is "true ::set-output.*": use true or false/
  ]
];

describe('hostile input', () => {
  test.each(ROWS)('%s', async (_name, overrides, message) => {
    const recorded = await runInProcess({
      inputs: { ...VALID, ...overrides },
      transport: noNetwork
    });
    expect(recorded.failed).toHaveLength(1);
    const line = recorded.failed[0] as string;
    expect(line).toMatch(message);
    // One line, so nothing in it can start a workflow command on the runner.
    expect(line).not.toMatch(/[\n\r\u2028\u2029]/);
    expect(line).not.toMatch(/\s+at .*\(.*:\d+:\d+\)/); // never a stack trace
    expect(line.length).toBeLessThanOrEqual(300);
    expect(recorded.sent).toBe(0);
    expect(recorded.outputs.status).toBe('failed');
    // The secret was masked before the input was even looked at.
    expect(recorded.secrets).toContain('secret-value');
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
