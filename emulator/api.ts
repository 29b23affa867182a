// The one API the emulator serves: DescribeDcdnRefreshTaskById (2018-01-15).
import { ApiError, jsonAnswer, type Answer } from './errors.ts';
import { taskViewAt, type ScheduledTask } from './timeline.ts';
import type { TaskView } from './types.ts';

export const ACTION = 'DescribeDcdnRefreshTaskById';
export const VERSION = '2018-01-15';
export const MAX_TASK_IDS = 10;

export function isKnownApi(method: string, action: string, version: string): boolean {
  return (method === 'GET' || method === 'POST') && action === ACTION && version === VERSION;
}

/**
 * Validates TaskId (count before format, empty items count as malformed) and lists the known,
 * visible tasks once each, newest first (as a database listing would), not in request order:
 * clients must match answers by TaskId.
 */
export function describeRefreshTasks(
  taskId: string | undefined,
  tasks: ReadonlyMap<string, ScheduledTask>,
  now: number,
  requestId: string
): Answer {
  if (taskId === undefined || taskId === '') throw new ApiError('InvalidParameters');
  const ids = taskId.split(',');
  if (ids.length > MAX_TASK_IDS) throw new ApiError('InvalidTaskId');
  if (ids.some((id) => !/^\d+$/.test(id))) throw new ApiError('InvalidTaskId.Malformed');
  const views: TaskView[] = [];
  for (const id of new Set(ids)) {
    const task = tasks.get(id);
    const view = task && taskViewAt(task, now);
    if (view) views.push(view);
  }
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
