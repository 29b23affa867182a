// Runs the action as the GitHub runner does: a fresh Node process, inputs as INPUT_* variables,
// outputs and the job summary written to the files the runner provides.

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const REPO_ROOT = new URL('../', import.meta.url).pathname;

export interface ActionRun {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  /** Every byte the action printed or wrote, for secret searches. */
  everything: string;
  /** The results file the action wrote (output results-file), read before its folder is removed. */
  resultsFile: string | undefined;
  /** With signalWhen: ms from the signal to the process's exit. */
  exitAfterSignalMs?: number;
}

export interface RunOptions {
  inputs: Record<string, string>;
  env?: Record<string, string>;
  /** 'src/index.ts' (through Node 24 type stripping) or 'dist/index.js'. */
  entry?: string;
  timeoutMs?: number;
  /** Send `signal` once stdout matches `when` (as the runner does when a job is cancelled). */
  signalWhen?: { when: RegExp; signal: NodeJS.Signals };
}

export interface RunnerEnvironment {
  /** A fresh temporary directory: RUNNER_TEMP and the working directory. */
  dir: string;
  outputFile: string;
  summaryFile: string;
  env: Record<string, string>;
}

/** What the runner gives an action: INPUT_* variables and empty output and summary files. */
export function runnerEnvironment(
  inputs: Record<string, string>,
  extra: Record<string, string> = {}
): RunnerEnvironment {
  const dir = mkdtempSync(join(tmpdir(), 'dcdn-action-'));
  const outputFile = join(dir, 'output');
  const summaryFile = join(dir, 'summary');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? dir,
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    RUNNER_TEMP: dir,
    ...extra
  };
  for (const [name, value] of Object.entries(inputs)) {
    env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] = value;
  }
  return { dir, outputFile, summaryFile, env };
}

export async function runAction(options: RunOptions): Promise<ActionRun> {
  const { dir, outputFile, summaryFile, env } = runnerEnvironment(options.inputs, options.env);
  const entry = join(REPO_ROOT, options.entry ?? 'src/index.ts');
  const child = spawn(process.execPath, [entry], {
    env,
    cwd: dir,
    stdio: ['ignore', 'pipe', 'pipe']
  });
  let stdout = '';
  let stderr = '';
  let signalledAt: number | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    stdout += chunk.toString();
    const trigger = options.signalWhen;
    if (trigger && signalledAt === undefined && trigger.when.test(stdout)) {
      signalledAt = Date.now();
      child.kill(trigger.signal);
    }
  });
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) =>
    child.on('close', (c, s) => resolve([c, s]))
  );
  clearTimeout(timer);
  const exitAfterSignalMs = signalledAt === undefined ? undefined : Date.now() - signalledAt;
  const rawOutputs = readFileSync(outputFile, 'utf8');
  const summary = readFileSync(summaryFile, 'utf8');
  const outputs = parseOutputFile(rawOutputs);
  const file = outputs['results-file'];
  const resultsFile = file && existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  // The runner's temp folder is ours to clean: tests must leave nothing behind.
  rmSync(dir, { recursive: true, force: true });
  return {
    resultsFile,
    code,
    signal,
    stdout,
    stderr,
    outputs,
    summary,
    everything: stdout + stderr + rawOutputs + summary,
    ...(exitAfterSignalMs === undefined ? {} : { exitAfterSignalMs })
  };
}

/** GITHUB_OUTPUT holds `name<<DELIMITER\nvalue\nDELIMITER` blocks. */
export function parseOutputFile(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<]+)<<(.+)$/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, name, delimiter] = match as unknown as [string, string, string];
    const value: string[] = [];
    for (i++; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i] ?? '');
    outputs[name] = value.join('\n');
  }
  return outputs;
}

/** Names declared under `outputs:` in action.yml (a tiny reader: two-space keys). */
export function declaredOutputs(): string[] {
  return declared('outputs');
}

export function declaredInputs(): string[] {
  return declared('inputs');
}

function declared(section: string): string[] {
  const yml = readFileSync(join(REPO_ROOT, 'action.yml'), 'utf8');
  const start = yml.indexOf(`\n${section}:\n`);
  const block = yml.slice(start + section.length + 3).split(/\n(?=\S)/)[0] ?? '';
  return [...block.matchAll(/^ {2}([a-z0-9-]+):/gm)].map((m) => m[1] as string);
}
