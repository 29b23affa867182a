// npm run screenshots: renders the job summary and the PR comment of a mixed run as GitHub would
// (GFM by marked, an HTML allowlist like GitHub's, GitHub's own CSS) and takes a picture of each
// with headless Chromium, into docs/summary.png and docs/comment.png for the README.
//
// Needs Chromium from the system's packages (Debian: apt-get install -y chromium
// fonts-noto-color-emoji fonts-noto-core); CHROMIUM=/path/to/binary overrides /usr/bin/chromium.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSummary } from '../src/report/summary.ts';
import { commentBody } from '../src/report/comment-body.ts';
import { context, facts, verdict } from './screenshots/sample.ts';
import { commentPage, summaryPage } from './screenshots/page.ts';
import { renderGitHubMarkdown } from './screenshots/render.ts';

const chromium = process.env.CHROMIUM || '/usr/bin/chromium';
if (!existsSync(chromium)) {
  console.error(
    `No Chromium at ${chromium}: install it (apt-get install -y chromium fonts-noto-color-emoji fonts-noto-core) or set CHROMIUM.`
  );
  process.exit(1);
}

const WIDTH = 1280;
const docs = new URL('../docs/', import.meta.url).pathname;
mkdirSync(docs, { recursive: true });
const work = mkdtempSync(join(tmpdir(), 'dcdn-screenshots-'));

try {
  const summary = buildSummary(verdict, facts).markdown;
  const comment = commentBody(verdict, facts, context).body;
  shoot('summary', summaryPage(renderGitHubMarkdown(summary)));
  shoot('comment', commentPage(renderGitHubMarkdown(comment)));
} finally {
  rmSync(work, { recursive: true, force: true });
}

/** Writes the page, measures its height in Chromium, then takes the picture at that height. */
function shoot(name: string, html: string): void {
  const page = join(work, `${name}.html`);
  writeFileSync(page, html);
  const dom = chrome(['--dump-dom', `--window-size=${WIDTH},800`, `file://${page}`]);
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1] ?? 1200);
  const png = join(docs, `${name}.png`);
  chrome([`--screenshot=${png}`, `--window-size=${WIDTH},${height}`, `file://${page}`]);
  console.log(`${png}: ${WIDTH}x${height} (${readFileSync(png).length} bytes)`);
}

function chrome(args: string[]): string {
  // A fresh profile each time, and nothing that reaches the network.
  const profile = mkdtempSync(join(work, 'profile-'));
  return execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--hide-scrollbars',
      `--user-data-dir=${profile}`,
      ...args
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60_000 }
  );
}
