// Credentials as a runner provides them, end to end: each environment family, an STS token passed
// through, the full GitHub OIDC -> STS exchange, and a corporate CONNECT proxy with NO_PROXY.
// Spawned, since what is tested is the process's environment (its variables, the runner's OIDC
// token service through @actions/core, NODE_EXTRA_CA_CERTS); the two cases that only need the
// environment as the action sees it run in-process.
import { lookup } from 'node:dns/promises';
import { hostname } from 'node:os';
import { runAction } from '../../scripts/run-action.ts';
import type { ActionRun } from '../../scripts/run-action.ts';
import { startOidcIssuer } from '../../emulator/oidc.ts';
import type { OidcIssuer } from '../../emulator/oidc.ts';
import { startEmulator } from '../../emulator/server.ts';
import type { Emulator } from '../../emulator/server.ts';
import { startStsEmulator } from '../../emulator/sts.ts';
import type { StsEmulator } from '../../emulator/sts.ts';
import { startConnectProxy } from '../helpers/connect-proxy.ts';
import { noNetwork, runInProcess } from '../helpers/harness.ts';
import { makeTestPki, startTlsFront } from '../helpers/tls.ts';
import type { TestPki } from '../helpers/tls.ts';

const ROLE = 'acs:ram::1234567890123456:role/github-dcdn';
const PROVIDER = 'acs:ram::1234567890123456:oidc-provider/github';
const TASK = { id: '501', path: 'https://www.example.com/', pendingMs: 0, refreshMs: 100 };
const FAST = { 'poll-interval': '100ms', 'max-poll-interval': '200ms', timeout: '15s' };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

async function dcdnWith(
  credentials: { accessKeyId: string; accessKeySecret: string; securityToken?: string }[]
): Promise<Emulator> {
  const emulator = await startEmulator({ tasks: [TASK], credentials });
  closers.push(() => emulator.close());
  return emulator;
}

async function oidcSetup(
  dcdn: Emulator,
  clientIds = ['sts.aliyuncs.com']
): Promise<{ sts: StsEmulator; issuer: OidcIssuer }> {
  const sts = await startStsEmulator({
    roles: [
      {
        arn: ROLE,
        trustedProviderArn: PROVIDER,
        allowedSubjects: ['repo:octo-org/site:*'],
        maxSessionSeconds: 3600
      }
    ],
    providers: [{ arn: PROVIDER, clientIds }],
    onIssue: (credential) => dcdn.addCredentials(credential)
  });
  const issuer = await startOidcIssuer();
  closers.push(
    () => sts.close(),
    () => issuer.close()
  );
  return { sts, issuer };
}

function oidcEnv(issuer: OidcIssuer): Record<string, string> {
  return {
    ACTIONS_ID_TOKEN_REQUEST_URL: issuer.requestUrl,
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: issuer.requestToken
  };
}

/** Nothing secret may appear anywhere but in the ::add-mask:: commands the runner swallows. */
function expectNoSecrets(run: ActionRun, secrets: string[]): void {
  const visible = run.everything.replace(/^::add-mask::.*$/gm, '');
  for (const secret of secrets) expect(visible).not.toContain(secret);
}

describe('credential sources', () => {
  test('keys from ALIBABA_CLOUD_*', async () => {
    const dcdn = await dcdnWith([
      { accessKeyId: 'LTAIfam1', accessKeySecret: 'fam1-secret-value' }
    ]);
    const run = await runAction({
      inputs: { 'task-ids': '501', endpoint: dcdn.url, ...FAST },
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIfam1',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'fam1-secret-value'
      }
    });
    expect(run.code).toBe(0);
    expect(dcdn.requests[0]).toMatchObject({ accessKeyId: 'LTAIfam1', status: 200 });
    expect(dcdn.requests[0]?.securityToken).toBeUndefined();
    expect(run.stdout).toContain('::add-mask::fam1-secret-value');
    expectNoSecrets(run, ['fam1-secret-value']);
  });

  test('keys and an STS token from ALICLOUD_*: the token is sent, signed, and masked', async () => {
    const sts = {
      accessKeyId: 'STS.envkey',
      accessKeySecret: 'sts-env-secret',
      securityToken: 'CAISenvTokenValue'
    };
    const dcdn = await dcdnWith([sts]);
    const run = await runAction({
      inputs: { 'task-ids': '501', endpoint: dcdn.url, ...FAST },
      env: {
        ALICLOUD_ACCESS_KEY: sts.accessKeyId,
        ALICLOUD_SECRET_KEY: sts.accessKeySecret,
        ALICLOUD_SECURITY_TOKEN: sts.securityToken
      }
    });
    expect(run.code).toBe(0);
    // The emulator answers only when the token matches the keys it belongs to.
    expect(dcdn.requests[0]).toMatchObject({
      accessKeyId: sts.accessKeyId,
      securityToken: sts.securityToken,
      status: 200
    });
    expect(run.stdout).toContain(`::add-mask::${sts.accessKeySecret}`);
    expect(run.stdout).toContain(`::add-mask::${sts.securityToken}`);
    expectNoSecrets(run, [sts.accessKeySecret, sts.securityToken]);
  });

  test('key inputs never borrow a token from the environment', async () => {
    const dcdn = await dcdnWith([{ accessKeyId: 'LTAIin', accessKeySecret: 'input-secret-value' }]);
    const recorded = await runInProcess({
      inputs: {
        'task-ids': '501',
        endpoint: dcdn.url,
        'access-key-id': 'LTAIin',
        'access-key-secret': 'input-secret-value',
        ...FAST
      },
      env: { ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token-must-not-be-sent' }
    });
    expect(recorded.outputs.status).toBe('complete');
    expect(dcdn.requests.length).toBeGreaterThan(0);
    expect(dcdn.requests.every((r) => r.securityToken === undefined)).toBe(true);
  });
});

describe('GitHub OIDC -> STS AssumeRoleWithOIDC', () => {
  test('the full exchange, then DCDN calls signed with the STS keys and token', async () => {
    const dcdn = await dcdnWith([]);
    const { sts, issuer } = await oidcSetup(dcdn);
    const run = await runAction({
      inputs: {
        'task-ids': '501',
        endpoint: dcdn.url,
        'sts-endpoint': sts.url,
        'role-to-assume': ROLE,
        'oidc-provider-arn': PROVIDER,
        ...FAST
      },
      env: oidcEnv(issuer)
    });
    expect(run.code).toBe(0);
    expect(issuer.audiences).toEqual(['sts.aliyuncs.com']);
    expect(sts.requests).toHaveLength(1);
    expect(sts.requests[0]).toMatchObject({
      signed: false,
      form: {
        RoleArn: ROLE,
        OIDCProviderArn: PROVIDER,
        RoleSessionName: 'dcdn-refresh-wait',
        DurationSeconds: '900'
      }
    });
    const issued = sts.issued[0];
    expect(dcdn.requests.length).toBeGreaterThan(0);
    for (const request of dcdn.requests) {
      expect(request).toMatchObject({
        accessKeyId: issued?.accessKeyId,
        securityToken: issued?.securityToken,
        status: 200
      });
    }
    expect(run.stdout).toMatch(/through GitHub OIDC/);
    const oidcToken = sts.requests[0]?.form.OIDCToken ?? 'missing';
    expectNoSecrets(run, [issued?.accessKeySecret ?? 'x', issued?.securityToken ?? 'x', oidcToken]);
  });

  test('a custom audience is asked for; a provider without it answers AudienceNotMatch with the fix', async () => {
    const dcdn = await dcdnWith([]);
    const { sts, issuer } = await oidcSetup(dcdn, ['sts.aliyuncs.com']);
    const run = await runAction({
      inputs: {
        'task-ids': '501',
        endpoint: dcdn.url,
        'sts-endpoint': sts.url,
        'role-to-assume': ROLE,
        'oidc-provider-arn': PROVIDER,
        audience: 'my-audience',
        ...FAST
      },
      env: oidcEnv(issuer)
    });
    expect(run.code).toBe(1);
    expect(issuer.audiences).toEqual(['my-audience']);
    expect(run.stdout).toMatch(
      /::error::STS AssumeRoleWithOIDC failed: HTTP 400 AudienceNotMatch: .*Hint: the RAM OIDC provider's client IDs must include the audience/
    );
    expect(dcdn.requests).toHaveLength(0);
  });

  test('without id-token: write the message says to add it, and nothing is sent', async () => {
    // No ACTIONS_ID_TOKEN_REQUEST_* variables: the runner gives none without the permission.
    const recorded = await runInProcess({
      inputs: { 'task-ids': '501', 'role-to-assume': ROLE, 'oidc-provider-arn': PROVIDER },
      env: {},
      transport: noNetwork
    });
    expect(recorded.outputs.status).toBe('failed');
    expect(recorded.failed).toEqual([
      expect.stringMatching(
        /^role-to-assume needs a GitHub OIDC token.*permissions: id-token: write/
      )
    ]);
    expect(recorded.sent).toBe(0);
  });

  test('a refused OIDC token request names the permission too', async () => {
    const dcdn = await dcdnWith([]);
    const issuer = await startOidcIssuer({ failWith: 403 });
    closers.push(() => issuer.close());
    const run = await runAction({
      inputs: {
        'task-ids': '501',
        endpoint: dcdn.url,
        'role-to-assume': ROLE,
        'oidc-provider-arn': PROVIDER,
        'sts-endpoint': 'http://127.0.0.1:9'
      },
      env: oidcEnv(issuer)
    });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::Could not get a GitHub OIDC token .*id-token: write/);
    expect(dcdn.requests).toHaveLength(0);
  });
});

describe('behind a corporate proxy', () => {
  // One CA and server certificate for every host below: openssl key generation is the slow part.
  let pki: TestPki;
  beforeAll(() => {
    pki = makeTestPki(['dcdn.example.test', 'sts.example.test', hostname()]);
  });
  afterAll(() => pki.dispose());

  test('DCDN and STS traffic goes through HTTPS_PROXY by CONNECT; the OIDC token request to loopback does not', async () => {
    const dcdn = await dcdnWith([]);
    const { sts, issuer } = await oidcSetup(dcdn);
    const dcdnTls = await startTlsFront(pki, dcdn.port);
    const stsTls = await startTlsFront(pki, Number(new URL(sts.url).port));
    const proxy = await startConnectProxy({
      'dcdn.example.test:443': { host: '127.0.0.1', port: dcdnTls.port },
      'sts.example.test:443': { host: '127.0.0.1', port: stsTls.port }
    });
    closers.push(
      () => dcdnTls.close(),
      () => stsTls.close(),
      () => proxy.close()
    );
    const run = await runAction({
      inputs: {
        'task-ids': '501',
        endpoint: 'dcdn.example.test',
        'sts-endpoint': 'https://sts.example.test',
        'role-to-assume': ROLE,
        'oidc-provider-arn': PROVIDER,
        ...FAST
      },
      env: { ...oidcEnv(issuer), HTTPS_PROXY: proxy.url, NODE_EXTRA_CA_CERTS: pki.caFile }
    });
    expect(run.stdout).toContain('1/1 complete');
    expect(run.code).toBe(0);
    expect(proxy.tunnels[0]).toBe('sts.example.test:443');
    expect(new Set(proxy.tunnels)).toEqual(
      new Set(['sts.example.test:443', 'dcdn.example.test:443'])
    );
    expect(dcdn.requests.length).toBeGreaterThan(0);
    expect(dcdn.requests.every((r) => r.status === 200)).toBe(true);
    expect(issuer.audiences).toHaveLength(1);
  });

  test('no_proxy sends a listed host around the proxy', async () => {
    // A name that is not loopback to the proxy rules but resolves to this machine's loopback.
    const name = hostname();
    const address = await lookup(name);
    expect(address.address).toMatch(/^127\./); // precondition: traffic stays on this machine
    const dcdn = await dcdnWith([{ accessKeyId: 'LTAIp', accessKeySecret: 'proxy-secret' }]);
    const tls = await startTlsFront(pki, dcdn.port);
    const proxy = await startConnectProxy({});
    closers.push(
      () => tls.close(),
      () => proxy.close()
    );
    const run = await runAction({
      inputs: { 'task-ids': '501', endpoint: `https://${name}:${tls.port}`, ...FAST },
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIp',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'proxy-secret',
        https_proxy: proxy.url,
        HTTPS_PROXY: 'http://127.0.0.1:9',
        no_proxy: `example.org,${name}`,
        NODE_EXTRA_CA_CERTS: pki.caFile
      }
    });
    expect(run.code).toBe(0);
    expect(proxy.tunnels).toEqual([]);
    expect(tls.connections).toBeGreaterThan(0);
  });

  test('without NO_PROXY the same host goes through the proxy', async () => {
    const name = hostname();
    const dcdn = await dcdnWith([{ accessKeyId: 'LTAIp', accessKeySecret: 'proxy-secret' }]);
    const tls = await startTlsFront(pki, dcdn.port);
    const proxy = await startConnectProxy({
      [`${name}:${tls.port}`]: { host: '127.0.0.1', port: tls.port }
    });
    closers.push(
      () => tls.close(),
      () => proxy.close()
    );
    const run = await runAction({
      inputs: { 'task-ids': '501', endpoint: `https://${name}:${tls.port}`, ...FAST },
      env: {
        ALIBABA_CLOUD_ACCESS_KEY_ID: 'LTAIp',
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'proxy-secret',
        HTTPS_PROXY: proxy.url,
        NODE_EXTRA_CA_CERTS: pki.caFile
      }
    });
    expect(run.code).toBe(0);
    expect(proxy.tunnels[0]).toBe(`${name}:${tls.port}`);
  });
});
