// Each fault kind as a plain node:http client observes it, plus queueing, rules and records.
import { request } from 'node:http';
import { peakPerSecond, startEmulator } from '../../emulator/server.ts';
import type { Emulator, Fault } from '../../emulator/types.ts';
import { json, send, type RawResponse } from '../helpers/http.ts';
import { signV3Request } from '../helpers/sign-v3.ts';

const T0 = Date.UTC(2026, 5, 1);
let emulator: Emulator;

beforeEach(async () => {
  emulator = await startEmulator({
    now: () => T0 + 10_000,
    tasks: [
      { id: '42', path: 'https://www.example.com/', createdAt: T0, pendingMs: 0, refreshMs: 0 }
    ]
  });
});
afterEach(() => emulator.close());

function signed(taskId = '42') {
  // The emulator's default credentials, as the CLI prints them.
  const s = signV3Request({
    host: `127.0.0.1:${emulator.port}`,
    query: { TaskId: taskId },
    accessKeyId: 'LTAIemulatorKeyId',
    accessKeySecret: 'emulator-secret'
  });
  return { method: s.method, path: s.path, headers: s.headers };
}

function call(timeoutMs?: number, taskId?: string): Promise<RawResponse> {
  return send(emulator.url, { ...signed(taskId), ...(timeoutMs ? { timeoutMs } : {}) });
}

/** Everything the client saw before the exchange ended, including a late error. */
interface Observed {
  status?: number;
  chunks: Buffer[];
  error?: NodeJS.ErrnoException;
}
function observe(timeoutMs = 2000): Promise<Observed> {
  const s = signed();
  return new Promise((resolve) => {
    const seen: Observed = { chunks: [] };
    const done = (error?: Error) => {
      if (error) seen.error = error;
      resolve(seen);
    };
    const req = request(
      new URL(s.path, emulator.url),
      { method: s.method, headers: s.headers, agent: false },
      (res) => {
        seen.status = res.statusCode;
        res.on('data', (c: Buffer) => seen.chunks.push(c));
        res.on('error', done);
        res.on('end', () => done());
      }
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error('client timeout')));
    req.on('error', done);
    req.end();
  });
}

describe('faults', () => {
  test('status: a gateway error with its headers', async () => {
    emulator.injectFaults({
      kind: 'status',
      status: 429,
      code: 'TooManyRequests',
      headers: { 'Retry-After': '2', 'x-acs-retry-after': '2000' }
    });
    const res = await call();
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('2');
    expect(res.headers['x-acs-retry-after']).toBe('2000');
    expect(json(res)).toMatchObject({
      Code: 'TooManyRequests',
      Message: 'The server is busy. Please try again later.',
      HostId: 'dcdn.aliyuncs.com',
      RequestId: res.headers['x-acs-request-id']
    });
  });

  test.each([
    [400, 'Throttling.User', 'Request was denied due to user flow control.'],
    [
      500,
      'InternalError',
      'The request processing has failed due to some unknown error, exception or failure.'
    ],
    [503, 'ServiceUnavailable', 'The request has failed due to a temporary failure of the server.']
  ])('status %d %s has the vendor message by default', async (status, code, message) => {
    emulator.injectFaults({ kind: 'status', status, code });
    const res = await call();
    expect([res.status, json(res).Code, json(res).Message]).toEqual([status, code, message]);
  });

  test('html: a proxy error page', async () => {
    emulator.injectFaults({ kind: 'html' }, { kind: 'html', status: 504 });
    const a = await call();
    expect([a.status, a.headers['content-type']]).toEqual([502, 'text/html']);
    expect(a.body).toContain('<title>502 Bad Gateway</title>');
    const b = await call();
    expect(b.status).toBe(504);
    expect(() => JSON.parse(b.body)).toThrow();
  });

  test('reset: the connection drops before any answer', async () => {
    emulator.injectFaults({ kind: 'reset' });
    const seen = await observe();
    expect(seen.status).toBeUndefined();
    expect(seen.error?.code).toBe('ECONNRESET');
  });

  test('reset-mid: headers and part of the body, then the connection drops', async () => {
    emulator.injectFaults({ kind: 'reset-mid' });
    const seen = await observe();
    expect(seen.status).toBe(200);
    expect(Buffer.concat(seen.chunks).toString()).toMatch(/^\{"TotalCount":1,/);
    expect(seen.error?.message).toMatch(/aborted|ECONNRESET|socket hang up/);
  });

  test('hang: no answer until the client gives up', async () => {
    emulator.injectFaults({ kind: 'hang' });
    const seen = await observe(150);
    expect(seen.status).toBeUndefined();
    expect(seen.error?.message).toBe('client timeout');
    expect(emulator.requests[0]).toMatchObject({ fault: 'hang', status: 0 });
  });

  test('hang: close() frees the hung socket', async () => {
    emulator.injectFaults({ kind: 'hang' });
    const pending = observe(10_000);
    while (emulator.requests.length === 0) await new Promise((r) => setImmediate(r));
    await emulator.close();
    const seen = await pending;
    expect(seen.error).toBeDefined();
    expect(seen.error?.message).not.toBe('client timeout');
  });

  test('trickle: the valid answer arrives in small pieces', async () => {
    emulator.injectFaults({ kind: 'trickle', bytesPerTick: 40, tickMs: 2 });
    const seen = await observe();
    expect(seen.error).toBeUndefined();
    expect(seen.chunks.length).toBeGreaterThan(2);
    expect(Math.max(...seen.chunks.map((c) => c.length))).toBeLessThanOrEqual(40);
    expect(JSON.parse(Buffer.concat(seen.chunks).toString())).toMatchObject({ TotalCount: 1 });
  });

  test('malformed-json and truncated-json: 200 with a body that does not parse', async () => {
    emulator.injectFaults({ kind: 'malformed-json' }, { kind: 'truncated-json' });
    const malformed = await call();
    expect(malformed.status).toBe(200);
    expect(malformed.body).toMatch(/^\{"TotalCount":1,/);
    expect(() => JSON.parse(malformed.body)).toThrow(SyntaxError);
    const truncated = await call();
    expect(truncated.status).toBe(200);
    expect(truncated.headers['content-length']).toBe(String(Buffer.byteLength(truncated.body)));
    expect(() => JSON.parse(truncated.body)).toThrow(SyntaxError);
  });

  test('body: any body, e.g. Tasks null or IDs nobody asked for', async () => {
    const odd = '{"TotalCount":"1","RequestId":"X","Tasks":null}';
    emulator.injectFaults({ kind: 'body', body: odd }, { kind: 'body', body: '{}', status: 202 });
    expect((await call()).body).toBe(odd);
    const second = await call();
    expect([second.status, second.body]).toEqual([202, '{}']);
  });

  test('queued faults are consumed one per request, in order, and recorded', async () => {
    const unavailable: Fault = { kind: 'status', status: 503, code: 'ServiceUnavailable' };
    await emulator.close();
    emulator = await startEmulator({ faults: [unavailable] });
    emulator.injectFaults({ kind: 'html', status: 502 });
    const statuses = [(await call()).status, (await call()).status, (await call()).status];
    expect(statuses).toEqual([503, 502, 200]);
    expect(emulator.requests.map((r) => [r.fault, r.status, r.code])).toEqual([
      ['status', 503, 'ServiceUnavailable'],
      ['html', 502, undefined],
      [undefined, 200, undefined]
    ]);
  });

  test('a fault rule sees the request index and IDs; queued faults come first', async () => {
    const seen: { index: number; ids: readonly string[] }[] = [];
    emulator.setFaultRule((req) => {
      seen.push(req);
      return req.index % 3 === 2
        ? { kind: 'status', status: 500, code: 'InternalError' }
        : undefined;
    });
    emulator.injectFaults({ kind: 'status', status: 503, code: 'ServiceUnavailable' });
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await call(undefined, `4${i}`)).status);
    expect(statuses).toEqual([503, 200, 500, 200, 200, 500]);
    expect(seen.map((r) => r.index)).toEqual([1, 2, 3, 4, 5]);
    expect(seen[0]?.ids).toEqual(['41']);
    emulator.setFaultRule(undefined);
    expect((await call()).status).toBe(200);
  });

  test('latencyMs delays every answer', async () => {
    await emulator.close();
    emulator = await startEmulator({ latencyMs: 60 });
    const started = Date.now();
    expect((await call()).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(55);
  });
});

describe('peakRequestsPerSecond', () => {
  test('counts the busiest 1-second window of arrival times', () => {
    expect(peakPerSecond([])).toBe(0);
    expect(peakPerSecond([0, 100, 999, 1000, 1500, 1600, 1999])).toBe(4);
    expect(peakPerSecond([0, 100, 999, 1000, 1500, 1999])).toBe(3);
    expect(peakPerSecond([5000, 0, 10])).toBe(2);
  });

  test('covers accepted and rejected requests', async () => {
    emulator.injectFaults({ kind: 'status', status: 429, code: 'TooManyRequests' });
    await Promise.all([call(), call(), call()]);
    expect(emulator.requests).toHaveLength(3);
    expect(emulator.peakRequestsPerSecond()).toBe(3);
  });
});
