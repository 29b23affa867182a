// A product is data: the CDN operations are built from their entry in products.ts alone, and
// what this layer sends matches what the official CDN SDK sends for the same call (both caught
// by a loopback server that records the request), and both signatures check out.
import { createHash } from 'node:crypto';
import cdnModule from '@alicloud/cdn20180510';
import openApiModule from '@alicloud/openapi-client';
import { fixedCredentials } from '../../src/alibaba/credentials.ts';
import { DcdnClient } from '../../src/alibaba/dcdn-client.ts';
import { OpenApiClient } from '../../src/alibaba/openapi.ts';
import { CDN, DCDN, productRequest } from '../../src/alibaba/products.ts';
import { createHttpTransport } from '../../src/alibaba/transport.ts';
import type { Transport } from '../../src/alibaba/transport.ts';
import { signV3Request } from '../helpers/sign-v3.ts';
import { json, startScriptedServer } from './scripted-server.ts';
import type { ScriptedServer, SeenRequest } from './scripted-server.ts';

// CommonJS packages: the default import is module.exports; the client class is its `default`.
const CdnClient = cdnModule.default;
const { DescribeRefreshTaskByIdRequest, RefreshObjectCachesRequest, DescribeRefreshQuotaRequest } =
  cdnModule;
const { Config } = openApiModule;

const KEYS = { accessKeyId: 'LTAIsdkShape', accessKeySecret: 'sdk-shape-secret' };
/** A header the SDK adds about itself (which credential source it used); not a gateway rule. */
const SDK_TELEMETRY = 'x-acs-credentials-provider';

let server: ScriptedServer;
let transport: Transport;

beforeEach(async () => {
  server = await startScriptedServer(() =>
    json(200, { RequestId: 'R', Tasks: [], RefreshTaskId: '1', UrlRemain: '10000' })
  );
  transport = createHttpTransport('dcdn-refresh-wait-test');
});

afterEach(async () => {
  transport.close();
  await server.close();
});

function sdk(): InstanceType<typeof CdnClient> {
  return new CdnClient(
    new Config({ ...KEYS, endpoint: `127.0.0.1:${server.port}`, protocol: 'http' })
  );
}

function ours(): OpenApiClient {
  return new OpenApiClient({
    endpoint: new URL(server.url),
    service: 'CDN',
    credentials: fixedCredentials(KEYS),
    transport,
    requestTimeoutMs: 2000,
    clock: Date.now,
    sleep: async () => undefined,
    random: () => 0.5,
    deadline: Date.now() + 60_000
  });
}

/** Everything about a request that the gateway reads, but the per-request values. */
function shape(request: SeenRequest) {
  const url = new URL(request.url, 'http://127.0.0.1');
  const signed = /SignedHeaders=([^,]+)/.exec(request.headers.authorization ?? '')?.[1] ?? '';
  return {
    method: request.method,
    path: url.pathname,
    query: Object.fromEntries(url.searchParams),
    body: Object.fromEntries(new URLSearchParams(request.body)),
    contentType: request.headers['content-type'],
    action: request.headers['x-acs-action'],
    version: request.headers['x-acs-version'],
    signedHeaders: signed.split(';').filter((name) => name !== SDK_TELEMETRY)
  };
}

/** Recomputes the V3 signature with the test's own signer, from what was received. */
function expectValidSignature(request: SeenRequest): void {
  const extra: Record<string, string> = {};
  if (request.headers[SDK_TELEMETRY]) extra[SDK_TELEMETRY] = request.headers[SDK_TELEMETRY];
  const url = new URL(request.url, 'http://127.0.0.1');
  const recomputed = signV3Request({
    ...KEYS,
    host: request.headers.host ?? '',
    query: Object.fromEntries(url.searchParams),
    body: request.body,
    ...(request.headers['content-type'] ? { contentType: request.headers['content-type'] } : {}),
    action: request.headers['x-acs-action'] ?? '',
    version: request.headers['x-acs-version'] ?? '',
    date: request.headers['x-acs-date'] ?? '',
    nonce: request.headers['x-acs-signature-nonce'] ?? '',
    extraHeaders: extra
  });
  expect(request.headers.authorization).toBe(recomputed.headers.authorization);
}

describe('CDN requests built from the product data match the official SDK', () => {
  test('DescribeRefreshTaskById: same method, path, query, version and signed headers', async () => {
    await sdk().describeRefreshTaskById(new DescribeRefreshTaskByIdRequest({ taskId: '11,12' }));
    const lookup = new DcdnClient({ api: ours(), product: CDN });
    await lookup.describeTasks(['11', '12']);
    const [fromSdk, fromUs] = server.requests as [SeenRequest, SeenRequest];
    expect(shape(fromUs)).toEqual(shape(fromSdk));
    expect(shape(fromUs)).toMatchObject({
      method: 'POST',
      path: '/',
      query: { TaskId: '11,12' },
      body: {},
      action: 'DescribeRefreshTaskById',
      version: '2018-05-10'
    });
    expectValidSignature(fromSdk);
    expectValidSignature(fromUs);
  });

  test('RefreshObjectCaches: the paths in the signed form body, as the SDK sends them', async () => {
    const paths = 'https://cdn.example.com/a.png\nhttps://cdn.example.com/b (1).css';
    await sdk().refreshObjectCaches(
      new RefreshObjectCachesRequest({ objectPath: paths, objectType: 'File', force: false })
    );
    await ours().call(
      productRequest(CDN, 'refresh', { Force: 'false', ObjectPath: paths, ObjectType: 'File' }),
      { read: ({ body }) => body.RefreshTaskId }
    );
    const [fromSdk, fromUs] = server.requests as [SeenRequest, SeenRequest];
    expect(shape(fromUs)).toEqual(shape(fromSdk));
    // Both encode the form; we also escape !'()* (RFC 3986), which decodes to the same paths.
    expect(shape(fromUs).body.ObjectPath).toBe(paths);
    expect(fromUs.headers['x-acs-content-sha256']).toBe(
      createHash('sha256').update(fromUs.body).digest('hex')
    );
    expect(shape(fromUs).signedHeaders).toContain('content-type');
    expectValidSignature(fromSdk);
    expectValidSignature(fromUs);
  });

  test('DescribeRefreshQuota: no parameters, the same shape', async () => {
    await sdk().describeRefreshQuota(new DescribeRefreshQuotaRequest({}));
    await ours().call(productRequest(CDN, 'quota', {}), { read: ({ body }) => body.UrlRemain });
    const [fromSdk, fromUs] = server.requests as [SeenRequest, SeenRequest];
    expect(shape(fromUs)).toEqual(shape(fromSdk));
  });
});

describe('the products differ only in their data', () => {
  test.each([
    ['DCDN', DCDN, 'DescribeDcdnRefreshTaskById', '2018-01-15'],
    ['CDN', CDN, 'DescribeRefreshTaskById', '2018-05-10']
  ])('%s lookups name their own action and version', async (_name, product, action, version) => {
    await new DcdnClient({ api: ours(), product }).describeTasks(['1']);
    expect(server.requests[0]?.headers['x-acs-action']).toBe(action);
    expect(server.requests[0]?.headers['x-acs-version']).toBe(version);
  });

  test('their own prefetch ID field, ignore-params type and regex limit', () => {
    expect([DCDN.preloadIdField, CDN.preloadIdField]).toEqual(['PreloadTaskId', 'PushTaskId']);
    expect([DCDN.objectTypes.IgnoreParams, CDN.objectTypes.IgnoreParams]).toEqual([
      'IgnoreParams',
      'ExQuery'
    ]);
    expect(CDN.limits.refreshPerCall.Regex).toBe(1);
    expect(productRequest(CDN, 'preload', { ObjectPath: 'x' })).toEqual({
      action: 'PushObjectCache',
      version: '2018-05-10',
      placement: 'body',
      params: { ObjectPath: 'x' }
    });
  });
});
