// The two products one emulator serves, told apart by API version (x-acs-version / Version), and
// every number in which they differ. Data only: the logic lives in submit.ts, quota.ts and api.ts.

export type Product = 'dcdn' | 'cdn';

/** What an action does; the same four exist in both products under different names. */
type Operation = 'describe' | 'refresh' | 'preload' | 'quota';

/** ObjectType as the by-ID lookup shows it. */
export type ObjectKind = 'file' | 'directory' | 'regex' | 'ignoreParams' | 'exquery' | 'preload';

export interface ProductSpec {
  product: Product;
  version: string;
  /** HostId of error bodies. */
  hostId: string;
  actions: Readonly<Record<string, Operation>>;
  /** ObjectType values the refresh action accepts (exact case), and what the lookup shows. */
  refreshTypes: Readonly<Record<string, ObjectKind>>;
  /** Field of the prefetch answer that carries the task IDs. */
  preloadAnswerField: 'PreloadTaskId' | 'PushTaskId';
  /** Most paths of one kind in one call. */
  perCall: Readonly<Record<ObjectKind, number>>;
  /** Code for a prefetch call over perCall.preload. */
  preloadOverLimitCode: 'InvalidObjectPath.ExceedsMaximum' | 'SingleRequest.OverLimit';
  /** URL tasks of one domain in one second share an ID, up to this many paths per ID. */
  mergeBatch: { file: number; preload: number };
  /** The quota API also reports PreloadEdgeQuota/PreloadEdgeRemain. */
  preloadEdgeQuota: boolean;
}

const DCDN: ProductSpec = {
  product: 'dcdn',
  version: '2018-01-15',
  hostId: 'dcdn.aliyuncs.com',
  actions: {
    DescribeDcdnRefreshTaskById: 'describe',
    RefreshDcdnObjectCaches: 'refresh',
    PreloadDcdnObjectCaches: 'preload',
    DescribeDcdnRefreshQuota: 'quota'
  },
  refreshTypes: {
    File: 'file',
    Directory: 'directory',
    Regex: 'regex',
    IgnoreParams: 'ignoreParams'
  },
  preloadAnswerField: 'PreloadTaskId',
  // Regex per call is not documented for DCDN: it shares the directory limit here.
  perCall: {
    file: 1000,
    directory: 100,
    regex: 100,
    ignoreParams: 1000,
    exquery: 1000,
    preload: 100
  },
  preloadOverLimitCode: 'InvalidObjectPath.ExceedsMaximum',
  // Refresh batch size is documented for CDN only (2,000); DCDN is given the same.
  mergeBatch: { file: 2000, preload: 500 },
  preloadEdgeQuota: false
};

const CDN: ProductSpec = {
  product: 'cdn',
  version: '2018-05-10',
  hostId: 'cdn.aliyuncs.com',
  actions: {
    DescribeRefreshTaskById: 'describe',
    RefreshObjectCaches: 'refresh',
    PushObjectCache: 'preload',
    DescribeRefreshQuota: 'quota'
  },
  refreshTypes: { File: 'file', Directory: 'directory', Regex: 'regex', ExQuery: 'exquery' },
  preloadAnswerField: 'PushTaskId',
  perCall: {
    file: 1000,
    directory: 100,
    regex: 1,
    ignoreParams: 1000,
    exquery: 1000,
    preload: 100
  },
  preloadOverLimitCode: 'SingleRequest.OverLimit',
  mergeBatch: { file: 2000, preload: 500 },
  preloadEdgeQuota: true
};

export const PRODUCTS: Readonly<Record<Product, ProductSpec>> = { dcdn: DCDN, cdn: CDN };

/**
 * Per account and action, on top of the account's shared calls per second. CDN documents 50/s for
 * its submissions, above the shared 30/s, so they need no entry unless the shared limit is raised.
 */
export const DEFAULT_ACTION_RATE_LIMITS: Readonly<Record<string, number>> = {
  PreloadDcdnObjectCaches: 15,
  DescribeDcdnRefreshQuota: 20
};

export function productOfVersion(version: string): ProductSpec | undefined {
  return Object.values(PRODUCTS).find((p) => p.version === version);
}

export interface Api {
  spec: ProductSpec;
  action: string;
  operation: Operation;
}

/** The API a request names, or undefined (InvalidApi.NotFound): GET or POST, action of its version. */
export function findApi(method: string, action: string, version: string): Api | undefined {
  if (method !== 'GET' && method !== 'POST') return undefined;
  const spec = productOfVersion(version);
  const operation = spec && Object.hasOwn(spec.actions, action) ? spec.actions[action] : undefined;
  return spec && operation ? { spec, action, operation } : undefined;
}
