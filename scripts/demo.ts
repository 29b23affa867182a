// npm run demo: starts the DCDN emulator with a handful of tasks, runs the bundled action against
// it as a GitHub runner would, and shows the log, the outputs and the job summary.

import { DEMO_TASK_IDS, demoScenario } from '../emulator/scenarios.ts';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator
} from '../emulator/server.ts';
import { runAction } from './run-action.ts';

const emulator = await startEmulator({ tasks: demoScenario.tasks });
const inputs = {
  'task-ids': DEMO_TASK_IDS.join(','),
  endpoint: emulator.url,
  timeout: '30s',
  'poll-interval': '1s',
  'max-poll-interval': '2s'
};

console.log(`DCDN emulator on ${emulator.url}: ${demoScenario.description}`);
console.log('Running dist/index.js as a runner would, with these inputs:');
for (const [name, value] of Object.entries(inputs)) console.log(`  ${name}: ${value}`);
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
console.log(
  `The step exited with code ${run.code} after ${emulator.requests.length} API requests: ` +
    (run.code === 0
      ? 'the deploy may go on.'
      : 'the step is red, as it should be when a task fails.')
);

function section(title: string): void {
  console.log(`\n──── ${title} ${'─'.repeat(Math.max(0, 60 - title.length))}`);
}
