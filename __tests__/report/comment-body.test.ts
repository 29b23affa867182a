// The PR comment body: marker, verdict first, failures grouped by reason, pending, complete folded,
// a footer that names the commit, workflow and job with one link to the run; API text that cannot
// break or inject; and the 65,536-character guard with a note that says where the rest is.
import {
  COMMENT_LIMIT,
  commentBody,
  commentMarker,
  formatUtc
} from '../../src/report/comment-body.ts';
import type { CommentContext } from '../../src/report/comment-body.ts';
import type { RunFacts } from '../../src/report/words.ts';
import type { TaskResult } from '../../src/wait/task.ts';
import { NASTY_PATHS, task, verdictOf } from '../helpers/task-results.ts';
import { cellsOf, dataRows, headings, shownText, tableRows, withoutOwnTags } from './reading.ts';

const FACTS: RunFacts = { elapsedMs: 35_000, calls: 4, timeoutMs: 1_200_000 };
const RUN_URL = 'https://github.com/acme/site/actions/runs/123456';
const SHA = '3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345';
const CONTEXT: CommentContext = {
  tag: 'prefetch',
  runUrl: RUN_URL,
  updatedAt: Date.UTC(2026, 4, 10, 8, 54, 23),
  sha: SHA,
  workflow: 'Deploy',
  job: 'purge-cdn'
};

const links = (body: string): string[] => body.match(/\]\((https?:[^)]*)\)/g) ?? [];

describe('the comment body', () => {
  test('starts with the marker and the verdict, then failures grouped by reason', () => {
    const verdict = verdictOf([
      task('1', 'Complete'),
      task('2', 'Failed'),
      task('3', 'Complete'),
      task('4', 'Failed', { Description: 'Origin Return StatusCode 5XX' }),
      task('5', 'Failed')
    ]);
    const { body, rowsShown, rowsTotal } = commentBody(verdict, FACTS, CONTEXT);
    const lines = body.split('\n');
    expect(lines[0]).toBe('<!-- dcdn-refresh-wait:prefetch -->');
    expect(lines[1]).toBe('### ❌ 3 of 5 DCDN tasks failed');
    expect(body).toContain('❌ 3 failed · ✅ 2 complete · waited 0:35 · 4 API calls');
    expect([rowsShown, rowsTotal]).toEqual([5, 5]);
    // The larger group first; each reason once, with its count.
    expect(headings(body)).toEqual([
      '### ❌ 3 of 5 DCDN tasks failed',
      '#### ❌ Origin Timeout: 2 paths',
      '#### ❌ Origin Return StatusCode 5XX: 1 path'
    ]);
    expect(body).toContain('<summary>✅ Complete: 2 paths</summary>');
    const rows = dataRows(body);
    expect(rows.map((cells) => cells[2])).toEqual(['2', '5', '4', '1', '3']);
    expect(shownText(rows[0]?.[0] ?? '')).toBe('❌\u00a0Failed:\u00a0Origin\u00a0Timeout');
    expect(shownText(rows[2]?.[0] ?? '')).toBe('❌\u00a0Failed: Origin Return StatusCode 5XX');
    expect(body).not.toContain('left out');
  });

  test('names what it reports on: commit, workflow and job, one link to the run, the time', () => {
    const { body } = commentBody(verdictOf([task('1', 'Complete')]), FACTS, CONTEXT);
    const footer = body.split('\n').at(-1) ?? '';
    expect(footer).toBe(
      `<sub>Commit [<code>3f9a1c2</code>](https://github.com/acme/site/commit/${SHA}) · Deploy / purge\\-cdn · [workflow run](${RUN_URL}) · tag <code>prefetch</code> · Last updated 2026-05-10 08:54:23 UTC</sub>`
    );
    expect(links(body).filter((link) => link.includes('/actions/runs/'))).toHaveLength(1);
  });

  test('a run URL with an attempt still links the commit; no SHA, no commit; odd names escaped', () => {
    const attempt = { ...CONTEXT, runUrl: `${RUN_URL}/attempts/2` };
    expect(commentBody(verdictOf([task('1', 'Complete')]), FACTS, attempt).body).toContain(
      `[<code>3f9a1c2</code>](https://github.com/acme/site/commit/${SHA})`
    );
    const bare = commentBody(verdictOf([task('1', 'Complete')]), FACTS, {
      ...CONTEXT,
      sha: undefined,
      workflow: '<b>@team</b> | x',
      job: undefined
    }).body;
    expect(bare).not.toContain('Commit');
    expect(bare).toContain('&lt;b&gt;\\@team&lt;/b&gt; &#124; x · [workflow run]');
    const noLink = commentBody(verdictOf([task('1', 'Complete')]), FACTS, {
      ...CONTEXT,
      runUrl: undefined
    }).body;
    expect(noLink).toContain('Commit <code>3f9a1c2</code> ·');
    const weird = commentBody(verdictOf([task('1', 'Complete')]), FACTS, {
      ...CONTEXT,
      sha: '`rm -rf`|<x>'
    }).body;
    expect(withoutOwnTags(weird)).not.toMatch(/[<`]/);
  });

  test('headlines in good English: one task, all complete, timed out with the last error', () => {
    const one = commentBody(verdictOf([task('1', 'Complete')]), FACTS, {
      ...CONTEXT,
      tag: 'dcdn-refresh-wait'
    }).body;
    expect(one).toContain('### ✅ The DCDN task is complete');
    expect(one).not.toContain('tag <code>');
    const two = commentBody(
      verdictOf([task('1', 'Complete'), task('2', 'Complete')]),
      FACTS,
      CONTEXT
    );
    expect(two.body).toContain('### ✅ All 2 DCDN tasks are complete');

    const timedOut = commentBody(
      verdictOf([task('1', 'Complete'), task('2', 'Refreshing'), task('3', 'Pending')]),
      { ...FACTS, lastError: 'HTTP 503 ServiceUnavailable|<b>' },
      CONTEXT
    ).body;
    expect(timedOut).toContain('### ⏱️ Timed out with 2 of 3 DCDN tasks still pending');
    expect(timedOut).toContain('The last calls failed: HTTP 503 ServiceUnavailable&#124;&lt;b&gt;');
    expect(headings(timedOut)).toContain('#### ⏳ Still pending: 2 paths');
    expect(dataRows(timedOut).map((cells) => shownText(cells[0] ?? ''))).toEqual([
      '🔄\u00a0Refreshing\u00a040%',
      '⏳\u00a0Pending',
      '✅\u00a0Complete'
    ]);
  });

  test('without a run URL there is no link, and the time comes from the injected clock', () => {
    const { body } = commentBody(verdictOf([task('1', 'Complete')]), FACTS, {
      tag: 'x',
      runUrl: undefined,
      updatedAt: 0
    });
    expect(body).not.toContain('](');
    expect(body).toContain('Last updated 1970-01-01 00:00:00 UTC');
    expect(formatUtc(Date.UTC(2026, 0, 2, 3, 4, 5, 678))).toBe('2026-01-02 03:04:05 UTC');
  });

  test('paths full of Markdown, HTML, pipes, backticks and mentions cannot break or inject', () => {
    const results = NASTY_PATHS.map((path, i) =>
      task(String(100 + i), i % 2 ? 'Failed' : 'Complete', {
        ObjectPath: path,
        Description: i % 2 ? `<b>why</b>|${path}` : '',
        ObjectType: 'file|`x`'
      })
    );
    const { body } = commentBody(verdictOf(results), FACTS, CONTEXT);
    const rows = tableRows(body);
    // A header per table (failures: one per distinct reason; complete) and one row per task.
    expect(dataRows(body)).toHaveLength(NASTY_PATHS.length);
    for (const row of rows) expect(cellsOf(row)).toHaveLength(4);
    // No tag, code fence, link, image or mention comes from the data.
    const data = withoutOwnTags(body);
    expect(data).not.toContain('<');
    expect(data).not.toContain('`');
    expect(data.replace(/\]\(https:\/\/github\.com[^)]*\)/g, '')).not.toMatch(/\]\(|!\[/);
    expect(data).not.toMatch(/(^|[^\\])@(octocat|acme)/m);
    expect(body).toContain('<code>https\\://x\\.com/\\@octocat/pkg \\#123 \\@acme/team</code>');
    // The marker appears once, at the top: a path cannot plant a second one.
    expect(body.match(/<!-- dcdn-refresh-wait:/g)).toHaveLength(1);
  });

  test('a long reason is cut in its cell, not in the middle of an escape or an emoji', () => {
    const reason = `${'<'.repeat(400)}${'😀'.repeat(400)}`;
    const { body } = commentBody(
      verdictOf([task('1', 'Failed', { Description: reason })]),
      FACTS,
      CONTEXT
    );
    const row = dataRows(body)[0] ?? [];
    expect(row).toHaveLength(4);
    expect(row[0]).toMatch(/(&lt;)+…$/);
    expect(body).not.toContain('\ufffd');
    expect(body).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  test('a comment that would pass 65,536 characters keeps failures first and says where the rest is', () => {
    const results: TaskResult[] = [];
    for (let i = 0; i < 3000; i++) {
      const status = i % 100 === 7 ? 'Failed' : i % 50 === 3 ? 'Refreshing' : 'Complete';
      results.push(
        task(String(1_000_000 + i), status, {
          ObjectPath: `https://cdn.example.com/${'assets|<x>/'.repeat(20)}${i}.js`
        })
      );
    }
    const verdict = verdictOf(results);
    const { body, rowsShown, rowsTotal } = commentBody(verdict, FACTS, CONTEXT);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(rowsTotal).toBe(3000);
    expect(rowsShown).toBeGreaterThan(50);
    expect(rowsShown).toBeLessThan(3000);
    const rows = dataRows(body);
    expect(rows).toHaveLength(rowsShown);
    // Every failure and pending task made it, ahead of the complete ones.
    const shownIds = rows.map((cells) => cells[2]);
    const urgent = [...verdict.failedIds, ...verdict.pendingIds];
    expect(shownIds.slice(0, urgent.length)).toEqual(urgent);
    expect(body).toContain(
      `${(3000 - rowsShown).toLocaleString('en-US')} more rows are left out to stay under GitHub's 65,536-character comment limit: the job summary of the workflow run (linked below) has them all.`
    );
    expect(body.trimEnd().endsWith('</sub>')).toBe(true);
    expect(links(body).filter((link) => link.includes('/actions/runs/'))).toHaveLength(1);
  });

  test('when the summary had to leave rows out too, the note says what has every task', () => {
    const results = Array.from({ length: 2000 }, (_, i) =>
      task(String(i + 1), 'Complete', { ObjectPath: `https://x.com/${'a'.repeat(250)}/${i}` })
    );
    const cut = { ...CONTEXT, summaryHasAll: false };
    const complete = commentBody(verdictOf(results), { ...FACTS, resultsComplete: true }, cut).body;
    expect(complete.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(complete).toMatch(/comment limit: the `results` output has every task\.\n/);
    const unknown = commentBody(verdictOf(results), FACTS, cut).body;
    expect(unknown).toMatch(/: the file named by the `results-file` output has every task\.\n/);
    const cutToo = commentBody(verdictOf(results), { ...FACTS, resultsComplete: false }, cut).body;
    expect(cutToo).toContain(
      "the `results` output had to be cut to GitHub's 1 MB output limit too, so only the file named by the `results-file` output has every task."
    );
    expect(cutToo.length).toBeLessThanOrEqual(COMMENT_LIMIT);
  });

  test('a smaller limit is honoured exactly', () => {
    const results = Array.from({ length: 100 }, (_, i) =>
      task(String(i + 1), i % 9 ? 'Complete' : 'Failed')
    );
    for (const limit of [2000, 3000, 5000]) {
      const { body, rowsShown } = commentBody(verdictOf(results), FACTS, CONTEXT, limit);
      expect(body.length).toBeLessThanOrEqual(limit);
      expect(rowsShown).toBeGreaterThan(0);
    }
  });

  test('every limit holds, whichever rows and failures the note counts', () => {
    // Over 1,000 failures left out: "(1,9xx of them failed)" is longer than "(all of them failed)".
    const results = Array.from({ length: 3000 }, (_, i) =>
      task(String(i + 1), i % 3 ? 'Failed' : 'Complete', {
        Description: i % 2 ? 'Origin Timeout' : 'Internal Error'
      })
    );
    // Every limit over a range longer than a row: one of them leaves no slack after the rows.
    for (let limit = 3000; limit < 3160; limit += 1) {
      const summaryHasAll = limit % 2 === 0;
      const { body } = commentBody(verdictOf(results), FACTS, { ...CONTEXT, summaryHasAll }, limit);
      expect(body.length).toBeLessThanOrEqual(limit);
      expect(body).toMatch(/ of them failed\) to stay under/);
    }
  });

  test('the marker is the same for a tag', () => {
    expect(commentMarker('prefetch')).toBe('<!-- dcdn-refresh-wait:prefetch -->');
  });
});
