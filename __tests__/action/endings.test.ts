// Every ending is a report: whatever happens, every declared output is set, the job summary says
// what happened, and the last line names the cause. In-process, over real sockets.
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator
} from '../../emulator/server.ts';
import type { Emulator, Fault, FaultRule, TaskScript } from '../../emulator/server.ts';
import { OUTPUT_NAMES } from '../../src/report/outputs.ts';
import { CancelledError } from '../../src/shared/errors.ts';
import { noNetwork, runInProcess } from '../helpers/harness.ts';
import type { HarnessOptions, Recorded } from '../helpers/harness.ts';
import { virtualTime } from '../helpers/virtual-time.ts';

let emulator: Emulator | undefined;
afterEach(async () => {
  await emulator?.close();
  emulator = undefined;
});

const quick = (id: string): TaskScript => ({
  id,
  path: `https://www.example.com/${id}.css`,
  pendingMs: 0,
  refreshMs: 200
});

async function runAgainst(
  options: { tasks?: TaskScript[]; faultRule?: FaultRule; faults?: Fault[] },
  inputs: Record<string, string> = {},
  extra: Partial<HarnessOptions> = {}
): Promise<Recorded> {
  const time = virtualTime();
  const tasks = options.tasks ?? [quick('11'), quick('12')];
  emulator = await startEmulator({
    tasks,
    now: time.clock,
    wallClock: time.clock,
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.faultRule ? { faultRule: options.faultRule } : {})
  });
  return runInProcess({
    clock: time.clock,
    sleep: time.sleep,
    inputs: {
      'task-ids': tasks.map((t) => t.id).join(','),
      endpoint: emulator.url,
      'access-key-id': DEFAULT_ACCESS_KEY_ID,
      'access-key-secret': DEFAULT_ACCESS_KEY_SECRET,
      timeout: '1m',
      'request-timeout': '300ms',
      ...inputs
    },
    ...extra
  });
}

function expectEveryOutput(recorded: Recorded): void {
  expect(Object.keys(recorded.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
}

describe('every ending writes everything', () => {
  test('a RAM denial: outputs, a summary naming the service, code, RequestId and hint', async () => {
    const recorded = await runAgainst({
      faults: [{ kind: 'status', status: 403, code: 'Forbidden.RAM' }]
    });
    expectEveryOutput(recorded);
    expect(recorded.outputs.status).toBe('failed');
    expect(recorded.outputs['pending-task-ids']).toBe('11,12');
    const results = JSON.parse(recorded.outputs.results ?? '') as { TaskId: string }[];
    expect(results.map((r) => r.TaskId)).toEqual(['11', '12']);
    expect(recorded.summary).toMatch(/could not be checked/);
    expect(recorded.summary).toMatch(/DCDN/);
    expect(recorded.summary).toMatch(/Forbidden\\?\.RAM/);
    expect(recorded.summary).toMatch(/RequestId/);
    expect(recorded.summary).toMatch(/permission/);
    expect(recorded.failed).toHaveLength(1);
    expect(recorded.failed[0]).toMatch(/Forbidden\.RAM/);
  });

  test('bad input: one line, a summary saying so, every output set, nothing sent', async () => {
    const recorded = await runInProcess({
      inputs: { 'task-ids': 'abc', 'access-key-id': 'id', 'access-key-secret': 'secret' },
      transport: noNetwork
    });
    expectEveryOutput(recorded);
    expect(recorded.outputs.status).toBe('failed');
    expect(recorded.outputs.results).toBe('[]');
    expect(recorded.summary).toMatch(/inputs are not valid/);
    expect(recorded.failed).toHaveLength(1);
    expect(recorded.sent).toBe(0);
  });

  test('an unwritable job summary is a warning: the verdict stays complete', async () => {
    const recorded = await runAgainst({}, {}, { failWrites: { summary: true } });
    expect(recorded.outputs.status).toBe('complete');
    expect(recorded.failed).toEqual([]);
    expect(recorded.warnings.join('\n')).toMatch(/job summary could not be written.*EACCES/);
  });

  test('an unwritable results file is a warning, and results-file is empty', async () => {
    const recorded = await runAgainst({}, {}, { failWrites: { resultsFile: true } });
    expect(recorded.outputs.status).toBe('complete');
    expect(recorded.outputs['results-file']).toBe('');
    expect(recorded.failed).toEqual([]);
    expect(recorded.warnings.join('\n')).toMatch(/results file could not be written/);
  });

  test('cancelled during a retry wait: status cancelled, every output, no unexpected error', async () => {
    const controller = new AbortController();
    const time = virtualTime();
    const tasks = [quick('21')];
    emulator = await startEmulator({
      tasks,
      now: time.clock,
      wallClock: time.clock,
      faultRule: () => {
        controller.abort(); // the runner cancels the job while the answer is a 503
        return { kind: 'status', status: 503, code: 'ServiceUnavailable' };
      }
    });
    const recorded = await runInProcess({
      clock: time.clock,
      sleep: (ms) =>
        controller.signal.aborted
          ? Promise.reject(new CancelledError('cancelled'))
          : time.sleep(ms),
      signal: controller.signal,
      inputs: {
        'task-ids': '21',
        endpoint: emulator.url,
        'access-key-id': DEFAULT_ACCESS_KEY_ID,
        'access-key-secret': DEFAULT_ACCESS_KEY_SECRET,
        'request-timeout': '300ms'
      }
    });
    expectEveryOutput(recorded);
    expect(recorded.outputs.status).toBe('cancelled');
    expect(recorded.failed.join('\n')).not.toMatch(/Unexpected error/);
    expect(recorded.summary).toMatch(/Cancelled/);
  });
});

describe('the timeout is a hard budget', () => {
  test('a hung request ends at the budget, not at request-timeout', async () => {
    emulator = await startEmulator({ tasks: [quick('31')], faultRule: () => ({ kind: 'hang' }) });
    const started = Date.now();
    const recorded = await runInProcess({
      inputs: {
        'task-ids': '31',
        endpoint: emulator.url,
        'access-key-id': DEFAULT_ACCESS_KEY_ID,
        'access-key-secret': DEFAULT_ACCESS_KEY_SECRET,
        timeout: '500ms',
        'poll-interval': '100ms',
        'request-timeout': '1m'
      }
    });
    // A generous bound: what matters is that the 1-minute request timeout did not apply.
    expect(Date.now() - started).toBeLessThan(15_000);
    expectEveryOutput(recorded);
    // No call was ever answered: a broken setup, not a slow edge.
    expect(recorded.outputs.status).toBe('failed');
    expect(recorded.failed[0]).toMatch(/No DCDN API call .* got an answer/);
  });
});
