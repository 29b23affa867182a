// Runs the emulator in the foreground: node emulator/cli.ts [--port N] [--scenario demo|empty]
import { parseArgs } from 'node:util';
import { scenarios } from './scenarios.ts';
import { DEFAULT_CREDENTIALS, startEmulator } from './server.ts';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '0' },
    scenario: { type: 'string', default: 'demo' }
  }
});
const scenario = scenarios[values.scenario];
const port = Number(values.port);
if (!scenario || !Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(
    `usage: node emulator/cli.ts [--port N] [--scenario ${Object.keys(scenarios).join('|')}]`
  );
  process.exit(2);
}

const emulator = await startEmulator({ port, tasks: scenario.tasks });
console.log(`DCDN emulator listening on ${emulator.url}`);
for (const c of DEFAULT_CREDENTIALS) {
  console.log(
    `credentials: ALIBABA_CLOUD_ACCESS_KEY_ID=${c.accessKeyId} ALIBABA_CLOUD_ACCESS_KEY_SECRET=${c.accessKeySecret}`
  );
}
console.log(`scenario ${scenario.name}: ${scenario.description}`);
if (scenario.tasks.length > 0)
  console.log(`task IDs: ${scenario.tasks.map((t) => t.id).join(',')}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
