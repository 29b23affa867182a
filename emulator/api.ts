// The by-ID lookup both products share: DescribeDcdnRefreshTaskById (DCDN 2018-01-15) and
// DescribeRefreshTaskById (CDN 2018-05-10), same request, same answer.
import { ApiError, jsonAnswer, type Answer } from './errors.ts';
import type { Product } from './products.ts';
import type { TaskStore } from './tasks.ts';
import { taskViewAt } from './timeline.ts';
import type { TaskView } from './types.ts';

const MAX_TASK_IDS = 10;

/** Who is asking: a product's lookup lists that product's tasks the account may see. */
export interface Viewer {
  product: Product;
  account: string;
}

/**
 * Validates TaskId (count before format, empty items count as malformed) and lists the known,
 * visible tasks, one row per path (a merged ID has several), newest first (as a database listing
 * would), not in request order: clients must match answers by TaskId. TotalCount counts rows.
 */
export function describeRefreshTasks(
  taskId: string | undefined,
  tasks: TaskStore,
  viewer: Viewer,
  now: number,
  requestId: string
): Answer {
  if (taskId === undefined || taskId === '') throw new ApiError('InvalidParameters');
  const ids = taskId.split(',');
  if (ids.length > MAX_TASK_IDS) throw new ApiError('InvalidTaskId');
  if (ids.some((id) => !/^\d+$/.test(id))) throw new ApiError('InvalidTaskId.Malformed');
  const views: TaskView[] = [];
  for (const id of new Set(ids)) {
    for (const row of tasks.rowsOf(id)) {
      if ((row.product ?? 'dcdn') !== viewer.product) continue;
      if (row.account !== undefined && row.account !== viewer.account) continue;
      const view = taskViewAt(row, now);
      if (view) views.push(view);
    }
  }
  // Stable: rows of one ID created together keep the order of their paths.
  views.sort((a, b) =>
    a.CreationTime === b.CreationTime
      ? compareIds(b.TaskId, a.TaskId)
      : a.CreationTime < b.CreationTime
        ? 1
        : -1
  );
  return jsonAnswer(
    200,
    { TotalCount: views.length, RequestId: requestId, Tasks: views },
    requestId
  );
}

/** Numeric order for digit strings of any length. */
function compareIds(a: string, b: string): number {
  return a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
}
