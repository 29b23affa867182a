// Where tasks live: one ID can stand for several rows (the vendor merges URL tasks), new IDs are
// decimal and increasing, and URL tasks of one group within one clock second share an ID.
import type { ScheduledTask } from './timeline.ts';
import type { TaskScript } from './types.ts';

/** First ID the emulator issues for submissions (unless `firstTaskId` says otherwise). */
const DEFAULT_FIRST_TASK_ID = 17_000_000_001;

export interface TaskStore {
  /** Scripted tasks: the scripts of one call that share an ID replace the rows that ID had. */
  script(scripts: readonly TaskScript[], at: number): void;
  /** One row more for its ID (a submitted path). */
  append(row: ScheduledTask): void;
  rowsOf(id: string): readonly ScheduledTask[];
  /** A decimal ID greater than every one issued before and not used by any script. */
  newId(): string;
  /**
   * The ID for one more path of `group` (e.g. product, account, kind and domain) at `now`: the
   * group's current ID while it is of the same second and has fewer than `batch` paths, else new.
   */
  mergedId(group: string, now: number, batch: number): string;
}

export function createTaskStore(firstId = DEFAULT_FIRST_TASK_ID): TaskStore {
  const rows = new Map<string, ScheduledTask[]>();
  const open = new Map<string, { id: string; second: number; count: number }>();
  let next = BigInt(firstId);

  function newId(): string {
    while (rows.has(next.toString())) next++;
    const id = next.toString();
    next++;
    // Reserve it: a merged ID is handed out before its first row is appended.
    rows.set(id, []);
    return id;
  }

  return {
    script(scripts, at) {
      const fresh = new Map<string, ScheduledTask[]>();
      for (const s of scripts) {
        const list = fresh.get(s.id) ?? [];
        list.push({ ...s, createdAt: s.createdAt ?? at });
        fresh.set(s.id, list);
      }
      for (const [id, list] of fresh) rows.set(id, list);
    },
    append(row) {
      const list = rows.get(row.id) ?? [];
      list.push(row);
      rows.set(row.id, list);
    },
    rowsOf: (id) => rows.get(id) ?? [],
    newId,
    mergedId(group, now, batch) {
      const second = Math.floor(now / 1000);
      const current = open.get(group);
      if (current && current.second === second && current.count < batch) {
        current.count++;
        return current.id;
      }
      const id = newId();
      open.set(group, { id, second, count: 1 });
      return id;
    }
  };
}
