// The child side of a simulated run: wait for the parent's start message, run on a virtual clock
// whose every step the parent's emulator takes before the child goes on, send back the result.
// Shared by sim-client.ts (one run) and contention-client.ts (several copies at once).

import type { ContentionConfig, ParentMessage, SimConfig } from './protocol.ts';

/** The config each start message carries. */
interface StartConfigs {
  start: SimConfig;
  'start-contention': ContentionConfig;
}

/** Runs `work` with the config of the `type` start message and reports its result or error. */
export async function runChild<K extends keyof StartConfigs>(
  type: K,
  work: (config: StartConfigs[K], publish: (now: number) => Promise<void>) => Promise<unknown>
): Promise<void> {
  // The messages of protocol.ts's ChildMessage and ContentionMessage.
  const send = (message: { type: 'time' | 'result' | 'error'; [field: string]: unknown }) =>
    process.send?.(message);
  let ack: (() => void) | undefined;
  const started = new Promise<StartConfigs[K]>((resolve) => {
    process.on('message', (message: ParentMessage) => {
      if (message.type === 'ack') ack?.();
      else if (message.type === type) resolve(message.config as StartConfigs[K]);
    });
  });
  /** Tells the parent the virtual time and waits until its emulator has taken it. */
  const publish = (now: number): Promise<void> =>
    new Promise((resolve) => {
      ack = resolve;
      send({ type: 'time', now });
    });
  try {
    send({ type: 'result', result: await work(await started, publish) });
  } catch (error) {
    send({ type: 'error', message: (error as Error).stack ?? String(error) });
  } finally {
    process.disconnect?.();
  }
}
