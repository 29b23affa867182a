// The sticky comment through @actions/github's real Octokit, over real sockets, against a local
// fake of the GitHub API: create, update, separate tags, pagination, permissions, events.
import { getOctokit } from '@actions/github';
import { commentMarker } from '../../src/report/comment-body.ts';
import { Budget } from '../../src/github/budget.ts';
import { createComment, findComment } from '../../src/github/comments-api.ts';
import { commentOnPullRequest, pullRequestOf, runUrlOf } from '../../src/github/pr-comment.ts';
import type { GitHubBinding, RunContext } from '../../src/github/pr-comment.ts';
import { startFakeGitHub } from '../helpers/fake-github.ts';
import type { FakeGitHub } from '../helpers/fake-github.ts';
import * as fixtures from './fixtures.ts';
import { OWNER, PR, REPO, render, settings } from './fixtures.ts';

let github: FakeGitHub;

beforeEach(async () => {
  github = await startFakeGitHub({ token: 'ghs_test' });
});
afterEach(async () => {
  await github.close();
});

const prContext = (overrides: Partial<RunContext> = {}): RunContext =>
  fixtures.prContext(github.url, overrides);
const binding = (context: RunContext = prContext()) => fixtures.binding(context);
const deps = (bound: GitHubBinding | undefined, now?: number) =>
  fixtures.deps(bound, now === undefined ? {} : { now });
const rest = () =>
  github.requests.filter((r) => r.path !== '/graphql').map((r) => `${r.method} ${r.path}`);

describe('the sticky pull request comment', () => {
  test('first run creates the comment, the second updates it (no duplicate)', async () => {
    const first = deps(binding());
    const id1 = await commentOnPullRequest(settings(), render('run 1'), first.deps);
    expect(id1).toMatch(/^\d+$/);
    expect(github.comments(OWNER, REPO, PR)).toHaveLength(1);
    expect(first.log.info).toEqual([
      `Created the comment on pull request #${PR}: https://github.com/${OWNER}/${REPO}/pull/${PR}#issuecomment-${id1}`
    ]);

    const second = deps(binding(), 1_700_000_060_000);
    const id2 = await commentOnPullRequest(settings(), render('run 2'), second.deps);
    expect(id2).toBe(id1);
    const comments = github.comments(OWNER, REPO, PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toBe(
      '<!-- dcdn-refresh-wait:dcdn-refresh-wait -->\nrun 2 (https://github.com/acme/site/actions/runs/987654321 at 1700000060000)'
    );
    expect(second.log.info[0]).toMatch(/^Updated the comment on pull request #42: /);
    expect(second.log.warning).toEqual([]);
    expect(github.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      'POST /graphql',
      'GET /repos/acme/site/issues/42/comments',
      'POST /repos/acme/site/issues/42/comments',
      'POST /graphql',
      'GET /repos/acme/site/issues/42/comments',
      `PATCH /repos/acme/site/issues/comments/${id1}`
    ]);
    expect(github.requests.every((r) => r.authorization === 'token ghs_test')).toBe(true);
  });

  test('a reply that quotes the comment (marker not at the start) is left alone', async () => {
    const quoted = `> ${commentMarker('dcdn-refresh-wait')}\n> All 3 DCDN tasks complete\n\nlooks good`;
    github.seed(OWNER, REPO, PR, [quoted]);
    await commentOnPullRequest(settings(), render('run 1'), deps(binding()).deps);
    const comments = github.comments(OWNER, REPO, PR);
    expect(comments).toHaveLength(2);
    expect(comments[0]?.body).toBe(quoted);
  });

  test('different tags keep separate comments, each updated in place', async () => {
    const refresh = await commentOnPullRequest(
      settings('refresh'),
      render('r1'),
      deps(binding()).deps
    );
    const prefetch = await commentOnPullRequest(
      settings('prefetch'),
      render('p1'),
      deps(binding()).deps
    );
    expect(refresh).not.toBe(prefetch);
    await commentOnPullRequest(settings('prefetch'), render('p2'), deps(binding()).deps);
    await commentOnPullRequest(settings('refresh'), render('r2'), deps(binding()).deps);
    // A tag that is a prefix of another is still its own comment.
    await commentOnPullRequest(settings('pre'), render('x1'), deps(binding()).deps);
    const bodies = github.comments(OWNER, REPO, PR).map((c) => c.body.split(' (')[0]);
    expect(bodies).toEqual([
      '<!-- dcdn-refresh-wait:refresh -->\nr2',
      '<!-- dcdn-refresh-wait:prefetch -->\np2',
      '<!-- dcdn-refresh-wait:pre -->\nx1'
    ]);
  });

  test('finds its comment past the first 100 (pagination), and updates it', async () => {
    github.seed(
      OWNER,
      REPO,
      PR,
      Array.from({ length: 230 }, (_, i) => `LGTM ${i}`)
    );
    github.seed(
      OWNER,
      REPO,
      PR,
      [`${commentMarker('prefetch')}\nold results`],
      'github-actions[bot]'
    );
    github.seed(
      OWNER,
      REPO,
      PR,
      Array.from({ length: 40 }, (_, i) => `more ${i}`)
    );
    const ours = github.comments(OWNER, REPO, PR)[230]?.id;

    const id = await commentOnPullRequest(
      settings('prefetch'),
      render('new'),
      deps(binding()).deps
    );
    expect(id).toBe(String(ours));
    expect(github.comments(OWNER, REPO, PR)).toHaveLength(271);
    expect(github.comments(OWNER, REPO, PR)[230]?.body).toMatch(/\nnew \(/);
    const lists = github.requests.filter((r) => r.method === 'GET');
    expect(lists.map((r) => [r.query.per_page, r.query.page ?? '1'])).toEqual([
      ['100', '1'],
      ['100', '2'],
      ['100', '3']
    ]);
    expect(rest().filter((r) => r.startsWith('POST'))).toHaveLength(0);
  });

  test('reads every page before concluding there is no comment yet', async () => {
    github.seed(
      OWNER,
      REPO,
      PR,
      Array.from({ length: 250 }, (_, i) => `comment ${i}`)
    );
    const client = getOctokit('ghs_test', { baseUrl: github.url });
    const ref = { owner: OWNER, repo: REPO, issueNumber: PR };
    const budget = new Budget(() => 0, 10_000);
    const found = await findComment(client, ref, commentMarker('x'), 'github-actions[bot]', budget);
    expect(found).toEqual({ ours: undefined, spoofedBy: [] });
    expect(github.requests).toHaveLength(3);
    const done = await createComment(client, ref, `${commentMarker('x')}\nhi`, budget);
    expect(done.action).toBe('created');
    expect(github.comments(OWNER, REPO, PR)).toHaveLength(251);
  });

  test('a comment deleted between the search and the update is written anew', async () => {
    github.seed(OWNER, REPO, PR, [`${commentMarker('t')}\nold`], 'github-actions[bot]');
    const ours = github.comments(OWNER, REPO, PR)[0];
    // The search finds it; then it is gone (another repository's ID answers 404 as GitHub does).
    github.seed('other', 'repo', 1, ['x']);
    if (ours) ours.id = github.comments('other', 'repo', 1)[0]?.id ?? 0;
    const run = deps(binding());
    const id = await commentOnPullRequest(settings('t'), render('new'), run.deps);
    expect(id).toMatch(/^\d+$/);
    expect(rest().map((r) => r.split(' ')[0])).toEqual(['GET', 'PATCH', 'POST']);
    expect(run.log.info.at(-1)).toMatch(/^Created the comment/);
  });

  test('deleted, and then the create fails: no word of an older verdict', async () => {
    github.seed(OWNER, REPO, PR, [`${commentMarker('t')}\nold`], 'github-actions[bot]');
    const ours = github.comments(OWNER, REPO, PR)[0];
    github.seed('other', 'repo', 1, ['x']);
    if (ours) ours.id = github.comments('other', 'repo', 1)[0]?.id ?? 0;
    github.failNext(422, 'Validation Failed', 1, { on: 'create' });
    const run = deps(binding());
    expect(await commentOnPullRequest(settings('t'), render('new'), run.deps)).toBe('');
    expect(run.log.warning).toEqual([
      'The comment on pull request #42 was not written (GitHub answered 422: Validation Failed).'
    ]);
  });

  test('403 from a read-only token: a warning naming pull-requests: write, no comment ID', async () => {
    github.setPermission('read');
    const run = deps(binding());
    const id = await commentOnPullRequest(settings(), render('x'), run.deps);
    expect(id).toBe('');
    expect(run.log.warning).toHaveLength(1);
    expect(run.log.warning[0]).toContain('pull-requests: write');
    expect(run.log.warning[0]).toContain(
      'GitHub answered 403: Resource not accessible by integration'
    );
    expect(run.log.warning[0]).toContain('fork');
    expect(run.log.warning[0]).not.toContain('docs.github.com');
    expect(github.comments(OWNER, REPO, PR)).toHaveLength(0);
    expect(run.sleeps).toEqual([]); // a 403 is not retried
  });

  test('404 (no access to the repository) is the same permission warning', async () => {
    const run = deps(binding(prContext({ repo: { owner: 'acme', repo: 'private' } })));
    github.failNext(404, 'Not Found');
    expect(await commentOnPullRequest(settings(), render('x'), run.deps)).toBe('');
    expect(run.log.warning[0]).toMatch(
      /GitHub answered 404: Not Found\): the token needs the permission pull-requests: write/
    );
  });

  test('a refused token and a rate limit get their own warnings', async () => {
    const wrong = deps(binding());
    expect(await commentOnPullRequest(settings('t', 'ghs_wrong'), render('x'), wrong.deps)).toBe(
      ''
    );
    expect(wrong.log.warning[0]).toMatch(
      /github-token was refused \(GitHub answered 401: Bad credentials\)/
    );

    github.failNext(403, 'API rate limit exceeded for installation ID 1.');
    const limited = deps(binding());
    expect(await commentOnPullRequest(settings(), render('x'), limited.deps)).toBe('');
    expect(limited.log.warning).toEqual([
      "The comment on pull request #42 was not written: GitHub's API rate limit was reached (GitHub answered 403: API rate limit exceeded for installation ID 1.; it did not say how long to wait). The next run updates it."
    ]);
    expect(limited.sleeps).toEqual([]);
  });

  test('5xx answers are retried (with the injected sleep), then the comment is written', async () => {
    github.failNext(502, 'Server Error', 2);
    const run = deps(binding());
    const id = await commentOnPullRequest(settings(), render('x'), run.deps);
    expect(id).toMatch(/^\d+$/);
    expect(run.sleeps).toEqual([2000, 5000]);
    expect(run.log.warning).toEqual([]);
    expect(github.comments(OWNER, REPO, PR)).toHaveLength(1);
  });

  test('a GitHub API that keeps failing ends in one warning after three attempts', async () => {
    github.failNext(503, 'Service Unavailable', 10);
    const run = deps(binding());
    expect(await commentOnPullRequest(settings(), render('x'), run.deps)).toBe('');
    expect(rest()).toHaveLength(3);
    expect(run.log.warning).toEqual([
      'The comment on pull request #42 was not written (GitHub answered 503: Service Unavailable).'
    ]);
  });

  test('pull_request_target and issue_comment on a pull request comment too', async () => {
    await commentOnPullRequest(
      settings(),
      render('target'),
      deps(binding(prContext({ eventName: 'pull_request_target' }))).deps
    );
    const onComment = prContext({
      eventName: 'issue_comment',
      payload: {
        action: 'created',
        issue: { number: PR, pull_request: { url: 'https://api.github.com/x' } },
        comment: { id: 1, body: '/prefetch' }
      }
    });
    const id = await commentOnPullRequest(
      settings(),
      render('comment'),
      deps(binding(onComment)).deps
    );
    expect(id).toMatch(/^\d+$/);
    expect(github.comments(OWNER, REPO, PR)).toHaveLength(1);
    expect(github.comments(OWNER, REPO, PR)[0]?.body).toMatch(/\ncomment \(/);
  });

  test.each([
    ['push', { ref: 'refs/heads/main' }, /triggered by push, not by a pull request/],
    ['workflow_dispatch', {}, /triggered by workflow_dispatch, not by a pull request/],
    [
      'issue_comment',
      { issue: { number: 7 }, comment: { id: 1, body: 'hi' } },
      /issue_comment event is on issue #7, not a pull request/
    ],
    [
      'issue_comment',
      {
        issue: { number: 7, pull_request: {} },
        comment: { id: 1, body: '<!-- dcdn-refresh-wait:x -->' }
      },
      /this action's own comment/
    ],
    ['pull_request', {}, /payload has no pull request number/]
  ])('%s %j: no GitHub API call, one log line saying why', async (eventName, payload, why) => {
    const bound = binding(prContext({ eventName, payload }));
    const run = deps(bound);
    expect(await commentOnPullRequest(settings(), render('x'), run.deps)).toBe('');
    expect(github.requests).toHaveLength(0);
    expect(bound.clients).toHaveLength(0);
    expect(run.log.info).toHaveLength(1);
    expect(run.log.info[0]).toMatch(why);
    expect(run.log.warning).toEqual([]);
  });

  test('comment-on-pr false, or an empty token: no API call', async () => {
    const off = deps(binding());
    expect(
      await commentOnPullRequest({ ...settings(), commentOnPr: false }, render('x'), off.deps)
    ).toBe('');
    expect(off.log.info).toEqual([]);
    const noToken = deps(binding());
    expect(await commentOnPullRequest(settings('t', ''), render('x'), noToken.deps)).toBe('');
    expect(noToken.log.warning[0]).toMatch(/github-token is empty/);
    expect(github.requests).toHaveLength(0);
  });
});

describe('the run context', () => {
  test('pull request numbers from each event', () => {
    expect(pullRequestOf(prContext())).toEqual({ number: PR });
    expect(
      pullRequestOf(
        prContext({ payload: { pull_request: { number: 5 } }, eventName: 'pull_request_target' })
      )
    ).toEqual({ number: 5 });
    expect(pullRequestOf(prContext({ payload: { pull_request: { number: '5' } } }))).toHaveProperty(
      'reason'
    );
  });

  test('the run link is built only from safe values', () => {
    expect(runUrlOf(prContext())).toBe('https://github.com/acme/site/actions/runs/987654321');
    expect(runUrlOf(prContext({ runAttempt: 3 }))).toBe(
      'https://github.com/acme/site/actions/runs/987654321/attempts/3'
    );
    expect(runUrlOf(prContext({ serverUrl: 'https://ghe.example.com/' }))).toBe(
      'https://ghe.example.com/acme/site/actions/runs/987654321'
    );
    expect(runUrlOf(prContext({ runId: Number.NaN }))).toBeUndefined();
    expect(runUrlOf(prContext({ serverUrl: 'javascript:alert(1)' }))).toBeUndefined();
    expect(runUrlOf(prContext({ repo: { owner: 'a)b', repo: 'c' } }))).toBeUndefined();
    expect(runUrlOf(prContext({ repo: undefined }))).toBeUndefined();
  });
});
