// Faithfulness: the official SDKs of both products (@alicloud/dcdn20180115 on openapi-client 0.4,
// @alicloud/cdn20180510 on openapi-core 1.x) submit, ask quotas and look tasks up against the
// emulator; what they put on the wire is accepted, their answers parse, and tampered replays fail.
//
// Where the SDKs put parameters (asserted below from the bytes they send):
//   DCDN RefreshDcdnObjectCaches, PreloadDcdnObjectCaches: query string, empty body.
//   CDN  RefreshObjectCaches: form body (application/x-www-form-urlencoded, hash signed).
//   CDN  PushObjectCache, DescribeRefreshQuota, DescribeRefreshTaskById: query string.
import cdnModule from '@alicloud/cdn20180510';
import dcdnModule from '@alicloud/dcdn20180115';
import openApiModule from '@alicloud/openapi-client';
import openApiCoreModule from '@alicloud/openapi-core';
import { createHash } from 'node:crypto';
import { startEmulator } from '../../emulator/server.ts';
import type { Emulator, EmulatorCredential } from '../../emulator/types.ts';
import { recordingProxy, replay } from '../helpers/raw-capture.ts';

// CommonJS packages: the default import is module.exports; each client class is its `default`.
const DcdnClient = dcdnModule.default;
const CdnClient = cdnModule.default;
const DcdnConfig = openApiModule.Config;
const CdnConfig = openApiCoreModule.$OpenApiUtil.Config;

const T0 = Date.UTC(2026, 6, 1, 4, 0, 0);
const KEY: EmulatorCredential = { accessKeyId: 'LTAIsdkSubmit', accessKeySecret: 'sdk-secret' };
const STS: EmulatorCredential = {
  accessKeyId: 'STS.submitKey',
  accessKeySecret: 'sts-submit-secret',
  securityToken: 'CAISsubmitToken'
};
const A = 'https://www.example.com/a.html';
const B = 'https://www.example.com/b.html';
const SLOW = 'https://www.example.com/slow/c.mp4';

let clock = T0;
let emulator: Emulator;
beforeEach(async () => {
  clock = T0;
  emulator = await startEmulator({
    credentials: [KEY, STS],
    now: () => clock,
    domains: ['www.example.com'],
    taskRules: [
      {
        match: '/slow/',
        outcome: 'Failed',
        description: 'Origin Timeout',
        pendingMs: 0,
        refreshMs: 0
      },
      { pendingMs: 0, refreshMs: 0 }
    ]
  });
});
afterEach(() => emulator.close());

type Cred = Partial<EmulatorCredential>;
const dcdn = (port: number, cred: Cred = KEY, extra: Record<string, unknown> = {}) =>
  new DcdnClient(
    new DcdnConfig({ ...cred, endpoint: `127.0.0.1:${port}`, protocol: 'http', ...extra })
  );
const cdn = (port: number, cred: Cred = KEY, extra: Record<string, unknown> = {}) =>
  new CdnClient(
    new CdnConfig({ ...cred, endpoint: `127.0.0.1:${port}`, protocol: 'http', ...extra })
  );

/** The SDK's rejection, as { code, statusCode }. */
async function sdkError(p: Promise<unknown>): Promise<{ code: string; statusCode: unknown }> {
  try {
    await p;
  } catch (e) {
    const err = e as { code: string; statusCode?: unknown; data?: { statusCode?: unknown } };
    return { code: err.code, statusCode: err.data?.statusCode ?? err.statusCode };
  }
  throw new Error('the SDK call was accepted');
}

const dcdnRefresh = (c: InstanceType<typeof DcdnClient>, objectPath: string, objectType = 'File') =>
  c.refreshDcdnObjectCaches(
    new dcdnModule.RefreshDcdnObjectCachesRequest({ objectPath, objectType, force: true })
  );
const dcdnPreload = (c: InstanceType<typeof DcdnClient>, objectPath: string) =>
  c.preloadDcdnObjectCaches(
    new dcdnModule.PreloadDcdnObjectCachesRequest({
      objectPath,
      area: 'domestic',
      l2Preload: true,
      withHeader: '{"Accept-Encoding":["gzip"]}',
      queryHashkey: false
    })
  );
const cdnRefresh = (c: InstanceType<typeof CdnClient>, objectPath: string, objectType = 'File') =>
  c.refreshObjectCaches(
    new cdnModule.RefreshObjectCachesRequest({ objectPath, objectType, force: false })
  );
const cdnPush = (c: InstanceType<typeof CdnClient>, objectPath: string) =>
  c.pushObjectCache(
    new cdnModule.PushObjectCacheRequest({
      objectPath,
      area: 'overseas',
      l2Preload: false,
      withHeader: '{"Accept-Encoding":["gzip"]}'
    })
  );

describe('@alicloud/dcdn20180115 (V3 signature)', () => {
  test('refresh, prefetch, quota and lookup: accepted, answers parse', async () => {
    const c = dcdn(emulator.port);
    const refresh = await dcdnRefresh(c, `${A}\n${B}`);
    expect(refresh.statusCode).toBe(200);
    expect(refresh.body?.requestId).toBe(refresh.headers?.['x-acs-request-id']);
    expect(refresh.body?.refreshTaskId).toMatch(/^\d+$/);
    const dir = await dcdnRefresh(
      c,
      'https://www.example.com/static/\nhttps://www.example.com/img/',
      'Directory'
    );
    expect(dir.body?.refreshTaskId).toMatch(/^\d+,\d+$/);
    const preload = await dcdnPreload(c, `${A}\r\n${SLOW}`);
    expect(preload.body?.preloadTaskId).toMatch(/^\d+$/);

    const quota = await c.describeDcdnRefreshQuota(
      new dcdnModule.DescribeDcdnRefreshQuotaRequest({})
    );
    expect({ ...quota.body }).toMatchObject({
      urlQuota: '10000',
      urlRemain: '9998',
      dirQuota: '100',
      dirRemain: '98',
      preloadQuota: '1000',
      preloadRemain: '998',
      regexRemain: '20',
      ignoreParamsRemain: '10000',
      blockQuota: '100'
    });

    clock += 1000;
    const ids = [
      refresh.body?.refreshTaskId,
      dir.body?.refreshTaskId,
      preload.body?.preloadTaskId
    ].join(',');
    const found = await c.describeDcdnRefreshTaskById(
      new dcdnModule.DescribeDcdnRefreshTaskByIdRequest({ taskId: ids })
    );
    expect(found.body?.totalCount).toBe(6);
    const byPath = new Map(
      (found.body?.tasks ?? []).map((t) => [`${t.objectType} ${t.objectPath}`, { ...t }])
    );
    expect(byPath.get(`file ${A}`)).toMatchObject({
      taskId: refresh.body?.refreshTaskId,
      status: 'Complete',
      process: '100%',
      creationTime: '2026-07-01T04:00:00Z'
    });
    expect(byPath.get(`file ${B}`)?.taskId).toBe(refresh.body?.refreshTaskId);
    expect(byPath.get(`preload ${SLOW}`)).toMatchObject({
      taskId: preload.body?.preloadTaskId,
      status: 'Failed',
      description: 'Origin Timeout'
    });
    expect(byPath.get('directory https://www.example.com/static/')?.status).toBe('Complete');
    expect(emulator.submissions.map((s) => [s.action, s.kind, s.paths.length])).toEqual([
      ['RefreshDcdnObjectCaches', 'file', 2],
      ['RefreshDcdnObjectCaches', 'directory', 2],
      ['PreloadDcdnObjectCaches', 'preload', 2]
    ]);
    expect(emulator.submissions[0]?.force).toBe(true);
    expect(emulator.submissions[2]).toMatchObject({ area: 'domestic', l2Preload: true });
  });

  test('the vendor codes reach the SDK', async () => {
    const c = dcdn(emulator.port);
    expect(await sdkError(dcdnRefresh(c, 'not a url'))).toEqual({
      code: 'InvalidObjectPath.Malformed',
      statusCode: 400
    });
    expect(await sdkError(dcdnRefresh(c, A, 'Folder'))).toEqual({
      code: 'InvalidObjectType.Malformed',
      statusCode: 400
    });
    expect(await sdkError(dcdnPreload(c, 'https://elsewhere.example.org/a'))).toEqual({
      code: 'InvalidDomain.NotFound',
      statusCode: 404
    });
    const many = Array.from({ length: 101 }, (_, i) => `${A}?${i}`).join('\n');
    expect(await sdkError(dcdnPreload(c, many))).toEqual({
      code: 'InvalidObjectPath.ExceedsMaximum',
      statusCode: 400
    });
    expect(emulator.submissions).toEqual([]);
  });

  test('STS credentials and the RPC (HMAC-SHA1) scheme submit too', async () => {
    const sts = await dcdnRefresh(dcdn(emulator.port, STS), A);
    expect(sts.body?.refreshTaskId).toMatch(/^\d+$/);
    const rpc = await dcdnPreload(dcdn(emulator.port, KEY, { signatureAlgorithm: 'v2' }), A);
    expect(rpc.body?.preloadTaskId).toMatch(/^\d+$/);
    const quota = await dcdn(emulator.port, STS, {
      signatureAlgorithm: 'v2'
    }).describeDcdnRefreshQuota(new dcdnModule.DescribeDcdnRefreshQuotaRequest({}));
    expect(quota.body?.urlRemain).toBe('9999');
    expect(emulator.requests.map((r) => [r.scheme, r.accessKeyId, r.status])).toEqual([
      ['v3', STS.accessKeyId, 200],
      ['rpc', KEY.accessKeyId, 200],
      ['rpc', STS.accessKeyId, 200]
    ]);
  });
});

describe('@alicloud/cdn20180510 (V3 signature)', () => {
  test('refresh, push, quota and lookup: accepted, answers parse', async () => {
    const c = cdn(emulator.port);
    const refresh = await cdnRefresh(c, `${A}\n${B}`);
    expect(refresh.statusCode).toBe(200);
    expect(refresh.body?.refreshTaskId).toMatch(/^\d+$/);
    const regex = await cdnRefresh(c, 'https://www.example.com/img/.*\\.png', 'Regex');
    expect(regex.body?.refreshTaskId).toMatch(/^\d+$/);
    const push = await cdnPush(c, `${A}\n${SLOW}`);
    expect(push.body?.pushTaskId).toMatch(/^\d+$/);
    expect(push.body?.requestId).toBe(push.headers?.['x-acs-request-id']);

    const quota = await c.describeRefreshQuota(new cdnModule.DescribeRefreshQuotaRequest({}));
    expect({ ...quota.body }).toMatchObject({
      urlRemain: '9998',
      regexQuota: '20',
      regexRemain: '19',
      preloadRemain: '998',
      preloadEdgeQuota: '1000',
      preloadEdgeRemain: '1000'
    });

    clock += 1000;
    const found = await c.describeRefreshTaskById(
      new cdnModule.DescribeRefreshTaskByIdRequest({
        taskId: [
          refresh.body?.refreshTaskId,
          regex.body?.refreshTaskId,
          push.body?.pushTaskId
        ].join(',')
      })
    );
    expect(found.body?.totalCount).toBe(5);
    const rows = (found.body?.tasks ?? []).map((t) => [
      t.taskId,
      t.objectType,
      t.objectPath,
      t.status
    ]);
    expect(rows).toEqual(
      expect.arrayContaining([
        [refresh.body?.refreshTaskId, 'file', A, 'Complete'],
        [refresh.body?.refreshTaskId, 'file', B, 'Complete'],
        [regex.body?.refreshTaskId, 'regex', 'https://www.example.com/img/.*\\.png', 'Complete'],
        [push.body?.pushTaskId, 'preload', SLOW, 'Failed']
      ])
    );
    expect(emulator.submissions[2]).toMatchObject({ area: 'overseas', l2Preload: false });
  });

  test('the vendor codes reach the SDK, with the CDN statuses', async () => {
    const c = cdn(emulator.port);
    expect(await sdkError(cdnRefresh(c, 'https://*.example.com/a'))).toEqual({
      code: 'InvalidExtensiveDomain.ValueNotSupported',
      statusCode: 400
    });
    expect(await sdkError(cdnRefresh(c, `${A}/.*\n${B}/.*`, 'Regex'))).toEqual({
      code: 'SingleRequest.OverLimit',
      statusCode: 400
    });
    expect(await sdkError(cdnRefresh(c, A, 'IgnoreParams'))).toEqual({
      code: 'InvalidObjectType.Malformed',
      statusCode: 400
    });
    emulator.injectFaults({ kind: 'status', code: 'PreloadQueueFull' });
    expect(await sdkError(cdnPush(c, A))).toEqual({ code: 'PreloadQueueFull', statusCode: 403 });
    expect(emulator.submissions).toEqual([]);
  });

  test('STS credentials and the RPC (HMAC-SHA1) scheme submit too', async () => {
    const sts = await cdnRefresh(cdn(emulator.port, STS), A);
    expect(sts.body?.refreshTaskId).toMatch(/^\d+$/);
    const rpcRefresh = await cdnRefresh(cdn(emulator.port, KEY, { signatureAlgorithm: 'v2' }), B);
    expect(rpcRefresh.body?.refreshTaskId).toMatch(/^\d+$/);
    const rpcPush = await cdnPush(cdn(emulator.port, STS, { signatureAlgorithm: 'v2' }), A);
    expect(rpcPush.body?.pushTaskId).toMatch(/^\d+$/);
    expect(
      emulator.requests.map((r) => [r.scheme, r.accessKeyId, r.securityToken, r.status])
    ).toEqual([
      ['v3', STS.accessKeyId, STS.securityToken, 200],
      ['rpc', KEY.accessKeyId, undefined, 200],
      ['rpc', STS.accessKeyId, STS.securityToken, 200]
    ]);
  });
});

/** A chunked body (openapi-core sends its form that way) decoded; any other body as it is. */
function payloadOf(head: string, body: string): string {
  if (!/\r\ntransfer-encoding: chunked/i.test(head)) return body;
  let out = '';
  let at = 0;
  for (;;) {
    const eol = body.indexOf('\r\n', at);
    const size = parseInt(body.slice(at, eol), 16);
    if (!(size > 0)) return out;
    out += body.slice(eol + 2, eol + 2 + size);
    at = eol + 2 + size + 2;
  }
}

/** Head and body (as sent, and decoded) of the one request the SDK sent through a fresh proxy. */
async function captureOne(send: (port: number) => Promise<unknown>) {
  const proxy = await recordingProxy(emulator.port);
  try {
    await send(proxy.port);
    expect(proxy.captured).toHaveLength(1);
    const raw = Buffer.concat(proxy.captured[0] ?? []).toString('latin1');
    const end = raw.indexOf('\r\n\r\n');
    const [head, body] = [raw.slice(0, end), raw.slice(end + 4)];
    return { raw, head, body, payload: payloadOf(head, body) };
  } finally {
    await proxy.close();
  }
}
const bytes = (s: string) => Buffer.from(s, 'latin1');

describe('what each SDK puts on the wire', () => {
  test.each([
    ['DCDN refresh', 'query', (p: number) => dcdnRefresh(dcdn(p), A)],
    ['DCDN prefetch', 'query', (p: number) => dcdnPreload(dcdn(p), A)],
    ['CDN refresh', 'body', (p: number) => cdnRefresh(cdn(p), A)],
    ['CDN push', 'query', (p: number) => cdnPush(cdn(p), A)]
  ] as const)('%s: ObjectPath in the %s', async (_name, place, call) => {
    const { head, payload: body } = await captureOne(call);
    const requestLine = head.split('\r\n')[0] ?? '';
    const encoded = 'ObjectPath=https%3A%2F%2Fwww.example.com%2Fa.html';
    if (place === 'query') {
      expect(requestLine).toContain(encoded);
      expect(body).toBe('');
    } else {
      expect(requestLine).toBe('POST / HTTP/1.1');
      expect(head).toMatch(/\r\ncontent-type: application\/x-www-form-urlencoded\r\n/i);
      expect(body).toContain(encoded);
      const sha = /\r\nx-acs-content-sha256: ([0-9a-f]{64})\r\n/i.exec(head)?.[1];
      expect(sha).toBe(createHash('sha256').update(body, 'latin1').digest('hex'));
      expect(head).toMatch(/SignedHeaders=[^,]*content-type[^,]*x-acs-content-sha256/);
    }
  });
});

describe('tampered replays of what the SDK sent', () => {
  test('CDN refresh: a changed form body, with or without a fixed hash, is rejected', async () => {
    const { raw, head, body, payload } = await captureOne((p) => cdnRefresh(cdn(p), A));
    expect(payload).toContain('a.html');
    // Same length, so the chunk framing stays valid.
    const forgedBody = body.replace('a.html', 'b.html');

    const sameHash = await replay(emulator.port, bytes(`${head}\r\n\r\n${forgedBody}`));
    expect([sameHash.status, sameHash.body.Code]).toEqual([400, 'IncompleteSignature']);

    const newSha = createHash('sha256')
      .update(payload.replace('a.html', 'b.html'), 'latin1')
      .digest('hex');
    const fixedHead = head.replace(/(\r\nx-acs-content-sha256: )[0-9a-f]{64}/i, `$1${newSha}`);
    expect(fixedHead).not.toBe(head);
    const fixedHash = await replay(emulator.port, bytes(`${fixedHead}\r\n\r\n${forgedBody}`));
    expect([fixedHash.status, fixedHash.body.Code]).toEqual([400, 'SignatureDoesNotMatch']);

    const otherNonce = head.replace(
      /(\r\nx-acs-signature-nonce: )(\S)/i,
      (_m, p: string, c: string) => `${p}${c === '0' ? '1' : '0'}`
    );
    expect(otherNonce).not.toBe(head);
    const nonce = await replay(emulator.port, bytes(`${otherNonce}\r\n\r\n${body}`));
    expect([nonce.status, nonce.body.Code]).toEqual([400, 'SignatureDoesNotMatch']);

    const again = await replay(emulator.port, bytes(raw));
    expect([again.status, again.body.Code]).toEqual([400, 'SignatureNonceUsed']);
    expect(emulator.submissions.map((s) => s.paths)).toEqual([[A]]);
  });

  test('DCDN prefetch: a changed query or a changed signed header is rejected', async () => {
    const { raw } = await captureOne((p) => dcdnPreload(dcdn(p), A));
    const query = await replay(emulator.port, bytes(raw.replace('a.html', 'b.html')));
    expect([query.status, query.body.Code]).toEqual([400, 'SignatureDoesNotMatch']);
    const header = await replay(
      emulator.port,
      bytes(
        raw.replace(/(\r\nx-acs-action: )PreloadDcdnObjectCaches/i, '$1RefreshDcdnObjectCaches')
      )
    );
    expect([header.status, header.body.Code]).toEqual([400, 'SignatureDoesNotMatch']);
    const unsigned = await replay(
      emulator.port,
      bytes(
        raw.replace(
          /SignedHeaders=([^,]*)/,
          (_m, h: string) => `SignedHeaders=${h.replace('x-acs-content-sha256;', '')}`
        )
      )
    );
    expect([unsigned.status, unsigned.body.Code]).toEqual([400, 'IncompleteSignature']);
    expect(emulator.submissions).toHaveLength(1);
  });

  test('CDN RPC push: a changed ObjectPath is SignatureDoesNotMatch', async () => {
    const { raw } = await captureOne((p) => cdnPush(cdn(p, KEY, { signatureAlgorithm: 'v2' }), A));
    const forged = await replay(emulator.port, bytes(raw.replace('a.html', 'b.html')));
    expect([forged.status, forged.body.Code]).toEqual([400, 'SignatureDoesNotMatch']);
    expect(emulator.submissions).toHaveLength(1);
  });
});
