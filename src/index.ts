// Entry point: binds the action to the real runner, clock and network.

import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { abortableSleep, abortOnSignals } from './cancellation.ts';
import { run } from './main.ts';
import type { ActionIO } from './main.ts';
import type { GitHubBinding, RunContext } from './pr-comment.ts';
import { createHttpTransport } from './transport.ts';

const USER_AGENT = 'dcdn-refresh-wait/0.1';

const io: ActionIO = {
  getInput: (name) => core.getInput(name),
  setOutput: (name, value) => core.setOutput(name, value),
  setSecret: (secret) => core.setSecret(secret),
  info: (message) => core.info(message),
  warning: (message) => core.warning(message),
  error: (message, title) => core.error(message, { title }),
  debug: (message) => core.debug(message),
  setFailed: (message) => core.setFailed(message),
  writeSummary: async (markdown) => {
    if (!process.env.GITHUB_STEP_SUMMARY) return; // outside a runner there is nowhere to write
    await core.summary.addRaw(markdown).write();
  },
  writeResultsFile: async (lines) => {
    const dir = process.env.RUNNER_TEMP;
    if (!dir) return ''; // outside a runner there is no place meant for it
    const file = join(dir, `dcdn-refresh-wait-${randomUUID()}.json`);
    const stream = createWriteStream(file);
    for (const line of lines) {
      if (!stream.write(`${line}\n`)) await once(stream, 'drain');
    }
    stream.end();
    await finished(stream);
    return file;
  }
};

/** The run as the runner describes it: GITHUB_EVENT_NAME, GITHUB_EVENT_PATH, GITHUB_REPOSITORY... */
function runContext(): RunContext {
  const { context } = github;
  let repo: RunContext['repo'];
  try {
    repo = context.repo;
  } catch {
    repo = undefined; // neither GITHUB_REPOSITORY nor a repository in the payload
  }
  return {
    eventName: context.eventName ?? '',
    payload: context.payload,
    repo,
    serverUrl: context.serverUrl,
    runId: context.runId,
    runAttempt: context.runAttempt
  };
}

const githubBinding: GitHubBinding = {
  context: runContext(),
  // GITHUB_API_URL (GitHub Enterprise Server, or a test double) and the runner's proxy settings.
  createClient: (token) =>
    github.getOctokit(token, { baseUrl: github.context.apiUrl, userAgent: USER_AGENT })
};

const cancel = new AbortController();
abortOnSignals(
  cancel,
  (message) => core.warning(message),
  () => process.exit(1)
);

try {
  await run({
    io,
    env: process.env,
    clock: () => Date.now(),
    sleep: abortableSleep(cancel.signal),
    signal: cancel.signal,
    random: Math.random,
    createTransport: (timeoutMs) => createHttpTransport(USER_AGENT, timeoutMs),
    getIdToken: (audience) => core.getIDToken(audience),
    github: githubBinding
  });
} catch (error) {
  // Anything unexpected still ends as one line, not a stack trace (the stack goes to debug).
  core.debug((error as Error).stack ?? String(error));
  core.setFailed(`Unexpected error: ${(error as Error).message}`);
}
// After a cancellation nothing may linger (a hung request, a keep-alive socket): exit now.
if (cancel.signal.aborted) process.exit(1);
