// OIDC -> STS -> DCDN over real sockets: the exchange, its errors, and renewal of expiring keys.
import { DcdnClient } from '../../src/alibaba/dcdn-client.ts';
import { fixedCredentials, renewingCredentials } from '../../src/alibaba/credentials.ts';
import { ApiError } from '../../src/shared/errors.ts';
import { RateLimiter } from '../../src/alibaba/rate-limiter.ts';
import { assumeRoleWithOidc } from '../../src/alibaba/sts.ts';
import type { AssumeRoleRequest } from '../../src/alibaba/sts.ts';
import { createHttpTransport } from '../../src/alibaba/transport.ts';
import type { Transport } from '../../src/alibaba/transport.ts';
import type { CredentialProvider } from '../../src/alibaba/credentials.ts';
import { unsignedJwt } from '../../emulator/oidc.ts';
import { startEmulator } from '../../emulator/server.ts';
import type { Emulator } from '../../emulator/server.ts';
import { startStsEmulator } from '../../emulator/sts.ts';
import type { StsEmulator, StsEmulatorOptions } from '../../emulator/sts.ts';

const ROLE = 'acs:ram::1234567890123456:role/github-dcdn';
const PROVIDER = 'acs:ram::1234567890123456:oidc-provider/github';
const SUBJECT = 'repo:octo-org/site:ref:refs/heads/main';

let dcdn: Emulator;
let sts: StsEmulator;
let transport: Transport;

async function setUp(overrides: Partial<StsEmulatorOptions> = {}): Promise<void> {
  dcdn = await startEmulator({
    tasks: [{ id: '7', path: 'https://example.com/', pendingMs: 0, refreshMs: 0 }]
  });
  sts = await startStsEmulator({
    roles: [
      {
        arn: ROLE,
        trustedProviderArn: PROVIDER,
        allowedSubjects: ['repo:octo-org/site:*'],
        maxSessionSeconds: 3600
      }
    ],
    providers: [{ arn: PROVIDER, clientIds: ['sts.aliyuncs.com'] }],
    onIssue: (credential) => dcdn.addCredentials(credential),
    ...overrides
  });
  transport = createHttpTransport('test', 2000);
}

afterEach(async () => {
  transport.close();
  await dcdn.close();
  await sts.close();
});

function request(overrides: Partial<AssumeRoleRequest> = {}): AssumeRoleRequest {
  return {
    stsEndpoint: new URL(sts.url),
    roleArn: ROLE,
    oidcProviderArn: PROVIDER,
    oidcToken: unsignedJwt({
      aud: 'sts.aliyuncs.com',
      sub: SUBJECT,
      iss: 'https://token.actions.githubusercontent.com'
    }),
    roleSessionName: 'dcdn-refresh-wait',
    durationSeconds: 900,
    ...overrides
  };
}

const deps = () => ({
  transport,
  requestTimeoutMs: 2000,
  clock: Date.now,
  sleep: async () => undefined,
  random: () => 0.5
});

function client(credentials: CredentialProvider): DcdnClient {
  return new DcdnClient({
    endpoint: new URL(dcdn.url),
    credentials,
    transport,
    limiter: new RateLimiter(100, Date.now, async () => undefined),
    requestTimeoutMs: 2000,
    clock: Date.now,
    sleep: async () => undefined,
    random: () => 0.5,
    deadline: Date.now() + 60_000
  });
}

describe('AssumeRoleWithOIDC', () => {
  test('an anonymous form POST with the documented parameters returns STS keys that DCDN accepts', async () => {
    await setUp();
    const credentials = await assumeRoleWithOidc(request(), deps());
    expect(credentials.accessKeyId).toMatch(/^STS\./);
    expect(credentials.expiresAt).toBeGreaterThan(Date.now());
    const seen = sts.requests[0];
    expect(seen?.signed).toBe(false);
    expect(seen?.query).toMatchObject({
      Action: 'AssumeRoleWithOIDC',
      Version: '2015-04-01',
      Format: 'JSON'
    });
    expect(seen?.form).toMatchObject({
      RoleArn: ROLE,
      OIDCProviderArn: PROVIDER,
      RoleSessionName: 'dcdn-refresh-wait',
      DurationSeconds: '900'
    });
    const result = await client(fixedCredentials(credentials)).describeTasks(['7']);
    expect(result.tasks).toHaveLength(1);
    expect(dcdn.requests[0]?.securityToken).toBe(credentials.securityToken);
  });

  test.each([
    [
      'a wrong audience',
      { oidcToken: unsignedJwt({ aud: 'other', sub: SUBJECT }) },
      /AudienceNotMatch.*client IDs must include the audience/
    ],
    [
      'an unknown role',
      { roleArn: 'acs:ram::1:role/nope' },
      /EntityNotExist\.Role.*role-to-assume does not exist/
    ],
    [
      'an unknown provider',
      { oidcProviderArn: 'acs:ram::1:oidc-provider/nope' },
      /EntityNotExist\.OIDCProvider.*oidc-provider-arn does not exist/
    ],
    [
      'a repository the role does not trust',
      { oidcToken: unsignedJwt({ aud: 'sts.aliyuncs.com', sub: 'repo:evil/fork:ref:x' }) },
      /NoPermission.*trust policy/
    ],
    [
      'a bad session name',
      { roleSessionName: 'has space' },
      /RoleSessionName.*role-session-name must be/
    ],
    [
      'a session longer than the role allows',
      { durationSeconds: 43200 },
      /DurationSeconds.*role-session-expiration/
    ]
  ])('%s: Code, Message, RequestId and the likely fix', async (_name, overrides, message) => {
    await setUp();
    const error = await assumeRoleWithOidc(request(overrides), deps()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toMatch(message);
    expect((error as Error).message).toMatch(/RequestId: [0-9A-F-]{36}/);
  });
});

describe('expiring STS credentials', () => {
  test('OIDC-based keys are renewed when the API says they expired, and the call repeated', async () => {
    await setUp({ lifetimeMsOverride: 0 });
    let exchanges = 0;
    const provider = renewingCredentials(
      async () => {
        exchanges += 1;
        // The first keys are already expired at the DCDN side; the second ones last.
        const credentials = await assumeRoleWithOidc(request(), deps());
        return { ...credentials, expiresAt: Date.now() + 3_600_000 };
      },
      Date.now,
      () => undefined
    );
    const first = sts.issued.length;
    const pending = client(provider).describeTasks(['7']);
    const error = await pending.catch((e: unknown) => e);
    // Both issued keys expire at once (lifetime 0), so the one renewal is followed by a clear failure.
    expect(exchanges).toBe(2);
    expect(sts.issued.length - first).toBe(2);
    expect((error as Error).message).toMatch(/InvalidSecurityToken\.Expired/);
  });

  test('renewal succeeds when the new keys are valid', async () => {
    await setUp();
    let exchanges = 0;
    const provider = renewingCredentials(
      async () => {
        exchanges += 1;
        const credentials = await assumeRoleWithOidc(request(), deps());
        if (exchanges === 1) {
          // Make the first keys lapse at the DCDN side while we still believe they are valid.
          const issued = sts.issued.at(-1);
          if (issued) issued.expiresAt = Date.now() - 1;
        }
        return credentials;
      },
      Date.now,
      () => undefined
    );
    const result = await client(provider).describeTasks(['7']);
    expect(result.tasks).toHaveLength(1);
    expect(exchanges).toBe(2);
    expect(dcdn.requests.map((r) => r.code ?? 'ok')).toEqual([
      'InvalidSecurityToken.Expired',
      'ok'
    ]);
  });

  test('fixed STS keys that expire fail clearly, naming the fix', async () => {
    await setUp();
    const credentials = await assumeRoleWithOidc(request(), deps());
    const issued = sts.issued.at(-1);
    if (issued) issued.expiresAt = Date.now() - 1;
    const error = await client(fixedCredentials(credentials))
      .describeTasks(['7'])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toMatch(
      /InvalidSecurityToken\.Expired.*expired during the wait.*role-to-assume/
    );
  });

  test('keys are renewed ahead of their Expiration without a failed call', async () => {
    await setUp();
    let exchanges = 0;
    let now = Date.now();
    const provider = renewingCredentials(
      async () => {
        exchanges += 1;
        return assumeRoleWithOidc(request(), deps());
      },
      () => now,
      () => undefined
    );
    await provider.get();
    await provider.get();
    expect(exchanges).toBe(1);
    now += 900_000; // past Expiration minus the margin
    await provider.get();
    expect(exchanges).toBe(2);
  });
});
