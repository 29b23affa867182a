// The two Alibaba Cloud products this action speaks, as data: adding an operation or a product is
// an entry here (and its tests), not new code. Facts: the vendor's API reference and the official
// SDK models (@alicloud/dcdn20180115, @alicloud/cdn20180510).

import type { OpenApiRequest, Placement } from './request.ts';

/** The operations the action uses, by role. */
export type Operation = 'describeTasks' | 'refresh' | 'preload' | 'quota';

interface OperationSpec {
  action: string;
  placement: Placement;
}

/** The refresh kinds of the `refresh-type` input, in this action's own names. */
export type RefreshKind = 'File' | 'Directory' | 'Regex' | 'IgnoreParams';

export interface Product {
  name: 'DCDN' | 'CDN';
  /** The `product` input's value. */
  input: 'dcdn' | 'cdn';
  /** The product's own endpoint host. */
  host: string;
  version: string;
  /** The RAM action prefix: "dcdn:RefreshDcdnObjectCaches". */
  ramService: string;
  operations: Record<Operation, OperationSpec>;
  /** The submission answer's field of prefetch task IDs. */
  preloadIdField: 'PreloadTaskId' | 'PushTaskId';
  /** ObjectType values the refresh call takes, per kind (the ignore-params type differs). */
  objectTypes: Record<RefreshKind, string>;
  limits: {
    /** Task IDs per by-ID lookup. */
    idsPerLookup: number;
    /** Paths per refresh call, per kind. */
    refreshPerCall: Record<RefreshKind, number>;
    prefetchPerCall: number;
    domainsPerCall: number;
  };
}

/**
 * Every operation is a POST to "/". The lookups keep their one short parameter in the query, as
 * the SDKs send them; the submissions carry up to 1,000 paths (about 100 KB), so they go in the
 * signed form body, which the gateway accepts for them (the CDN SDK does so for refreshes).
 */
export const DCDN: Product = {
  name: 'DCDN',
  input: 'dcdn',
  host: 'dcdn.aliyuncs.com',
  version: '2018-01-15',
  ramService: 'dcdn',
  operations: {
    describeTasks: { action: 'DescribeDcdnRefreshTaskById', placement: 'query' },
    refresh: { action: 'RefreshDcdnObjectCaches', placement: 'body' },
    preload: { action: 'PreloadDcdnObjectCaches', placement: 'body' },
    quota: { action: 'DescribeDcdnRefreshQuota', placement: 'query' }
  },
  preloadIdField: 'PreloadTaskId',
  objectTypes: {
    File: 'File',
    Directory: 'Directory',
    Regex: 'Regex',
    IgnoreParams: 'IgnoreParams'
  },
  limits: {
    idsPerLookup: 10,
    refreshPerCall: { File: 1000, Directory: 100, Regex: 100, IgnoreParams: 1000 },
    prefetchPerCall: 100,
    domainsPerCall: 10
  }
};

export const CDN: Product = {
  name: 'CDN',
  input: 'cdn',
  host: 'cdn.aliyuncs.com',
  version: '2018-05-10',
  ramService: 'cdn',
  operations: {
    describeTasks: { action: 'DescribeRefreshTaskById', placement: 'query' },
    refresh: { action: 'RefreshObjectCaches', placement: 'body' },
    preload: { action: 'PushObjectCache', placement: 'body' },
    quota: { action: 'DescribeRefreshQuota', placement: 'query' }
  },
  preloadIdField: 'PushTaskId',
  objectTypes: { File: 'File', Directory: 'Directory', Regex: 'Regex', IgnoreParams: 'ExQuery' },
  limits: {
    idsPerLookup: 10,
    // CDN takes one regular expression per call.
    refreshPerCall: { File: 1000, Directory: 100, Regex: 1, IgnoreParams: 1000 },
    prefetchPerCall: 100,
    domainsPerCall: 10
  }
};

/** The product whose own endpoint `host` is, if any (cdn.ap-southeast-1.aliyuncs.com is CDN's). */
export function productOfHost(host: string): Product | undefined {
  const name = host.toLowerCase();
  if (name === DCDN.host || /^dcdn(\.[a-z0-9-]+)?\.aliyuncs\.com$/.test(name)) return DCDN;
  if (name === CDN.host || /^cdn(\.[a-z0-9-]+)?\.aliyuncs\.com$/.test(name)) return CDN;
  return undefined;
}

/** "dcdn:RefreshDcdnObjectCaches": what a RAM policy must allow for this operation. */
export function ramAction(product: Product, operation: Operation): string {
  return `${product.ramService}:${product.operations[operation].action}`;
}

/** The request of one operation of a product, built from the data above. */
export function productRequest(
  product: Product,
  operation: Operation,
  params: Record<string, string>
): OpenApiRequest {
  const { action, placement } = product.operations[operation];
  return { action, version: product.version, params, placement };
}
