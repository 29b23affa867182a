// The job summary of a run that ended on an error (a refused key, a missing RAM permission, an
// STS outage, no answer at all): which service said what, what to do, and where every task stands.

import type { ApiError } from '../shared/errors.ts';
import type { Verdict } from '../wait/verdict.ts';
import { clip, codeCell, escapeCell } from './markdown.ts';
import { statusIcon } from './words.ts';
import { SUMMARY_BUDGET } from './summary.ts';
import { fitTaskTable, utf8Bytes } from './task-table.ts';

export function errorSummary(error: ApiError, verdict: Verdict, product = 'DCDN'): string {
  const said = [
    error.code ? `answered ${codeCell(clip(error.code, 100))}` : 'gave no usable answer',
    error.httpStatus ? `HTTP ${error.httpStatus}` : '',
    error.requestId ? `RequestId ${codeCell(clip(error.requestId, 80))}` : ''
  ].filter(Boolean);
  const lines = [
    `### ${statusIcon('failed')} The ${product} tasks could not be checked`,
    '',
    `**${escapeCell(error.service)}** ${said.join(' · ')}`,
    '',
    escapeCell(clip(error.message, 600))
  ];
  if (error.hint) lines.push('', `**What to do:** ${escapeCell(clip(error.hint, 500))}`);
  if (error.accessDenied)
    lines.push('', `**RAM detail:** ${escapeCell(clip(error.accessDenied, 500))}`);
  const intro = lines.join('\n');
  const table = fitTaskTable(verdict, SUMMARY_BUDGET - utf8Bytes(intro) - 1024, utf8Bytes, {
    maxCellChars: 300,
    maxRows: 1000
  });
  const total = verdict.results.length;
  const left = total - table.shown;
  const note =
    left > 0
      ? `${left} of ${total} rows are left out of this table: the \`results\` output and the results file have them.`
      : '';
  return `${[intro, table.markdown, note].filter((part) => part !== '').join('\n\n')}\n`;
}
