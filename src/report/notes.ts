// The lines that say what a table left out and exactly where the rest is. A note must never
// promise more than is there: the `results` output is cut too on very large runs.

import { formatCount, plural, word } from '../shared/plural.ts';
import type { FittedTable } from './task-table.ts';
import type { RunFacts } from './words.ts';

/** Where every task is, outside this summary or comment. */
export function whereEveryTaskIs(
  facts: Pick<RunFacts, 'resultsComplete'>,
  failedLeftOut: boolean
): string {
  const where =
    facts.resultsComplete === true
      ? 'the `results` output has every task'
      : facts.resultsComplete === false
        ? "the `results` output had to be cut to GitHub's 1 MB output limit too, so only the file named by the `results-file` output has every task"
        : 'the file named by the `results-file` output has every task';
  return failedLeftOut ? `${where}, and \`failed-task-ids\` lists every failed task ID` : where;
}

/** "12 of 1,000 rows are left out (10 of them failed)": the start of every note. */
export function leftOut(table: FittedTable, of = true): string {
  const left = table.total - table.shown;
  const rows = of
    ? `${formatCount(left)} of ${plural(table.total, 'row')}`
    : plural(left, 'more row');
  const failed = table.failedTotal - table.failedShown;
  const which =
    failed === 0
      ? ''
      : left === 1
        ? ' (a failed one)'
        : failed === left
          ? ' (all of them failed)'
          : ` (${formatCount(failed)} of them failed)`;
  return `${rows} ${word(left, 'is', 'are')} left out${which}`;
}
