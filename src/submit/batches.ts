// Splits what to submit into calls within the product's per-call limits: refreshes of one kind
// (1,000 URLs, 100 directories, CDN's one regular expression), prefetches (100 URLs), and at most
// 10 domains per call. Order is kept: refreshes first, then prefetches, each in input order.

import type { Operation, Product, RefreshKind } from '../alibaba/products.ts';
import { domainOf } from '../inputs/paths.ts';
import type { Submission } from '../inputs/submission.ts';

export interface Batch {
  operation: Extract<Operation, 'refresh' | 'preload'>;
  /** The refresh kind; undefined for a prefetch. */
  kind: RefreshKind | undefined;
  /** The inputs the paths came from, for messages. */
  inputs: string[];
  paths: string[];
  /** The call's parameters, as the product names them. */
  params: Record<string, string>;
}

export function planBatches(submission: Submission, product: Product): Batch[] {
  const { limits } = product;
  const batches: Batch[] = [];
  for (const list of submission.refreshes) {
    for (const paths of split(
      list.paths,
      limits.refreshPerCall[list.kind],
      limits.domainsPerCall
    )) {
      const params: Record<string, string> = {
        ObjectPath: paths.join('\n'),
        ObjectType: product.objectTypes[list.kind]
      };
      // Force means nothing for a File refresh.
      if (submission.force && list.kind !== 'File') params.Force = 'true';
      batches.push({ operation: 'refresh', kind: list.kind, inputs: list.inputs, paths, params });
    }
  }
  const { prefetch } = submission;
  for (const paths of split(prefetch.paths, limits.prefetchPerCall, limits.domainsPerCall)) {
    const params: Record<string, string> = { ObjectPath: paths.join('\n') };
    if (prefetch.area) params.Area = prefetch.area;
    if (prefetch.l2) params.L2Preload = 'true';
    batches.push({
      operation: 'preload',
      kind: undefined,
      inputs: ['prefetch-paths'],
      paths,
      params
    });
  }
  return batches;
}

/** Consecutive runs of at most `size` paths that span at most `domains` domains. */
function split(paths: readonly string[], size: number, domains: number): string[][] {
  const out: string[][] = [];
  let current: string[] = [];
  let seen = new Set<string>();
  for (const path of paths) {
    const domain = domainOf(path);
    const full = current.length >= size || (!seen.has(domain) && seen.size >= domains);
    if (full) {
      out.push(current);
      current = [];
      seen = new Set();
    }
    current.push(path);
    seen.add(domain);
  }
  if (current.length) out.push(current);
  return out;
}
