// The run context from the runner's GITHUB_* variables and the event file, without
// @actions/github: a missing or broken event file is "no payload" in one line, never a stack
// trace. The client factory loads Octokit only when asked, and talks to GITHUB_API_URL.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGitHubBinding, readPayload, runContext } from '../../src/runtime/github-binding.ts';
import { commentOnPullRequest } from '../../src/github/pr-comment.ts';
import { startFakeGitHub } from '../helpers/fake-github.ts';
import * as fixtures from './fixtures.ts';
import { render, settings } from './fixtures.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dcdn-binding-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('the event file', () => {
  test('JSON (a byte-order mark allowed) is the payload', () => {
    expect(readPayload(file('e.json', '\uFEFF{"number": 3}'))).toEqual({ payload: { number: 3 } });
    expect(readPayload(undefined)).toEqual({ payload: {} });
  });

  test.each([
    ['missing', undefined, /\(.*missing\.json\) does not exist$/],
    ['not JSON', '{"number": 3', /\(.*not-json\.json\) is not JSON \(.+\)$/i],
    ['an array', '[1, 2]', /\(.*an-array\.json\) does not hold a JSON object$/],
    ['empty', '', /\(.*empty\.json\) is not JSON \(.+\)$/]
  ])('%s: no payload, and one line saying why', (name, text, why) => {
    const path = join(dir, `${name.replace(' ', '-')}.json`);
    if (text !== undefined) writeFileSync(path, text);
    const { payload, problem } = readPayload(path);
    expect(payload).toEqual({});
    expect(problem).toMatch(/^the event file GITHUB_EVENT_PATH \(/);
    expect(problem).toMatch(why);
    expect(problem).not.toMatch(/\n|\.[jt]s:\d+/); // one line, no stack frames
    expect((problem ?? '').length).toBeLessThanOrEqual(300);
  });

  test('a pull request run whose event file is broken: one warning, no GitHub call', async () => {
    const fake = await startFakeGitHub({ token: 'ghs_test' });
    try {
      const context = runContext({
        GITHUB_EVENT_NAME: 'pull_request',
        GITHUB_EVENT_PATH: file('event.json', 'not json at all'),
        GITHUB_REPOSITORY: 'acme/site',
        GITHUB_API_URL: fake.url
      });
      const run = fixtures.deps(fixtures.binding(context));
      expect(await commentOnPullRequest(settings(), render('x'), run.deps)).toBe('');
      expect(run.log.warning).toHaveLength(1);
      expect(run.log.warning[0]).toMatch(
        /^No pull request comment: the event file GITHUB_EVENT_PATH \(.*event\.json\) is not JSON \(.+\)\.$/
      );
      expect(fake.requests).toEqual([]);
    } finally {
      await fake.close();
    }
  });

  test('a push run with a broken event file: only the usual "not a pull request" line', async () => {
    const context = runContext({
      GITHUB_EVENT_NAME: 'push',
      GITHUB_EVENT_PATH: join(dir, 'nothing.json')
    });
    const run = fixtures.deps(fixtures.binding(context));
    expect(await commentOnPullRequest(settings(), render('x'), run.deps)).toBe('');
    expect(run.log.warning).toEqual([]);
    expect(run.log.info[0]).toMatch(/triggered by push, not by a pull request/);
  });
});

describe('the run context', () => {
  test('from the runner variables', () => {
    const context = runContext({
      GITHUB_EVENT_NAME: 'pull_request_target',
      GITHUB_EVENT_PATH: file('e.json', '{"number": 9, "pull_request": {"number": 9}}'),
      GITHUB_REPOSITORY: 'acme/site',
      GITHUB_SERVER_URL: 'https://ghe.example.com',
      GITHUB_API_URL: 'https://ghe.example.com/api/v3',
      GITHUB_RUN_ID: '123',
      GITHUB_RUN_ATTEMPT: '2'
    });
    expect(context).toEqual({
      eventName: 'pull_request_target',
      payload: { number: 9, pull_request: { number: 9 } },
      payloadProblem: undefined,
      repo: { owner: 'acme', repo: 'site' },
      serverUrl: 'https://ghe.example.com',
      runId: 123,
      runAttempt: 2,
      apiUrl: 'https://ghe.example.com/api/v3',
      proxy: undefined
    });
  });

  test('defaults outside a runner, and the repository from the payload', () => {
    const context = runContext({
      GITHUB_REPOSITORY: 'not-a-repo',
      GITHUB_EVENT_PATH: file(
        'e.json',
        '{"repository": {"name": "site", "owner": {"login": "acme"}}}'
      )
    });
    expect(context.eventName).toBe('');
    expect(context.repo).toEqual({ owner: 'acme', repo: 'site' });
    expect(context.serverUrl).toBe('https://github.com');
    expect(context.apiUrl).toBe('https://api.github.com');
    expect(Number.isNaN(context.runId)).toBe(true);
    expect(runContext({}).repo).toBeUndefined();
  });

  test('the binding reads the context once, on first use', () => {
    const path = join(dir, 'late.json');
    const bound = createGitHubBinding({
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: path
    });
    writeFileSync(path, '{"number": 5}'); // written after the binding was made, before first use
    expect(bound.context.payload).toEqual({ number: 5 });
    writeFileSync(path, '{"number": 6}');
    expect(bound.context.payload).toEqual({ number: 5 });
  });

  test('createClient loads Octokit on demand and talks to GITHUB_API_URL with the token', async () => {
    const fake = await startFakeGitHub({ token: 'ghs_bound' });
    try {
      const bound = createGitHubBinding({ GITHUB_API_URL: fake.url });
      const client = await bound.createClient('ghs_bound');
      const { data } = await client.rest.issues.createComment({
        owner: 'acme',
        repo: 'site',
        issue_number: 1,
        body: 'hello'
      });
      expect(data.user?.login).toBe('github-actions[bot]');
      expect(fake.requests[0]?.authorization).toBe('token ghs_bound');
    } finally {
      await fake.close();
    }
  });
});
