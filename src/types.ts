// Shapes shared across modules. Field names follow the DCDN API so results can be echoed as-is.

/** One task as DescribeDcdnRefreshTaskById returns it. */
export interface Task {
  TaskId: string;
  /** Complete | Failed | Pending | Refreshing, or any other value the API invents later. */
  Status: string;
  /** Progress such as "40%". */
  Process: string;
  ObjectType: string;
  ObjectPath: string;
  CreationTime: string;
  Description: string;
}

/** What the action reports per input ID. Status may also be "NotFound" (never seen). */
export type TaskResult = Task;

export interface DescribeResult {
  tasks: Task[];
  requestId: string;
}

/** The one API call the poller needs; the real client and test fakes both implement it. */
export interface TaskApi {
  describeTasks(ids: readonly string[]): Promise<DescribeResult>;
}

/** Milliseconds since the epoch (or any fixed origin), injectable for tests. */
export type Clock = () => number;

/** Resolves after `ms`; tests pass a fake that advances a fake clock. */
export type Sleep = (ms: number) => Promise<void>;

/** Returns a number in [0, 1); injectable so jitter is deterministic in tests. */
export type Random = () => number;

export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['Complete', 'Failed']);
export const NOT_FOUND = 'NotFound';
