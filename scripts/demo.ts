// npm run demo: starts the built-in emulator, runs the bundled action against it as a GitHub
// runner would in the one-step form (submit refreshes and prefetches, check the quota first, wait),
// and shows the log, the outputs and the job summary. One prefetch fails with Origin Timeout.

import { demoSubmitScenario } from '../emulator/scenarios.ts';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator
} from '../emulator/server.ts';
import { runAction } from './run-action.ts';

const emulator = await startEmulator({ ...demoSubmitScenario.options });
const inputs = {
  'refresh-paths': [
    'https://www.example.com/index.html',
    'https://www.example.com/app.js',
    'https://www.example.com/styles/site.css'
  ].join('\n'),
  'refresh-directories': 'https://static.example.com/img/',
  'prefetch-paths': [
    'https://www.example.com/downloads/release.zip',
    'https://www.example.com/slow/video.mp4'
  ].join('\n'),
  endpoint: emulator.url,
  timeout: '30s',
  'poll-interval': '1s',
  'max-poll-interval': '2s'
};

console.log(`Emulator on ${emulator.url}: ${demoSubmitScenario.description}`);
console.log('Running dist/index.js as a runner would, with these inputs:');
for (const [name, value] of Object.entries(inputs)) {
  console.log(
    `  ${name}: ${value.includes('\n') ? `|\n    ${value.replace(/\n/g, '\n    ')}` : value}`
  );
}
console.log('  (credentials from ALIBABA_CLOUD_ACCESS_KEY_ID / ALIBABA_CLOUD_ACCESS_KEY_SECRET)\n');

const run = await runAction({
  entry: 'dist/index.js',
  inputs,
  env: {
    ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
    ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET
  }
});
await emulator.close();

section('Log (debug lines hidden, as on a runner without debug logging)');
const log = (run.stdout + run.stderr).split('\n').filter((line) => !line.startsWith('::debug::'));
console.log(log.join('\n').trimEnd());
section('Outputs');
for (const [name, value] of Object.entries(run.outputs)) console.log(`${name}=${value}`);
section('Job summary (Markdown)');
process.stdout.write(run.summary);
section('Result');
const calls = emulator.requests.length;
console.log(
  `The step exited with code ${run.code} after ${calls} API ${calls === 1 ? 'request' : 'requests'}: ` +
    (run.code === 0
      ? 'the deploy may go on.'
      : 'the step is red, as it should be when a task fails.')
);

function section(title: string): void {
  console.log(`\n──── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}`);
}
