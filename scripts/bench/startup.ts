// Start-up time from process start to the first request, as the endpoint sees it, for the bundled
// action, a trivial action on the same toolkit, a minimal action on the official SDK, and the
// floor: a plain `node -e` that sends one request (CommonJS: an ES module import of node:http
// alone costs tens of milliseconds in Node 24). Runs are interleaved so drift on the machine hits
// all of them alike.

import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator
} from '../../emulator/server.ts';
import { spawnAction } from './spawn-action.ts';

export interface StartupEntry {
  name: string;
  /** A script run as an action, or undefined for the bare-Node reference. */
  script: string | undefined;
}

export async function measureStartup(
  entries: readonly StartupEntry[],
  runs: number
): Promise<Record<string, number[]>> {
  const emulator = await startEmulator({
    tasks: [{ id: '704222904', path: 'https://www.example.com/', pendingMs: 0, refreshMs: 0 }]
  });
  const bare =
    "require('http').request(process.argv[1], { method: 'POST' }, (r) => r.resume()).end()";
  const times: Record<string, number[]> = Object.fromEntries(entries.map((e) => [e.name, []]));
  try {
    for (let run = 0; run < runs; run++) {
      for (const entry of entries) {
        const before = emulator.requests.length;
        let spawnedAt: number;
        if (entry.script) {
          const result = await spawnAction(
            entry.script,
            { 'task-ids': '704222904', endpoint: emulator.url, 'poll-interval': '1s' },
            {
              ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
              ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET
            },
            { timeoutMs: 30_000 }
          );
          if (result.code !== 0)
            throw new Error(`${entry.name} failed: ${result.stdout}${result.stderr}`);
          spawnedAt = result.spawnedAt;
        } else {
          spawnedAt = Date.now();
          const child = spawn(process.execPath, ['-e', bare, emulator.url], { stdio: 'ignore' });
          await new Promise((resolve) => child.on('close', resolve));
        }
        const first = emulator.requests[before];
        if (!first) throw new Error(`${entry.name} sent no request`);
        times[entry.name]?.push(first.wallAt - spawnedAt);
      }
    }
  } finally {
    await emulator.close();
  }
  return times;
}

/** Bytes of JavaScript (and of everything) in a bundle directory. */
export function bundleSize(dir: string): { jsBytes: number; totalBytes: number } {
  let jsBytes = 0;
  let totalBytes = 0;
  for (const name of readdirSync(dir, { recursive: true }) as string[]) {
    const stat = statSync(join(dir, name));
    if (!stat.isFile()) continue;
    totalBytes += stat.size;
    if (/\.(c|m)?js$/.test(name)) jsBytes += stat.size;
  }
  return { jsBytes, totalBytes };
}
