// Task results and verdicts for the comment and summary tests, and paths that try to break them.
import type { TaskResult } from '../../src/wait/task.ts';
import type { Verdict } from '../../src/wait/verdict.ts';
import { statusKind } from '../../src/wait/status.ts';

export function task(id: string, status: string, extra: Partial<TaskResult> = {}): TaskResult {
  return {
    TaskId: id,
    Status: status,
    Process: status === 'Complete' || status === 'Failed' ? '100%' : '40%',
    ObjectType: 'preload',
    ObjectPath: `https://www.example.com/${id}.html`,
    CreationTime: '2026-05-10T08:50:00Z',
    Description: status === 'Failed' ? 'Origin Timeout' : '',
    ...extra
  };
}

/** A task as one DescribeDcdnRefreshTaskById answer lists it, for poller and schedule tests. */
export function apiTask(id: string, Status: string, Process = '0%', Description = ''): TaskResult {
  return {
    TaskId: id,
    Status,
    Process,
    ObjectType: 'file',
    ObjectPath: `https://example.com/${id}`,
    CreationTime: '2026-11-29T00:00:00Z',
    Description
  };
}

/** One row of an answer for one path of an ID (the API lists a merged ID once per path). */
export function apiRow(
  id: string,
  path: string,
  Status: string,
  Process = '0%',
  Description = ''
): TaskResult {
  return {
    ...apiTask(id, Status, Process, Description),
    ObjectPath: `https://example.com/${path}`
  };
}

/**
 * A verdict as decide() would build it from final rows: an ID (several rows may share it) is
 * failed when all its rows are terminal (NotFound counts) and one is not Complete, complete when
 * all are Complete, else pending.
 */
export function verdictOf(results: TaskResult[]): Verdict {
  const byId = new Map<string, TaskResult[]>();
  for (const r of results) {
    const rows = byId.get(r.TaskId);
    if (rows) rows.push(r);
    else byId.set(r.TaskId, [r]);
  }
  const completeIds: string[] = [];
  const failedIds: string[] = [];
  const pendingIds: string[] = [];
  for (const [id, rows] of byId) {
    const kinds = rows.map((r) => (r.Status === 'NotFound' ? 'failed' : statusKind(r.Status)));
    if (kinds.includes('open')) pendingIds.push(id);
    else if (kinds.every((kind) => kind === 'complete')) completeIds.push(id);
    else failedIds.push(id);
  }
  const status = failedIds.length ? 'failed' : pendingIds.length ? 'timed-out' : 'complete';
  return { status, results, completeIds, failedIds, pendingIds };
}

/** Paths holding Markdown, HTML, pipes, backticks, mentions, line breaks and control characters. */
export const NASTY_PATHS = [
  'https://x.com/a|b|c.png',
  'https://x.com/```js\nalert(1)\n```/`tick`',
  'https://x.com/<script>alert(1)</script><img src=x onerror=alert(1)>',
  'https://x.com/**bold** _it_ [link](javascript:alert(1)) ![i](http://evil/x.png)',
  'https://x.com/line\nbreak\r\n| --- | --- |\n| fake | row |',
  'https://x.com/@octocat/pkg #123 @acme/team',
  'https://x.com/</code></sub></pre></details><!-- --> -->',
  'https://x.com/a\\|b\\\\|c &amp; &#124; &lt;',
  'https://x.com/路径/文件 😀.png\u2028\u0000'
];
