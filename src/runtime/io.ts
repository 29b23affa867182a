// The outside world as a run sees it: the runner (inputs, outputs, log, summary), time,
// randomness and HTTP. index.ts binds it to the real thing; tests bind it to fakes.

import type { Transport } from '../alibaba/transport.ts';
import type { GitHubBinding } from '../github/pr-comment.ts';
import type { OutputName } from '../report/outputs.ts';
import type { Clock, Random, Sleep } from '../shared/time.ts';

/** The runner as the action sees it (implemented over @actions/core in index.ts). */
export interface ActionIO {
  getInput(name: string): string;
  setOutput(name: OutputName, value: string): void;
  setSecret(secret: string): void;
  info(message: string): void;
  warning(message: string): void;
  error(message: string, title: string): void;
  debug(message: string): void;
  setFailed(message: string): void;
  writeSummary(markdown: string): Promise<void>;
  /**
   * Writes the full results JSON, given line by line (a 10,000-task run is megabytes), to a file
   * on the runner and returns its path ('' if none).
   */
  writeResultsFile(lines: Iterable<string>): Promise<string>;
}

export interface Runtime {
  io: ActionIO;
  env: Record<string, string | undefined>;
  clock: Clock;
  sleep: Sleep;
  random: Random;
  createTransport(requestTimeoutMs: number): Transport;
  /** core.getIDToken, for role-to-assume. */
  getIdToken(audience: string): Promise<string>;
  signal?: AbortSignal;
  /** The workflow run's context and an Octokit factory, for the pull request comment. */
  github?: GitHubBinding;
}
