// Faithfulness: the vendor's own SDK must be accepted exactly when the real service would accept it.
import dcdnModule from '@alicloud/dcdn20180115';
import openApiModule from '@alicloud/openapi-client';
import { startEmulator } from '../../emulator/server.ts';
import type { Emulator, EmulatorCredential, TaskScript } from '../../emulator/types.ts';
import { recordingProxy, replay } from '../helpers/raw-capture.ts';

// CommonJS packages: the default import is module.exports; the client class is its `default`.
const DcdnClient = dcdnModule.default;
const { DescribeDcdnRefreshTaskByIdRequest } = dcdnModule;
const { Config } = openApiModule;

const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);
const KEY: EmulatorCredential = {
  accessKeyId: 'LTAIfaithfulKey',
  accessKeySecret: 'faithful-secret'
};
const STS: EmulatorCredential = {
  accessKeyId: 'STS.NUgYrLnoC37mZZCNnAbez2Tz',
  accessKeySecret: 'sts-secret',
  securityToken: 'CAIS+wF1q6Ft5B2yfSjIr5bgDsLxo7lE1/a8Z0/z'
};
const TASKS: TaskScript[] = [
  {
    id: '1',
    path: 'https://www.example.com/index.html',
    createdAt: T0,
    pendingMs: 0,
    refreshMs: 0
  },
  {
    id: '2',
    path: 'https://www.example.com/static/',
    type: 'directory',
    createdAt: T0 + 1000,
    pendingMs: 0,
    refreshMs: 0,
    outcome: 'Failed',
    description: 'Origin Timeout'
  }
];

function sdkClient(
  port: number,
  cred: Partial<EmulatorCredential>,
  extra: Record<string, unknown> = {}
) {
  return new DcdnClient(
    new Config({ ...cred, endpoint: `127.0.0.1:${port}`, protocol: 'http', ...extra })
  );
}

async function describe2(client: InstanceType<typeof DcdnClient>, taskId = '1,2') {
  return client.describeDcdnRefreshTaskById(new DescribeDcdnRefreshTaskByIdRequest({ taskId }));
}

/** The SDK's rejection, as { code, statusCode }. */
async function sdkError(p: Promise<unknown>): Promise<{ code: string; statusCode: unknown }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; data?: { statusCode?: unknown } };
    return { code: err.code, statusCode: err.data?.statusCode };
  }
  throw new Error('the SDK call was accepted');
}

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({ credentials: [KEY, STS], tasks: TASKS, now: () => T0 + 60_000 });
});
afterEach(() => emulator.close());

describe('official SDK against the emulator', () => {
  test('a V3-signed call is accepted and the tasks come back with every field', async () => {
    const res = await describe2(sdkClient(emulator.port, KEY));
    expect(res.statusCode).toBe(200);
    expect(res.headers?.['x-acs-request-id']).toBe(res.body?.requestId);
    expect(res.body?.requestId).toMatch(
      /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/
    );
    expect(res.body?.totalCount).toBe(2);
    const byId = new Map(res.body?.tasks?.map((t) => [t.taskId, t]));
    expect({ ...byId.get('1') }).toEqual({
      taskId: '1',
      status: 'Complete',
      process: '100%',
      objectType: 'file',
      objectPath: 'https://www.example.com/index.html',
      creationTime: '2026-01-15T08:00:00Z',
      description: ''
    });
    expect({ ...byId.get('2') }).toEqual({
      taskId: '2',
      status: 'Failed',
      process: '0%',
      objectType: 'directory',
      objectPath: 'https://www.example.com/static/',
      creationTime: '2026-01-15T08:00:01Z',
      description: 'Origin Timeout'
    });
    expect(emulator.requests[0]).toMatchObject({
      method: 'POST',
      scheme: 'v3',
      action: 'DescribeDcdnRefreshTaskById',
      version: '2018-01-15',
      accessKeyId: KEY.accessKeyId,
      ids: ['1', '2'],
      status: 200
    });
  });

  test('an STS credential (security token) is accepted', async () => {
    const res = await describe2(sdkClient(emulator.port, STS));
    expect(res.body?.totalCount).toBe(2);
    expect(emulator.requests[0]).toMatchObject({
      accessKeyId: STS.accessKeyId,
      securityToken: STS.securityToken,
      status: 200
    });
  });

  test('an STS key without its token, or with another token, is rejected', async () => {
    const { securityToken: _t, ...noToken } = STS;
    expect(await sdkError(describe2(sdkClient(emulator.port, noToken)))).toEqual({
      code: 'InvalidSecurityToken.Malformed',
      statusCode: 400
    });
    expect(
      await sdkError(describe2(sdkClient(emulator.port, { ...STS, securityToken: 'CAISother' })))
    ).toEqual({ code: 'InvalidSecurityToken.Malformed', statusCode: 400 });
    expect(
      await sdkError(describe2(sdkClient(emulator.port, { ...KEY, securityToken: 'CAISx' })))
    ).toEqual({ code: 'InvalidSecurityToken.MismatchWithAccessKey', statusCode: 400 });
  });

  test('the RPC (HMAC-SHA1) scheme of the SDK is accepted too', async () => {
    const res = await describe2(sdkClient(emulator.port, STS, { signatureAlgorithm: 'v2' }));
    expect(res.body?.totalCount).toBe(2);
    expect(emulator.requests[0]).toMatchObject({
      scheme: 'rpc',
      accessKeyId: STS.accessKeyId,
      securityToken: STS.securityToken,
      status: 200
    });
    const wrong = sdkClient(
      emulator.port,
      { ...KEY, accessKeySecret: 'nope' },
      { signatureAlgorithm: 'v2' }
    );
    expect((await sdkError(describe2(wrong))).code).toBe('SignatureDoesNotMatch');
  });

  test('a wrong secret gets SignatureDoesNotMatch, an unknown key InvalidAccessKeyId.NotFound', async () => {
    expect(
      await sdkError(describe2(sdkClient(emulator.port, { ...KEY, accessKeySecret: 'wrong' })))
    ).toEqual({ code: 'SignatureDoesNotMatch', statusCode: 400 });
    expect(
      await sdkError(describe2(sdkClient(emulator.port, { ...KEY, accessKeyId: 'LTAIunknown' })))
    ).toEqual({ code: 'InvalidAccessKeyId.NotFound', statusCode: 404 });
  });

  test('API errors reach the SDK with the vendor codes', async () => {
    const client = sdkClient(emulator.port, KEY);
    expect(await sdkError(describe2(client, '1,x'))).toEqual({
      code: 'InvalidTaskId.Malformed',
      statusCode: 400
    });
    emulator.injectFaults({ kind: 'status', status: 429, code: 'TooManyRequests' });
    expect(await sdkError(describe2(client))).toEqual({ code: 'TooManyRequests', statusCode: 429 });
  });
});

describe('replaying what the SDK sent', () => {
  test('a tampered TaskId breaks the signature; the untouched replay reuses the nonce', async () => {
    const proxy = await recordingProxy(emulator.port);
    try {
      const res = await describe2(sdkClient(proxy.port, KEY), '1,2');
      expect(res.body?.totalCount).toBe(2);
      expect(proxy.captured).toHaveLength(1);
      const raw = Buffer.concat(proxy.captured[0] ?? []);
      const text = raw.toString('latin1');
      expect(text).toMatch(/^POST \/\?TaskId=1%2C2 HTTP\/1\.1\r\n/);

      const tampered = Buffer.from(text.replace('TaskId=1%2C2', 'TaskId=1%2C3'), 'latin1');
      const forged = await replay(emulator.port, tampered);
      expect(forged.status).toBe(400);
      expect(forged.body.Code).toBe('SignatureDoesNotMatch');
      expect(String(forged.body.Message)).toMatch(
        /server string to sign is:ACS3-HMAC-SHA256\n[0-9a-f]{64}$/
      );

      const again = await replay(emulator.port, raw);
      expect(again.status).toBe(400);
      expect(again.body.Code).toBe('SignatureNonceUsed');
      expect(emulator.requests.map((r) => r.code ?? r.status)).toEqual([
        200,
        'SignatureDoesNotMatch',
        'SignatureNonceUsed'
      ]);
    } finally {
      await proxy.close();
    }
  });
});
