import { applyAnswer } from '../../src/wait/answer.ts';
import type { Task, TaskState } from '../../src/wait/task.ts';
import { apiRow as row } from '../helpers/task-results.ts';

function fresh(id: string): TaskState {
  return { id, rows: [], task: undefined, missingCount: 0, terminal: false };
}

/** Each answer comes from JSON.parse: new objects even when nothing changed. */
const copy = (tasks: Task[]): Task[] => tasks.map((task) => ({ ...task }));

describe('applyAnswer', () => {
  test('an answer that repeats a row keeps the row held before (the copy can die young)', () => {
    const state = fresh('1');
    const first = [row('1', 'a', 'Refreshing', '40%'), row('1', 'b', 'Pending', '0%')];
    applyAnswer([state], copy(first), () => undefined);
    const held = state.rows;
    applyAnswer([state], copy(first), () => undefined);
    expect(state.rows).toBe(held);
    expect(state.task).toBe(held[1]);
  });

  test('a changed row replaces the old one; unchanged ones stay the same objects', () => {
    const state = fresh('1');
    applyAnswer(
      [state],
      [row('1', 'a', 'Refreshing', '40%'), row('1', 'b', 'Pending', '0%')],
      () => undefined
    );
    const [a, b] = state.rows;
    applyAnswer(
      [state],
      [row('1', 'a', 'Refreshing', '60%'), row('1', 'b', 'Pending', '0%')],
      () => undefined
    );
    expect(state.rows[0]).not.toBe(a);
    expect(state.rows[0]?.Process).toBe('60%');
    expect(state.rows[1]).toBe(b);
  });

  test('a row that differs only in its Description or creation time is taken as new', () => {
    const state = fresh('1');
    applyAnswer([state], [row('1', 'a', 'Pending', '0%')], () => undefined);
    const before = state.rows[0];
    applyAnswer(
      [state],
      [{ ...row('1', 'a', 'Pending', '0%'), Description: 'queued' }],
      () => undefined
    );
    expect(state.rows[0]).not.toBe(before);
    expect(state.rows[0]?.Description).toBe('queued');
  });

  test('one path per ID: a repeated answer keeps the very rows; a finished path stays finished', () => {
    const state = fresh('1');
    applyAnswer([state], [row('1', 'a', 'Refreshing', '40%')], () => undefined);
    const held = state.rows;
    applyAnswer([state], [row('1', 'a', 'Refreshing', '40%')], () => undefined);
    expect(state.rows).toBe(held);
    applyAnswer([state], [row('1', 'a', 'Complete', '100%')], () => undefined);
    const done = state.rows;
    expect(done[0]?.Status).toBe('Complete');
    expect(state.terminal).toBe(true);
    // An answer that lists the path open again does not un-finish it.
    applyAnswer([state], [row('1', 'a', 'Refreshing', '90%')], () => undefined);
    expect(state.rows).toBe(done);
    expect(state.terminal).toBe(true);
  });
});
