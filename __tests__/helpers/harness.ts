// Runs the whole action in-process (run() from src/main.ts) with a recording runner, the real
// HTTP transport, and injectable time: fast, deterministic whole-action tests.
import { run } from '../../src/main.ts';
import type { ActionIO, Runtime } from '../../src/runtime/io.ts';
import type { OutputName } from '../../src/report/outputs.ts';
import { createHttpTransport } from '../../src/alibaba/transport.ts';
import type { Transport } from '../../src/alibaba/transport.ts';
import type { Clock, Sleep } from '../../src/shared/time.ts';
import type { Verdict } from '../../src/wait/verdict.ts';

export interface Recorded {
  outputs: Partial<Record<OutputName, string>>;
  info: string[];
  warnings: string[];
  errors: { message: string; title: string }[];
  failed: string[];
  secrets: string[];
  summary: string;
  resultsFile: string;
  /** HTTP requests the transport was asked to send. */
  sent: number;
  verdict: Verdict | undefined;
}

export interface HarnessOptions {
  inputs: Record<string, string>;
  env?: Record<string, string | undefined>;
  clock?: Clock;
  sleep?: Sleep;
  random?: () => number;
  transport?: Transport;
  signal?: AbortSignal;
  /** Make the runner's job summary or results file refuse writes (a full disk, a bad path). */
  failWrites?: { summary?: boolean; resultsFile?: boolean };
}

/** A runner that records everything the action tells it; inputs come from a plain map. */
export function recordingIO(inputs: Record<string, string>): { io: ActionIO; recorded: Recorded } {
  const recorded: Recorded = {
    outputs: {},
    info: [],
    warnings: [],
    errors: [],
    failed: [],
    secrets: [],
    summary: '',
    resultsFile: '',
    sent: 0,
    verdict: undefined
  };
  const io: ActionIO = {
    getInput: (name) => inputs[name] ?? '',
    setOutput: (name, value) => {
      recorded.outputs[name] = value;
    },
    setSecret: (secret) => recorded.secrets.push(secret),
    info: (message) => recorded.info.push(message),
    warning: (message) => recorded.warnings.push(message),
    error: (message, title) => recorded.errors.push({ message, title }),
    debug: () => undefined,
    setFailed: (message) => recorded.failed.push(message),
    writeSummary: async (markdown) => {
      recorded.summary += markdown;
    },
    writeResultsFile: async (lines) => {
      recorded.resultsFile = [...lines].join('\n');
      return '/runner/temp/results.json';
    }
  };
  return { io, recorded };
}

export async function runInProcess(options: HarnessOptions): Promise<Recorded> {
  const { io: recording, recorded } = recordingIO(options.inputs);
  const refuse = async (): Promise<never> => {
    throw new Error('EACCES: permission denied');
  };
  const io: ActionIO = {
    ...recording,
    ...(options.failWrites?.summary ? { writeSummary: refuse } : {}),
    ...(options.failWrites?.resultsFile ? { writeResultsFile: refuse } : {})
  };
  const counting = (inner: Transport): Transport => ({
    send: (request, timeoutMs) => {
      recorded.sent += 1;
      return inner.send(request, timeoutMs);
    },
    close: () => inner.close()
  });
  const runtime: Runtime = {
    io,
    env: options.env ?? {},
    clock: options.clock ?? Date.now,
    sleep: options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
    random: options.random ?? (() => 0.5),
    createTransport: (timeoutMs) =>
      counting(options.transport ?? createHttpTransport('test', timeoutMs)),
    getIdToken: async () => {
      throw new Error('no OIDC token in this test');
    },
    ...(options.signal ? { signal: options.signal } : {})
  };
  recorded.verdict = await run(runtime);
  return recorded;
}

/** A transport that must never be used: for inputs that must be refused before any request. */
export const noNetwork: Transport = {
  send: async () => {
    throw new Error('a request was sent');
  },
  close: () => undefined
};
