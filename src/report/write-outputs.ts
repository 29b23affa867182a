// Sets every declared output, whatever the ending: a step that stops early must still tell the
// next steps what it knows. A results file that cannot be written is a warning, never a verdict.

import type { ActionIO } from '../runtime/io.ts';
import { oneLine } from '../shared/text.ts';
import type { Verdict } from '../wait/verdict.ts';
import { resultsJsonLines, resultsOutput } from './outputs.ts';
import type { OutputName } from './outputs.ts';

export interface OutputsWritten {
  /** Whether the `results` output holds every result (else the note says where the rest is). */
  resultsComplete: boolean;
}

export async function writeOutputs(
  io: ActionIO,
  verdict: Verdict,
  extra: Partial<Record<OutputName, string>> = {}
): Promise<OutputsWritten> {
  const { results } = verdict;
  const { value, note } = resultsOutput(results);
  if (note) io.warning(note);
  io.setOutput('status', verdict.status);
  io.setOutput('results', value);
  io.setOutput('results-file', await resultsFile(io, verdict));
  io.setOutput('complete-task-ids', verdict.completeIds.join(','));
  io.setOutput('failed-task-ids', verdict.failedIds.join(','));
  io.setOutput('pending-task-ids', verdict.pendingIds.join(','));
  for (const [name, text] of Object.entries(extra)) io.setOutput(name as OutputName, text ?? '');
  return { resultsComplete: note === undefined };
}

async function resultsFile(io: ActionIO, verdict: Verdict): Promise<string> {
  try {
    return await io.writeResultsFile(resultsJsonLines(verdict.results));
  } catch (error) {
    io.warning(
      `The results file could not be written (${oneLine((error as Error).message, 200)}): the results output and the job summary still have the results.`
    );
    return '';
  }
}
