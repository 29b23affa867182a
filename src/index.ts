// Entry point: binds the action to the real runner, clock and network.

import * as core from '@actions/core';
import { createHttpTransport } from './alibaba/transport.ts';
import { run } from './main.ts';
import { abortableSleep, abortOnSignals } from './runtime/cancellation.ts';
import { createGitHubBinding } from './runtime/github-binding.ts';
import { runnerIO } from './runtime/runner-io.ts';
import { USER_AGENT } from './runtime/user-agent.ts';

const cancel = new AbortController();
abortOnSignals(
  cancel,
  (message) => core.warning(message),
  () => process.exit(1)
);

try {
  await run({
    io: runnerIO,
    env: process.env,
    clock: () => Date.now(),
    sleep: abortableSleep(cancel.signal),
    signal: cancel.signal,
    random: Math.random,
    createTransport: (timeoutMs) => createHttpTransport(USER_AGENT, timeoutMs),
    getIdToken: (audience) => core.getIDToken(audience),
    github: createGitHubBinding(process.env)
  });
} catch (error) {
  // Anything unexpected still ends as one line, not a stack trace (the stack goes to debug).
  core.debug((error as Error).stack ?? String(error));
  core.setFailed(`Unexpected error: ${(error as Error).message}`);
}
// After a cancellation nothing may linger (a hung request, a keep-alive socket): exit now.
if (cancel.signal.aborted) process.exit(1);
