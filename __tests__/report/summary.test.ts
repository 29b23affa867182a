// The job summary: headline, counts, the table in reading order, the full results as JSON in a
// collapsed section (HTML-escaped inside <pre>), and the guard under GitHub's 1 MiB limit.
import { SUMMARY_BUDGET, SUMMARY_LIMIT_BYTES, buildSummary } from '../../src/report/summary.ts';
import type { RunFacts } from '../../src/report/words.ts';
import type { TaskResult } from '../../src/wait/task.ts';
import { NASTY_PATHS, task, verdictOf } from '../helpers/task-results.ts';

const FACTS: RunFacts = { elapsedMs: 95_000, calls: 12, timeoutMs: 1_200_000 };

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');
const tableRows = (markdown: string): string[] =>
  markdown.split('\n').filter((line) => line.startsWith('|'));
const cellCount = (row: string): number => row.split(/(?<!\\)\|/).length - 2;

/** The text inside <pre>…</pre>, HTML entities decoded as a browser would. */
function preText(markdown: string): string {
  const match = /<pre>([\s\S]*?)<\/pre>/.exec(markdown);
  if (!match) throw new Error('no <pre> section');
  return (match[1] ?? '').replace(/&(#\d+|lt|gt|amp);/g, (_, name: string) =>
    name.startsWith('#')
      ? String.fromCodePoint(Number(name.slice(1)))
      : ({ lt: '<', gt: '>', amp: '&' }[name] ?? '')
  );
}

describe('the job summary', () => {
  test('headline, counts, and the table sorted failed/pending/complete', () => {
    const verdict = verdictOf([
      task('1', 'Complete'),
      task('2', 'Refreshing'),
      task('3', 'Failed'),
      task('4', 'NotFound', { Process: '', ObjectPath: '', ObjectType: '', CreationTime: '' })
    ]);
    const summary = buildSummary(verdict, FACTS);
    const md = summary.markdown;
    expect(
      md.startsWith(
        '### ❌ 2 of 4 DCDN tasks failed\n\n1 complete, 2 failed, 1 pending · waited 1:35 · 12 API calls\n'
      )
    ).toBe(true);
    const rows = tableRows(md);
    expect(rows[0]).toBe('| Task ID | Status | Progress | Type | Object Path | Created | Detail |');
    expect(rows.slice(2).map((row) => row.split('|')[1]?.trim())).toEqual(['3', '4', '2', '1']);
    expect(rows[2]).toContain('| Origin Timeout |');
    // A table that holds every task needs no JSON section.
    expect(summary).toMatchObject({
      rowsShown: 4,
      rowsTotal: 4,
      hasJson: false,
      hasEveryTask: true
    });
    expect(md).not.toContain('<details>');
    expect(md).not.toContain('left out');
  });

  test('a large run: the first rows in the table, every result as JSON in a collapsed section', () => {
    const results = Array.from({ length: 12 }, (_, i) =>
      task(String(i + 1), i === 9 ? 'Failed' : 'Complete')
    );
    const summary = buildSummary(verdictOf(results), FACTS, { maxTableRows: 5 });
    const md = summary.markdown;
    expect(summary).toMatchObject({ rowsShown: 5, hasJson: true, hasEveryTask: true });
    expect(
      tableRows(md)
        .slice(2)
        .map((row) => row.split('|')[1]?.trim())
    ).toEqual(['10', '1', '2', '3', '4']);
    expect(md).toContain(
      '7 of 12 rows are left out of this table: the JSON below and the `results` output have every task.'
    );
    expect(md).toContain('<details>\n<summary>All 12 results as JSON</summary>\n\n<pre>');
    expect(md.trimEnd().endsWith('</pre>\n\n</details>')).toBe(true);
    expect(JSON.parse(preText(md))).toEqual(results);
  });

  test('paths full of Markdown and HTML break neither the table nor the <pre> section', () => {
    const results = NASTY_PATHS.map((path, i) =>
      task(String(10 + i), i % 3 ? 'Complete' : 'Failed', {
        ObjectPath: path,
        Description: `</pre></details><script>x</script>|${i}`
      })
    );
    const verdict = verdictOf(results);
    const small = buildSummary(verdict, FACTS).markdown;
    const rows = tableRows(small);
    expect(rows).toHaveLength(2 + results.length);
    // The same run as a "large" one, so that the JSON section holds the paths too.
    const md = buildSummary(verdict, FACTS, { maxTableRows: 3 }).markdown;
    expect(tableRows(md)).toHaveLength(2 + 3);
    for (const row of rows) expect(cellCount(row)).toBe(7);
    // Exactly the tags the summary writes itself; none from the data.
    const tags = md.match(/<\/?[a-z][^>]*>/gi) ?? [];
    const own = tags.filter((tag) => !/^<\/?code>$/.test(tag));
    expect(own).toEqual(['<details>', '<summary>', '</summary>', '<pre>', '</pre>', '</details>']);
    // Not even the raw Markdown (inside <pre> included) holds markup or syntax from the data.
    for (const text of [small, md]) {
      expect(text).not.toMatch(/<script|<img|\]\(javascript|\*\*bold|```|`tick`/);
    }
    expect(JSON.parse(preText(md))).toEqual(results);
    // Nothing in the data can start its own line inside the <pre> block (and end it early).
    expect(md.split('\n').filter((line) => line.includes('</pre>'))).toHaveLength(1);
  });

  test('10,000 tasks with long paths stay under 1 MiB, failures first, with a note', () => {
    const results: TaskResult[] = [];
    for (let i = 0; i < 10_000; i++) {
      const status = i % 500 === 9 ? 'Failed' : 'Complete';
      results.push(
        task(String(700_000_000 + i), status, {
          ObjectPath: `https://cdn.example.com/${'<|`路径'.repeat(800)}/${i}.png`,
          Description: status === 'Failed' ? `Origin Timeout ${'&'.repeat(3000)}` : ''
        })
      );
    }
    const verdict = verdictOf(results);
    const summary = buildSummary(verdict, FACTS);
    expect(bytes(summary.markdown)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(bytes(summary.markdown)).toBeLessThan(SUMMARY_LIMIT_BYTES);
    expect(summary.rowsShown).toBeGreaterThan(20);
    expect(summary.rowsShown).toBeLessThan(10_000);
    expect(summary.hasJson).toBe(false);
    const rows = tableRows(summary.markdown).slice(2);
    expect(rows).toHaveLength(summary.rowsShown);
    for (const row of rows) expect(cellCount(row)).toBe(7);
    expect(rows.slice(0, verdict.failedIds.length).map((r) => r.split('|')[1]?.trim())).toEqual(
      verdict.failedIds
    );
    expect(summary.markdown).toContain(
      `${10_000 - summary.rowsShown} of 10000 rows are left out to stay under GitHub's 1 MiB job summary limit: the \`results\` output has every task.`
    );
    expect(summary.markdown).not.toContain('<details>');
    expect(summary.hasEveryTask).toBe(false);
  });

  test('3,000 tasks: a table of the first 1,000 rows, and every result in the JSON', () => {
    const results = Array.from({ length: 3000 }, (_, i) =>
      task(String(i + 1), i === 2500 ? 'Failed' : 'Complete', {
        ObjectPath: `https://www.example.com/assets/${i}.js`
      })
    );
    const summary = buildSummary(verdictOf(results), FACTS);
    expect(bytes(summary.markdown)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(summary).toMatchObject({ rowsShown: 1000, hasJson: true, hasEveryTask: true });
    expect(tableRows(summary.markdown)[2]?.split('|')[1]?.trim()).toBe('2501');
    expect(summary.markdown).toContain(
      '2000 of 3000 rows are left out of this table: the JSON below and the `results` output have every task.'
    );
    expect(JSON.parse(preText(summary.markdown))).toEqual(results);
  });

  test('10,000 short tasks: the JSON cannot fit and neither can every row, so 1,000 rows and a note', () => {
    const results = Array.from({ length: 10_000 }, (_, i) =>
      task(String(i + 1), 'Complete', { ObjectPath: `https://e.com/${i}` })
    );
    const summary = buildSummary(verdictOf(results), FACTS);
    expect(bytes(summary.markdown)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(summary.hasJson).toBe(false);
    expect(summary.rowsShown).toBe(1000);
    expect(summary.markdown).toContain('9000 of 10000 rows are left out');
    expect(tableRows(summary.markdown)).toHaveLength(summary.rowsShown + 2);
  });

  test('when the JSON does not fit but every row does, the table holds them all', () => {
    const results = Array.from({ length: 200 }, (_, i) => task(String(i + 1), 'Complete'));
    const verdict = verdictOf(results);
    const tableOnly = bytes(buildSummary(verdict, FACTS).markdown);
    const summary = buildSummary(verdict, FACTS, { maxTableRows: 10, budget: tableOnly + 2000 });
    expect(summary).toMatchObject({ rowsShown: 200, hasJson: false, hasEveryTask: true });
    expect(summary.markdown).not.toContain('left out');
    expect(bytes(summary.markdown)).toBeLessThanOrEqual(tableOnly + 2000);
  });

  test('every budget is honoured to the byte', () => {
    const results = Array.from({ length: 300 }, (_, i) =>
      task(String(i + 1), i % 7 ? 'Complete' : 'Failed', { ObjectPath: `https://e.com/路径/${i}|` })
    );
    for (const budget of [5_000, 20_000, 60_000]) {
      const summary = buildSummary(verdictOf(results), FACTS, { budget, maxTableRows: 50 });
      expect(bytes(summary.markdown)).toBeLessThanOrEqual(budget);
      expect(summary.rowsShown).toBeGreaterThan(0);
    }
  });

  test('a timed-out run says what the last calls answered, escaped', () => {
    const md = buildSummary(verdictOf([task('1', 'Pending')]), {
      ...FACTS,
      lastError: 'HTTP 503 <html>|down'
    }).markdown;
    expect(md).toContain('### ⏱️ Timed out with 1 of 1 DCDN task still pending');
    expect(md).toContain('The last calls failed: HTTP 503 &lt;html&gt;&#124;down');
  });
});
