// Task results and verdicts for the comment and summary tests, and paths that try to break them.
import type { TaskResult } from '../../src/wait/task.ts';
import type { Verdict } from '../../src/wait/verdict.ts';

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

/** A verdict as decide() would build it from final task states. */
export function verdictOf(results: TaskResult[]): Verdict {
  const failedIds = results
    .filter((r) => r.Status === 'Failed' || r.Status === 'NotFound')
    .map((r) => r.TaskId);
  const completeIds = results.filter((r) => r.Status === 'Complete').map((r) => r.TaskId);
  const pendingIds = results
    .filter((r) => !failedIds.includes(r.TaskId) && r.Status !== 'Complete')
    .map((r) => r.TaskId);
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
