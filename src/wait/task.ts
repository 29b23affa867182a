// What the poller waits on: task rows as the by-ID lookup returns them, and the port it asks
// through. Field names follow the API so results can be echoed as they came.

/** One task row as DescribeDcdnRefreshTaskById (or CDN's DescribeRefreshTaskById) returns it. */
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

/**
 * What the action reports per row (Status may also be "NotFound"): the poller's rows themselves,
 * never copied, so never changed.
 */
export type TaskResult = Readonly<Task>;

export interface DescribeResult {
  tasks: Task[];
  requestId: string;
}

/** The one API call the poller needs; the real client and test fakes both implement it. */
export interface TaskApi {
  describeTasks(ids: readonly string[]): Promise<DescribeResult>;
}

/** What the poller knows about one input ID. */
export interface TaskState {
  id: string;
  /**
   * Every row the latest answer listed for this ID, one per ObjectPath in the API's order (the API
   * merges URLs of one domain submitted in the same second under one ID); or the synthesized
   * NotFound / refused row. Empty until an answer lists the ID.
   */
  rows: Task[];
  /** The row that sums the ID up (least advanced open row, else first failed, else first), as it came. */
  task: Task | undefined;
  missingCount: number;
  /** Every row is terminal (or the ID was not found, or refused). */
  terminal: boolean;
}

/**
 * Exact API spellings of the terminal statuses. Classify with statusKind() (status.ts), which also
 * accepts "FAILED" or " complete "; this set stays for code that still compares exact names.
 */
export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['Complete', 'Failed']);
export const NOT_FOUND = 'NotFound';
