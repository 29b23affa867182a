// Refresh and prefetch submissions of both products: every check in a fixed order, then (only if
// all pass) tasks, quota and records at once. Nothing of a rejected call is kept.
import { ApiError, jsonAnswer, type Answer } from './errors.ts';
import {
  MAX_DOMAINS_PER_CALL,
  domainListed,
  isWildcardDomain,
  parseObjectPath,
  splitObjectPath,
  type ObjectPathEntry
} from './paths.ts';
import type { ObjectKind, ProductSpec } from './products.ts';
import { quotaKindOf, type MinuteWindow, type QuotaLedger } from './quota.ts';
import { firstParam } from './request.ts';
import type { Pair } from './signature.ts';
import type { TaskStore } from './tasks.ts';
import type { SubmissionRecord, SubmittedPath, TaskTimeline } from './types.ts';

export interface SubmitRequest {
  spec: ProductSpec;
  action: string;
  operation: 'refresh' | 'preload';
  params: readonly Pair[];
  account: string;
  now: number;
  requestId: string;
}

export interface SubmitterOptions {
  tasks: TaskStore;
  quotas: QuotaLedger;
  minute: MinuteWindow;
  refreshUrlsPerDomainPerMinute: number;
  domains?: readonly string[] | undefined;
  offlineDomains?: readonly string[] | undefined;
  timelineOf: (p: SubmittedPath) => TaskTimeline;
  record: (s: SubmissionRecord) => void;
}

function booleanParam(params: readonly Pair[], name: string): boolean | undefined {
  const value = firstParam(params, name);
  if (value === undefined || value === '') return undefined;
  if (/^true$/i.test(value)) return true;
  if (/^false$/i.test(value)) return false;
  throw new ApiError('InvalidParameters', `${name} must be true or false.`);
}

function areaParam(params: readonly Pair[]): string | undefined {
  const value = firstParam(params, 'Area');
  if (value === undefined || value === '') return undefined;
  if (value === 'domestic' || value === 'overseas') return value;
  throw new ApiError('InvalidParameters', 'Area must be domestic or overseas.');
}

function checkWithHeader(params: readonly Pair[]): void {
  const value = firstParam(params, 'WithHeader');
  if (value === undefined || value === '') return;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    parsed = undefined;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new ApiError('InvalidParameters', 'WithHeader must be a JSON object.');
  }
}

function objectKind(spec: ProductSpec, params: readonly Pair[]): ObjectKind {
  const value = firstParam(params, 'ObjectType');
  if (value === undefined || value === '') return 'file';
  const kind = Object.hasOwn(spec.refreshTypes, value) ? spec.refreshTypes[value] : undefined;
  if (!kind) {
    const allowed = Object.keys(spec.refreshTypes).join(', ');
    throw new ApiError('InvalidObjectType.Malformed', `ObjectType must be one of ${allowed}.`);
  }
  return kind;
}

/** Path format, then wildcards, then the number of domains; returns the parsed entries. */
function parseEntries(entries: readonly string[], kind: ObjectKind): ObjectPathEntry[] {
  const parsed = entries.map((entry, i) => {
    const p = parseObjectPath(entry, kind);
    if (!p) {
      const why = kind === 'directory' ? ' (a directory ends with /)' : '';
      throw new ApiError('InvalidObjectPath.Malformed', `Entry ${i + 1} is not a URL${why}.`);
    }
    return p;
  });
  if (parsed.some((p) => isWildcardDomain(p.domain))) {
    throw new ApiError('InvalidExtensiveDomain.ValueNotSupported');
  }
  const domains = new Set(parsed.map((p) => p.domain));
  if (domains.size > MAX_DOMAINS_PER_CALL) {
    throw new ApiError(
      'SingleRequest.OverLimit',
      `At most ${MAX_DOMAINS_PER_CALL} domains per request, got ${domains.size}.`
    );
  }
  return parsed;
}

/** Counts per domain, in order of first appearance. */
function countByDomain(parsed: readonly ObjectPathEntry[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const p of parsed) counts.set(p.domain, (counts.get(p.domain) ?? 0) + 1);
  return counts;
}

export function createSubmitter(o: SubmitterOptions): { submit(req: SubmitRequest): Answer } {
  function checkDomain(domain: string): void {
    if (o.offlineDomains && domainListed(domain, o.offlineDomains)) {
      throw new ApiError('InvalidDomain.Offline', `Domain ${domain}.`);
    }
    if (o.domains && !domainListed(domain, o.domains)) {
      throw new ApiError('InvalidDomain.NotFound', `Domain ${domain}.`);
    }
  }

  function submit(req: SubmitRequest): Answer {
    const { spec, params, account, now } = req;
    const preload = req.operation === 'preload';
    const kind: ObjectKind = preload ? 'preload' : objectKind(spec, params);
    const force = preload ? undefined : booleanParam(params, 'Force');
    const l2Preload = preload ? booleanParam(params, 'L2Preload') : undefined;
    const area = preload ? areaParam(params) : undefined;
    if (preload) {
      booleanParam(params, 'QueryHashkey');
      checkWithHeader(params);
    }

    const raw = firstParam(params, 'ObjectPath');
    const entries = raw === undefined ? [] : splitObjectPath(raw);
    if (entries.length === 0) throw new ApiError('MissingObjectPath');
    const max = spec.perCall[kind];
    if (entries.length > max) {
      const code = preload ? spec.preloadOverLimitCode : 'SingleRequest.OverLimit';
      throw new ApiError(code, `At most ${max} of ObjectType ${kind} per request.`);
    }
    const parsed = parseEntries(entries, kind);
    const perDomain = countByDomain(parsed);
    for (const domain of perDomain.keys()) checkDomain(domain);

    const quotaKind = quotaKindOf(kind);
    const remain = o.quotas.remaining(spec.product, account, quotaKind, now);
    if (parsed.length > remain) {
      throw new ApiError(
        preload ? 'QuotaExceeded.Preload' : 'QuotaExceeded.Refresh',
        `${remain} left today, ${parsed.length} asked.`
      );
    }
    const minuteKey = (domain: string) => `${spec.product}\n${account}\n${domain}`;
    if (kind === 'file') {
      for (const [domain, count] of perDomain) {
        if (o.minute.used(minuteKey(domain), now) + count > o.refreshUrlsPerDomainPerMinute) {
          throw new ApiError('QuotaPerMinuteExceeded.Refresh', `Domain ${domain}.`);
        }
      }
    }

    // Everything passed: create the tasks and spend the quota.
    const ids = new Set<string>();
    const mergeable = kind === 'file' || kind === 'preload';
    const batch = preload ? spec.mergeBatch.preload : spec.mergeBatch.file;
    for (const p of parsed) {
      const id = mergeable
        ? o.tasks.mergedId(`${spec.product}\n${account}\n${kind}\n${p.domain}`, now, batch)
        : o.tasks.newId();
      ids.add(id);
      const about: SubmittedPath = {
        path: p.path,
        kind,
        product: spec.product,
        action: req.action
      };
      o.tasks.append({
        ...o.timelineOf(about),
        id,
        path: p.path,
        type: kind,
        createdAt: now,
        product: spec.product,
        account
      });
    }
    o.quotas.spend(spec.product, account, quotaKind, parsed.length, now);
    if (kind === 'file') for (const [d, count] of perDomain) o.minute.add(minuteKey(d), count, now);

    const taskIds = [...ids];
    const record: SubmissionRecord = {
      at: now,
      requestId: req.requestId,
      action: req.action,
      product: spec.product,
      account,
      kind,
      paths: parsed.map((p) => p.path),
      taskIds
    };
    if (force !== undefined) record.force = force;
    if (l2Preload !== undefined) record.l2Preload = l2Preload;
    if (area !== undefined) record.area = area;
    o.record(record);

    const field = preload ? spec.preloadAnswerField : 'RefreshTaskId';
    return jsonAnswer(200, { RequestId: req.requestId, [field]: taskIds.join(',') }, req.requestId);
  }

  return { submit };
}
