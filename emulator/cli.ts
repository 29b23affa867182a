// Runs the emulator in the foreground:
//   node emulator/cli.ts [--port N] [--scenario demo|empty|submit-demo]
//                        [--quota KIND=N]... [--domain NAME]...
import { parseArgs } from 'node:util';
import { DEFAULT_QUOTAS, type QuotaKind, type QuotaLimits } from './quota.ts';
import { scenarios } from './scenarios.ts';
import { DEFAULT_CREDENTIALS, startEmulator } from './server.ts';

const USAGE =
  `usage: node emulator/cli.ts [--port N] [--scenario ${Object.keys(scenarios).join('|')}]` +
  ` [--quota KIND=N]... [--domain NAME]...\n  KIND: ${Object.keys(DEFAULT_QUOTAS).join(', ')}`;

function fail(why: string): never {
  console.error(`${why}\n${USAGE}`);
  process.exit(2);
}

function parse() {
  try {
    return parseArgs({
      options: {
        port: { type: 'string', default: '0' },
        scenario: { type: 'string', default: 'demo' },
        quota: { type: 'string', multiple: true, default: [] },
        domain: { type: 'string', multiple: true, default: [] }
      }
    }).values;
  } catch (e) {
    return fail((e as Error).message);
  }
}
const values = parse();

const scenario = scenarios[values.scenario];
if (!scenario) fail(`unknown scenario ${values.scenario}`);
const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`bad port ${values.port}`);

const quotas: Partial<QuotaLimits> = { ...scenario.options?.quotas };
for (const q of values.quota) {
  const m = /^([A-Za-z]+)=(\d+)$/.exec(q);
  const kind = m?.[1] as QuotaKind | undefined;
  if (!m || kind === undefined || !Object.hasOwn(DEFAULT_QUOTAS, kind)) fail(`bad --quota ${q}`);
  quotas[kind] = Number(m[2]);
}
const domains = values.domain.length > 0 ? values.domain : scenario.options?.domains;

const emulator = await startEmulator({
  ...scenario.options,
  port,
  tasks: scenario.tasks,
  quotas,
  ...(domains ? { domains } : {})
});
console.log(`DCDN emulator listening on ${emulator.url}`);
for (const c of DEFAULT_CREDENTIALS) {
  console.log(
    `credentials: ALIBABA_CLOUD_ACCESS_KEY_ID=${c.accessKeyId} ALIBABA_CLOUD_ACCESS_KEY_SECRET=${c.accessKeySecret}`
  );
}
console.log(`scenario ${scenario.name}: ${scenario.description}`);
if (scenario.tasks.length > 0)
  console.log(`task IDs: ${scenario.tasks.map((t) => t.id).join(',')}`);
console.log(`domains: ${domains ? domains.join(',') : 'any'}`);
const limits = { ...DEFAULT_QUOTAS, ...quotas };
console.log(
  `daily quotas: ${Object.entries(limits)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ')}`
);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void emulator.close().then(() => process.exit(0));
  });
}
