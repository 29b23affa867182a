// A focused loopback fake of the refresh, prefetch, quota and by-ID lookup APIs of DCDN and CDN:
// it checks every V3 signature (the body hash included) with the tests' own signer, each
// product's version, action names, ObjectType values and per-call limits, spends a daily quota,
// and answers new task IDs that the lookup then reports Complete.
import { signV3Request } from '../helpers/sign-v3.ts';
import { json, startScriptedServer } from '../alibaba/scripted-server.ts';
import type { Reply, SeenRequest } from '../alibaba/scripted-server.ts';

export const KEYS = { accessKeyId: 'LTAIsubmitFake', accessKeySecret: 'submit-fake-secret' };

type Kind = 'Url' | 'Dir' | 'Regex' | 'IgnoreParams' | 'Preload';

const PRODUCTS = {
  dcdn: {
    version: '2018-01-15',
    refresh: 'RefreshDcdnObjectCaches',
    preload: 'PreloadDcdnObjectCaches',
    quota: 'DescribeDcdnRefreshQuota',
    lookup: 'DescribeDcdnRefreshTaskById',
    preloadIdField: 'PreloadTaskId',
    types: { File: 'Url', Directory: 'Dir', Regex: 'Regex', IgnoreParams: 'IgnoreParams' },
    regexPerCall: 100
  },
  cdn: {
    version: '2018-05-10',
    refresh: 'RefreshObjectCaches',
    preload: 'PushObjectCache',
    quota: 'DescribeRefreshQuota',
    lookup: 'DescribeRefreshTaskById',
    preloadIdField: 'PushTaskId',
    types: { File: 'Url', Directory: 'Dir', Regex: 'Regex', ExQuery: 'IgnoreParams' },
    regexPerCall: 1
  }
} as const;

const PER_CALL: Record<Kind, number> = {
  Url: 1000,
  Dir: 100,
  Regex: 100,
  IgnoreParams: 1000,
  Preload: 100
};

interface Call {
  action: string;
  params: Record<string, string>;
  /** The answer's Code, or 'ok'; 'fault' when a scripted fault answered instead. */
  result: string;
}

export interface FakeOptions {
  product?: 'dcdn' | 'cdn';
  /** Daily quota per kind: [quota, remain]; defaults as documented. */
  quota?: Partial<Record<Kind, [number, number]>>;
  /** A scripted answer for the nth submission call (0-based), instead of the real one. */
  fault?: (index: number, call: Call) => Reply | 'process-then-hang' | undefined;
}

export interface FakeApi {
  url: string;
  calls: Call[];
  /** Submission calls that the fake carried out, in order. */
  submissions: { action: string; paths: string[]; params: Record<string, string> }[];
  close(): Promise<void>;
}

function paramsOf(request: SeenRequest): Record<string, string> {
  const query = new URL(request.url, 'http://127.0.0.1').searchParams;
  const form = new URLSearchParams(request.body);
  return { ...Object.fromEntries(query), ...Object.fromEntries(form) };
}

function signatureOk(request: SeenRequest): boolean {
  const h = request.headers;
  const url = new URL(request.url, 'http://127.0.0.1');
  const expected = signV3Request({
    ...KEYS,
    host: h.host ?? '',
    query: Object.fromEntries(url.searchParams),
    body: request.body,
    ...(h['content-type'] ? { contentType: h['content-type'] } : {}),
    action: h['x-acs-action'] ?? '',
    version: h['x-acs-version'] ?? '',
    date: h['x-acs-date'] ?? '',
    nonce: h['x-acs-signature-nonce'] ?? ''
  });
  // The default content hash of the test signer is the hash of the body received.
  return h.authorization === expected.headers.authorization;
}

export async function startFakeApi(options: FakeOptions = {}): Promise<FakeApi> {
  const product = PRODUCTS[options.product ?? 'dcdn'];
  const quota: Record<Kind, [number, number]> = {
    Url: [10_000, 10_000],
    Dir: [100, 100],
    Regex: [20, 20],
    IgnoreParams: [10_000, 10_000],
    Preload: [1000, 1000],
    ...options.quota
  };
  const calls: Call[] = [];
  const submissions: FakeApi['submissions'] = [];
  const tasks = new Map<string, { path: string; type: string }[]>();
  let nextId = 9_000_000;
  let submissionIndex = 0;
  const error = (status: number, code: string, message = code): Reply =>
    json(status, { RequestId: 'FAKE-REQ', Code: code, Message: message });

  const submit = (call: Call, kind: Kind, objectType: string): Reply => {
    const paths = (call.params.ObjectPath ?? '').split(/\r?\n/).filter((p) => p !== '');
    const limit = kind === 'Regex' ? product.regexPerCall : PER_CALL[kind];
    const domains = new Set(paths.map((p) => p.replace(/^https?:\/\//, '').split('/')[0]));
    if (paths.length === 0) return error(400, 'InvalidObjectPath.Malformed');
    if (paths.length > limit || domains.size > 10) return error(400, 'SingleRequest.OverLimit');
    const left = quota[kind];
    if (paths.length > left[1]) {
      return error(400, kind === 'Preload' ? 'QuotaExceeded.Preload' : 'QuotaExceeded.Refresh');
    }
    left[1] -= paths.length;
    const id = String(nextId++);
    tasks.set(
      id,
      paths.map((path) => ({ path, type: objectType }))
    );
    submissions.push({ action: call.action, paths, params: call.params });
    const field = call.action === product.refresh ? 'RefreshTaskId' : product.preloadIdField;
    return json(200, { RequestId: 'FAKE-REQ', [field]: id });
  };

  const answer = (call: Call): Reply => {
    if (call.action === product.quota) {
      const body: Record<string, string> = { RequestId: 'FAKE-REQ' };
      for (const [kind, [total, remain]] of Object.entries(quota)) {
        body[`${kind}Quota`] = String(total);
        body[`${kind}Remain`] = String(remain);
      }
      return json(200, body);
    }
    if (call.action === product.lookup) {
      const ids = (call.params.TaskId ?? '').split(',');
      if (ids.length > 10) return error(400, 'InvalidTaskId');
      const rows = ids.flatMap((id) =>
        (tasks.get(id) ?? []).map((task) => ({
          TaskId: id,
          Status: 'Complete',
          Process: '100%',
          ObjectType: task.type,
          ObjectPath: task.path,
          CreationTime: '2026-01-15T08:00:00Z',
          Description: ''
        }))
      );
      return json(200, { RequestId: 'FAKE-REQ', TotalCount: rows.length, Tasks: rows });
    }
    if (call.action === product.refresh) {
      const type = call.params.ObjectType ?? 'File';
      const kind = (product.types as Record<string, Kind | undefined>)[type];
      if (!kind) return error(400, 'InvalidObjectType.Malformed');
      return submit(call, kind, type.toLowerCase());
    }
    if (call.action === product.preload) return submit(call, 'Preload', 'preload');
    return error(404, 'InvalidApi.NotFound');
  };

  const server = await startScriptedServer((request) => {
    const call: Call = {
      action: request.headers['x-acs-action'] ?? '',
      params: paramsOf(request),
      result: ''
    };
    calls.push(call);
    const reply = ((): Reply => {
      if (!signatureOk(request)) return error(400, 'SignatureDoesNotMatch');
      if (request.headers['x-acs-version'] !== product.version) {
        return error(404, 'InvalidApi.NotFound', 'wrong version for this product');
      }
      const submission = call.action === product.refresh || call.action === product.preload;
      if (submission && options.fault) {
        const fault = options.fault(submissionIndex++, call);
        if (fault === 'process-then-hang') {
          answer(call);
          return 'hang';
        }
        if (fault) return fault;
      }
      return answer(call);
    })();
    call.result =
      typeof reply === 'string' ? 'fault' : (/"Code":"([^"]+)"/.exec(reply.body)?.[1] ?? 'ok');
    return reply;
  });
  return { url: server.url, calls, submissions, close: () => server.close() };
}
