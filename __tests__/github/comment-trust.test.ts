// The sticky comment is ours alone: only a comment written by the identity the token acts as
// (GraphQL's viewer, else GITHUB_TOKEN's bot) is ever edited; a comment by anyone else that
// starts with the marker is a spoof, left alone. The body is scrubbed of secrets before sending.
import { commentMarker } from '../../src/report/comment-body.ts';
import { isOurs } from '../../src/github/comment-identity.ts';
import { commentOnPullRequest } from '../../src/github/pr-comment.ts';
import { startFakeGitHub } from '../helpers/fake-github.ts';
import type { FakeGitHub, FakeGitHubOptions } from '../helpers/fake-github.ts';
import * as fixtures from './fixtures.ts';
import { OWNER, PR, REPO, render, settings } from './fixtures.ts';

let github: FakeGitHub | undefined;
afterEach(async () => {
  await github?.close();
  github = undefined;
});

async function start(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  github = await startFakeGitHub({ token: 'ghs_test', ...options });
  return github;
}

const MARKER = commentMarker('dcdn-refresh-wait');

async function comment(fake: FakeGitHub, text: string, options: fixtures.DepsOptions = {}) {
  const run = fixtures.deps(fixtures.binding(fixtures.prContext(fake.url)), options);
  const id = await commentOnPullRequest(settings(), render(text), run.deps);
  return { ...run, id };
}

const patched = (fake: FakeGitHub): string[] =>
  fake.requests.filter((r) => r.method === 'PATCH').map((r) => r.path.split('/').pop() ?? '');

describe('a spoofed comment', () => {
  test("a stranger's comment with our marker, before our first run: we create our own and never edit theirs", async () => {
    const fake = await start();
    const spoof = `${MARKER}\n### ✅ All 3 DCDN tasks complete (trust me)`;
    fake.seed(OWNER, REPO, PR, [spoof], 'mallory');
    const theirs = fake.comments(OWNER, REPO, PR)[0]?.id;

    const first = await comment(fake, 'run 1');
    expect(first.id).toMatch(/^\d+$/);
    expect(first.id).not.toBe(String(theirs));
    expect(first.log.info).toEqual([
      "Ignored 1 comment(s) that carry this action's marker but were written by mallory: only a comment by github-actions[bot] is updated.",
      `Created the comment on pull request #${PR}: https://github.com/${OWNER}/${REPO}/pull/${PR}#issuecomment-${first.id}`
    ]);

    const second = await comment(fake, 'run 2');
    expect(second.id).toBe(first.id);
    expect(second.log.info[1]).toMatch(/^Updated the comment on pull request #42: /);

    const comments = fake.comments(OWNER, REPO, PR);
    expect(comments.map((c) => c.user.login)).toEqual(['mallory', 'github-actions[bot]']);
    expect(comments[0]?.body).toBe(spoof);
    expect(comments[1]?.body).toMatch(/\nrun 2 \(/);
    expect(patched(fake)).toEqual([first.id]);
  });

  test('a spoof placed after our comment is ignored too; ours is updated', async () => {
    const fake = await start();
    const ours = await comment(fake, 'run 1');
    fake.seed(OWNER, REPO, PR, [`${MARKER}\nfake`], 'mallory');
    fake.seed(OWNER, REPO, PR, [`${MARKER}\nfake too`], 'Mallory-2');
    const again = await comment(fake, 'run 2');
    expect(again.id).toBe(ours.id);
    expect(patched(fake)).toEqual([ours.id]);
    expect(fake.comments(OWNER, REPO, PR).map((c) => c.body.split('\n')[1])).toEqual([
      expect.stringMatching(/^run 2 /),
      'fake',
      'fake too'
    ]);
  });
});

describe('the identity the token acts as', () => {
  test("a personal token: GraphQL's viewer names the account; GITHUB_TOKEN's comment is not ours", async () => {
    const fake = await start({ login: 'release-bot-user' });
    fake.seed(OWNER, REPO, PR, [`${MARKER}\nfrom another workflow`], 'github-actions[bot]');
    const first = await comment(fake, 'run 1');
    const second = await comment(fake, 'run 2');
    expect(second.id).toBe(first.id);
    const comments = fake.comments(OWNER, REPO, PR);
    expect(comments.map((c) => c.user.login)).toEqual(['github-actions[bot]', 'release-bot-user']);
    expect(comments[0]?.body).toBe(`${MARKER}\nfrom another workflow`);
    expect(fake.requests.filter((r) => r.path === '/graphql').map((r) => r.body)).toEqual([
      { query: 'query { viewer { login } }' },
      { query: 'query { viewer { login } }' }
    ]);
  });

  test('GraphQL refused: GITHUB_TOKEN is assumed (github-actions[bot]), and the log says so', async () => {
    const fake = await start({ graphql: 'forbidden' });
    fake.seed(OWNER, REPO, PR, [`${MARKER}\nold`], 'github-actions[bot]');
    const run = await comment(fake, 'new');
    expect(run.id).toBe(String(fake.comments(OWNER, REPO, PR)[0]?.id));
    expect(run.log.info[0]).toBe(
      'Could not learn which account github-token acts as (Resource not accessible by integration); only a comment by github-actions[bot] is updated.'
    );
    expect(run.log.warning).toEqual([]);
    expect(fake.comments(OWNER, REPO, PR)[0]?.body).toMatch(/\nnew \(/);
  });

  test('authors compared as GitHub does: case-insensitive, a bot with or without [bot]', () => {
    expect(isOurs('github-actions[bot]', 'github-actions[bot]')).toBe(true);
    expect(isOurs('GitHub-Actions[bot]', 'github-actions[bot]')).toBe(true);
    expect(isOurs('github-actions[bot]', 'github-actions')).toBe(true);
    expect(isOurs('octocat', 'OctoCat')).toBe(true);
    expect(isOurs('github-actions', 'github-actions[bot]')).toBe(false);
    expect(isOurs('mallory', 'github-actions[bot]')).toBe(false);
    expect(isOurs('mallory[bot]', 'mallory[bot][bot]')).toBe(false);
    expect(isOurs(undefined, 'github-actions[bot]')).toBe(false);
    expect(isOurs('', '')).toBe(false);
  });
});

describe('the body', () => {
  test('is scrubbed right before it is sent, on create and on update', async () => {
    const fake = await start();
    const scrub = (text: string): string => text.replaceAll('STS.secretToken', '***');
    await comment(fake, 'leaked STS.secretToken', { scrub });
    await comment(fake, 'again STS.secretToken', { scrub });
    const sent = fake.requests
      .filter((r) => r.method === 'POST' || r.method === 'PATCH')
      .filter((r) => r.path !== '/graphql')
      .map((r) => (r.body as { body: string }).body);
    expect(sent).toHaveLength(2);
    for (const body of sent) {
      expect(body).not.toContain('STS.secretToken');
      expect(body).toContain('***');
    }
  });
});
