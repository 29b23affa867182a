import type { PollOutcome } from '../../src/wait/poller.ts';
import type { Task, TaskState } from '../../src/wait/task.ts';
import { decide, failures } from '../../src/wait/verdict.ts';
import { apiRow as row } from '../helpers/task-results.ts';

function state(id: string, rows: Task[], terminal: boolean, missingCount = 0): TaskState {
  return { id, rows, task: rows[0], missingCount, terminal };
}

function outcome(states: TaskState[], end: PollOutcome['end'] = 'done'): PollOutcome {
  return {
    end,
    states,
    rounds: 1,
    calls: 1,
    elapsedMs: 0,
    lastError: undefined,
    unknownStatuses: []
  };
}

const notFound = (id: string): Task => ({
  ...row(id, '', 'NotFound'),
  ObjectPath: '',
  Description: 'missing from 3 consecutive answers'
});

describe('decide', () => {
  test('one result per row, input order of IDs then path order; one ID entry per list', () => {
    const verdict = decide(
      outcome(
        [
          state(
            '2',
            [row('2', 'a', 'Complete'), row('2', 'b', 'Failed', '0%', 'Origin Timeout')],
            true
          ),
          state('1', [row('1', 'z', 'Complete'), row('1', 'y', 'Complete')], true),
          state('3', [row('3', 'c', 'Refreshing', '40%'), row('3', 'd', 'Failed')], false)
        ],
        'timed-out'
      )
    );
    expect(verdict.results.map((r) => `${r.TaskId}${r.ObjectPath.slice(-1)}`)).toEqual([
      '2a',
      '2b',
      '1z',
      '1y',
      '3c',
      '3d'
    ]);
    expect(verdict.completeIds).toEqual(['1']);
    expect(verdict.failedIds).toEqual(['2']);
    expect(verdict.pendingIds).toEqual(['3']);
    expect(verdict.status).toBe('failed');
  });

  test('failures() lists the failed and NotFound rows of failed IDs, not their complete paths', () => {
    const verdict = decide(
      outcome([
        state(
          '1',
          [row('1', 'a', 'Complete'), row('1', 'b', 'FAILED', '0%', 'Internal Error')],
          true
        ),
        state('2', [notFound('2')], true),
        state(
          '3',
          [row('3', 'c', 'Failed', '0%', 'still open elsewhere'), row('3', 'd', 'Pending')],
          false
        )
      ])
    );
    expect(verdict.failedIds).toEqual(['1', '2']);
    expect(failures(verdict).map((r) => `${r.TaskId} ${r.Status} ${r.Description}`)).toEqual([
      '1 FAILED Internal Error',
      '2 NotFound missing from 3 consecutive answers'
    ]);
  });

  test('statuses are classified case-insensitively with spaces trimmed', () => {
    const verdict = decide(
      outcome([
        state('1', [row('1', 'a', ' complete ')], true),
        state('2', [row('2', 'b', 'COMPLETE'), row('2', 'c', 'failed ')], true)
      ])
    );
    expect(verdict.completeIds).toEqual(['1']);
    expect(verdict.failedIds).toEqual(['2']);
    expect(verdict.results.map((r) => r.Status)).toEqual([' complete ', 'COMPLETE', 'failed ']);
  });

  test('an ID no answer listed is one Pending row, never NotFound', () => {
    const verdict = decide(outcome([state('1', [], false), state('2', [], false, 2)], 'timed-out'));
    expect(verdict.status).toBe('timed-out');
    expect(verdict.pendingIds).toEqual(['1', '2']);
    expect(verdict.results.map((r) => [r.TaskId, r.Status, r.Description])).toEqual([
      ['1', 'Pending', 'no answer yet'],
      ['2', 'Pending', 'no answer yet (missing from 2 answers; NotFound after 3)']
    ]);
    expect(failures(verdict)).toEqual([]);
  });

  test('results are the rows the poller holds, not copies (10,000 copies cost MBs at the end)', () => {
    const rows = [row('1', 'a', 'Complete'), row('1', 'b', 'Complete')];
    const verdict = decide(outcome([state('1', rows, true)]));
    expect(verdict.results[0]).toBe(rows[0]);
    expect(verdict.results[1]).toBe(rows[1]);
  });
});
