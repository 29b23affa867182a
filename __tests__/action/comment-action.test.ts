// The action run as the runner runs it (a fresh Node process, INPUT_* variables, an event payload
// file, GITHUB_API_URL), against the DCDN emulator and the fake GitHub API over real sockets.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAction } from '../../scripts/run-action.ts';
import type { ActionRun } from '../../scripts/run-action.ts';
import {
  DEFAULT_ACCESS_KEY_ID,
  DEFAULT_ACCESS_KEY_SECRET,
  startEmulator
} from '../../emulator/server.ts';
import type { Emulator, TaskScript } from '../../emulator/server.ts';
import { startConnectProxy } from '../helpers/connect-proxy.ts';
import { startFakeGitHub } from '../helpers/fake-github.ts';
import type { FakeGitHub } from '../helpers/fake-github.ts';

const TOKEN = 'ghs_0123456789abcdefTOKEN';
const PR = 17;
const EVIL =
  'https://x.com/a|b`c`<img src=x onerror=alert(1)>[l](javascript:alert(1))**b**\n| fake |';

let emulator: Emulator;
let github: FakeGitHub;
let dir: string;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'dcdn-comment-'));
  github = await startFakeGitHub({ token: TOKEN });
  emulator = await startEmulator({
    tasks: [
      quick('31'),
      quick('32', {
        path: EVIL,
        outcome: 'Failed',
        description: '<script>x</script>|Origin Timeout'
      }),
      quick('33')
    ]
  });
});
afterEach(async () => {
  await emulator.close();
  await github.close();
  rmSync(dir, { recursive: true, force: true });
});

function quick(id: string, extra: Partial<TaskScript> = {}): TaskScript {
  return {
    id,
    path: `https://www.example.com/${id}.js`,
    type: 'preload',
    pendingMs: 50,
    refreshMs: 100,
    ...extra
  };
}

function eventFile(payload: object): string {
  const path = join(dir, `event-${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(path, JSON.stringify(payload));
  return path;
}

const PR_PAYLOAD = {
  action: 'synchronize',
  number: PR,
  pull_request: { number: PR, head: { ref: 'feature' } },
  repository: { name: 'site', owner: { login: 'acme' } }
};

async function act(
  taskIds: string,
  inputs: Record<string, string> = {},
  event: { name: string; payload: object } = { name: 'pull_request', payload: PR_PAYLOAD },
  env: Record<string, string> = {},
  entry?: string
): Promise<ActionRun> {
  const result = await runAction({
    ...(entry ? { entry } : {}),
    inputs: {
      'task-ids': taskIds,
      endpoint: emulator.url,
      'poll-interval': '100ms',
      'max-poll-interval': '200ms',
      timeout: '20s',
      'comment-on-pr': 'true',
      'github-token': TOKEN,
      ...inputs
    },
    env: {
      ALIBABA_CLOUD_ACCESS_KEY_ID: DEFAULT_ACCESS_KEY_ID,
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: DEFAULT_ACCESS_KEY_SECRET,
      GITHUB_EVENT_NAME: event.name,
      GITHUB_EVENT_PATH: eventFile(event.payload),
      GITHUB_REPOSITORY: 'acme/site',
      GITHUB_API_URL: github.url,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_RUN_ID: '4242',
      GITHUB_RUN_ATTEMPT: '1',
      ...env
    }
  });
  // The token never shows, except in the ::add-mask:: command that hides it.
  expect(result.everything.replace(/^::add-mask::.*$/gm, '')).not.toContain(TOKEN);
  return result;
}

const warnings = (result: ActionRun): string[] =>
  result.stdout.split('\n').filter((line) => line.startsWith('::warning'));

describe('the action on a pull request', () => {
  test("creates one comment, then updates it on the next run; the verdict is the tasks'", async () => {
    const first = await act('31,32,33');
    expect(first.code).toBe(1); // task 32 failed
    expect(first.outputs.status).toBe('failed');
    const comments = github.comments('acme', 'site', PR);
    expect(comments).toHaveLength(1);
    const id = String(comments[0]?.id);
    expect(first.outputs['comment-id']).toBe(id);
    expect(first.stdout).toContain(`Created the comment on pull request #${PR}`);

    const body = comments[0]?.body ?? '';
    expect(body.split('\n')[0]).toBe('<!-- dcdn-refresh-wait:dcdn-refresh-wait -->');
    expect(body).toContain('### ❌ 1 of 3 DCDN tasks failed');
    expect(body).toContain('[workflow run](https://github.com/acme/site/actions/runs/4242)');
    const rows = body.split('\n').filter((line) => line.startsWith('|'));
    expect(rows).toHaveLength(7); // the failure's table, then the complete tasks'
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length - 2).toBe(4);
    expect(rows[2]).toMatch(/^\| ❌&nbsp;Failed: .* \| 32 \| /);
    expect(rows[2]).toContain('&lt;script&gt;x&lt;/script&gt;&#124;Origin Timeout');
    expect(body).not.toMatch(/<img|<script|\]\(javascript/);

    const second = await act('31,32,33');
    expect(second.code).toBe(1);
    expect(second.outputs['comment-id']).toBe(id);
    expect(second.stdout).toContain(`Updated the comment on pull request #${PR}`);
    expect(github.comments('acme', 'site', PR)).toHaveLength(1);
    expect(github.requests.map((r) => `${r.method} ${r.path.split('/').pop()}`)).toEqual([
      'POST graphql',
      'GET comments',
      'POST comments',
      'POST graphql',
      'GET comments',
      `PATCH ${id}`
    ]);
  });

  test('two tags keep two comments', async () => {
    await act('31', { 'comment-tag': 'refresh' });
    await act('33', { 'comment-tag': 'prefetch' });
    await act('31', { 'comment-tag': 'refresh' });
    const bodies = github.comments('acme', 'site', PR).map((c) => c.body.split('\n')[0]);
    expect(bodies).toEqual([
      '<!-- dcdn-refresh-wait:refresh -->',
      '<!-- dcdn-refresh-wait:prefetch -->'
    ]);
  });

  test('403 on the comment: a warning naming pull-requests: write, the step stays green', async () => {
    github.setPermission('read');
    const result = await act('31,33');
    expect(result.code).toBe(0);
    expect(result.outputs.status).toBe('complete');
    expect(result.outputs['comment-id']).toBe('');
    expect(warnings(result)).toHaveLength(1);
    expect(warnings(result)[0]).toContain('pull-requests: write');
    expect(github.comments('acme', 'site', PR)).toHaveLength(0);
  });

  test('outside pull request events: no GitHub API call, and the log says why', async () => {
    const result = await act('31', {}, { name: 'push', payload: { ref: 'refs/heads/main' } });
    expect(result.code).toBe(0);
    expect(github.requests).toHaveLength(0);
    expect(result.outputs['comment-id']).toBe('');
    expect(result.stdout).toMatch(
      /No pull request comment: the workflow was triggered by push, not by a pull request/
    );
  });

  test('issue_comment on a pull request comments on that pull request', async () => {
    const result = await act(
      '31',
      {},
      {
        name: 'issue_comment',
        payload: {
          action: 'created',
          issue: {
            number: PR,
            pull_request: { url: 'https://api.github.com/repos/acme/site/pulls/17' }
          },
          comment: { id: 5, body: '/prefetch' }
        }
      }
    );
    expect(result.code).toBe(0);
    expect(github.comments('acme', 'site', PR)).toHaveLength(1);
  });
});

test('the bundle (dist/index.js) loads its lazy GitHub chunk for the comment: create, then update', async () => {
  const first = await act('31', {}, undefined, {}, 'dist/index.js');
  const second = await act('31', {}, undefined, {}, 'dist/index.js');
  expect(first.code).toBe(0);
  expect(first.stdout).toContain(`Created the comment on pull request #${PR}`);
  expect(second.outputs['comment-id']).toBe(first.outputs['comment-id']);
  expect(second.stdout).toContain(`Updated the comment on pull request #${PR}`);
  expect(github.comments('acme', 'site', PR)).toHaveLength(1);
});

test("the bundle comments through the runner's proxy: its undici stand-in loads the real one", async () => {
  const { port } = new URL(github.url);
  const proxy = await startConnectProxy({
    'api.github.test:80': { host: '127.0.0.1', port: Number(port) }
  });
  try {
    const result = await act(
      '31',
      {},
      undefined,
      // Not loopback, so Octokit's fetch goes through the proxy (undici's ProxyAgent).
      { GITHUB_API_URL: 'http://api.github.test', HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url },
      'dist/index.js'
    );
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Created the comment on pull request #${PR}`);
    expect(proxy.tunnels).toContain('api.github.test:80');
    expect(github.comments('acme', 'site', PR)).toHaveLength(1);
  } finally {
    await proxy.close();
  }
});

test('the bundle loads undici only for the comment: a run without one never compiles its parser', async () => {
  // undici compiles its WebAssembly HTTP parser as it loads; count the compiles from outside.
  const probe = join(dir, 'count-wasm.cjs');
  writeFileSync(
    probe,
    `let n = 0; const compile = WebAssembly.compile;
     WebAssembly.compile = (...a) => { n += 1; return compile(...a); };
     process.on('exit', () => process.stderr.write('wasm compiles: ' + n + '\\n'));`
  );
  const env = { NODE_OPTIONS: `--require ${probe}` };
  const plain = await act('31', { 'comment-on-pr': 'false' }, undefined, env, 'dist/index.js');
  const commented = await act('31', {}, undefined, env, 'dist/index.js');
  expect(plain.code).toBe(0);
  expect(plain.stderr).toContain('wasm compiles: 0');
  expect(commented.stdout).toContain(`Created the comment on pull request #${PR}`);
  expect(commented.stderr).toMatch(/wasm compiles: [1-9]/);
});

describe('the action when GitHub is hostile or out of reach', () => {
  test("a stranger's comment with our marker is never edited: we write our own", async () => {
    github.seed(
      'acme',
      'site',
      PR,
      ['<!-- dcdn-refresh-wait:dcdn-refresh-wait -->\n✅ all fine'],
      'mallory'
    );
    const theirs = github.comments('acme', 'site', PR)[0];
    const first = await act('31');
    const second = await act('31');
    expect(second.outputs['comment-id']).toBe(first.outputs['comment-id']);
    expect(first.outputs['comment-id']).not.toBe(String(theirs?.id));
    expect(theirs?.body).toBe('<!-- dcdn-refresh-wait:dcdn-refresh-wait -->\n✅ all fine');
    expect(github.comments('acme', 'site', PR).map((c) => c.user.login)).toEqual([
      'mallory',
      'github-actions[bot]'
    ]);
    expect(github.requests.filter((r) => r.method === 'PATCH').map((r) => r.path)).toEqual([
      `/repos/acme/site/issues/comments/${first.outputs['comment-id']}`
    ]);
  });

  test('GITHUB_API_URL that does not resolve: a DNS warning, the step stays green', async () => {
    const result = await act('31', {}, undefined, { GITHUB_API_URL: 'http://nonexistent.invalid' });
    expect(result.code).toBe(0);
    expect(result.outputs['comment-id']).toBe('');
    expect(warnings(result)).toHaveLength(1);
    expect(warnings(result)[0]).toMatch(
      /the GitHub API host nonexistent\.invalid could not be resolved \(DNS: getaddrinfo (ENOTFOUND|EAI_AGAIN) nonexistent\.invalid\)/
    );
    expect(result.stdout).not.toMatch(/Unexpected error|answered 500/);
  });

  test('a proxy that refuses: the warning names the proxy, never its password', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const proxy = `http://ci:proxy-pass-123@127.0.0.1:${port}`;
    const result = await act('31', {}, undefined, {
      // Not loopback, so the proxy is used; nothing is ever resolved or reached but the proxy.
      GITHUB_API_URL: 'http://api.github.test',
      HTTP_PROXY: proxy,
      HTTPS_PROXY: proxy
    });
    expect(result.code).toBe(0);
    expect(warnings(result)).toHaveLength(1);
    expect(warnings(result)[0]).toContain(
      `the proxy 127.0.0.1:${port} refused the connection (connect ECONNREFUSED 127.0.0.1:${port}). Check HTTPS_PROXY / HTTP_PROXY.`
    );
    // Masked for the runner (an ::add-mask:: command), and nowhere else.
    expect(result.stdout).toContain('::add-mask::proxy-pass-123');
    expect(result.everything.replace(/^::add-mask::.*$/gm, '')).not.toContain('proxy-pass-123');
  });

  test('an event file that is not JSON: one warning line, no stack trace, every output set', async () => {
    const path = join(dir, 'broken-event.json');
    writeFileSync(path, '{"number": 17,');
    const result = await act('31', {}, undefined, { GITHUB_EVENT_PATH: path });
    expect(result.code).toBe(0);
    expect(result.outputs.status).toBe('complete');
    expect(result.outputs['comment-id']).toBe('');
    expect(warnings(result)).toEqual([
      expect.stringMatching(
        /^::warning::No pull request comment: the event file GITHUB_EVENT_PATH \(.*broken-event\.json\) is not JSON \(.+\)\.$/
      )
    ]);
    expect(result.everything).not.toMatch(/SyntaxError|\.js:\d+:\d+/);
    expect(github.requests).toEqual([]);
  });

  test('an event file that does not exist: no payload, one line', async () => {
    const result = await act('31', {}, undefined, { GITHUB_EVENT_PATH: join(dir, 'gone.json') });
    expect(result.code).toBe(0);
    expect(warnings(result)).toEqual([
      expect.stringMatching(
        /^::warning::No pull request comment: the event file .*gone\.json\) does not exist\.$/
      )
    ]);
  });
});
