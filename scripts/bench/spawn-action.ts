// Starts an action script as the runner does (INPUT_* variables, GITHUB_OUTPUT, job summary
// file), optionally under /usr/bin/time -v to read its peak memory from outside.

import { spawn } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { parseOutputFile, runnerEnvironment } from '../run-action.ts';

export interface ActionProcess {
  code: number | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  /** Bytes the action wrote to GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. */
  outputBytes: number;
  summaryBytes: number;
  /** Peak resident set size, bytes, when measured with /usr/bin/time -v. */
  maxRssBytes: number | undefined;
  /** Date.now() just before spawning, and when the process had exited. */
  spawnedAt: number;
  exitedAt: number;
}

export const TIME_BIN = '/usr/bin/time';

export async function spawnAction(
  script: string,
  inputs: Record<string, string>,
  env: Record<string, string>,
  options: { measureRss?: boolean; timeoutMs?: number } = {}
): Promise<ActionProcess> {
  const { dir, outputFile, summaryFile, env: childEnv } = runnerEnvironment(inputs, env);
  const timed = options.measureRss === true && existsSync(TIME_BIN);
  const [command, args] = timed
    ? [TIME_BIN, ['-v', process.execPath, script]]
    : [process.execPath, [script]];
  const spawnedAt = Date.now();
  const child = spawn(command, args, {
    env: childEnv,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
  const exitedAt = Date.now();
  clearTimeout(timer);
  const rss = timed ? /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr) : null;
  const result: ActionProcess = {
    code,
    stdout,
    stderr,
    outputs: parseOutputFile(readFileSync(outputFile, 'utf8')),
    outputBytes: readFileSync(outputFile).length,
    summaryBytes: readFileSync(summaryFile).length,
    maxRssBytes: rss ? Number(rss[1]) * 1024 : undefined,
    spawnedAt,
    exitedAt
  };
  rmSync(dir, { recursive: true, force: true });
  return result;
}
