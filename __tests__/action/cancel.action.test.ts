// Cancellation as the runner does it: a signal mid-wait stops polling, the outputs and the job
// summary are written for the state reached (status "cancelled"), the step exits non-zero, and
// nothing is left unhandled (stderr stays empty: no unhandled rejection, no stack trace).
import { runAction } from '../../scripts/run-action.ts';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator
} from '../../emulator/server.ts';
import type { Emulator } from '../../emulator/server.ts';

let emulator: Emulator;
afterEach(async () => {
  await emulator.close();
});

const ENV = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET
};

describe('cancellation', () => {
  test.each(['SIGINT', 'SIGTERM'] as const)('%s while sleeping between rounds', async (signal) => {
    emulator = await startEmulator({
      tasks: [
        { id: '1', path: 'https://www.example.com/a', pendingMs: 0, refreshMs: 0 },
        { id: '2', path: 'https://www.example.com/b', pendingMs: 600_000 }
      ]
    });
    const run = await runAction({
      inputs: {
        'task-ids': '1,2',
        endpoint: emulator.url,
        'poll-interval': '30s',
        'max-poll-interval': '60s',
        timeout: '10m'
      },
      env: ENV,
      signalWhen: { when: /^\[0:00\] 1\/2 complete/m, signal }
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    // Far sooner than the 30 s sleep it interrupted.
    expect(run.exitAfterSignalMs).toBeLessThan(10_000);
    expect(run.stdout).toContain(`::warning::Received ${signal}: the job was cancelled`);
    expect(run.outputs).toMatchObject({
      status: 'cancelled',
      'complete-task-ids': '1',
      'pending-task-ids': '2',
      'failed-task-ids': ''
    });
    expect(run.summary).toMatch(/Cancelled with 1 of 2 DCDN tasks still pending/);
    expect(run.stdout).toMatch(
      /::error::Cancelled with 1 of 2 DCDN tasks still pending .*the job was cancelled; pending 2/
    );
    expect(emulator.requests).toHaveLength(1);
  });

  test('SIGTERM while a request hangs: no waiting for the request timeout', async () => {
    emulator = await startEmulator({
      tasks: [{ id: '3', path: 'https://www.example.com/c', pendingMs: 600_000 }],
      faults: [{ kind: 'hang' }]
    });
    const run = await runAction({
      inputs: { 'task-ids': '3', endpoint: emulator.url, 'request-timeout': '60s', timeout: '10m' },
      env: { ...ENV, RUNNER_DEBUG: '1' },
      signalWhen: { when: /Waiting for 1 DCDN task/, signal: 'SIGTERM' }
    });
    expect(run.code).toBe(1);
    expect(run.stderr).toBe('');
    expect(run.exitAfterSignalMs).toBeLessThan(10_000);
    expect(run.stdout).toContain('::warning::Received SIGTERM: the job was cancelled');
    expect(run.outputs.status).toBe('cancelled');
    expect(run.outputs['pending-task-ids']).toBe('3');
    expect(run.summary).toMatch(/^### 🛑 Cancelled with the DCDN task still pending/);
  });
});
