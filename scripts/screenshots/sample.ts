// A representative mixed run for the screenshots: failures of two reasons, tasks still pending,
// complete ones, a long path and a hostile one, as the report functions would see them.

import type { RunFacts } from '../../src/report/words.ts';
import type { CommentContext } from '../../src/report/comment-body.ts';
import type { TaskResult } from '../../src/wait/task.ts';
import type { Verdict } from '../../src/wait/verdict.ts';

/** The run's clock when it reports: 2026-12-01 18:40:00 UTC. */
const NOW = Date.UTC(2026, 11, 1, 18, 40, 0);

function row(
  id: string,
  Status: string,
  ObjectPath: string,
  extra: Partial<TaskResult> = {}
): TaskResult {
  return {
    TaskId: id,
    Status,
    Process: Status === 'Complete' || Status === 'Failed' ? '100%' : '0%',
    ObjectType: 'file',
    ObjectPath,
    CreationTime: '2026-12-01T18:32:02Z',
    Description: '',
    ...extra
  };
}

const site = 'https://www.example.com';
const results: TaskResult[] = [
  row('704222901', 'Complete', `${site}/index.html`),
  row('704222902', 'Failed', `${site}/assets/hero.jpg`, { Description: 'Origin Timeout' }),
  row('704222903', 'Complete', `${site}/static/`, { ObjectType: 'directory' }),
  row('704222904', 'Failed', `${site}/video/intro.mp4`, {
    Description: 'Origin Return StatusCode 5XX',
    ObjectType: 'preload'
  }),
  row(
    '704222905',
    'Failed',
    `${site}/assets/build/2026-12-01/chunks/vendors~app~checkout~account~settings~dashboard.3f9a1c2b7d.js`,
    { Description: 'Origin Timeout', CreationTime: '2026-11-30T23:58:41Z' }
  ),
  row('704222906', 'Refreshing', `${site}/css/site.css`, { Process: '40%' }),
  row('704222907', 'Failed', `${site}/@team/<b>|\`x\`</pre>`, {
    Description: 'Origin Timeout'
  }),
  row('704222908', 'Pending', `${site}/fonts/inter.woff2`, { ObjectType: 'preload' }),
  row('704222909', 'Complete', `${site}/robots.txt`),
  row('704222910', 'Complete', `${site}/sitemap.xml`)
];

function idsWhere(test: (r: TaskResult) => boolean): string[] {
  return results.filter(test).map((r) => r.TaskId);
}

export const verdict: Verdict = {
  status: 'failed',
  results,
  completeIds: idsWhere((r) => r.Status === 'Complete'),
  failedIds: idsWhere((r) => r.Status === 'Failed'),
  pendingIds: idsWhere((r) => r.Status === 'Pending' || r.Status === 'Refreshing')
};

export const facts: RunFacts = {
  elapsedMs: 95_000,
  calls: 12,
  timeoutMs: 1_200_000,
  failOnTimeout: true,
  now: NOW,
  resultsComplete: true,
  submission: {
    submitted: [
      { kind: 'File', paths: 8, taskIds: ['704222901', '704222902', '704222903'] },
      { kind: 'Preload', paths: 2, taskIds: ['704222904', '704222908'] }
    ],
    quotaLeft: [
      { kind: 'File', remain: 1992, quota: 2000 },
      { kind: 'Preload', remain: 498, quota: 500 }
    ]
  }
};

export const context: CommentContext = {
  tag: 'dcdn-refresh-wait',
  runUrl: 'https://github.com/acme/site/actions/runs/4242',
  updatedAt: NOW,
  sha: '3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345',
  workflow: 'Deploy',
  job: 'purge-cdn',
  summaryHasAll: true
};
