// GitHub can never hold the step: a GitHub that never answers (any call, pagination included),
// a name that does not resolve, a refused connection, rate limits and a cancelled job each end
// the comment within its budget, in one warning that says what really happened.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Budget } from '../../src/github/budget.ts';
import { commentMarker } from '../../src/report/comment-body.ts';
import { commentOnPullRequest } from '../../src/github/pr-comment.ts';
import type { RunContext } from '../../src/github/pr-comment.ts';
import { CancelledError } from '../../src/shared/errors.ts';
import { startFakeGitHub } from '../helpers/fake-github.ts';
import type { FakeGitHub, RecordedRequest } from '../helpers/fake-github.ts';
import * as fixtures from './fixtures.ts';
import type { DepsOptions } from './fixtures.ts';
import { OWNER, PR, REPO, render, settings } from './fixtures.ts';

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub({ token: 'ghs_test' });
});
afterEach(async () => {
  await github.close();
});

const context = (overrides: Partial<RunContext> = {}): RunContext =>
  fixtures.prContext(github.url, overrides);
const comment = (options: DepsOptions = {}, ctx: RunContext = context()) => {
  const run = fixtures.deps(fixtures.binding(ctx), options);
  return { ...run, id: commentOnPullRequest(settings(), render('now'), run.deps) };
};
const host = (): string => new URL(github.url).host;
/** A short real-time budget, so that a GitHub that never answers costs a moment, not 30 s. */
const SHORT = { budgetMs: 400, clock: () => Date.now() };
const OLDER =
  " The comment on pull request #42 now shows an older verdict, from an earlier run; this run's results are in the job summary.";

/** Waits (without a clock) until the client has given up every request the fake held. */
async function abandoned(requests: RecordedRequest[]): Promise<void> {
  while (!requests.every((r) => r.abandoned)) await new Promise((r) => setTimeout(r, 5));
}

describe('a GitHub that never answers', () => {
  test('the list call: the comment gives up at the budget, saying there was no answer in time', async () => {
    github.hang('list');
    const run = comment(SHORT);
    expect(await run.id).toBe('');
    expect(run.log.warning).toEqual([
      `The comment on pull request #42 was not written: the GitHub API at ${host()} gave no answer in time (the comment may take at most 400ms, every attempt together).`
    ]);
    expect(run.sleeps).toEqual([]);
    const lists = github.requests.filter((r) => r.method === 'GET');
    expect(lists).toHaveLength(1);
    await abandoned(lists);
  });

  test('the second page of the list is bounded too (pagination gets the signal)', async () => {
    github.seed(
      OWNER,
      REPO,
      PR,
      Array.from({ length: 150 }, (_, i) => `LGTM ${i}`)
    );
    // The first page answers; the second never does.
    github.hangWhen((r) => r.method === 'GET' && r.query.page === '2');
    const run = comment(SHORT);
    expect(await run.id).toBe('');
    expect(run.log.warning[0]).toMatch(/gave no answer in time/);
    const lists = github.requests.filter((r) => r.method === 'GET');
    expect(lists.map((r) => r.query.page)).toEqual(['1', '2']);
    await abandoned(lists.slice(1));
  });

  test('no call answers at all (GraphQL, list): one budget for all of them', async () => {
    github.hang();
    const run = comment(SHORT);
    expect(await run.id).toBe('');
    expect(run.log.warning).toHaveLength(1);
    expect(run.log.warning[0]).toMatch(/gave no answer in time/);
    expect(run.log.warning[0]).not.toMatch(/answered 500/);
    // GraphQL had only its share, so the list was still asked.
    expect(github.requests.map((r) => r.path)).toEqual([
      '/graphql',
      `/repos/${OWNER}/${REPO}/issues/${PR}/comments`
    ]);
    expect(run.log.info[0]).toMatch(/^Could not learn which account github-token acts as/);
    await abandoned(github.requests);
  });

  test('the update call: the warning says the pull request now shows an older verdict', async () => {
    github.seed(
      OWNER,
      REPO,
      PR,
      [`${commentMarker('dcdn-refresh-wait')}\nold`],
      'github-actions[bot]'
    );
    github.hang('update');
    const run = comment(SHORT);
    expect(await run.id).toBe('');
    expect(run.log.warning).toEqual([
      `The comment on pull request #42 was not written: the GitHub API at ${host()} gave no answer in time (the comment may take at most 400ms, every attempt together).${OLDER}`
    ]);
    expect(github.comments(OWNER, REPO, PR)[0]?.body).toMatch(/\nold$/);
    await abandoned(github.requests.filter((r) => r.method === 'PATCH'));
  });

  test('the create call: no comment of ours existed, so no word of an older verdict', async () => {
    github.hang('create');
    const run = comment(SHORT);
    expect(await run.id).toBe('');
    expect(run.log.warning[0]).toMatch(/gave no answer in time/);
    expect(run.log.warning[0]).not.toMatch(/older verdict/);
    await abandoned(github.requests.filter((r) => r.method === 'POST' && r.path !== '/graphql'));
  });
});

describe('no connection', () => {
  test('a name that does not resolve: a DNS failure, not retried, not "GitHub answered 500"', async () => {
    const run = comment({}, context({ apiUrl: 'http://nonexistent.invalid' }));
    expect(await run.id).toBe('');
    expect(run.log.warning).toHaveLength(1);
    expect(run.log.warning[0]).toMatch(
      /^The comment on pull request #42 was not written: the GitHub API host nonexistent\.invalid could not be resolved \(DNS: getaddrinfo (ENOTFOUND|EAI_AGAIN) nonexistent\.invalid\)\. Check GITHUB_API_URL\.$/
    );
    expect(run.sleeps).toEqual([]);
  });

  test('a port where nothing listens: refused, not retried', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const run = comment({}, context({ apiUrl: `http://127.0.0.1:${port}` }));
    expect(await run.id).toBe('');
    expect(run.log.warning).toEqual([
      `The comment on pull request #42 was not written: the GitHub API at 127.0.0.1:${port} refused the connection (connect ECONNREFUSED 127.0.0.1:${port}). Check GITHUB_API_URL.`
    ]);
    expect(run.sleeps).toEqual([]);
  });

  test('a proxy in use that refuses: the warning names the proxy', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    // The fake client dials the closed port as the proxy agent would dial the proxy.
    const run = comment(
      {},
      context({ apiUrl: `http://127.0.0.1:${port}`, proxy: `127.0.0.1:${port}` })
    );
    expect(await run.id).toBe('');
    expect(run.log.warning[0]).toBe(
      `The comment on pull request #42 was not written: the proxy 127.0.0.1:${port} refused the connection (connect ECONNREFUSED 127.0.0.1:${port}). Check HTTPS_PROXY / HTTP_PROXY.`
    );
  });
});

describe('rate limits', () => {
  test('a secondary rate limit (403, retry-after) is waited out when the wait fits', async () => {
    github.failNext(403, 'You have exceeded a secondary rate limit.', 1, {
      headers: { 'retry-after': '3' }
    });
    const run = comment();
    expect(await run.id).toMatch(/^\d+$/);
    expect(run.sleeps).toEqual([3000]);
    expect(run.log.warning).toEqual([]);
  });

  test('429 with x-ratelimit-reset waits until the reset', async () => {
    const now = 1_700_000_000_000;
    github.failNext(429, 'Too many requests', 1, {
      headers: { 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': String(now / 1000 + 4) }
    });
    const run = comment({ now });
    expect(await run.id).toMatch(/^\d+$/);
    expect(run.sleeps).toEqual([4000]);
  });

  test('a wait longer than the budget: give up at once; our older comment shows an older verdict', async () => {
    github.seed(
      OWNER,
      REPO,
      PR,
      [`${commentMarker('dcdn-refresh-wait')}\nold`],
      'github-actions[bot]'
    );
    github.failNext(403, 'You have exceeded a secondary rate limit.', 1, {
      on: 'update',
      headers: { 'retry-after': '60' }
    });
    const run = comment();
    expect(await run.id).toBe('');
    expect(run.sleeps).toEqual([]);
    expect(run.log.warning).toEqual([
      `The comment on pull request #42 was not written: GitHub's API rate limit was reached (GitHub answered 403: You have exceeded a secondary rate limit.; it asked to wait 1m, more than the 30s left of the 30s the comment may take). The next run updates it.${OLDER}`
    ]);
  });

  test('still limited after every attempt', async () => {
    github.failNext(429, 'Too many requests', 5, { headers: { 'retry-after': '1' } });
    const run = comment();
    expect(await run.id).toBe('');
    expect(run.sleeps).toEqual([1000, 1000]);
    expect(run.log.warning[0]).toMatch(
      /rate limit was reached \(GitHub answered 429: Too many requests; still limited after every attempt\)/
    );
  });
});

describe('the budget and cancellation', () => {
  test('retries stop where their wait would pass the deadline (clock moved by the sleeps)', async () => {
    github.failNext(502, 'Server Error', 10);
    const run = comment({ budgetMs: 6000 });
    expect(await run.id).toBe('');
    expect(run.sleeps).toEqual([2000]); // 5 s more would not fit in the 4 s left
    expect(run.log.warning).toEqual([
      'The comment on pull request #42 was not written (GitHub answered 502: Server Error).'
    ]);
  });

  test('a cancelled job ends the retry wait at once: a warning, never an unexpected error', async () => {
    github.failNext(502, 'Server Error');
    const run = comment({
      sleep: async () => {
        throw new CancelledError('cancelled');
      }
    });
    expect(await run.id).toBe('');
    expect(run.log.warning).toEqual([
      'The comment on pull request #42 was not written: the job was cancelled.'
    ]);
  });

  test('Budget.run rejects at the deadline even when the request ignores its signal', async () => {
    const budget = new Budget(() => Date.now(), 30);
    await expect(budget.run(() => new Promise<never>(() => undefined))).rejects.toHaveProperty(
      'name',
      'TimeoutError'
    );
    let called = false;
    const spent = new Budget(() => 0, 0);
    await expect(spent.run(async () => (called = true))).rejects.toHaveProperty(
      'name',
      'TimeoutError'
    );
    expect(called).toBe(false);
  });

  test('Budget.fits leaves room for a request after the wait', () => {
    let now = 0;
    const budget = new Budget(() => now, 10_000);
    expect(budget.fits(9_999)).toBe(true);
    expect(budget.fits(10_000)).toBe(false);
    now = 4_000;
    expect(budget.remainingMs()).toBe(6_000);
    now = 20_000;
    expect(budget.remainingMs()).toBe(0);
  });
});
