// 1,000 failures with long paths and reasons: the summary and the comment stay under GitHub's
// limits, keep every failure they can, and their notes say truthfully where the rest is (the
// `results` output is cut too at this size, so they must not send people there).
import { COMMENT_LIMIT, commentBody } from '../../src/report/comment-body.ts';
import { resultsOutput } from '../../src/report/outputs.ts';
import { SUMMARY_BUDGET, buildSummary } from '../../src/report/summary.ts';
import type { RunFacts } from '../../src/report/words.ts';
import type { TaskResult } from '../../src/wait/task.ts';
import { task, verdictOf } from '../helpers/task-results.ts';
import { dataRows, headings, shownText } from './reading.ts';

const REASONS = ['Origin Timeout', 'Origin Return StatusCode 5XX', 'Internal Error'];

function thousandFailures(): TaskResult[] {
  return Array.from({ length: 1000 }, (_, i) =>
    task(String(800_000_000 + i), 'Failed', {
      ObjectPath: `https://cdn.example.com/${i}/${'deep/'.repeat(200)}file-${i}.js`,
      Description: `${REASONS[i % 3]}`
    })
  );
}

describe('1,000 failures', () => {
  const results = thousandFailures();
  const verdict = verdictOf(results);
  // What the outputs module reports about the `results` output, as the lead wires it.
  const output = resultsOutput(results);
  const listed = (JSON.parse(output.value) as unknown[]).length;
  const facts: RunFacts = {
    elapsedMs: 60_000,
    calls: 100,
    timeoutMs: 1_200_000,
    resultsComplete: listed === results.length
  };

  test('the results output really is cut at this size', () => {
    expect(listed).toBeLessThan(1000);
    expect(facts.resultsComplete).toBe(false);
  });

  test('the summary: under 1 MiB, every failure in its reason group, counts in the headings', () => {
    const summary = buildSummary(verdict, facts);
    expect(Buffer.byteLength(summary.markdown)).toBeLessThanOrEqual(SUMMARY_BUDGET);
    expect(summary.markdown.split('\n')[0]).toBe('### ❌ All 1,000 DCDN tasks failed');
    expect(headings(summary.markdown).slice(1)).toEqual([
      '#### ❌ Origin Timeout: 334 paths',
      '#### ❌ Origin Return StatusCode 5XX: 333 paths',
      '#### ❌ Internal Error: 333 paths'
    ]);
    // Every failed task is in a table (paths shortened on screen, task IDs whole).
    const ids = dataRows(summary.markdown).map((cells) => cells[2]);
    expect(new Set(ids)).toEqual(new Set(verdict.failedIds));
    const shown = dataRows(summary.markdown).map((cells) => shownText(cells[1] ?? ''));
    expect(shown[0]).toMatch(/^https:\/\/cdn\.example\.com\/….*\/file-0\.js$/);
    expect(summary.markdown).not.toContain('left out');
    expect(summary.markdown).not.toContain('`results` output has every task');
  });

  test('the comment: under 65,536 characters, failures first, a note that points where the rest really is', () => {
    for (const summaryHasAll of [true, false]) {
      const { body, rowsShown } = commentBody(verdict, facts, {
        tag: 'dcdn-refresh-wait',
        runUrl: 'https://github.com/acme/site/actions/runs/1',
        updatedAt: 0,
        summaryHasAll
      });
      expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
      expect(rowsShown).toBeGreaterThan(100);
      expect(rowsShown).toBeLessThan(1000);
      const left = (1000 - rowsShown).toLocaleString('en-US');
      const where = summaryHasAll
        ? 'the job summary of the workflow run (linked below) has them all.'
        : "the `results` output had to be cut to GitHub's 1 MB output limit too, so only the file named by the `results-file` output has every task, and `failed-task-ids` lists every failed task ID.";
      expect(body).toContain(
        `${left} more rows are left out (all of them failed) to stay under GitHub's 65,536-character comment limit: ${where}`
      );
      expect(body).not.toContain('`results` output has every task');
    }
  });
});
