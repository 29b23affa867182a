// The waiter's port to the API: the product's by-ID lookup (DescribeDcdnRefreshTaskById, or
// CDN's DescribeRefreshTaskById) over the one OpenAPI call, its answer read into task rows.

import type { DescribeResult, Task, TaskApi } from '../wait/task.ts';
import { text } from './answer.ts';
import { IncompleteAnswer, OpenApiClient } from './openapi.ts';
import type { ApiAnswer, OpenApiOptions } from './openapi.ts';
import { DCDN, productRequest, ramAction } from './products.ts';
import type { Product } from './products.ts';

export type ClientOptions =
  | (Omit<OpenApiOptions, 'service'> & { product?: Product })
  /** Over a client shared with other calls (submissions), so they share counters and limits. */
  | { api: OpenApiClient; product: Product };

export class DcdnClient implements TaskApi {
  readonly api: OpenApiClient;
  readonly product: Product;

  constructor(options: ClientOptions) {
    this.product = options.product ?? DCDN;
    this.api =
      'api' in options
        ? options.api
        : new OpenApiClient({ ...options, service: this.product.name });
  }

  /** HTTP requests sent, retries included. */
  get requestsSent(): number {
    return this.api.requestsSent;
  }

  /** Calls that got a successful answer: 0 means the API was never reached. */
  get answered(): number {
    return this.api.answered;
  }

  async describeTasks(ids: readonly string[]): Promise<DescribeResult> {
    const request = productRequest(this.product, 'describeTasks', { TaskId: ids.join(',') });
    return this.api.call(request, {
      ramAction: ramAction(this.product, 'describeTasks'),
      read: (answer) => readTasks(answer, ids)
    });
  }
}

function readTasks(answer: ApiAnswer, ids: readonly string[]): DescribeResult {
  const { body, requestId } = answer;
  if (!Array.isArray(body.Tasks)) throw new IncompleteAnswer('answer without a Tasks list');
  const asked = new Set(ids);
  const tasks = body.Tasks.map(toTask).filter(
    (task): task is Task => task !== undefined && asked.has(task.TaskId)
  );
  return { tasks, requestId };
}

function toTask(value: unknown): Task | undefined {
  if (value === null || typeof value !== 'object') return undefined;
  const raw = value as Record<string, unknown>;
  const TaskId = text(raw.TaskId);
  if (!TaskId) return undefined;
  return {
    TaskId,
    Status: text(raw.Status),
    Process: text(raw.Process),
    ObjectType: text(raw.ObjectType),
    ObjectPath: text(raw.ObjectPath),
    CreationTime: text(raw.CreationTime),
    Description: text(raw.Description)
  };
}
