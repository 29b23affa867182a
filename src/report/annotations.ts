// Error annotations for failed tasks: GitHub shows 10 per step, and the step's own failure is one
// of them, so name the first failed paths, then one line for the rest.

import type { ActionIO } from '../runtime/io.ts';
import { oneLine } from '../shared/text.ts';
import { statusKind } from '../wait/status.ts';
import type { TaskResult } from '../wait/task.ts';
import { detail } from './words.ts';

const MAX_TASK_ANNOTATIONS = 8;

export function annotateFailures(
  io: Pick<ActionIO, 'error'>,
  failed: readonly TaskResult[],
  product = 'DCDN'
): void {
  for (const result of failed.slice(0, MAX_TASK_ANNOTATIONS)) {
    io.error(
      `${oneLine(result.ObjectPath || 'unknown path', 300)}: ${oneLine(detail(result), 300)}`,
      `${product} task ${oneLine(result.TaskId, 40)} ${statusKind(result.Status) === 'failed' ? 'failed' : 'not found'}`
    );
  }
  const more = failed.length - MAX_TASK_ANNOTATIONS;
  if (more > 0) {
    const tasks = more === 1 ? 'task' : 'tasks';
    io.error(
      `${more} more ${tasks} failed; the job summary and the failed-task-ids output list them all.`,
      `${more} more ${product} ${tasks} failed`
    );
  }
}
