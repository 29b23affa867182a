// The top of the job summary and the comment: the verdict line, the counts with their icons,
// what was submitted (when this run submitted), and after a timeout what to change.

import { clip, escapeCell } from './markdown.ts';
import { formatElapsed } from '../shared/duration.ts';
import { formatCount, plural } from '../shared/plural.ts';
import { headline, listSome, productOf, statusIcon, taskCount, timeoutAdvice } from './words.ts';
import type { RunFacts, Submission } from './words.ts';
import type { Verdict } from '../wait/verdict.ts';

export function verdictIntro(verdict: Verdict, facts: RunFacts): string {
  const title = headline(verdict, productOf(facts));
  const lines = [
    `### ${statusIcon(verdict.status)} ${escapeCell(title)}`,
    '',
    countsLine(verdict, facts)
  ];
  for (const paragraph of submissionLines(facts.submission)) lines.push('', paragraph);
  if (verdict.status === 'timed-out') {
    if (facts.lastError) {
      lines.push('', `The last calls failed: ${escapeCell(clip(facts.lastError, 300))}`);
    }
    lines.push(
      '',
      timeoutAdvice(facts, (text) => `\`${text}\``)
    );
  }
  if (verdict.status === 'cancelled') {
    lines.push('', 'The job was cancelled before every task finished.');
  }
  return lines.join('\n');
}

/** "❌ 2 failed · ⏳ 1 pending · ✅ 4 complete · waited 1:35 · 12 API calls" (no zero counts). */
export function countsLine(verdict: Verdict, facts: RunFacts): string {
  const parts: string[] = [];
  const { failedIds, pendingIds, completeIds } = verdict;
  if (failedIds.length) parts.push(`❌ ${formatCount(failedIds.length)} failed`);
  if (pendingIds.length) parts.push(`⏳ ${formatCount(pendingIds.length)} pending`);
  if (completeIds.length) parts.push(`✅ ${formatCount(completeIds.length)} complete`);
  // One ID can cover several paths: then say how many paths the counts stand for.
  if (verdict.results.length > taskCount(verdict))
    parts.push(plural(verdict.results.length, 'path'));
  parts.push(`waited ${formatElapsed(facts.elapsedMs)}`, plural(facts.calls, 'API call'));
  return parts.join(' · ');
}

/**
 * One paragraph each: "📤 Submitted File: 12 paths in 2 tasks (111, 112)" and
 * "Quota remaining today: File 1,988 of 2,000".
 */
function submissionLines(submission: Submission | undefined): string[] {
  if (!submission) return [];
  const lines: string[] = [];
  const submitted = submission.submitted.map(({ kind, paths, taskIds }) => {
    const ids = taskIds.length
      ? ` (${escapeCell(listSome(taskIds.map((id) => clip(id, 40))))})`
      : '';
    return `${escapeCell(clip(kind, 40))}: ${plural(paths, 'path')} in ${plural(taskIds.length, 'task')}${ids}`;
  });
  if (submitted.length) lines.push(`📤 Submitted ${submitted.join(' · ')}`);
  const quota = (submission.quotaLeft ?? []).map(
    ({ kind, remain, quota }) =>
      `${escapeCell(clip(kind, 40))} ${formatCount(remain)} of ${formatCount(quota)}`
  );
  if (quota.length) lines.push(`Quota remaining today: ${quota.join(' · ')}`);
  return lines;
}
