// Every error path, driven with recognisable secrets: none may appear in anything the action
// prints or writes (stdout, stderr, outputs, job summary), except the ::add-mask:: commands the
// runner consumes. Debug output is on, as with ACTIONS_STEP_DEBUG.
import { runAction } from '../../scripts/run-action.ts';
import type { ActionRun } from '../../scripts/run-action.ts';
import { startOidcIssuer } from '../../emulator/oidc.ts';
import { startEmulator } from '../../emulator/server.ts';
import type { EmulatorOptions } from '../../emulator/server.ts';
import { startStsEmulator } from '../../emulator/sts.ts';
import { encodings } from '../../src/runtime/redact.ts';

const KEY_ID = 'LTAIrecognisableKeyId';
const SECRET = 'S3CRET-recognisable-4f1d9a7c';
const TOKEN = 'T0KEN-recognisable-8b2e6d0f';
const FAST = {
  'poll-interval': '100ms',
  'max-poll-interval': '200ms',
  // The storms below retry until this budget is spent, with room for several retries (each
  // printed at debug level) on a busy machine; they wait it out side by side (test.concurrent).
  timeout: '2s',
  'request-timeout': '500ms'
};
const ENV_KEYS = {
  ALIBABA_CLOUD_ACCESS_KEY_ID: KEY_ID,
  ALIBABA_CLOUD_ACCESS_KEY_SECRET: SECRET,
  ALIBABA_CLOUD_SECURITY_TOKEN: TOKEN,
  RUNNER_DEBUG: '1'
};
const TASK = { id: '42', path: 'https://www.example.com/', pendingMs: 0, refreshMs: 100 };

function expectClean(run: ActionRun, ...extra: string[]): void {
  const visible = run.everything.replace(/^::add-mask::.*$/gm, '');
  for (const secret of [SECRET, TOKEN, ...extra]) expect(visible).not.toContain(secret);
}

/** The run's last word: its last line that is not a debug line (the verdict or the ::error::). */
function lastLine(run: ActionRun): string {
  const lines = run.stdout
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('::debug::'));
  return lines.at(-1) ?? '';
}

async function withEmulator(
  options: EmulatorOptions,
  inputs: Record<string, string>,
  env: Record<string, string> = ENV_KEYS
): Promise<{ run: ActionRun; requests: number }> {
  const emulator = await startEmulator({ tasks: [TASK], ...options });
  try {
    const run = await runAction({
      inputs: { 'task-ids': '42', endpoint: emulator.url, ...FAST, ...inputs },
      env
    });
    return { run, requests: emulator.requests.length };
  } finally {
    await emulator.close();
  }
}

const echo = (text: string) =>
  JSON.stringify({ RequestId: 'R', Code: 'InvalidParameters', Message: `you sent ${text}` });

/** One error path, and the ending that proves the run got there (not out early for another reason). */
interface Row {
  name: string;
  emulator?: EmulatorOptions;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  status: 'complete' | 'failed';
  /** The last line, with the API's Code, or the input's message. */
  last: RegExp;
  /** Requests the emulator answered; left out where retries make the count vary. */
  requests?: number;
  /** A debug line the path prints (debug is on): secrets are looked for in those too. */
  debug?: RegExp;
}

const RETRIED = /^::debug::retry 1 in \d+ ms: /m;

const ROWS: Row[] = [
  // The storms first: they mostly wait, while the rows after them use the CPU.
  {
    name: 'an HTML page that echoes the token, until the budget is spent',
    emulator: {
      faultRule: () => ({
        kind: 'body',
        status: 502,
        body: `<html>x-acs-security-token: ${TOKEN}</html>`
      })
    },
    status: 'failed',
    last: /^::error::No DCDN API call to 127\.0\.0\.1:\d+ got an answer in .*HTTP 502 with an HTML page .*starting "<html>x-acs-security-token: \*\*\*/,
    debug: RETRIED
  },
  {
    name: 'a storm until the budget is spent',
    emulator: { faultRule: () => ({ kind: 'status', status: 503, code: 'ServiceUnavailable' }) },
    status: 'failed',
    last: /^::error::No DCDN API call to 127\.0\.0\.1:\d+ got an answer in .*HTTP 503 ServiceUnavailable/,
    debug: RETRIED
  },
  {
    name: 'a refused connection, retried within the budget',
    inputs: { endpoint: 'http://127.0.0.1:9' },
    status: 'failed',
    last: /^::error::127\.0\.0\.1:9 refused the connection \(ECONNREFUSED\)/,
    requests: 0,
    debug: /^::debug::retry 1 in \d+ ms: 127\.0\.0\.1:9 refused the connection/m
  },
  {
    name: 'success',
    emulator: {
      credentials: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN }]
    },
    status: 'complete',
    last: /^The DCDN task is complete after \d+:\d\d \(\d+ API calls?\)\.$/,
    debug: /^::debug::DCDN DescribeDcdnRefreshTaskById answered, RequestId /m
  },
  {
    name: 'wrong secret',
    emulator: {
      credentials: [{ accessKeyId: KEY_ID, accessKeySecret: 'other', securityToken: TOKEN }]
    },
    status: 'failed',
    last: /^::error::DCDN DescribeDcdnRefreshTaskById failed: HTTP 400 SignatureDoesNotMatch: .*\(RequestId: [0-9A-F-]{36}\)\. Hint: the access key secret does not match the access key ID/,
    requests: 1
  },
  {
    name: 'unknown key',
    status: 'failed',
    last: /^::error::DCDN DescribeDcdnRefreshTaskById failed: HTTP 404 InvalidAccessKeyId\.NotFound: .*Hint: the access key ID does not exist/,
    requests: 1
  },
  {
    name: 'token mismatch',
    emulator: {
      credentials: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: 'other' }]
    },
    status: 'failed',
    last: /^::error::DCDN DescribeDcdnRefreshTaskById failed: HTTP 400 InvalidSecurityToken\.Malformed: .*Hint: the STS security token is invalid or expired/,
    requests: 1
  },
  {
    name: 'a server that echoes the token and secret back',
    emulator: { faults: [{ kind: 'body', status: 400, body: echo(`${TOKEN} ${SECRET}`) }] },
    status: 'failed',
    // The echo reached the last line, both secrets scrubbed.
    last: /^::error::DCDN DescribeDcdnRefreshTaskById failed: HTTP 400 InvalidParameters: you sent \*\*\* \*\*\* \(RequestId: R\)$/,
    requests: 1
  },
  {
    name: 'a bad input quoting the secret',
    inputs: { 'task-ids': SECRET },
    status: 'failed',
    last: /^::error::task-ids has "\*\*\*", which is not a task ID/,
    requests: 0
  },
  {
    name: 'a bad endpoint holding the secret',
    inputs: { endpoint: `https://${KEY_ID}:${SECRET}@dcdn.aliyuncs.com` },
    status: 'failed',
    last: /^::error::endpoint has credentials in it/,
    requests: 0
  },
  {
    name: 'secret given as an input without its key ID',
    inputs: { 'access-key-secret': SECRET },
    env: { RUNNER_DEBUG: '1' },
    status: 'failed',
    last: /^::error::The input access-key-secret is set but access-key-id is empty/,
    requests: 0
  }
];

describe('no secret in any output, on every path', () => {
  // Concurrent: each row has its own emulator and process, and most of their time is waiting.
  test.concurrent.each(ROWS.map((row) => [row.name, row] as const))('%s', async (_name, row) => {
    const env = row.env ?? ENV_KEYS;
    const { run, requests } = await withEmulator(row.emulator ?? {}, row.inputs ?? {}, env);
    // The path the row is meant to drive was reached: its ending, in the last line.
    expect(run.outputs.status).toBe(row.status);
    expect(run.code).toBe(row.status === 'complete' ? 0 : 1);
    expect(lastLine(run)).toMatch(row.last);
    if (row.requests !== undefined) expect(requests).toBe(row.requests);
    if (row.debug) expect(run.stdout).toMatch(row.debug);
    // Masked first, then nowhere to be seen.
    expect(run.stdout).toContain(`::add-mask::${SECRET}`);
    if (env.ALIBABA_CLOUD_SECURITY_TOKEN) expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
    expectClean(run);
    expect(run.stderr).toBe('');
  });

  test.concurrent('OIDC: an STS error and an OIDC token never appear', async () => {
    const issuer = await startOidcIssuer();
    const sts = await startStsEmulator({
      roles: [],
      providers: [{ arn: 'acs:ram::1:oidc-provider/gh', clientIds: ['sts.aliyuncs.com'] }]
    });
    try {
      const run = await runAction({
        inputs: {
          'task-ids': '42',
          endpoint: 'http://127.0.0.1:9',
          'sts-endpoint': sts.url,
          'role-to-assume': 'acs:ram::1:role/none',
          'oidc-provider-arn': 'acs:ram::1:oidc-provider/gh',
          ...FAST
        },
        env: {
          ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
          RUNNER_DEBUG: '1'
        }
      });
      // The STS error path was reached: its Code and hint are the last line.
      expect(run.outputs.status).toBe('failed');
      expect(lastLine(run)).toMatch(
        /^::error::STS AssumeRoleWithOIDC failed: HTTP 404 EntityNotExist\.Role: .*Hint: the role in role-to-assume does not exist/
      );
      expect(run.stdout).toMatch(/^::debug::ID token url is /m);
      const oidcToken = sts.requests[0]?.form.OIDCToken ?? 'missing';
      expectClean(run, oidcToken, issuer.requestToken);
    } finally {
      await issuer.close();
      await sts.close();
    }
  });

  test.concurrent('OIDC: the STS keys it receives are masked before first use', async () => {
    const dcdn = await startEmulator({ tasks: [TASK] });
    const issuer = await startOidcIssuer();
    const role = 'acs:ram::1:role/gh';
    const provider = 'acs:ram::1:oidc-provider/gh';
    const sts = await startStsEmulator({
      roles: [{ arn: role, trustedProviderArn: provider, allowedSubjects: ['repo:*'] }],
      providers: [{ arn: provider, clientIds: ['sts.aliyuncs.com'] }],
      // A DCDN that refuses the STS keys makes the action print errors while it holds them.
      onIssue: () => undefined
    });
    try {
      const run = await runAction({
        inputs: {
          'task-ids': '42',
          endpoint: dcdn.url,
          'sts-endpoint': sts.url,
          'role-to-assume': role,
          'oidc-provider-arn': provider,
          ...FAST
        },
        env: {
          ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
          ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken,
          RUNNER_DEBUG: '1'
        }
      });
      const issued = sts.issued[0];
      expect(issued).toBeDefined();
      // The exchange succeeded and DCDN refused the keys it gave: that refusal ends the run.
      expect(run.outputs.status).toBe('failed');
      expect(dcdn.requests).toHaveLength(1);
      expect(lastLine(run)).toMatch(
        /^::error::DCDN DescribeDcdnRefreshTaskById failed: HTTP 404 InvalidAccessKeyId\.NotFound/
      );
      const masks = run.stdout.split('\n').filter((line) => line.startsWith('::add-mask::'));
      expect(masks).toEqual(
        expect.arrayContaining([
          `::add-mask::${issued?.accessKeySecret}`,
          `::add-mask::${issued?.securityToken}`
        ])
      );
      // Masked before the first DCDN request could have printed anything about them.
      const firstMask = run.stdout.indexOf(`::add-mask::${issued?.securityToken}`);
      expect(firstMask).toBeLessThan(run.stdout.indexOf('InvalidAccessKeyId'));
      expectClean(run, issued?.accessKeySecret ?? 'x', issued?.securityToken ?? 'x');
    } finally {
      await dcdn.close();
      await issuer.close();
      await sts.close();
    }
  });
});

describe('a server that echoes the STS token', () => {
  // Shaped like a real STS token: base64, so Markdown escaping changes it (+ / = _ -).
  const STS = 'CAIS+sts/Token_with-base64==';
  const sts = { accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: STS };

  test.concurrent(
    'a retryable 503 quoting it: no form of it in the log, outputs or summary',
    async () => {
      const { run } = await withEmulator(
        {
          credentials: [sts],
          faultRule: () => ({
            kind: 'body',
            status: 503,
            body: JSON.stringify({
              RequestId: 'R',
              Code: 'ServiceUnavailable',
              Message: `upstream saw x-acs-security-token: ${STS}`
            })
          })
        },
        {},
        { ...ENV_KEYS, ALIBABA_CLOUD_SECURITY_TOKEN: STS }
      );
      const visible = run.everything.replace(/^::add-mask::.*$/gm, '');
      for (const form of encodings(STS)) expect(visible).not.toContain(form);
      // The echo really reached the summary and the last line, scrubbed.
      expect(run.summary).toMatch(/security\\?-token\\?: (\*\*\*|\\\*\\\*\\\*)/);
      expect(lastLine(run)).toMatch(
        /^::error::No DCDN API call .* got an answer .*HTTP 503 ServiceUnavailable: upstream saw x-acs-security-token: \*\*\*/
      );
      expect(run.outputs.status).toBe('failed');
    }
  );
});

describe('the runner gives less than usual', () => {
  test.concurrent('no RUNNER_TEMP: every output is still set, results-file empty', async () => {
    const emulator = await startEmulator({
      tasks: [TASK],
      credentials: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN }]
    });
    try {
      const run = await runAction({
        inputs: { 'task-ids': '42', endpoint: emulator.url, ...FAST },
        env: { ...ENV_KEYS, RUNNER_TEMP: '' }
      });
      expect(run.code).toBe(0);
      expect(run.outputs.status).toBe('complete');
      expect(run.outputs['results-file']).toBe('');
      expect(Object.keys(run.outputs)).toEqual(expect.arrayContaining(['results', 'comment-id']));
    } finally {
      await emulator.close();
    }
  });
});
