import {
  MAX_UNKNOWN_STATUSES,
  UnknownStatuses,
  canonicalStatus,
  isKnownStatus,
  statusKind
} from '../../src/wait/status.ts';
import { TERMINAL_STATUSES } from '../../src/wait/task.ts';

describe('statusKind', () => {
  test.each([
    ['Complete', 'complete'],
    ['complete', 'complete'],
    [' COMPLETE\t', 'complete'],
    ['Failed', 'failed'],
    ['FAILED', 'failed'],
    [' failed ', 'failed'],
    ['Pending', 'open'],
    ['Refreshing', 'open'],
    ['Queued', 'open'],
    ['Completed', 'open'],
    ['NotFound', 'open'],
    ['', 'open']
  ])('%j is %s', (status, kind) => {
    expect(statusKind(status)).toBe(kind);
  });

  test('canonicalStatus gives the API spelling of known names, and unknown ones as they came', () => {
    expect(canonicalStatus(' refreshing ')).toBe('Refreshing');
    expect(canonicalStatus('PENDING')).toBe('Pending');
    expect(canonicalStatus(' Queued ')).toBe(' Queued ');
    expect(isKnownStatus(' failed')).toBe(true);
    expect(isKnownStatus('Done')).toBe(false);
  });

  test('TERMINAL_STATUSES still holds the exact names, for exact-name readers', () => {
    expect([...TERMINAL_STATUSES]).toEqual(['Complete', 'Failed']);
  });
});

describe('UnknownStatuses', () => {
  test('keeps distinct unknown values as they came, in order, capped', () => {
    const unknown = new UnknownStatuses();
    for (const status of ['Queued', 'Complete', ' pending ', 'Queued', 'queued', 'FAILED']) {
      unknown.note(status);
    }
    expect(unknown.list()).toEqual(['Queued', 'queued']);
    for (let i = 0; i < 50; i++) unknown.note(`S${i}`);
    expect(unknown.list()).toHaveLength(MAX_UNKNOWN_STATUSES);
    expect(unknown.list().slice(0, 3)).toEqual(['Queued', 'queued', 'S0']);
  });
});
