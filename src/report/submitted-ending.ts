// The ending of a step that submits and does not wait (wait: false): every ID is pending, the
// summary and the last line say where the IDs are for a later step to wait on.

import type { Product } from '../alibaba/products.ts';
import type { StatusOutput } from './outputs.ts';
import type { TaskResult } from '../wait/task.ts';
import type { Verdict } from '../wait/verdict.ts';

export interface SubmittedEnding {
  status: StatusOutput;
  /** Every ID pending; the `status` output says submitted instead of its status. */
  verdict: Verdict;
  summary: string;
  message: string;
}

export function submittedEnding(
  product: Product,
  ids: readonly string[],
  submitted: readonly string[]
): SubmittedEnding {
  const mine = new Set(submitted);
  const results: TaskResult[] = ids.map((id) => ({
    TaskId: id,
    Status: 'Pending',
    Process: '',
    ObjectType: '',
    ObjectPath: '',
    CreationTime: '',
    Description: mine.has(id)
      ? 'submitted by this step; not waited for (wait: false)'
      : 'not checked (wait: false)'
  }));
  const n = submitted.length;
  const tasks = `${n} ${product.name} ${n === 1 ? 'task' : 'tasks'}`;
  // Task IDs are decimal digits (checked when read), so they need no escaping.
  const summary = [
    `### 📤 Submitted ${tasks}, not waiting for them`,
    '',
    `\`wait\` is false. The \`submitted-task-ids\` output has the IDs, for a later step to wait on with \`task-ids\`: ${submitted.join(', ')}.`,
    ''
  ].join('\n');
  return {
    status: 'submitted',
    verdict: {
      status: 'timed-out',
      results,
      completeIds: [],
      failedIds: [],
      pendingIds: [...ids]
    },
    summary,
    message: `Submitted ${tasks} (${submitted.join(',')}); not waiting for them (wait: false).`
  };
}
