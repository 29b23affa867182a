// The daily quota, asked once before anything is submitted: if any kind needs more than what
// remains today, nothing is submitted at all (never half a deploy's refreshes).

import { text } from '../alibaba/answer.ts';
import type { OpenApiClient } from '../alibaba/openapi.ts';
import { productRequest, ramAction } from '../alibaba/products.ts';
import type { Product, RefreshKind } from '../alibaba/products.ts';
import { ApiError } from '../shared/errors.ts';
import { formatCount } from '../shared/plural.ts';
import { oneLine } from '../shared/text.ts';
import type { Batch } from './batches.ts';

type Kind = RefreshKind | 'Prefetch';

/** The answer's field prefix (UrlRemain, DirQuota, ...) and the words for its units, per kind. */
const QUOTA: Record<Kind, { field: string; unit: string; one: string }> = {
  File: { field: 'Url', unit: 'URL refreshes', one: 'URL refresh' },
  Directory: { field: 'Dir', unit: 'directory refreshes', one: 'directory refresh' },
  Regex: {
    field: 'Regex',
    unit: 'regular-expression refreshes',
    one: 'regular-expression refresh'
  },
  IgnoreParams: {
    field: 'IgnoreParams',
    unit: 'ignore-parameters refreshes',
    one: 'ignore-parameters refresh'
  },
  Prefetch: { field: 'Preload', unit: 'prefetches', one: 'prefetch' }
};

export interface Need {
  kind: Kind;
  inputs: string[];
  count: number;
}

/** What will remain of a kind's daily quota once this run's submissions are in. */
export interface QuotaLeft {
  kind: Kind;
  remain: number;
  quota: number;
}

export interface QuotaLog {
  info(message: string): void;
  warning(message: string): void;
}

/** What the batches spend, per kind, in the order the kinds first appear. */
export function needs(batches: readonly Batch[]): Need[] {
  const byKind = new Map<Kind, Need>();
  for (const batch of batches) {
    const kind = batch.kind ?? 'Prefetch';
    const need = byKind.get(kind) ?? { kind, inputs: [], count: 0 };
    need.count += batch.paths.length;
    for (const input of batch.inputs) if (!need.inputs.includes(input)) need.inputs.push(input);
    byKind.set(kind, need);
  }
  return [...byKind.values()];
}

export async function checkQuota(
  api: OpenApiClient,
  product: Product,
  batches: readonly Batch[],
  log: QuotaLog
): Promise<QuotaLeft[]> {
  const wanted = needs(batches);
  if (wanted.length === 0) return [];
  const { body, requestId } = await api.call(productRequest(product, 'quota', {}), {
    ramAction: ramAction(product, 'quota'),
    read: (answer) => answer
  });
  const seen: string[] = [];
  const left: QuotaLeft[] = [];
  const short: { kind: Kind; line: string }[] = [];
  for (const need of wanted) {
    const { field, unit, one } = QUOTA[need.kind];
    const remain = count(body[`${field}Remain`]);
    const quota = count(body[`${field}Quota`]);
    if (remain === undefined) {
      log.warning(
        `The ${product.name} quota answer has no ${field}Remain: ${unit} were not checked against the daily quota.`
      );
      continue;
    }
    const ofQuota = quota === undefined ? '' : ` of ${formatCount(quota)}`;
    const line = `${need.inputs.join(' and ')} needs ${formatCount(need.count)} ${need.count === 1 ? one : unit}; ${formatCount(remain)}${ofQuota} remain today`;
    seen.push(line);
    if (need.count > remain) short.push({ kind: need.kind, line });
    else if (quota !== undefined)
      left.push({ kind: need.kind, remain: remain - need.count, quota });
  }
  if (short.length > 0) {
    // The code the submission would have met, so the hint and the comment read the same.
    const refreshShort = short.some((entry) => entry.kind !== 'Prefetch');
    throw new ApiError(`${short.map((entry) => entry.line).join('; ')}. Nothing was submitted.`, {
      service: product.name,
      code: refreshShort ? 'QuotaExceeded.Refresh' : 'QuotaExceeded.Preload',
      requestId,
      httpStatus: 0,
      hint: 'wait until the daily quota resets, submit fewer paths (a directory instead of its files), or ask Alibaba Cloud to raise the quota.'
    });
  }
  if (seen.length) log.info(`Quota checked: ${seen.join('; ')}.`);
  return left;
}

/** The quota fields are strings of digits; anything else is unknown. */
function count(value: unknown): number | undefined {
  const digits = oneLine(text(value), 20);
  return /^\d+$/.test(digits) ? Number(digits) : undefined;
}
