// Copies of the bundled action as real processes, in real time, against one emulator process and
// account: the check that the simulated contention figures hold when each copy has its own
// process, event loop and timers, as on runners that share an account.

import { fork } from 'node:child_process';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../emulator/server.ts';
import type { EmulatorReply, EmulatorRequest } from './emulator-process.ts';
import { spawnAction } from './spawn-action.ts';

export interface ProcessContention {
  copies: number[];
  requests: number;
  throttled: number;
  allDone: boolean;
  /** First spawn to last exit, ms. */
  makespanMs: number;
  wallMs: number;
}

const EMULATOR = new URL('./emulator-process.ts', import.meta.url).pathname;

export async function contendAsProcesses(
  script: string,
  copies: number[],
  seed: number,
  timeScale: number,
  inputs: Record<string, string>
): Promise<ProcessContention> {
  const started = Date.now();
  const child = fork(EMULATOR, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message: EmulatorRequest) =>
    new Promise<EmulatorReply>((resolve) => {
      child.once('message', resolve);
      child.send(message);
    });
  const ready = await ask({ type: 'start', count: 0, seed, timeScale, copies });
  if (ready.type !== 'ready') throw new Error('emulator did not start');
  const runs = await Promise.all(
    ready.copies.map((ids) =>
      spawnAction(
        script,
        { 'task-ids': ids.join(','), endpoint: ready.url, ...inputs },
        {
          ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
          ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET
        },
        { timeoutMs: 10 * 60_000 }
      )
    )
  );
  const reply = await ask({ type: 'stats' });
  if (reply.type !== 'stats') throw new Error('emulator sent no stats');
  return {
    copies,
    requests: reply.stats.requests,
    throttled: reply.stats.throttled,
    allDone: runs.every((r) => r.code === 0 && r.outputs.status === 'complete'),
    makespanMs:
      Math.max(...runs.map((r) => r.exitedAt)) - Math.min(...runs.map((r) => r.spawnedAt)),
    wallMs: Date.now() - started
  };
}
