// Parameters in the query string or in the signed form body, for every action of both products;
// large bodies; and a form body that is changed after signing.
import { createHash, createHmac, randomUUID } from 'node:crypto';
import { startEmulator } from '../../emulator/server.ts';
import type { Emulator } from '../../emulator/types.ts';
import {
  CDN_VERSION,
  DCDN_VERSION,
  EMULATOR_KEY,
  acsCall,
  formEncode,
  signedCall
} from '../helpers/acs-call.ts';
import { json, send } from '../helpers/http.ts';
import { signV3Request } from '../helpers/sign-v3.ts';

const T0 = Date.UTC(2026, 6, 1, 4, 0, 0);
let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({
    now: () => T0,
    tasks: [
      { id: '5', path: 'https://www.example.com/d', createdAt: T0 },
      { id: '6', path: 'https://www.example.com/c', createdAt: T0, product: 'cdn' }
    ]
  });
});
afterEach(() => emulator.close());

const PATHS = 'https://www.example.com/a.html\nhttps://www.example.com/b.html';

describe.each(['query', 'form'] as const)('parameters in the %s', (place) => {
  test.each([
    ['RefreshDcdnObjectCaches', DCDN_VERSION, 'file'],
    ['PreloadDcdnObjectCaches', DCDN_VERSION, 'preload'],
    ['RefreshObjectCaches', CDN_VERSION, 'file'],
    ['PushObjectCache', CDN_VERSION, 'preload']
  ])('%s submits', async (action, version, kind) => {
    const a = await acsCall(emulator, { action, version, place, params: { ObjectPath: PATHS } });
    expect(a.status).toBe(200);
    expect(emulator.submissions).toEqual([
      expect.objectContaining({
        action,
        kind,
        paths: ['https://www.example.com/a.html', 'https://www.example.com/b.html']
      })
    ]);
  });

  test('Directory with Force is read from there too', async () => {
    const a = await acsCall(emulator, {
      action: 'RefreshObjectCaches',
      version: CDN_VERSION,
      place,
      params: { ObjectPath: 'https://www.example.com/s/', ObjectType: 'Directory', Force: 'true' }
    });
    expect(a.status).toBe(200);
    expect(emulator.submissions[0]).toMatchObject({ kind: 'directory', force: true });
  });

  test.each([
    ['DescribeDcdnRefreshTaskById', DCDN_VERSION, '5'],
    ['DescribeRefreshTaskById', CDN_VERSION, '6']
  ])('%s reads TaskId', async (action, version, id) => {
    const a = await acsCall(emulator, { action, version, place, params: { TaskId: id } });
    expect(a.body).toMatchObject({ TotalCount: 1, Tasks: [{ TaskId: id }] });
  });

  test.each([
    ['DescribeDcdnRefreshQuota', DCDN_VERSION],
    ['DescribeRefreshQuota', CDN_VERSION]
  ])('%s answers (it takes no parameters)', async (action, version) => {
    const a = await acsCall(emulator, { action, version, place, params: { OwnerId: '1' } });
    expect(a.body).toMatchObject({ UrlQuota: '10000', UrlRemain: '10000' });
  });
});

describe('large requests', () => {
  test('a form body over 2 MB is read whole and its signature checked', async () => {
    // 1,000 URLs of 1,024 characters; RFC 3986 turns each "/" into three bytes.
    const url = (i: number) => {
      const head = `https://www.example.com/${i}`;
      return head + '/'.repeat(1024 - head.length);
    };
    const params = { ObjectPath: Array.from({ length: 1000 }, (_, i) => url(i)).join('\n') };
    expect(formEncode(params).length).toBeGreaterThan(2 * 1024 * 1024);
    const a = await acsCall(emulator, { action: 'RefreshDcdnObjectCaches', place: 'form', params });
    expect(a.status).toBe(200);
    expect(emulator.submissions[0]?.paths).toHaveLength(1000);
    expect(emulator.submissions[0]?.paths[999]).toBe(url(999));
  });

  test('a request line over 16 KiB is refused by HTTP (431); the same list in the body passes', async () => {
    const ObjectPath = Array.from({ length: 200 }, (_, i) => `https://www.example.com/${i}/`)
      .map((u) => u + 'x'.repeat(80))
      .join('\n');
    const s = signedCall(emulator.port, {
      action: 'RefreshDcdnObjectCaches',
      params: { ObjectPath }
    });
    const inQuery = await send(emulator.url, {
      method: s.method,
      path: s.path,
      headers: s.headers
    });
    expect(inQuery.status).toBe(431);
    const inBody = await acsCall(emulator, {
      action: 'RefreshDcdnObjectCaches',
      place: 'form',
      params: { ObjectPath }
    });
    expect(inBody.status).toBe(200);
  });
});

describe('the form body is signed', () => {
  const original = { ObjectPath: 'https://www.example.com/a.html' };
  const forged = formEncode({ ObjectPath: 'https://www.example.com/b.html' });

  function signed() {
    return signedCall(emulator.port, {
      action: 'RefreshDcdnObjectCaches',
      place: 'form',
      params: original
    });
  }

  test('a changed body with the old x-acs-content-sha256 is IncompleteSignature', async () => {
    const s = signed();
    const res = await send(emulator.url, { ...s, body: forged });
    expect([res.status, json(res).Code]).toEqual([400, 'IncompleteSignature']);
    expect(emulator.submissions).toEqual([]);
  });

  test('a changed body with a matching but unsigned hash is SignatureDoesNotMatch', async () => {
    const s = signed();
    const headers = {
      ...s.headers,
      'x-acs-content-sha256': createHash('sha256').update(forged).digest('hex')
    };
    const res = await send(emulator.url, { ...s, headers, body: forged });
    expect([res.status, json(res).Code]).toEqual([400, 'SignatureDoesNotMatch']);
    expect(emulator.submissions).toEqual([]);
  });

  test('a changed content-type (a signed header) is SignatureDoesNotMatch', async () => {
    const s = signed();
    const headers = { ...s.headers, 'content-type': 'application/x-www-form-urlencoded; a=b' };
    const res = await send(emulator.url, { ...s, headers });
    expect([res.status, json(res).Code]).toEqual([400, 'SignatureDoesNotMatch']);
  });

  test('a body that is not a form carries no parameters', async () => {
    const asJson = signV3Request({
      host: `127.0.0.1:${emulator.port}`,
      action: 'RefreshDcdnObjectCaches',
      query: {},
      body: formEncode(original),
      contentType: 'application/json',
      ...EMULATOR_KEY
    });
    const res = await send(emulator.url, asJson);
    expect([res.status, json(res).Code]).toEqual([400, 'MissingObjectPath']);
  });
});

describe('RPC (HMAC-SHA1) with the parameters in the form body', () => {
  const enc = (s: string) =>
    encodeURIComponent(s).replace(
      /[!'()*]/g,
      (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
    );

  function rpcForm(params: Record<string, string>): string {
    const all: Record<string, string> = {
      Action: 'PushObjectCache',
      Version: CDN_VERSION,
      Format: 'JSON',
      AccessKeyId: EMULATOR_KEY.accessKeyId,
      SignatureMethod: 'HMAC-SHA1',
      SignatureVersion: '1.0',
      SignatureNonce: randomUUID(),
      Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      ...params
    };
    const canonical = Object.keys(all)
      .sort()
      .map((k) => `${enc(k)}=${enc(all[k] ?? '')}`)
      .join('&');
    const signature = createHmac('sha1', `${EMULATOR_KEY.accessKeySecret}&`)
      .update(`POST&${enc('/')}&${enc(canonical)}`)
      .digest('base64');
    return `${canonical}&Signature=${enc(signature)}`;
  }

  test('is accepted, and a changed ObjectPath is SignatureDoesNotMatch', async () => {
    const body = rpcForm({ ObjectPath: 'https://www.example.com/a.html' });
    const headers = { 'content-type': 'application/x-www-form-urlencoded' };
    const ok = await send(emulator.url, { method: 'POST', path: '/', headers, body });
    expect(ok.status).toBe(200);
    expect(json(ok).PushTaskId).toMatch(/^\d+$/);
    const tampered = rpcForm({ ObjectPath: 'https://www.example.com/a.html' }).replace(
      'a.html',
      'b.html'
    );
    const bad = await send(emulator.url, { method: 'POST', path: '/', headers, body: tampered });
    expect(json(bad).Code).toBe('SignatureDoesNotMatch');
    expect(emulator.submissions).toHaveLength(1);
    expect(emulator.requests.map((r) => [r.scheme, r.product])).toEqual([
      ['rpc', 'cdn'],
      ['rpc', 'cdn']
    ]);
  });
});
