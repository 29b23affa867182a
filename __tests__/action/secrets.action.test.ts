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
  timeout: '2s',
  'request-timeout': '300ms'
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

async function withEmulator(
  options: EmulatorOptions,
  inputs: Record<string, string>,
  env: Record<string, string> = ENV_KEYS
): Promise<ActionRun> {
  const emulator = await startEmulator({ tasks: [TASK], ...options });
  try {
    return await runAction({
      inputs: { 'task-ids': '42', endpoint: emulator.url, ...FAST, ...inputs },
      env
    });
  } finally {
    await emulator.close();
  }
}

const echo = (text: string) =>
  JSON.stringify({ RequestId: 'R', Code: 'InvalidParameters', Message: `you sent ${text}` });

describe('no secret in any output, on every path', () => {
  test.each<[string, EmulatorOptions, Record<string, string>]>([
    [
      'success',
      { credentials: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: TOKEN }] },
      {}
    ],
    [
      'wrong secret',
      { credentials: [{ accessKeyId: KEY_ID, accessKeySecret: 'other', securityToken: TOKEN }] },
      {}
    ],
    ['unknown key', {}, {}],
    [
      'token mismatch',
      { credentials: [{ accessKeyId: KEY_ID, accessKeySecret: SECRET, securityToken: 'other' }] },
      {}
    ],
    [
      'a server that echoes the token and secret back',
      { faults: [{ kind: 'body', status: 400, body: echo(`${TOKEN} ${SECRET}`) }] },
      {}
    ],
    [
      'an HTML page that echoes the token',
      {
        faultRule: () => ({
          kind: 'body',
          status: 502,
          body: `<html>x-acs-security-token: ${TOKEN}</html>`
        })
      },
      {}
    ],
    [
      'a storm until timeout',
      { faultRule: () => ({ kind: 'status', status: 503, code: 'ServiceUnavailable' }) },
      {}
    ],
    ['a bad input', {}, { 'task-ids': `${SECRET}` }],
    ['a bad endpoint', {}, { endpoint: `https://${KEY_ID}:${SECRET}@dcdn.aliyuncs.com` }]
  ])('%s', async (_name, options, inputs) => {
    const run = await withEmulator(options, inputs);
    expect(run.stdout).toContain(`::add-mask::${SECRET}`);
    expectClean(run);
    expect(run.stderr).toBe('');
  });

  test('secret given as an input without its key ID', async () => {
    const run = await withEmulator({}, { 'access-key-secret': SECRET }, { RUNNER_DEBUG: '1' });
    expect(run.code).toBe(1);
    expectClean(run);
  });

  test('network failure until timeout', async () => {
    const run = await runAction({
      inputs: { 'task-ids': '42', endpoint: 'http://127.0.0.1:9', ...FAST },
      env: ENV_KEYS
    });
    expect(run.outputs.status).toBe('failed');
    expectClean(run);
  });

  test('OIDC: an STS error and an OIDC token never appear', async () => {
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
      expect(run.stdout).toMatch(/EntityNotExist\.Role/);
      const oidcToken = sts.requests[0]?.form.OIDCToken ?? 'missing';
      expectClean(run, oidcToken, issuer.requestToken);
    } finally {
      await issuer.close();
      await sts.close();
    }
  });

  test('OIDC: the STS keys it receives are masked before first use', async () => {
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

  test('a retryable 503 quoting it: no form of it in the log, outputs or summary', async () => {
    const run = await withEmulator(
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
    expect(run.stdout).toMatch(/::error::.*security-token: \*\*\*/);
  });
});

describe('the runner gives less than usual', () => {
  test('no RUNNER_TEMP: every output is still set, results-file empty', async () => {
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
