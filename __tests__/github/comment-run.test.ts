// The whole run() with the PR comment wired in: canned DCDN answers, a fake clock, and the fake
// GitHub API over real sockets. The step's verdict is always the tasks' verdict.
import { getOctokit } from '@actions/github';
import { run } from '../../src/main.ts';
import { OUTPUT_NAMES } from '../../src/report/outputs.ts';
import type { Runtime } from '../../src/runtime/io.ts';
import type { RunContext } from '../../src/github/pr-comment.ts';
import type { HttpRequest, HttpResponse, Transport } from '../../src/alibaba/transport.ts';
import type { Task } from '../../src/wait/task.ts';
import { fakeTime } from '../helpers/fake-time.ts';
import { recordingIO } from '../helpers/harness.ts';
import type { Recorded } from '../helpers/harness.ts';
import { startFakeGitHub } from '../helpers/fake-github.ts';
import type { FakeGitHub } from '../helpers/fake-github.ts';

const PR = 7;
const TOKEN = 'ghs_secret_token_value';

let github: FakeGitHub;
beforeEach(async () => {
  github = await startFakeGitHub({ token: TOKEN });
});
afterEach(async () => {
  await github.close();
});

function dcdnTask(id: string, status: 'Complete' | 'Failed', path: string): Task {
  return {
    TaskId: id,
    Status: status,
    Process: '100%',
    ObjectType: 'preload',
    ObjectPath: path,
    CreationTime: '2026-05-10T08:54:23Z',
    Description: status === 'Failed' ? 'Origin Timeout' : ''
  };
}

/** Answers DescribeDcdnRefreshTaskById from a fixed set of tasks, or with one fixed error. */
function cannedDcdn(tasks: Task[], error?: { status: number; code: string }): Transport {
  return {
    send: async (request: HttpRequest): Promise<HttpResponse> => {
      if (error) {
        return {
          status: error.status,
          headers: {},
          body: JSON.stringify({
            RequestId: 'R-1',
            Code: error.code,
            Message: 'denied for acs:ram::1234:user/ci'
          })
        };
      }
      const ids = (new URL(request.url).searchParams.get('TaskId') ?? '').split(',');
      const found = tasks.filter((t) => ids.includes(t.TaskId));
      return {
        status: 200,
        headers: {},
        body: JSON.stringify({ RequestId: 'R-2', TotalCount: found.length, Tasks: found })
      };
    },
    close: () => undefined
  };
}

function harness(
  inputs: Record<string, string>,
  transport: Transport,
  context: Partial<RunContext> = {}
): { runtime: Runtime; recorded: Recorded } {
  const { io, recorded } = recordingIO({
    'access-key-id': 'LTAIexample',
    'access-key-secret': 'example-secret',
    'comment-on-pr': 'true',
    'github-token': TOKEN,
    'poll-interval': '1s',
    timeout: '1m',
    ...inputs
  });
  const time = fakeTime(Date.UTC(2026, 4, 10, 9, 0, 0));
  const runContext: RunContext = {
    eventName: 'pull_request',
    payload: { number: PR, pull_request: { number: PR } },
    repo: { owner: 'acme', repo: 'site' },
    serverUrl: 'https://github.com',
    runId: 555,
    runAttempt: 1,
    apiUrl: github.url,
    ...context
  };
  const runtime: Runtime = {
    io,
    env: {},
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5,
    createTransport: () => transport,
    getIdToken: async () => {
      throw new Error('no OIDC in these tests');
    },
    github: {
      context: runContext,
      createClient: async (token) => getOctokit(token, { baseUrl: github.url })
    }
  };
  return { runtime, recorded };
}

describe('run() with comment-on-pr', () => {
  test('a failed task: the step fails for the task, and the comment shows it', async () => {
    const dcdn = cannedDcdn([
      dcdnTask('11', 'Complete', 'https://www.example.com/a.js'),
      dcdnTask('12', 'Failed', 'https://www.example.com/<b>|hero`.jpg')
    ]);
    const { runtime, recorded } = harness({ 'task-ids': '11,12', 'comment-tag': 'prefetch' }, dcdn);
    const verdict = await run(runtime);
    expect(verdict?.status).toBe('failed');
    expect(recorded.failed).toHaveLength(1);
    expect(recorded.failed[0]).toMatch(/^1 of 2 DCDN tasks failed/);
    const comments = github.comments('acme', 'site', PR);
    expect(comments).toHaveLength(1);
    const body = comments[0]?.body ?? '';
    expect(
      body.startsWith('<!-- dcdn-refresh-wait:prefetch -->\n### ❌ 1 of 2 DCDN tasks failed')
    ).toBe(true);
    expect(body).toContain(
      '| ❌&nbsp;Failed:&nbsp;Origin&nbsp;Timeout | <code>https\\://www\\.example\\.com/&lt;b&gt;&#124;hero&#96;\\.jpg</code> | 12 | 08:54:23 |'
    );
    expect(body).toContain('[workflow run](https://github.com/acme/site/actions/runs/555)');
    expect(body).toContain('Last updated 2026-05-10 09:00:00 UTC');
    expect(recorded.outputs['comment-id']).toBe(String(comments[0]?.id));
    expect(recorded.secrets).toContain(TOKEN);
    expect(recorded.summary).toContain('### ❌ 1 of 2 DCDN tasks failed');
  });

  test('403 on the comment: a warning, and a green step when every task is complete', async () => {
    github.setPermission('read');
    const { runtime, recorded } = harness(
      { 'task-ids': '11' },
      cannedDcdn([dcdnTask('11', 'Complete', 'https://www.example.com/a.js')])
    );
    const verdict = await run(runtime);
    expect(verdict?.status).toBe('complete');
    expect(recorded.failed).toEqual([]);
    expect(recorded.warnings).toHaveLength(1);
    expect(recorded.warnings[0]).toContain('pull-requests: write');
    expect(recorded.outputs['comment-id']).toBe('');
    expect(recorded.outputs.status).toBe('complete');
  });

  test('a push event: no GitHub API call, the reason in the log, every output set', async () => {
    const { runtime, recorded } = harness(
      { 'task-ids': '11' },
      cannedDcdn([dcdnTask('11', 'Complete', 'https://www.example.com/a.js')]),
      { eventName: 'push', payload: { ref: 'refs/heads/main' } }
    );
    await run(runtime);
    expect(github.requests).toHaveLength(0);
    expect(recorded.info.filter((m) => m.startsWith('No pull request comment'))).toEqual([
      'No pull request comment: the workflow was triggered by push, not by a pull request (comments are written on pull_request, pull_request_target, issue_comment on a pull request).'
    ]);
    expect(Object.keys(recorded.outputs).sort()).toEqual([...OUTPUT_NAMES].sort());
  });

  test('a DCDN error replaces the previous results with what went wrong (no vendor message)', async () => {
    const ok = harness(
      { 'task-ids': '11' },
      cannedDcdn([dcdnTask('11', 'Complete', 'https://www.example.com/a.js')])
    );
    await run(ok.runtime);
    const { runtime, recorded } = harness(
      { 'task-ids': '11' },
      cannedDcdn([], { status: 403, code: 'Forbidden.RAM' })
    );
    expect(await run(runtime)).toBeUndefined();
    expect(recorded.failed[0]).toMatch(/Forbidden\.RAM/);
    const comments = github.comments('acme', 'site', PR);
    expect(comments).toHaveLength(1);
    expect(comments[0]?.body).toContain('### ❌ The DCDN task could not be checked');
    expect(comments[0]?.body).toContain('<code>Forbidden\\.RAM</code>: the RAM user or role');
    expect(comments[0]?.body).toContain('dcdn\\:DescribeDcdnRefreshTaskById');
    expect(comments[0]?.body).not.toContain('acs:ram');
    expect(recorded.outputs['comment-id']).toBe(String(comments[0]?.id));
  });

  test('a bad comment-tag fails before any request, naming the input', async () => {
    let sent = 0;
    const { runtime, recorded } = harness(
      { 'task-ids': '11', 'comment-tag': 'pre fetch -->' },
      { send: async () => (sent++, { status: 500, headers: {}, body: '' }), close: () => undefined }
    );
    expect(await run(runtime)).toBeUndefined();
    expect(recorded.failed).toHaveLength(1);
    expect(recorded.failed[0]).toMatch(/^comment-tag "pre fetch -->" may hold only letters/);
    expect(sent).toBe(0);
    expect(github.requests).toHaveLength(0);
  });
});
