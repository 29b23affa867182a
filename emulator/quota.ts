// Daily quotas per account and product, and the per-domain minute limit of URL refreshes, both on
// the emulator's `now` clock. Spending is all or nothing: a call that does not fit spends nothing.
import type { ObjectKind, Product, ProductSpec } from './products.ts';

export type QuotaKind =
  'url' | 'dir' | 'preload' | 'regex' | 'ignoreParams' | 'block' | 'preloadEdge';
export type QuotaLimits = Record<QuotaKind, number>;

/** The vendor's defaults; regex 20 is CDN's figure, block and preloadEdge are not documented. */
export const DEFAULT_QUOTAS: Readonly<QuotaLimits> = {
  url: 10_000,
  dir: 100,
  preload: 1000,
  regex: 20,
  ignoreParams: 10_000,
  block: 100,
  preloadEdge: 1000
};

/** The vendor does not say when its day starts; here at midnight in Beijing (UTC+8). */
const QUOTA_DAY_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const MINUTE_MS = 60_000;

export function quotaKindOf(kind: ObjectKind): QuotaKind {
  switch (kind) {
    case 'file':
      return 'url';
    case 'directory':
      return 'dir';
    case 'regex':
      return 'regex';
    case 'ignoreParams':
    case 'exquery':
      return 'ignoreParams';
    case 'preload':
      return 'preload';
  }
}

function dayOf(now: number): number {
  return Math.floor((now + QUOTA_DAY_OFFSET_MS) / DAY_MS);
}

export interface QuotaLedger {
  remaining(product: Product, account: string, kind: QuotaKind, now: number): number;
  spend(product: Product, account: string, kind: QuotaKind, count: number, now: number): void;
  /** The quota API's answer fields: every value a decimal string, as the vendor sends them. */
  answer(spec: ProductSpec, account: string, now: number): Record<string, string>;
}

export function createQuotaLedger(limits: Partial<QuotaLimits> = {}): QuotaLedger {
  const quota: QuotaLimits = { ...DEFAULT_QUOTAS, ...limits };
  const used = new Map<string, { day: number; counts: Partial<Record<QuotaKind, number>> }>();

  function usage(product: Product, account: string, now: number) {
    const key = `${product}\n${account}`;
    const day = dayOf(now);
    let entry = used.get(key);
    if (!entry || entry.day !== day) {
      entry = { day, counts: {} };
      used.set(key, entry);
    }
    return entry.counts;
  }

  function remaining(product: Product, account: string, kind: QuotaKind, now: number): number {
    return Math.max(0, quota[kind] - (usage(product, account, now)[kind] ?? 0));
  }

  return {
    remaining,
    spend(product, account, kind, count, now) {
      const counts = usage(product, account, now);
      counts[kind] = (counts[kind] ?? 0) + count;
    },
    answer(spec, account, now) {
      const fields: [string, QuotaKind][] = [
        ['Url', 'url'],
        ['Dir', 'dir'],
        ['Preload', 'preload'],
        ['Regex', 'regex'],
        ['IgnoreParams', 'ignoreParams'],
        ['Block', 'block']
      ];
      if (spec.preloadEdgeQuota) fields.push(['PreloadEdge', 'preloadEdge']);
      const out: Record<string, string> = {};
      for (const [name, kind] of fields) {
        out[`${name}Quota`] = String(quota[kind]);
        out[`${name}Remain`] = String(remaining(spec.product, account, kind, now));
      }
      return out;
    }
  };
}

/** URLs refreshed per key (product, account, domain) within the last minute, sliding. */
export interface MinuteWindow {
  used(key: string, now: number): number;
  add(key: string, count: number, now: number): void;
}

export function createMinuteWindow(): MinuteWindow {
  const windows = new Map<string, { at: number; count: number }[]>();
  function live(key: string, now: number) {
    const list = windows.get(key) ?? [];
    while (list.length > 0 && (list[0]?.at ?? now) <= now - MINUTE_MS) list.shift();
    windows.set(key, list);
    return list;
  }
  return {
    used: (key, now) => live(key, now).reduce((sum, e) => sum + e.count, 0),
    add: (key, count, now) => {
      live(key, now).push({ at: now, count });
    }
  };
}
