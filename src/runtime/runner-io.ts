// ActionIO over @actions/core: the runner's inputs, outputs, log, job summary and temp folder.

import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import { join } from 'node:path';
import * as core from '@actions/core';
import type { ActionIO } from './io.ts';

export const runnerIO: ActionIO = {
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
    // Lines go out in chunks of about 64 kB: one write per line was 10,000 buffers at a time.
    let chunk = '';
    for (const line of lines) {
      chunk += `${line}\n`;
      if (chunk.length < 65_536) continue;
      const drained = stream.write(chunk);
      chunk = '';
      if (!drained) await once(stream, 'drain');
    }
    stream.end(chunk);
    await finished(stream);
    return file;
  }
};
