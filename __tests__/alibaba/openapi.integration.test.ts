// The one OpenAPI call over real sockets: what comes back that is not a clean JSON answer, what
// fails before any answer, and how each is retried, given a short grace, or refused at once.
import { fixedCredentials } from '../../src/alibaba/credentials.ts';
import { DcdnClient } from '../../src/alibaba/dcdn-client.ts';
import { OpenApiClient } from '../../src/alibaba/openapi.ts';
import type { OpenApiOptions } from '../../src/alibaba/openapi.ts';
import { DCDN, productRequest } from '../../src/alibaba/products.ts';
import { submissionPolicy } from '../../src/alibaba/retry.ts';
import { assumeRoleWithOidc } from '../../src/alibaba/sts.ts';
import { createHttpTransport } from '../../src/alibaba/transport.ts';
import type { Transport } from '../../src/alibaba/transport.ts';
import { ApiError, TransientError } from '../../src/shared/errors.ts';
import { startConnectProxy } from '../helpers/connect-proxy.ts';
import type { ConnectProxy } from '../helpers/connect-proxy.ts';
import { json, startScriptedServer } from './scripted-server.ts';
import type { Reply, ScriptedServer } from './scripted-server.ts';

const KEYS = { accessKeyId: 'LTAIcallLayer', accessKeySecret: 'call-layer-secret-value' };
const TASK = {
  TaskId: '101',
  Status: 'Complete',
  Process: '100%',
  ObjectType: 'file',
  ObjectPath: 'https://example.com/a.png',
  CreationTime: '2026-01-15T08:00:00Z',
  Description: ''
};
const OK = json(200, { RequestId: 'REQ-OK', TotalCount: 1, Tasks: [TASK] });

let server: ScriptedServer | undefined;
let proxy: ConnectProxy | undefined;
let transport: Transport;
let waits: number[];
let limiterLog: string[];

beforeEach(() => {
  transport = createHttpTransport('dcdn-refresh-wait-test');
  waits = [];
  limiterLog = [];
});

afterEach(async () => {
  transport.close();
  await server?.close();
  await proxy?.close();
  server = undefined;
  proxy = undefined;
});

async function serve(...replies: Reply[]): Promise<string> {
  server = await startScriptedServer(
    (_req, i) => replies[Math.min(i, replies.length - 1)] as Reply
  );
  return server.url;
}

/** Real sockets; retry waits are recorded and skipped (the clock jumps ahead instead). */
function options(endpoint: string, overrides: Partial<OpenApiOptions> = {}): OpenApiOptions {
  let skipped = 0;
  const clock = (): number => Date.now() + skipped;
  return {
    endpoint: new URL(endpoint),
    service: 'DCDN',
    credentials: fixedCredentials(KEYS),
    transport,
    limiter: {
      acquire: async () => {
        limiterLog.push('acquire');
      },
      onThrottle: (ms?: number) => limiterLog.push(`throttle ${ms ?? '-'}`),
      onSuccess: () => limiterLog.push('success')
    },
    requestTimeoutMs: 2000,
    clock,
    sleep: async (ms) => {
      waits.push(ms);
      skipped += ms;
    },
    random: () => 0.5,
    deadline: Date.now() + 600_000,
    ...overrides
  };
}

function lookup(endpoint: string, overrides: Partial<OpenApiOptions> = {}): DcdnClient {
  return new DcdnClient(options(endpoint, overrides));
}

const failure = (promise: Promise<unknown>): Promise<unknown> =>
  promise.then(
    () => {
      throw new Error('the call succeeded');
    },
    (error: unknown) => error
  );

describe('answers that are not clean JSON', () => {
  test('a UTF-8 byte-order mark before the JSON is accepted', async () => {
    const url = await serve({
      status: 200,
      headers: { 'content-type': 'application/json' },
      body: `\uFEFF${JSON.stringify({ RequestId: 'R', Tasks: [TASK] })}`
    });
    const result = await lookup(url).describeTasks(['101']);
    expect(result.tasks.map((t) => t.TaskId)).toEqual(['101']);
  });

  test('an XML error body is read for its Code, Message and RequestId, and not retried', async () => {
    const url = await serve({
      status: 403,
      headers: { 'content-type': 'text/xml' },
      body: '<?xml version="1.0" encoding="UTF-8"?>\n<Error><RequestId>XML-REQ-1</RequestId><HostId>dcdn.aliyuncs.com</HostId><Code>Forbidden.RAM</Code><Message>User not authorized to operate on the specified resource.</Message></Error>'
    });
    const error = (await failure(lookup(url).describeTasks(['101']))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({
      service: 'DCDN',
      code: 'Forbidden.RAM',
      requestId: 'XML-REQ-1',
      httpStatus: 403
    });
    expect(error.message).toMatch(
      /^DCDN DescribeDcdnRefreshTaskById failed: HTTP 403 Forbidden\.RAM: User not authorized .*\(RequestId: XML-REQ-1\)\. Hint: .*"dcdn:DescribeDcdnRefreshTaskById"/
    );
    expect(server?.requests).toHaveLength(1);
  });

  test('an XML ServiceUnavailable is retried like its JSON twin', async () => {
    const url = await serve(
      {
        status: 503,
        body: '<Error><Code>ServiceUnavailable</Code><Message>busy</Message></Error>'
      },
      OK
    );
    const result = await lookup(url).describeTasks(['101']);
    expect(result.requestId).toBe('REQ-OK');
    expect(server?.requests).toHaveLength(2);
  });

  test('AccessDeniedDetail is kept as one line on the error', async () => {
    const url = await serve(
      json(403, {
        RequestId: 'DENIED-1',
        Code: 'Forbidden.RAM',
        Message: 'User not authorized',
        AccessDeniedDetail: {
          PolicyType: 'AccountLevelIdentityBasedPolicy',
          AuthPrincipalOwnerId: '1234567890123456',
          EncodedDiagnosticMessage: 'AQEAAAAAZ2l0aHViLWFjdGlvbnM=',
          AuthPrincipalType: 'SubUser',
          AuthPrincipalDisplayName: 'github-deployer',
          NoPermissionType: 'ImplicitDeny',
          AuthAction: 'dcdn:DescribeDcdnRefreshTaskById'
        }
      })
    );
    const error = (await failure(lookup(url).describeTasks(['101']))) as ApiError;
    expect(error.accessDenied).toBe(
      'AuthAction: dcdn:DescribeDcdnRefreshTaskById, NoPermissionType: ImplicitDeny, PolicyType: AccountLevelIdentityBasedPolicy, AuthPrincipalType: SubUser, AuthPrincipalDisplayName: github-deployer, AuthPrincipalOwnerId: 1234567890123456'
    );
    expect(error.message).toContain('Access denied: AuthAction: dcdn:DescribeDcdnRefreshTaskById');
    expect(error.message).not.toContain('EncodedDiagnosticMessage');
  });
});

describe('permanent failures: a short grace, then one clear error naming the endpoint', () => {
  const grace = { permanentGraceMs: 5000 };

  test('an HTML page with status 200 (a captive portal) is not an answer', async () => {
    const url = await serve({
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<!DOCTYPE html><html><body>Sign in to the hotel Wi-Fi</body></html>'
    });
    const error = (await failure(lookup(url, grace).describeTasks(['101']))) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toBe('NotAnApiAnswer');
    expect(error.message).toMatch(
      /^127\.0\.0\.1:\d+ answered with HTTP 200 with an HTML page .*check the endpoint input/
    );
    // Retried only within the grace.
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
    expect(server?.requests.length).toBeGreaterThan(1);
  });

  test('a redirect is not followed and not retried past the grace', async () => {
    const url = await serve({
      status: 302,
      headers: { location: 'https://login.example.net/portal?token=abc' },
      body: ''
    });
    const error = (await failure(lookup(url, grace).describeTasks(['101']))) as ApiError;
    expect(error.code).toBe('NotAnApiAnswer');
    expect(error.httpStatus).toBe(302);
    expect(error.message).toContain('a redirect (HTTP 302 to https://login.example.net/portal)');
    expect(error.message).not.toContain('token=abc');
  });

  test('a mistyped endpoint fails on ENOTFOUND, naming the host and the input', async () => {
    const error = (await failure(
      lookup('https://dcdn.aliyuncs.invalid', grace).describeTasks(['101'])
    )) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.code).toMatch(/^(ENOTFOUND|EAI_AGAIN)$/);
    expect(error.message).toMatch(
      /^dcdn\.aliyuncs\.invalid could not be resolved \((ENOTFOUND|EAI_AGAIN)\): check the endpoint input$/
    );
    expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
  });

  test('the default grace is at most 30 s of retries', async () => {
    const error = await failure(lookup('http://127.0.0.1:9').describeTasks(['101']));
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toMatch(/refused the connection \(ECONNREFUSED\)/);
    const total = waits.reduce((a, b) => a + b, 0);
    expect(total).toBeGreaterThan(5000);
    expect(total).toBeLessThanOrEqual(30_000);
  });

  test('once the endpoint has answered, the same failure is a blip, not fatal', async () => {
    const url = await serve(OK, {
      status: 200,
      headers: { 'content-type': 'text/html' },
      body: '<html>portal</html>'
    });
    const client = lookup(url, { ...grace, maxAttempts: 3 });
    await client.describeTasks(['101']);
    expect(client.answered).toBe(1);
    const error = await failure(client.describeTasks(['101']));
    expect(error).toBeInstanceOf(TransientError);
    expect(error).not.toBeInstanceOf(ApiError);
    expect(server?.requests).toHaveLength(4);
  });

  test('STS names its own endpoint input', async () => {
    const error = (await failure(
      assumeRoleWithOidc(
        {
          stsEndpoint: new URL('https://sts.aliyuncs.invalid'),
          roleArn: 'acs:ram::1:role/r',
          oidcProviderArn: 'acs:ram::1:oidc-provider/p',
          oidcToken: 'header.payload.signature',
          roleSessionName: 'dcdn-refresh-wait',
          durationSeconds: 900
        },
        { ...options('https://unused.invalid'), permanentGraceMs: 3000 }
      )
    )) as ApiError;
    expect(error).toBeInstanceOf(ApiError);
    expect(error.service).toBe('STS');
    expect(error.message).toMatch(
      /^sts\.aliyuncs\.invalid could not be resolved \((ENOTFOUND|EAI_AGAIN)\): check the sts-endpoint input$/
    );
  });

  describe('through a proxy', () => {
    const saved = { ...process.env };
    afterEach(() => {
      for (const name of ['https_proxy', 'HTTPS_PROXY', 'no_proxy', 'NO_PROXY']) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });
    const viaProxy = (proxyUrl: string): void => {
      process.env.https_proxy = proxyUrl;
      delete process.env.no_proxy;
      delete process.env.NO_PROXY;
    };

    test('a proxy answering 407 fails fast, saying where the proxy credentials go', async () => {
      proxy = await startConnectProxy({}, { requireAuth: 'user:pass' });
      viaProxy(proxy.url);
      const error = (await failure(
        lookup('https://dcdn.example.test', grace).describeTasks(['101'])
      )) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.code).toBe('407');
      expect(error.message).toMatch(
        /^dcdn\.example\.test could not be reached: the proxy asks for credentials \(407 Proxy Authentication Required\): put them in HTTPS_PROXY/
      );
      expect(proxy.tunnels[0]).toBe('CONNECT dcdn.example.test:443 (407)');
      expect(waits.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(5000);
    });

    test('a proxy that refuses connections fails fast', async () => {
      viaProxy('http://127.0.0.1:9');
      const error = (await failure(
        lookup('https://dcdn.example.test', grace).describeTasks(['101'])
      )) as ApiError;
      expect(error).toBeInstanceOf(ApiError);
      expect(error.message).toMatch(
        /^dcdn\.example\.test could not be reached: the proxy did not accept a connection \(.*ECONNREFUSED.*\): check HTTPS_PROXY$/
      );
    });
  });
});

describe('retries', () => {
  test('x-acs-retry-after counts milliseconds, Retry-After seconds', async () => {
    const url = await serve(
      json(429, { Code: 'Throttling.User', RequestId: 'A' }, { 'x-acs-retry-after': '1500' }),
      json(429, { Code: 'TooManyRequests', RequestId: 'B' }, { 'retry-after': '2' }),
      OK
    );
    await lookup(url).describeTasks(['101']);
    expect(waits).toEqual([1500, 2000]);
  });

  test('the rate limiter paces every attempt and hears of throttling and answers', async () => {
    const url = await serve(
      json(429, { Code: 'Throttling.User' }, { 'x-acs-retry-after': '1500' }),
      json(503, { Code: 'ServiceUnavailable' }),
      { status: 502, headers: { 'content-type': 'text/html' }, body: '<html>bad gateway</html>' },
      OK
    );
    await lookup(url).describeTasks(['101']);
    expect(limiterLog).toEqual([
      'acquire',
      'throttle 1500',
      'acquire',
      'success',
      'acquire',
      'acquire',
      'success'
    ]);
  });

  test('a hung request is cut at the budget, not at the request timeout', async () => {
    const url = await serve('hang');
    const started = Date.now();
    const error = await failure(
      lookup(url, { requestTimeoutMs: 20_000, deadline: Date.now() + 300 }).describeTasks(['101'])
    );
    expect(error).toBeInstanceOf(TransientError);
    expect((error as Error).message).toMatch(/no complete answer within 1\d{3} ms/);
    expect(Date.now() - started).toBeLessThan(10_000);
  });
});

describe('a submission retry policy', () => {
  const refresh = productRequest(DCDN, 'refresh', {
    ObjectPath: 'https://example.com/a.png',
    ObjectType: 'File'
  });
  const submit = (client: OpenApiClient, notes: string[]) =>
    client.call(refresh, {
      retry: submissionPolicy(),
      read: ({ body }) => String(body.RefreshTaskId),
      onNote: (note) => notes.push(note)
    });

  test('a timeout after the request was sent is retried once, with a note, never twice', async () => {
    const url = await serve('hang');
    const notes: string[] = [];
    const client = new OpenApiClient(options(url, { requestTimeoutMs: 300 }));
    const error = await failure(submit(client, notes));
    expect(error).toBeInstanceOf(TransientError);
    expect(server?.requests).toHaveLength(2);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/may be submitted twice/);
  });

  test('a reset after the request was read is ambiguous as well', async () => {
    const url = await serve('reset', 'reset', json(200, { RefreshTaskId: '8' }));
    const notes: string[] = [];
    const error = await failure(submit(new OpenApiClient(options(url)), notes));
    expect(error).toBeInstanceOf(TransientError);
    expect(server?.requests).toHaveLength(2);
    expect(notes).toHaveLength(1);
  });

  test('a 5xx is ambiguous too: one more try that succeeds', async () => {
    const url = await serve(
      json(500, { Code: 'InternalError' }),
      json(200, { RefreshTaskId: '77' })
    );
    const notes: string[] = [];
    const id = await submit(new OpenApiClient(options(url)), notes);
    expect(id).toBe('77');
    expect(notes).toHaveLength(1);
  });

  test('throttling is retried as often as it takes, without a note', async () => {
    const busy = json(400, { Code: 'TooMany.Refresh' });
    const url = await serve(
      busy,
      json(403, { Code: 'PreloadQueueFull' }),
      busy,
      json(200, { RefreshTaskId: '9' })
    );
    const notes: string[] = [];
    expect(await submit(new OpenApiClient(options(url)), notes)).toBe('9');
    expect(server?.requests).toHaveLength(4);
    expect(notes).toEqual([]);
  });

  test('the per-minute refresh limit waits for the minute to pass', async () => {
    const url = await serve(
      json(400, { Code: 'QuotaPerMinuteExceeded.Refresh' }),
      json(200, { RefreshTaskId: '5' })
    );
    await submit(new OpenApiClient(options(url)), []);
    expect(waits).toEqual([60_000]);
  });

  test('a refused connection never reached the API: retried without a note', async () => {
    const notes: string[] = [];
    const error = await failure(
      submit(new OpenApiClient(options('http://127.0.0.1:9', { permanentGraceMs: 3000 })), notes)
    );
    expect(error).toBeInstanceOf(ApiError);
    expect(waits.length).toBeGreaterThan(1);
    expect(notes).toEqual([]);
  });

  test('QuotaExceeded fails at once with a hint', async () => {
    const url = await serve(json(400, { Code: 'QuotaExceeded.Refresh', Message: 'quota' }));
    const error = (await failure(submit(new OpenApiClient(options(url)), []))) as ApiError;
    expect(error.code).toBe('QuotaExceeded.Refresh');
    expect(error.hint).toMatch(/quota is spent/);
    expect(server?.requests).toHaveLength(1);
  });
});
