// The PR comment body: marker, verdict, counts, the task table in reading order, the run link and
// the time; API text that cannot break or inject; and the 65,536-character guard.
import {
  COMMENT_LIMIT,
  commentBody,
  commentMarker,
  errorCommentBody,
  formatUtc
} from '../../src/report/comment-body.ts';
import type { CommentContext } from '../../src/report/comment-body.ts';
import type { RunFacts } from '../../src/report/words.ts';
import type { TaskResult } from '../../src/wait/task.ts';
import { NASTY_PATHS, task, verdictOf } from '../helpers/task-results.ts';

const FACTS: RunFacts = { elapsedMs: 35_000, calls: 4, timeoutMs: 1_200_000 };
const RUN_URL = 'https://github.com/acme/site/actions/runs/123456';
const CONTEXT: CommentContext = {
  tag: 'prefetch',
  runUrl: RUN_URL,
  updatedAt: Date.UTC(2026, 4, 10, 8, 54, 23)
};

/** Table lines: rows start with "|"; their cells are what sits between unescaped pipes. */
function tableRows(markdown: string): string[] {
  return markdown.split('\n').filter((line) => line.startsWith('|'));
}
function cellCount(row: string): number {
  return row.split(/(?<!\\)\|/).length - 2;
}

/** Removes the tags the comment itself writes; whatever "<" is left came from the data. */
function withoutOwnTags(body: string): string {
  return body.replace(/<!-- dcdn-refresh-wait:[A-Za-z0-9._-]+ -->|<\/?code>|<\/?sub>/g, '');
}

describe('the comment body', () => {
  test('starts with the marker, then the verdict, counts, table, run link and time', () => {
    const verdict = verdictOf([
      task('1', 'Complete'),
      task('2', 'Failed'),
      task('3', 'Complete'),
      task('4', 'Failed', { Description: 'Origin Return StatusCode 5XX' })
    ]);
    const { body, rowsShown, rowsTotal } = commentBody(verdict, FACTS, CONTEXT);
    const lines = body.split('\n');
    expect(lines[0]).toBe('<!-- dcdn-refresh-wait:prefetch -->');
    expect(lines[1]).toBe('### ❌ 2 of 4 DCDN tasks failed');
    expect(body).toContain('2 complete, 2 failed · waited 0:35 · 4 API calls');
    expect([rowsShown, rowsTotal]).toEqual([4, 4]);
    const rows = tableRows(body);
    expect(rows[0]).toBe('| Task ID | Status | Progress | Type | Object Path | Created | Detail |');
    // Failed first (input order within), then complete; each failure's Description is shown.
    expect(rows.slice(2).map((row) => row.split('|')[1]?.trim())).toEqual(['2', '4', '1', '3']);
    expect(rows[2]).toContain('| Origin Timeout |');
    expect(rows[3]).toContain('| Origin Return StatusCode 5XX |');
    expect(body).toContain(`[workflow run](${RUN_URL})`);
    expect(body).toContain('Last updated 2026-05-10 08:54:23 UTC');
    expect(body).toContain('tag <code>prefetch</code>');
    expect(body).not.toContain('left out');
  });

  test('headlines: all complete, timed out (with the last error), and the default tag unshown', () => {
    const complete = commentBody(verdictOf([task('1', 'Complete')]), FACTS, {
      ...CONTEXT,
      tag: 'dcdn-refresh-wait'
    }).body;
    expect(complete).toContain('### ✅ All 1 DCDN task complete');
    expect(complete).not.toContain('tag <code>');

    const timedOut = commentBody(
      verdictOf([task('1', 'Complete'), task('2', 'Refreshing'), task('3', 'Pending')]),
      { ...FACTS, lastError: 'HTTP 503 ServiceUnavailable|<b>' },
      CONTEXT
    ).body;
    expect(timedOut).toContain('### ⏱️ Timed out with 2 of 3 DCDN tasks still pending');
    expect(timedOut).toContain('The last calls failed: HTTP 503 ServiceUnavailable&#124;&lt;b&gt;');
    expect(
      tableRows(timedOut)
        .slice(2)
        .map((row) => row.split('|')[2]?.trim())
    ).toEqual(['Refreshing', 'Pending', 'Complete']);
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

  test('paths full of Markdown, HTML, pipes and backticks cannot break or inject', () => {
    const results = NASTY_PATHS.map((path, i) =>
      task(String(100 + i), i % 2 ? 'Failed' : 'Complete', {
        ObjectPath: path,
        Description: i % 2 ? `<b>why</b>|${path}` : '',
        ObjectType: 'file|`x`',
        Status: i % 2 ? 'Failed' : 'Complete'
      })
    );
    const { body } = commentBody(verdictOf(results), FACTS, CONTEXT);
    const rows = tableRows(body);
    expect(rows).toHaveLength(2 + NASTY_PATHS.length);
    for (const row of rows) expect(cellCount(row)).toBe(7);
    // No tag, code fence, link, image or mention comes from the data.
    const data = withoutOwnTags(rows.join('\n'));
    expect(data).not.toContain('<');
    expect(data).not.toContain('`');
    expect(data).not.toMatch(/\]\(|!\[/);
    expect(data).not.toMatch(/(^|[^\\])@octocat/m);
    expect(body).toContain('<code>https\\://x\\.com/\\@octocat/pkg \\#123 \\@acme/team</code>');
    // The marker appears once, at the top: a path cannot plant a second one.
    expect(body.match(/<!-- dcdn-refresh-wait:/g)).toHaveLength(1);
  });

  test('a long path or reason is cut in its cell, not in the middle of an escape', () => {
    const path = `https://x.com/${'|'.repeat(5000)}`;
    const { body } = commentBody(
      verdictOf([task('1', 'Failed', { ObjectPath: path, Description: '<'.repeat(5000) })]),
      FACTS,
      CONTEXT
    );
    const row = tableRows(body)[2] ?? '';
    expect(cellCount(row)).toBe(7);
    expect(row).toMatch(/(&#124;)+…<\/code>/);
    expect(row).toMatch(/(&lt;)+… \|$/);
    expect(row.length).toBeLessThan(4000);
  });

  test('a comment that would pass 65,536 characters keeps failures first and says what it left out', () => {
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
    expect(Array.from(body).length).toBeLessThanOrEqual(65_536);
    expect(rowsTotal).toBe(3000);
    expect(rowsShown).toBeGreaterThan(50);
    expect(rowsShown).toBeLessThan(3000);
    const rows = tableRows(body).slice(2);
    expect(rows).toHaveLength(rowsShown);
    for (const row of rows) expect(cellCount(row)).toBe(7);
    // Every failure and pending task made it, ahead of the complete ones.
    const shownIds = rows.map((row) => row.split('|')[1]?.trim());
    const urgent = [...verdict.failedIds, ...verdict.pendingIds];
    expect(shownIds.slice(0, urgent.length)).toEqual(urgent);
    expect(body).toContain(
      `${3000 - rowsShown} more rows are left out to stay under GitHub's 65,536-character comment limit: the job summary of the [workflow run](${RUN_URL}) has them all.`
    );
    expect(body.trimEnd().endsWith('</sub>')).toBe(true);
  });

  test('when the summary had to leave rows out too, the note points at the results output', () => {
    const results = Array.from({ length: 2000 }, (_, i) =>
      task(String(i + 1), 'Complete', { ObjectPath: `https://x.com/${'a'.repeat(250)}` })
    );
    const { body } = commentBody(verdictOf(results), FACTS, { ...CONTEXT, summaryHasAll: false });
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toContain(
      `the \`results\` output of the [workflow run](${RUN_URL}) has every task.`
    );
  });

  test('a smaller limit is honoured exactly', () => {
    const results = Array.from({ length: 100 }, (_, i) => task(String(i + 1), 'Complete'));
    for (const limit of [2000, 3000, 5000]) {
      const { body, rowsShown } = commentBody(verdictOf(results), FACTS, CONTEXT, limit);
      expect(body.length).toBeLessThanOrEqual(limit);
      expect(rowsShown).toBeGreaterThan(0);
    }
  });

  test('the error comment names the code and hint, not the vendor message', () => {
    const body = errorCommentBody(
      'Forbidden.RAM',
      'the RAM user or role lacks permission: grant it "dcdn:DescribeDcdnRefreshTaskById" (read-only).',
      CONTEXT
    );
    expect(
      body.startsWith(`${commentMarker('prefetch')}\n### ❌ The DCDN tasks could not be checked`)
    ).toBe(true);
    expect(body).toContain('<code>Forbidden\\.RAM</code>');
    expect(body).toContain(`[workflow run](${RUN_URL}) log has the details`);
  });
});
