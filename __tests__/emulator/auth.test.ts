// V3 (ACS3-HMAC-SHA256) verification: each way a request can be wrong, and the vendor code it gets.
import { startEmulator } from '../../emulator/server.ts';
import type { Emulator, EmulatorCredential } from '../../emulator/types.ts';
import { json, send, type RawResponse } from '../helpers/http.ts';
import { signV3Request, type SignV3Input } from '../helpers/sign-v3.ts';

const KEY: EmulatorCredential = { accessKeyId: 'LTAIauthKey', accessKeySecret: 'auth-secret' };
const OTHER: EmulatorCredential = { accessKeyId: 'LTAIotherKey', accessKeySecret: 'other-secret' };
const STS: EmulatorCredential = {
  accessKeyId: 'STS.authKey',
  accessKeySecret: 'sts-secret',
  securityToken: 'CAIStoken'
};
const T0 = Date.UTC(2026, 3, 1, 0, 0, 0);
const acsDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

let emulator: Emulator;
let wall: number;

beforeEach(async () => {
  wall = Date.now();
  emulator = await startEmulator({
    credentials: [KEY, OTHER, STS],
    now: () => T0 + 5000,
    wallClock: () => wall,
    tasks: [{ id: '7', path: 'https://www.example.com/', createdAt: T0 }]
  });
});
afterEach(() => emulator.close());

type Overrides = Partial<SignV3Input> & { cred?: EmulatorCredential };

function call(
  o: Overrides = {},
  mutate?: (s: ReturnType<typeof signV3Request>) => void
): Promise<RawResponse> {
  const cred = o.cred ?? KEY;
  const signed = signV3Request({
    host: `127.0.0.1:${emulator.port}`,
    query: { TaskId: '7' },
    date: acsDate(wall),
    accessKeyId: cred.accessKeyId,
    accessKeySecret: cred.accessKeySecret,
    ...(cred.securityToken ? { securityToken: cred.securityToken } : {}),
    ...o
  });
  mutate?.(signed);
  return send(emulator.url, {
    method: signed.method,
    path: signed.path,
    headers: signed.headers,
    body: signed.body
  });
}

async function code(res: Promise<RawResponse>): Promise<string> {
  const r = await res;
  return r.status === 200 ? 'OK' : `${r.status} ${String(json(r).Code)}`;
}

describe('V3 verification', () => {
  test('a correctly signed POST, GET, form POST and STS call are accepted', async () => {
    expect(await code(call())).toBe('OK');
    expect(await code(call({ method: 'GET' }))).toBe('OK');
    expect(
      await code(
        call({
          query: {},
          body: 'TaskId=7',
          contentType: 'application/x-www-form-urlencoded'
        })
      )
    ).toBe('OK');
    expect(await code(call({ cred: STS }))).toBe('OK');
    expect(emulator.requests.map((r) => r.ids)).toEqual([['7'], ['7'], ['7'], ['7']]);
  });

  test('error bodies look like the vendor’s', async () => {
    const res = await call({ accessKeySecret: 'wrong' });
    expect(res.status).toBe(400);
    expect(res.headers['content-type']).toBe('application/json;charset=utf-8');
    const body = json(res);
    expect(Object.keys(body)).toEqual(['RequestId', 'HostId', 'Code', 'Message', 'Recommend']);
    expect(body).toMatchObject({
      RequestId: res.headers['x-acs-request-id'],
      HostId: 'dcdn.aliyuncs.com',
      Code: 'SignatureDoesNotMatch',
      Recommend: 'https://api.aliyun.com/troubleshoot?q=SignatureDoesNotMatch&product=dcdn'
    });
    expect(String(body.Message)).toMatch(
      /^Specified signature is not matched with our calculation\./
    );
  });

  test('the server string to sign equals the client’s when only the secret is wrong', async () => {
    let clientStringToSign = '';
    const res = await call(
      { accessKeySecret: 'wrong' },
      (s) => (clientStringToSign = s.stringToSign)
    );
    expect(String(json(res).Message)).toContain(`server string to sign is:${clientStringToSign}`);
  });

  test('anything changed after signing breaks the signature', async () => {
    const changes: ((s: ReturnType<typeof signV3Request>) => void)[] = [
      (s) => (s.path = s.path.replace('TaskId=7', 'TaskId=8')),
      (s) => (s.path += '&Extra=1'),
      (s) => (s.headers['x-acs-signature-nonce'] += 'x'),
      (s) => (s.headers.host = '127.0.0.1:1'),
      (s) => (s.method = 'GET')
    ];
    for (const change of changes) {
      expect(await code(call({}, change))).toBe('400 SignatureDoesNotMatch');
    }
  });

  test('unsigned or missing required headers are an IncompleteSignature', async () => {
    expect(await code(call({}, (s) => delete s.headers.authorization))).toBe(
      '400 IncompleteSignature'
    );
    for (const h of [
      'host',
      'x-acs-action',
      'x-acs-version',
      'x-acs-date',
      'x-acs-signature-nonce',
      'x-acs-content-sha256'
    ]) {
      expect([h, await code(call({ unsigned: [h] }))]).toEqual([h, '400 IncompleteSignature']);
    }
    for (const h of ['x-acs-content-sha256', 'x-acs-date', 'x-acs-signature-nonce']) {
      expect([h, await code(call({ omit: [h] }))]).toEqual([h, '400 IncompleteSignature']);
    }
    expect(await code(call({ cred: STS, unsigned: ['x-acs-security-token'] }))).toBe(
      '400 IncompleteSignature'
    );
    expect(
      await code(call({}, (s) => (s.headers.authorization = 'ACS3-HMAC-SHA256 Credential=x')))
    ).toBe('400 IncompleteSignature');
    expect(
      await code(
        call(
          {},
          (s) =>
            (s.headers.authorization =
              s.headers.authorization?.replace('ACS3-HMAC-SHA256', 'ACS3-HMAC-SM3') ?? '')
        )
      )
    ).toBe('400 IncompleteSignature');
  });

  test('x-acs-content-sha256 must be the hash of the body actually sent', async () => {
    const res = call({
      query: {},
      body: 'TaskId=7',
      contentType: 'application/x-www-form-urlencoded',
      contentSha256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    });
    expect(await code(res)).toBe('400 IncompleteSignature');
  });

  test('an unknown access key is 404 InvalidAccessKeyId.NotFound', async () => {
    const res = await call({ accessKeyId: 'LTAInobody' });
    expect(res.status).toBe(404);
    expect(json(res).Message).toBe('Specified access key is not found.');
  });

  test('x-acs-date must be well formed and within 15 minutes of the wall clock', async () => {
    expect(await code(call({ date: acsDate(wall - 14 * 60_000) }))).toBe('OK');
    expect(await code(call({ date: acsDate(wall + 14 * 60_000) }))).toBe('OK');
    expect(await code(call({ date: acsDate(wall - 16 * 60_000) }))).toBe(
      '400 InvalidTimeStamp.Expired'
    );
    expect(await code(call({ date: acsDate(wall + 16 * 60_000) }))).toBe(
      '400 InvalidTimeStamp.Expired'
    );
    expect(await code(call({ date: new Date(wall).toUTCString() }))).toBe(
      '400 InvalidTimeStamp.Expired'
    );
    // The runner's clock is what matters: move the server's wall clock instead.
    wall += 20 * 60_000;
    expect(await code(call({ date: acsDate(Date.now()) }))).toBe('400 InvalidTimeStamp.Expired');
  });

  test('a nonce is single-use per access key for 15 minutes', async () => {
    expect(await code(call({ nonce: 'n-1' }))).toBe('OK');
    expect(await code(call({ nonce: 'n-1' }))).toBe('400 SignatureNonceUsed');
    expect(await code(call({ nonce: 'n-1', cred: OTHER }))).toBe('OK');
    // A forged request must not burn a nonce.
    expect(await code(call({ nonce: 'n-2', accessKeySecret: 'wrong' }))).toBe(
      '400 SignatureDoesNotMatch'
    );
    expect(await code(call({ nonce: 'n-2' }))).toBe('OK');
    wall += 16 * 60_000;
    expect(await code(call({ nonce: 'n-1' }))).toBe('OK');
  });

  test('security tokens must match the key exactly', async () => {
    expect(await code(call({ cred: { ...STS, securityToken: undefined } }))).toBe(
      '400 InvalidSecurityToken.Malformed'
    );
    expect(await code(call({ cred: { ...STS, securityToken: 'CAISforged' } }))).toBe(
      '400 InvalidSecurityToken.Malformed'
    );
    expect(await code(call({ cred: { ...KEY, securityToken: STS.securityToken } }))).toBe(
      '400 InvalidSecurityToken.MismatchWithAccessKey'
    );
    const withOtherToken = { ...STS, accessKeyId: 'STS.second', securityToken: 'CAISsecond' };
    await emulator.close();
    emulator = await startEmulator({ credentials: [STS, withOtherToken], wallClock: () => wall });
    expect(await code(call({ cred: { ...STS, securityToken: 'CAISsecond' } }))).toBe(
      '400 InvalidSecurityToken.MismatchWithAccessKey'
    );
  });

  test('an unknown action or version is 404 InvalidApi.NotFound, checked after the signature', async () => {
    expect(await code(call({ action: 'DescribeDcdnRefreshTasks' }))).toBe(
      '404 InvalidApi.NotFound'
    );
    expect(await code(call({ version: '2019-01-01' }))).toBe('404 InvalidApi.NotFound');
    expect(await code(call({ action: 'Nope', accessKeySecret: 'wrong' }))).toBe(
      '400 SignatureDoesNotMatch'
    );
    expect(emulator.requests[0]).toMatchObject({ action: 'DescribeDcdnRefreshTasks', status: 404 });
  });
});
