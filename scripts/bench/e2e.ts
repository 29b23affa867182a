// The bundled action end to end, in real time, as a runner runs it: dist/index.js in a child
// process against the emulator (in a process of its own), with its peak memory read from outside.

import { fork } from 'node:child_process';
import { DEFAULT_ACCESS_KEY_ID, DEFAULT_ACCESS_KEY_SECRET } from '../../emulator/server.ts';
import type { EmulatorReply, EmulatorRequest, EmulatorStats } from './emulator-process.ts';
import { spawnAction } from './spawn-action.ts';

export interface EndToEnd {
  ids: number;
  inputs: Record<string, string>;
  exitCode: number | null;
  status: string;
  stats: EmulatorStats;
  wallMs: number;
  maxRssBytes: number | undefined;
  /** Log lines that report a polling round ("[m:ss] ..."), and all lines printed. */
  roundLines: number;
  logLines: number;
  outputBytes: number;
  summaryBytes: number;
}

const EMULATOR = new URL('./emulator-process.ts', import.meta.url).pathname;

export async function runEndToEnd(
  script: string,
  count: number,
  seed: number,
  timeScale: number,
  inputs: Record<string, string>
): Promise<EndToEnd> {
  const child = fork(EMULATOR, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ask = (message: EmulatorRequest) =>
    new Promise<EmulatorReply>((resolve) => {
      child.once('message', resolve);
      child.send(message);
    });
  const ready = await ask({ type: 'start', count, seed, timeScale });
  if (ready.type !== 'ready') throw new Error('emulator did not start');
  const allInputs = { 'task-ids': ready.ids.join(','), endpoint: ready.url, ...inputs };
  const run = await spawnAction(
    script,
    allInputs,
    {
      ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET
    },
    { measureRss: true, timeoutMs: 15 * 60_000 }
  );
  const reply = await ask({ type: 'stats' });
  if (reply.type !== 'stats') throw new Error('emulator sent no stats');
  const lines = run.stdout.split('\n').filter((l) => l && !l.startsWith('::debug::'));
  return {
    ids: count,
    inputs,
    exitCode: run.code,
    status: run.outputs.status ?? '(none)',
    stats: reply.stats,
    wallMs: run.exitedAt - run.spawnedAt,
    maxRssBytes: run.maxRssBytes,
    roundLines: lines.filter((l) => /^\[\d+:\d{2}(:\d{2})?\] /.test(l)).length,
    logLines: lines.length,
    outputBytes: run.outputBytes,
    summaryBytes: run.summaryBytes
  };
}
