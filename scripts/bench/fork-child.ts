// The parent side of a simulated run (child.ts is the other): fork the client script, follow its
// virtual clock step by step (the emulator takes each time before the child goes on), and return
// its result. Shared by sim.ts and contention.ts.

import { fork } from 'node:child_process';
import { setPriority } from 'node:os';
import type { ParentMessage } from './protocol.ts';

type Start = Exclude<ParentMessage, { type: 'ack' }>;

type FromChild<Result> =
  | { type: 'time'; now: number }
  | { type: 'result'; result: Result }
  | { type: 'error'; message: string };

export function forkChild<Result>(
  script: string,
  start: Start,
  label: string,
  setTime: (now: number) => void
): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(script, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    lowerPriority(child.pid);
    let result: Result | undefined;
    const post = (message: ParentMessage) => child.send(message);
    child.on('message', (message: FromChild<Result>) => {
      if (message.type === 'time') {
        setTime(message.now);
        post({ type: 'ack' });
      } else if (message.type === 'result') result = message.result;
      else reject(new Error(`${label} run failed: ${message.message}`));
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      if (result) resolve(result);
      else reject(new Error(`${label} run exited with ${code} and no result`));
    });
    post(start);
  });
}

/** Runs a bench child at low priority, so the machine's other work disturbs it the least. */
export function lowerPriority(pid: number | undefined): void {
  try {
    if (pid !== undefined) setPriority(pid, 19);
  } catch {
    // Not permitted here: the figures stay valid, only the overlap is less polite.
  }
}
