// A hand-signed RPC (HMAC-SHA1, signature version 1.0) request, signed here with node:crypto.
import { createHmac, randomUUID } from 'node:crypto';
import { startEmulator } from '../../emulator/server.ts';
import type { Emulator } from '../../emulator/types.ts';
import { json, send } from '../helpers/http.ts';

const enc = (s: string): string =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
  );
const KEY = { accessKeyId: 'LTAIrpcKey', accessKeySecret: 'rpc-secret' };
const STS = { accessKeyId: 'STS.rpc', accessKeySecret: 'sts-rpc-secret', securityToken: 'CAISrpc' };

function timestamp(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Query string (sorted, RFC 3986) with the Signature appended, as a client sends it. */
function signRpc(
  method: string,
  params: Record<string, string>,
  cred: { accessKeyId: string; accessKeySecret: string; securityToken?: string }
): { query: string; stringToSign: string } {
  const all: Record<string, string> = {
    Action: 'DescribeDcdnRefreshTaskById',
    Version: '2018-01-15',
    Format: 'JSON',
    AccessKeyId: cred.accessKeyId,
    SignatureMethod: 'HMAC-SHA1',
    SignatureVersion: '1.0',
    SignatureNonce: randomUUID(),
    Timestamp: timestamp(),
    ...(cred.securityToken ? { SecurityToken: cred.securityToken } : {}),
    ...params
  };
  const canonical = Object.keys(all)
    .sort()
    .map((k) => `${enc(k)}=${enc(all[k] ?? '')}`)
    .join('&');
  const stringToSign = `${method}&${enc('/')}&${enc(canonical)}`;
  const signature = createHmac('sha1', `${cred.accessKeySecret}&`)
    .update(stringToSign)
    .digest('base64');
  return { query: `${canonical}&Signature=${enc(signature)}`, stringToSign };
}

const T0 = Date.UTC(2026, 2, 1, 12, 0, 0);
let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({
    credentials: [KEY, STS],
    now: () => T0 + 10_000,
    tasks: [
      {
        id: '95248880',
        path: 'https://www.example.com/a b.html',
        createdAt: T0,
        pendingMs: 0,
        refreshMs: 0
      }
    ]
  });
});
afterEach(() => emulator.close());

describe('RPC-signed requests', () => {
  test('a hand-signed GET is accepted', async () => {
    const { query } = signRpc('GET', { TaskId: '95248880,1' }, KEY);
    const res = await send(emulator.url, { path: `/?${query}` });
    expect(res.status).toBe(200);
    expect(json(res)).toMatchObject({
      TotalCount: 1,
      Tasks: [
        { TaskId: '95248880', Status: 'Complete', ObjectPath: 'https://www.example.com/a b.html' }
      ]
    });
    expect(emulator.requests[0]).toMatchObject({
      scheme: 'rpc',
      method: 'GET',
      accessKeyId: KEY.accessKeyId
    });
  });

  test('a tampered TaskId is rejected, and the server shows its string to sign', async () => {
    const { query } = signRpc('GET', { TaskId: '95248880' }, KEY);
    const tampered = query.replace('TaskId=95248880', 'TaskId=95248881');
    expect(tampered).not.toBe(query);
    const res = await send(emulator.url, { path: `/?${tampered}` });
    expect(res.status).toBe(400);
    const body = json(res);
    expect(body.Code).toBe('SignatureDoesNotMatch');
    expect(String(body.Message)).toContain('server string to sign is:GET&%2F&');
    expect(String(body.Message)).toContain('TaskId%3D95248881');
  });

  test('the same request twice reuses the nonce', async () => {
    const { query } = signRpc('GET', { TaskId: '95248880' }, KEY);
    expect((await send(emulator.url, { path: `/?${query}` })).status).toBe(200);
    const again = await send(emulator.url, { path: `/?${query}` });
    expect(json(again).Code).toBe('SignatureNonceUsed');
  });

  test('the method is signed: a GET signature does not pass as POST', async () => {
    const { query } = signRpc('GET', { TaskId: '95248880' }, KEY);
    const res = await send(emulator.url, { method: 'POST', path: `/?${query}` });
    expect(json(res).Code).toBe('SignatureDoesNotMatch');
  });

  test('POST with the parameters in a form body is accepted', async () => {
    const { query } = signRpc('POST', { TaskId: '95248880' }, STS);
    const res = await send(emulator.url, {
      method: 'POST',
      path: '/',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: query
    });
    expect(res.status).toBe(200);
    expect(json(res).TotalCount).toBe(1);
    expect(emulator.requests[0]).toMatchObject({
      securityToken: STS.securityToken,
      ids: ['95248880']
    });
  });

  test('stale Timestamp, missing nonce, other SignatureMethod and unknown key are rejected', async () => {
    const stale = signRpc('GET', { TaskId: '1', Timestamp: timestamp(-16 * 60_000) }, KEY);
    expect(json(await send(emulator.url, { path: `/?${stale.query}` })).Code).toBe(
      'InvalidTimeStamp.Expired'
    );
    const noNonce = signRpc('GET', { TaskId: '1', SignatureNonce: '' }, KEY);
    expect(json(await send(emulator.url, { path: `/?${noNonce.query}` })).Code).toBe(
      'IncompleteSignature'
    );
    const sha256 = signRpc('GET', { TaskId: '1', SignatureMethod: 'HMAC-SHA256' }, KEY);
    expect(json(await send(emulator.url, { path: `/?${sha256.query}` })).Code).toBe(
      'IncompleteSignature'
    );
    const unknown = signRpc('GET', { TaskId: '1' }, { ...KEY, accessKeyId: 'LTAInobody' });
    const res = await send(emulator.url, { path: `/?${unknown.query}` });
    expect(res.status).toBe(404);
    expect(json(res).Code).toBe('InvalidAccessKeyId.NotFound');
  });

  test('an STS key needs its SecurityToken parameter', async () => {
    const { securityToken: _t, ...bare } = STS;
    const { query } = signRpc('GET', { TaskId: '1' }, bare);
    expect(json(await send(emulator.url, { path: `/?${query}` })).Code).toBe(
      'InvalidSecurityToken.Malformed'
    );
  });
});
