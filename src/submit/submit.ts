// Submits the refreshes and prefetches: the quota first, then each batch in order through the
// shared call layer, under the submission retry policy (these APIs take no idempotency token, so
// a batch is never sent more than twice, and the log says when it may have been). A batch that
// fails stops the step, saying which batches were already submitted.

import { text } from '../alibaba/answer.ts';
import { IncompleteAnswer } from '../alibaba/openapi.ts';
import type { ApiAnswer, OpenApiClient } from '../alibaba/openapi.ts';
import { productRequest, ramAction } from '../alibaba/products.ts';
import type { Product } from '../alibaba/products.ts';
import { submissionPolicy } from '../alibaba/retry.ts';
import type { Submission } from '../inputs/submission.ts';
import { ApiError, CancelledError } from '../shared/errors.ts';
import { plural } from '../shared/plural.ts';
import { oneLine } from '../shared/text.ts';
import { planBatches } from './batches.ts';
import type { Batch } from './batches.ts';
import { checkQuota } from './quota.ts';
import type { QuotaLeft, QuotaLog } from './quota.ts';

export interface SubmitDeps {
  api: OpenApiClient;
  product: Product;
  log: QuotaLog;
  /** Told of each batch's task IDs as soon as the API gives them. */
  onSubmitted(ids: readonly string[]): void;
}

/** What was submitted, per kind (File, Directory, Regex, IgnoreParams, Prefetch), for the report. */
export interface SubmitReport {
  /** Task IDs in submission order, without repeats. */
  ids: string[];
  submitted: { kind: string; paths: number; taskIds: string[] }[];
  quotaLeft: QuotaLeft[];
}

/** Real task IDs are decimal digits; anything else in the answer is not an ID. */
const TASK_ID = /^\d{1,20}$/;

/** Submits everything, in order; each batch's IDs go to `onSubmitted` as they come. */
export async function submitAll(submission: Submission, deps: SubmitDeps): Promise<SubmitReport> {
  const { api, product, log } = deps;
  submission.notes.forEach((note) => log.info(note));
  const batches = planBatches(submission, product);
  const report: SubmitReport = { ids: [], submitted: [], quotaLeft: [] };
  if (batches.length === 0) return report;
  report.quotaLeft = await checkQuota(api, product, batches, log);
  const submitted = report.ids;
  for (const [index, batch] of batches.entries()) {
    const label = `${product.operations[batch.operation].action} batch ${index + 1} of ${batches.length} (${count(batch)} from ${batch.inputs.join(' and ')})`;
    let ids: string[];
    // The policy remarks only on a retry after an attempt the API may have carried out.
    let mayHaveGone = false;
    try {
      ids = await api.call(productRequest(product, batch.operation, batch.params), {
        retry: submissionPolicy(),
        ramAction: ramAction(product, batch.operation),
        read: (answer) => readIds(answer, idField(batch, product)),
        onLongWait: (ms, reason) =>
          log.info(
            `${label}: waiting ${Math.round(ms / 1000)} s before trying again (${oneLine(reason, 200)}).`
          ),
        onNote: (note) => {
          mayHaveGone = true;
          log.warning(`${label}: ${note}`);
        }
      });
    } catch (error) {
      // A spent budget or a cancelled job is reported as such, with what was submitted.
      if (error instanceof CancelledError) throw error;
      throw failedBatch(error as Error, { label, index, mayHaveGone }, submitted, product);
    }
    const fresh = ids.filter((id) => !submitted.includes(id));
    submitted.push(...fresh);
    deps.onSubmitted(fresh);
    tally(report, batch, ids);
    log.info(`Submitted ${label}: task ${ids.length === 1 ? 'ID' : 'IDs'} ${ids.join(',')}.`);
  }
  return report;
}

function tally(report: SubmitReport, batch: Batch, ids: readonly string[]): void {
  const kind = batch.kind ?? 'Prefetch';
  let entry = report.submitted.find((e) => e.kind === kind);
  if (!entry) report.submitted.push((entry = { kind, paths: 0, taskIds: [] }));
  entry.paths += batch.paths.length;
  for (const id of ids) if (!entry.taskIds.includes(id)) entry.taskIds.push(id);
}

function idField(batch: Batch, product: Product): string {
  return batch.operation === 'refresh' ? 'RefreshTaskId' : product.preloadIdField;
}

/** "95248880" or several, comma-separated (the API merges paths of one domain and second). */
function readIds({ body }: ApiAnswer, field: string): string[] {
  const ids = text(body[field])
    .split(',')
    .map((id) => id.trim())
    .filter((id) => id !== '');
  if (ids.length === 0 || !ids.every((id) => TASK_ID.test(id))) {
    throw new IncompleteAnswer(`answer without task IDs in ${field}`);
  }
  return [...new Set(ids)];
}

function count(batch: Batch): string {
  const n = batch.paths.length;
  const noun =
    batch.kind === undefined
      ? 'URL'
      : batch.kind === 'Directory'
        ? 'directory'
        : batch.kind === 'Regex'
          ? 'regular expression'
          : 'URL';
  return plural(n, noun, noun === 'directory' ? 'directories' : `${noun}s`);
}

/**
 * The batch's error, saying what was submitted before it (those IDs are in the outputs), and,
 * when an attempt whose answer was lost preceded it, that the batch itself may exist without IDs.
 */
function failedBatch(
  error: Error,
  { label, index, mayHaveGone }: { label: string; index: number; mayHaveGone: boolean },
  submitted: readonly string[],
  product: Product
): ApiError {
  const shown = submitted.slice(0, 10).join(',');
  const more = submitted.length > 10 ? ` and ${submitted.length - 10} more` : '';
  const earlier = index === 1 ? 'Batch 1 was' : `Batches 1-${index} were`;
  const before =
    index === 0
      ? 'No batch was submitted before it.'
      : `${earlier} submitted: task IDs ${shown}${more} (in the outputs submitted-task-ids and pending-task-ids).`;
  const api = error instanceof ApiError ? error : undefined;
  const why = oneLine(error.message, 600).replace(/([^.!?])$/, '$1.');
  const itself = mayHaveGone
    ? ' The API may have carried it out all the same (up to twice) under task IDs this step never got: check the refresh history in the console before running it again.'
    : '';
  return new ApiError(`${label} failed: ${why}${itself} ${before}`, {
    service: api?.service ?? product.name,
    code: api?.code ?? '',
    requestId: api?.requestId ?? '',
    httpStatus: api?.httpStatus ?? 0,
    hint: api?.hint,
    accessDenied: api?.accessDenied
  });
}
