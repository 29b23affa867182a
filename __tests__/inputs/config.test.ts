import { maskSecrets, readConfig } from '../../src/inputs/config.ts';
import type { Env } from '../../src/inputs/config.ts';
import { parseDuration } from '../../src/shared/duration.ts';
import { InputError } from '../../src/shared/errors.ts';

function inputs(values: Record<string, string>): (name: string) => string {
  return (name) => values[name] ?? '';
}

const KEYS = { 'task-ids': '1', 'access-key-id': 'LTAIid', 'access-key-secret': 'sekret' };

function configError(values: Record<string, string>, env: Env = {}): string {
  try {
    readConfig(inputs(values), env);
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    expect((error as Error).message).not.toContain('\n');
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('durations', () => {
  test.each([
    ['90', 90_000],
    ['1.5', 1500],
    ['500ms', 500],
    ['30s', 30_000],
    ['20m', 1_200_000],
    ['1h30m', 5_400_000],
    ['1m30s250ms', 90_250],
    [' 2m ', 120_000]
  ])('%s is %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  test.each(['', 'abc', '5 minutes', '-5s', '1d', 's', '5s5', '1e3'])(
    '"%s" is not a duration',
    (text) => {
      expect(parseDuration(text)).toBeUndefined();
    }
  );
});

describe('readConfig', () => {
  test('defaults', () => {
    const { config, warnings } = readConfig(inputs(KEYS), {});
    expect(config).toMatchObject({
      taskIds: ['1'],
      auth: { kind: 'keys', credentials: { accessKeyId: 'LTAIid', accessKeySecret: 'sekret' } },
      timeoutMs: 1_200_000,
      pollIntervalMs: 5000,
      maxPollIntervalMs: 30_000,
      requestTimeoutMs: 10_000,
      maxRequestsPerSecond: 10,
      failOnTimeout: true
    });
    expect(config.endpoint.href).toBe('https://dcdn.aliyuncs.com/');
    expect(config.auth.kind === 'keys' && config.auth.credentials.securityToken).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  test('credentials come from the first environment family when inputs are empty', () => {
    const env = {
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'a',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'b',
      ALIBABA_CLOUD_SECURITY_TOKEN: 'c',
      ALICLOUD_ACCESS_KEY: 'x',
      ALICLOUD_SECRET_KEY: 'y'
    };
    const { config } = readConfig(inputs({ 'task-ids': '1' }), env);
    expect(config.auth.kind === 'keys' && config.auth.credentials).toEqual({
      accessKeyId: 'a',
      accessKeySecret: 'b',
      securityToken: 'c'
    });
  });

  test('then from the ALICLOUD_* family', () => {
    const env = {
      ALICLOUD_ACCESS_KEY: 'x',
      ALICLOUD_SECRET_KEY: 'y',
      ALICLOUD_SECURITY_TOKEN: 'z'
    };
    const { config } = readConfig(inputs({ 'task-ids': '1' }), env);
    expect(config.auth.kind === 'keys' && config.auth.credentials).toEqual({
      accessKeyId: 'x',
      accessKeySecret: 'y',
      securityToken: 'z'
    });
  });

  test('keys given as inputs never pick up a token from the environment', () => {
    const env = { ALIBABA_CLOUD_SECURITY_TOKEN: 'env-token', ALICLOUD_SECURITY_TOKEN: 't2' };
    const { config } = readConfig(inputs(KEYS), env);
    expect(config.auth.kind === 'keys' && config.auth.credentials).toEqual({
      accessKeyId: 'LTAIid',
      accessKeySecret: 'sekret'
    });
  });

  test('an http:// loopback endpoint is accepted, with its port', () => {
    for (const endpoint of [
      'http://127.0.0.1:8080',
      'http://localhost:1',
      'http://[::1]:9',
      'http://127.9.9.9'
    ]) {
      const { config } = readConfig(inputs({ ...KEYS, endpoint }), {});
      expect(config.endpoint.protocol).toBe('http:');
    }
  });

  test('a URL or host endpoint keeps its port and uses https', () => {
    const { config } = readConfig(inputs({ ...KEYS, endpoint: 'dcdn.example.test:8443' }), {});
    expect(config.endpoint.href).toBe('https://dcdn.example.test:8443/');
  });

  test('a rate above the account limit is accepted with a warning', () => {
    const { config, warnings } = readConfig(
      inputs({ ...KEYS, 'max-requests-per-second': '40' }),
      {}
    );
    expect(config.maxRequestsPerSecond).toBe(40);
    expect(warnings[0]).toMatch(/above the account limit of 30/);
  });

  test.each([
    [
      'no credentials',
      { 'task-ids': '1' },
      /No Alibaba Cloud credentials.*access-key-id.*ALIBABA_CLOUD_ACCESS_KEY_ID.*ALICLOUD_ACCESS_KEY/
    ],
    ['id without secret', { 'task-ids': '1', 'access-key-id': 'a' }, /access-key-secret is empty/],
    [
      'token alone',
      { 'task-ids': '1', 'security-token': 't' },
      /security-token is set but access-key-id is empty/
    ],
    // task-ids: the syntax is parseTaskIds's (task-ids.test.ts); these are what readConfig adds.
    [
      'task-ids of only whitespace is no task IDs: nothing to do',
      { ...KEYS, 'task-ids': ' \n\t ' },
      /^Nothing to do: task-ids, refresh-paths, refresh-directories and prefetch-paths are all empty/
    ],
    ['bad task id first', { 'task-ids': 'x1' }, /"x1", which is not a task ID/],
    [
      'a JSON array entry without IDs is named by its index',
      { ...KEYS, 'task-ids': '[{"RequestId":"x"}]' },
      /^task-ids\[0\] is a JSON object without RefreshTaskId/
    ],
    [
      'a JSON array entry of the wrong kind',
      { ...KEYS, 'task-ids': '["1", true]' },
      /^task-ids\[1\] is a boolean/
    ],
    // endpoint
    [
      'plain http to a remote host',
      { ...KEYS, endpoint: 'http://dcdn.aliyuncs.com' },
      /^endpoint uses plain http:\/\/ for dcdn\.aliyuncs\.com, which is not a loopback host/
    ],
    ['http to a private address', { ...KEYS, endpoint: 'http://10.0.0.1' }, /not a loopback host/],
    [
      'http to a name that only resolves to loopback',
      { ...KEYS, endpoint: 'http://localtest.me' },
      /for localtest\.me, which is not a loopback host/
    ],
    [
      'odd scheme',
      { ...KEYS, endpoint: 'ftp://dcdn.aliyuncs.com' },
      /^endpoint uses the scheme "ftp"/
    ],
    [
      'not a URL',
      { ...KEYS, endpoint: 'javascript:alert(1)' },
      /^endpoint "javascript:alert\(1\)" is not a host or URL/
    ],
    [
      'credentials in endpoint',
      { ...KEYS, endpoint: 'https://u:p@dcdn.aliyuncs.com' },
      /^endpoint has credentials in it/
    ],
    [
      'path in endpoint',
      { ...KEYS, endpoint: 'https://dcdn.aliyuncs.com/api' },
      /^endpoint "https:\/\/dcdn\.aliyuncs\.com" has a path, query or fragment/
    ],
    [
      'query in endpoint',
      { ...KEYS, endpoint: 'dcdn.aliyuncs.com?x=1' },
      /path, query or fragment/
    ],
    [
      'fragment in endpoint',
      { ...KEYS, endpoint: 'https://dcdn.aliyuncs.com#x' },
      /path, query or fragment/
    ],
    // durations: each input names itself
    ['garbage duration', { ...KEYS, timeout: 'soon' }, /^timeout "soon" is not a duration/],
    ['negative duration', { ...KEYS, timeout: '-5m' }, /^timeout "-5m" is not a duration/],
    [
      'unknown unit',
      { ...KEYS, 'max-poll-interval': '3d' },
      /^max-poll-interval "3d" is not a duration/
    ],
    ['zero duration', { ...KEYS, 'poll-interval': '0' }, /^poll-interval "0" is out of range/],
    [
      'zero duration with a unit',
      { ...KEYS, 'request-timeout': '0s' },
      /^request-timeout "0s" is out of range/
    ],
    [
      'absurd duration',
      { ...KEYS, timeout: '10000h' },
      /^timeout "10000h" is out of range: use a value from 100ms to 72h/
    ],
    [
      'poll-interval above max',
      { ...KEYS, 'poll-interval': '1m', 'max-poll-interval': '30s' },
      /^poll-interval \(1m\) is longer than max-poll-interval \(30s\)/
    ],
    [
      'timeout below poll-interval',
      { ...KEYS, timeout: '2s', 'poll-interval': '5s' },
      /^timeout \(2s\) is shorter than poll-interval \(5s\)/
    ],
    // max-requests-per-second
    [
      'zero rate',
      { ...KEYS, 'max-requests-per-second': '0' },
      /^max-requests-per-second "0" is not a whole number from 1 to 1000/
    ],
    [
      'negative rate',
      { ...KEYS, 'max-requests-per-second': '-3' },
      /^max-requests-per-second "-3" is not a whole number/
    ],
    [
      'fractional rate',
      { ...KEYS, 'max-requests-per-second': '2.5' },
      /^max-requests-per-second "2\.5" is not a whole number/
    ],
    [
      'bad boolean',
      { ...KEYS, 'fail-on-timeout': 'yes' },
      /^fail-on-timeout is "yes": use true or false/
    ]
  ])('%s', (_name, values, message) => {
    expect(configError(values)).toMatch(message);
  });
});

describe('maskSecrets', () => {
  test('masks every secret and token from inputs and both environment families', () => {
    const masked: string[] = [];
    maskSecrets(
      inputs({ 'access-key-secret': 's1', 'security-token': 't1', 'access-key-id': 'not-secret' }),
      {
        ALIBABA_CLOUD_ACCESS_KEY_SECRET: 's2',
        ALIBABA_CLOUD_SECURITY_TOKEN: 't2',
        ALICLOUD_SECRET_KEY: 's3',
        ALICLOUD_SECURITY_TOKEN: 't3'
      },
      (secret) => masked.push(secret)
    );
    expect(masked.sort()).toEqual(['s1', 's2', 's3', 't1', 't2', 't3']);
  });
});

describe('OIDC inputs', () => {
  const ROLE = 'acs:ram::1234567890123456:role/github-dcdn';
  const PROVIDER = 'acs:ram::1234567890123456:oidc-provider/github';
  const RUNNER = {
    ACTIONS_ID_TOKEN_REQUEST_URL: 'http://127.0.0.1:1/token?x=1',
    ACTIONS_ID_TOKEN_REQUEST_TOKEN: 't'
  };
  const OIDC = { 'task-ids': '1', 'role-to-assume': ROLE, 'oidc-provider-arn': PROVIDER };

  test('both ARNs: OIDC with the documented defaults', () => {
    const { config } = readConfig(inputs(OIDC), RUNNER);
    expect(config.auth).toMatchObject({
      kind: 'oidc',
      roleArn: ROLE,
      oidcProviderArn: PROVIDER,
      audience: 'sts.aliyuncs.com',
      roleSessionName: 'dcdn-refresh-wait',
      durationSeconds: 900
    });
    expect(config.auth.kind === 'oidc' && config.auth.stsEndpoint.href).toBe(
      'https://sts.aliyuncs.com/'
    );
  });

  test('key inputs win over OIDC, with a warning', () => {
    const { config, warnings } = readConfig(inputs({ ...OIDC, ...KEYS }), RUNNER);
    expect(config.auth.kind).toBe('keys');
    expect(warnings[0]).toMatch(/role-to-assume is ignored/);
  });

  test('OIDC wins over the environment variables', () => {
    const env = {
      ...RUNNER,
      ALIBABA_CLOUD_ACCESS_KEY_ID: 'a',
      ALIBABA_CLOUD_ACCESS_KEY_SECRET: 'b'
    };
    expect(readConfig(inputs(OIDC), env).config.auth.kind).toBe('oidc');
  });

  test.each([
    [
      'only the role',
      { 'task-ids': '1', 'role-to-assume': ROLE },
      RUNNER,
      /role-to-assume is set but oidc-provider-arn is empty/
    ],
    [
      'only the provider',
      { 'task-ids': '1', 'oidc-provider-arn': PROVIDER },
      RUNNER,
      /oidc-provider-arn is set but role-to-assume is empty/
    ],
    [
      'swapped ARNs',
      { ...OIDC, 'role-to-assume': PROVIDER, 'oidc-provider-arn': ROLE },
      RUNNER,
      /role-to-assume .* is not a RAM role ARN/
    ],
    ['no id-token permission', OIDC, {}, /permissions: id-token: write/],
    [
      'session too short',
      { ...OIDC, 'role-session-expiration': '60' },
      RUNNER,
      /from 900 to 43200/
    ],
    [
      'session too long',
      { ...OIDC, 'role-session-expiration': '50000' },
      RUNNER,
      /from 900 to 43200/
    ],
    [
      'bad session name',
      { ...OIDC, 'role-session-name': 'a b' },
      RUNNER,
      /role-session-name "a b" must be 2-64/
    ],
    [
      'plain http STS',
      { ...OIDC, 'sts-endpoint': 'http://sts.aliyuncs.com' },
      RUNNER,
      /sts-endpoint uses plain http/
    ]
  ])('%s', (_name, values, env, message) => {
    expect(configError(values, env)).toMatch(message);
  });
});
