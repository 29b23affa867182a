// The job summary: verdict first, failures grouped by reason with their counts, pending, complete
// folded, the full results as JSON in a collapsed section (HTML-escaped inside <pre>) on large
// runs, and the guard under GitHub's 1 MiB limit with notes that say where the rest is.
import { SUMMARY_BUDGET, SUMMARY_LIMIT_BYTES, buildSummary } from '../../src/report/summary.ts';
import type { RunFacts } from '../../src/report/words.ts';
import type { TaskResult } from '../../src/wait/task.ts';
import type { Verdict } from '../../src/wait/verdict.ts';
import { NASTY_PATHS, task, verdictOf } from '../helpers/task-results.ts';
import { cellsOf, dataRows, headings, shownText, tableRows } from './reading.ts';

const FACTS: RunFacts = { elapsedMs: 95_000, calls: 12, timeoutMs: 1_200_000 };

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

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
  test('verdict first, then each failure reason with its count, pending, complete folded', () => {
    const verdict = verdictOf([
      task('1', 'Complete'),
      task('2', 'Refreshing'),
      task('3', 'Failed'),
      task('4', 'NotFound', { Process: '', ObjectPath: '', ObjectType: '', CreationTime: '' }),
      task('5', 'Failed', { Description: 'Internal Error' }),
      task('6', 'Failed')
    ]);
    const summary = buildSummary(verdict, FACTS);
    const md = summary.markdown;
    expect(
      md.startsWith(
        '### ❌ 4 of 6 DCDN tasks failed\n\n❌ 4 failed · ⏳ 1 pending · ✅ 1 complete · waited 1:35 · 12 API calls\n'
      )
    ).toBe(true);
    expect(headings(md)).toEqual([
      '### ❌ 4 of 6 DCDN tasks failed',
      '#### ❌ Origin Timeout: 2 paths',
      // Groups of one size keep the order of their first row.
      '#### ❌ Not found by the API: 1 task',
      '#### ❌ Internal Error: 1 path',
      '#### ⏳ Still pending: 1 path'
    ]);
    const rows = dataRows(md);
    expect(rows.map((cells) => cells[2])).toEqual(['3', '6', '4', '5', '2', '1']);
    expect(rows.map((cells) => shownText(cells[0] ?? ''))).toEqual([
      '❌\u00a0Failed:\u00a0Origin\u00a0Timeout',
      '❌\u00a0Failed:\u00a0Origin\u00a0Timeout',
      '❓\u00a0Not\u00a0found',
      '❌\u00a0Failed:\u00a0Internal\u00a0Error',
      '🔄\u00a0Refreshing\u00a040%',
      '✅\u00a0Complete'
    ]);
    // The complete tasks are folded: their table sits inside <details>, after its <summary>.
    const folded = md.slice(md.indexOf('<details>'), md.indexOf('</details>'));
    expect(folded).toContain('<summary>✅ Complete: 1 path</summary>\n\n| Status |');
    expect(folded).toContain('| 1 |');
    expect(md.indexOf('<details>')).toBeGreaterThan(md.indexOf('Still pending'));
    // A table that holds every task needs no JSON section.
    expect(summary).toMatchObject({
      rowsShown: 6,
      rowsTotal: 6,
      hasJson: false,
      hasEveryTask: true
    });
    expect(md).not.toContain('<pre>');
    expect(md).not.toContain('left out');
  });

  test('no progress figure on a terminal row; statuses as the API means them', () => {
    const md = buildSummary(
      verdictOf([
        task('1', 'Complete', { Process: '100%' }),
        task('2', 'Failed', { Process: '0%' }),
        task('3', 'Pending', { Process: '0%' }),
        task('4', 'Queued', { Process: '10%' })
      ]),
      FACTS
    ).markdown;
    const status = dataRows(md).map((cells) => shownText(cells[0] ?? ''));
    expect(status).toEqual([
      '❌\u00a0Failed:\u00a0Origin\u00a0Timeout',
      '⏳\u00a0Pending',
      '❔\u00a0Queued\u00a010%',
      '✅\u00a0Complete'
    ]);
    expect(md).not.toMatch(/100%|\| 0%/);
  });

  test('one ID that covers several paths: every row counts, each in its own section', () => {
    const verdict: Verdict = {
      status: 'failed',
      results: [
        task('7', 'Complete', { ObjectPath: 'https://e.com/a.js' }),
        task('7', 'Failed', { ObjectPath: 'https://e.com/b.js' }),
        task('8', 'Complete', { ObjectPath: 'https://e.com/c.js' })
      ],
      completeIds: ['8'],
      failedIds: ['7'],
      pendingIds: []
    };
    const md = buildSummary(verdict, FACTS).markdown;
    expect(md).toContain('### ❌ 1 of 2 DCDN tasks failed');
    expect(md).toContain('❌ 1 failed · ✅ 1 complete · 3 paths · waited');
    expect(headings(md)).toContain('#### ❌ Origin Timeout: 1 path');
    expect(md).toContain('<summary>✅ Complete: 2 paths</summary>');
    expect(dataRows(md).map((cells) => shownText(cells[1] ?? ''))).toEqual([
      'https://e.com/b.js',
      'https://e.com/a.js',
      'https://e.com/c.js'
    ]);
  });

  test('a large run: the first rows in the tables, every result as JSON in a collapsed section', () => {
    const results = Array.from({ length: 12 }, (_, i) =>
      task(String(i + 1), i === 9 ? 'Failed' : 'Complete')
    );
    const summary = buildSummary(verdictOf(results), FACTS, { maxTableRows: 5 });
    const md = summary.markdown;
    expect(summary).toMatchObject({ rowsShown: 5, hasJson: true, hasEveryTask: true });
    expect(dataRows(md).map((cells) => cells[2])).toEqual(['10', '1', '2', '3', '4']);
    expect(md).toContain(
      '7 of 12 rows are left out of the tables above: the JSON below has every task.'
    );
    expect(md).toContain('<details>\n<summary>All 12 results as JSON</summary>\n\n<pre>');
    expect(md.trimEnd().endsWith('</pre>\n\n</details>')).toBe(true);
    expect(JSON.parse(preText(md))).toEqual(results);
  });

  test('paths full of Markdown and HTML break neither the tables nor the <pre> section', () => {
    const results = NASTY_PATHS.map((path, i) =>
      task(String(10 + i), i % 3 ? 'Complete' : 'Failed', {
        ObjectPath: path,
        Description: `</pre></details><script>x</script>|${i}`
      })
    );
    const verdict = verdictOf(results);
    const small = buildSummary(verdict, FACTS).markdown;
    expect(dataRows(small)).toHaveLength(results.length);
    for (const row of tableRows(small)) expect(cellsOf(row)).toHaveLength(4);
    // The same run as a "large" one, so that the JSON section holds the paths too.
    const md = buildSummary(verdict, FACTS, { maxTableRows: 3 }).markdown;
    expect(dataRows(md)).toHaveLength(3);
    // Exactly the tags the summary writes itself; none from the data.
    for (const text of [small, md]) {
      const tags = text.match(/<\/?[a-z][^>]*>/gi) ?? [];
      const own = tags.filter((tag) => !/^<\/?code( title="[^"<>]*")?>$/.test(tag));
      expect(own.every((tag) => /^<\/?(details|summary|pre)>$/.test(tag))).toBe(true);
      // Not even the raw Markdown (inside <pre> included) holds markup or syntax from the data.
      expect(text).not.toMatch(/<script|<img|\]\(javascript|\*\*bold|```|`tick`/);
    }
    expect(JSON.parse(preText(md))).toEqual(results);
    // Nothing in the data can start its own line inside the <pre> block (and end it early).
    expect(md.split('\n').filter((line) => line.includes('</pre>'))).toHaveLength(1);
  });

  test('10,000 tasks with long paths stay under 1 MiB, failures first, with a truthful note', () => {
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
    const summary = buildSummary(verdict, { ...FACTS, resultsComplete: false });
    expect(bytes(summary.markdown)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(bytes(summary.markdown)).toBeLessThan(SUMMARY_LIMIT_BYTES);
    expect(summary.rowsShown).toBeGreaterThan(20);
    expect(summary.rowsShown).toBeLessThan(10_000);
    expect(summary.hasJson).toBe(false);
    const rows = dataRows(summary.markdown);
    expect(rows).toHaveLength(summary.rowsShown);
    for (const row of rows) expect(row).toHaveLength(4);
    expect(rows.slice(0, verdict.failedIds.length).map((cells) => cells[2])).toEqual(
      verdict.failedIds
    );
    const left = (10_000 - summary.rowsShown).toLocaleString('en-US');
    expect(summary.markdown).toContain(
      `${left} of 10,000 rows are left out to stay under GitHub's 1 MiB job summary limit: the \`results\` output had to be cut to GitHub's 1 MB output limit too, so only the file named by the \`results-file\` output has every task.`
    );
    expect(summary.markdown).not.toContain('<pre>');
    expect(summary.hasEveryTask).toBe(false);
  });

  test('3,000 tasks: tables of the first 1,000 rows, and every result in the JSON', () => {
    const results = Array.from({ length: 3000 }, (_, i) =>
      task(String(i + 1), i === 2500 ? 'Failed' : 'Complete', {
        ObjectPath: `https://www.example.com/assets/${i}.js`
      })
    );
    const summary = buildSummary(verdictOf(results), FACTS);
    expect(bytes(summary.markdown)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(summary).toMatchObject({ rowsShown: 1000, hasJson: true, hasEveryTask: true });
    expect(dataRows(summary.markdown)[0]?.[2]).toBe('2501');
    expect(summary.markdown).toContain(
      '2,000 of 3,000 rows are left out of the tables above: the JSON below has every task.'
    );
    expect(JSON.parse(preText(summary.markdown))).toEqual(results);
  });

  test('10,000 short tasks: the JSON cannot fit and neither can every row, so 1,000 rows and a note', () => {
    const results = Array.from({ length: 10_000 }, (_, i) =>
      task(String(i + 1), 'Complete', { ObjectPath: `https://e.com/${i}` })
    );
    const summary = buildSummary(verdictOf(results), { ...FACTS, resultsComplete: true });
    expect(bytes(summary.markdown)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(summary.hasJson).toBe(false);
    expect(summary.rowsShown).toBe(1000);
    expect(summary.markdown).toContain(
      "9,000 of 10,000 rows are left out to stay under GitHub's 1 MiB job summary limit: the `results` output has every task."
    );
    expect(dataRows(summary.markdown)).toHaveLength(summary.rowsShown);
  });

  test('when the JSON does not fit but every row does, the tables hold them all', () => {
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
      task(String(i + 1), i % 7 ? 'Complete' : 'Failed', {
        ObjectPath: `https://e.com/路径/${'x'.repeat(i % 90)}/${i}|`,
        Description: i % 2 ? 'Origin Timeout' : `Internal Error ${i % 5}`
      })
    );
    for (const budget of [5_000, 20_000, 60_000]) {
      const summary = buildSummary(verdictOf(results), FACTS, { budget, maxTableRows: 50 });
      expect(bytes(summary.markdown)).toBeLessThanOrEqual(budget);
      expect(summary.rowsShown).toBeGreaterThan(0);
    }
  });

  test('a timed-out run says what the last calls answered, and advice that fits the settings', () => {
    const verdict = verdictOf([task('1', 'Pending')]);
    const md = buildSummary(verdict, { ...FACTS, lastError: 'HTTP 503 <html>|down' }).markdown;
    expect(md).toContain('### ⏱️ Timed out with the DCDN task still pending');
    expect(md).toContain('The last calls failed: HTTP 503 &lt;html&gt;&#124;down');
    expect(md).toContain(
      'Raise `timeout` (now 20m), or set `fail-on-timeout: false` to let the job go on.'
    );
    const lenient = buildSummary(verdict, { ...FACTS, failOnTimeout: false }).markdown;
    expect(lenient).toContain('Raise `timeout` (now 20m) if the tasks need longer.');
    expect(lenient).not.toContain('fail-on-timeout');
  });

  test('the product name comes from the facts', () => {
    const md = buildSummary(verdictOf([task('1', 'Failed'), task('2', 'Complete')]), {
      ...FACTS,
      product: 'CDN'
    }).markdown;
    expect(md.startsWith('### ❌ 1 of 2 CDN tasks failed\n')).toBe(true);
    expect(md).not.toContain('DCDN');
  });

  test('what was submitted and the quota that remains, when the run submitted', () => {
    const md = buildSummary(verdictOf([task('1', 'Complete'), task('2', 'Complete')]), {
      ...FACTS,
      calls: 1,
      submission: {
        submitted: [
          { kind: 'File', paths: 1, taskIds: ['1'] },
          { kind: 'Preload|<b>', paths: 1200, taskIds: ['2', '3', '4', '5', '6', '7', '8'] }
        ],
        quotaLeft: [{ kind: 'File', remain: 1999, quota: 2000 }]
      }
    }).markdown;
    expect(md).toContain('· 1 API call\n');
    expect(md).toContain(
      '📤 Submitted File: 1 path in 1 task (1) · Preload&#124;&lt;b&gt;: 1,200 paths in 7 tasks (2, 3, 4, 5, 6 and 2 more)'
    );
    expect(md).toContain('Quota remaining today: File 1,999 of 2,000');
    // The verdict stays the first line.
    expect(md.startsWith('### ✅ All 2 DCDN tasks are complete\n')).toBe(true);
  });
});
