// How a scripted task looks at a given instant of the emulator's clock.
import { formatAcsTimestamp } from './signature.ts';
import type { TaskScript, TaskView } from './types.ts';

const DEFAULT_PENDING_MS = 1000;
const DEFAULT_REFRESH_MS = 3000;
/** The vendor only answers for tasks created in the last 3 days. */
export const RETENTION_MS = 3 * 24 * 60 * 60 * 1000;

/** A script with its creation time fixed (the default depends on when it was registered). */
export type ScheduledTask = TaskScript & { createdAt: number };

function simpleState(
  task: ScheduledTask,
  elapsed: number
): Pick<TaskView, 'Status' | 'Process' | 'Description'> {
  const pending = task.pendingMs ?? DEFAULT_PENDING_MS;
  const refresh = task.refreshMs ?? DEFAULT_REFRESH_MS;
  if (elapsed < pending) return { Status: 'Pending', Process: '0%', Description: '' };
  if (elapsed < pending + refresh) {
    // Integer percent that never reaches 100 before the task is actually Complete.
    const pct = Math.min(99, Math.floor(((elapsed - pending) / refresh) * 100));
    return { Status: 'Refreshing', Process: `${pct}%`, Description: '' };
  }
  if (task.outcome === 'Failed') {
    // A failed task shows "0%": progress is not kept once the vendor marks it Failed.
    return { Status: 'Failed', Process: '0%', Description: task.description ?? 'Internal Error' };
  }
  return { Status: 'Complete', Process: '100%', Description: '' };
}

function scriptedState(
  task: ScheduledTask,
  elapsed: number
): Pick<TaskView, 'Status' | 'Process' | 'Description'> {
  const steps = [...(task.steps ?? [])].sort((a, b) => a.atMs - b.atMs);
  // Before the first step the task already exists, so it shows the first step.
  let current = steps[0];
  for (const step of steps) if (step.atMs <= elapsed) current = step;
  if (!current) return simpleState(task, elapsed);
  return {
    Status: current.Status,
    Process: current.Process,
    Description: current.Description ?? ''
  };
}

/** The task as the API shows it at `now`, or undefined when the API would not list it. */
export function taskViewAt(task: ScheduledTask, now: number): TaskView | undefined {
  const elapsed = now - task.createdAt;
  if (elapsed < (task.appearsAfterMs ?? 0) || elapsed < 0) return undefined;
  if (elapsed > RETENTION_MS) return undefined;
  const state = task.steps?.length ? scriptedState(task, elapsed) : simpleState(task, elapsed);
  return {
    TaskId: task.id,
    Status: state.Status,
    Process: state.Process,
    ObjectType: task.type ?? 'file',
    ObjectPath: task.path,
    CreationTime: formatAcsTimestamp(task.createdAt),
    Description: state.Description
  };
}
