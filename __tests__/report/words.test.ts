// Words people read: headlines and counts in good English for 1 and for 2, the product's name,
// the closing message, and timeout advice that fits the settings.
import { counts, finalMessage, headline, listSome, timeoutAdvice } from '../../src/report/words.ts';
import type { RunFacts } from '../../src/report/words.ts';
import { countsLine } from '../../src/report/intro.ts';
import { formatCount, plural } from '../../src/shared/plural.ts';
import { task, verdictOf } from '../helpers/task-results.ts';

const FACTS: RunFacts = { elapsedMs: 65_000, calls: 1, timeoutMs: 300_000 };

describe('plural', () => {
  test('singular for 1, plural otherwise, with thousands separated', () => {
    expect(plural(1, 'API call')).toBe('1 API call');
    expect(plural(2, 'API call')).toBe('2 API calls');
    expect(plural(0, 'task')).toBe('0 tasks');
    expect(plural(1000, 'path')).toBe('1,000 paths');
    expect(plural(2, 'entry', 'entries')).toBe('2 entries');
    expect(formatCount(65536)).toBe('65,536');
  });

  test('counts are grouped as en-US groups them, without loading ICU', () => {
    const counts = [0, 7, 999, 1000, -1000, 123_456, 1_234_567, Number.MAX_SAFE_INTEGER];
    for (let n = 1; n < 1e15; n = n * 7 + 3) counts.push(n, -n);
    for (const n of counts) expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
    // Not a whole count: left to toLocaleString.
    expect(formatCount(1234.5)).toBe('1,234.5');
    expect(formatCount(Number.NaN)).toBe('NaN');
  });
});

describe('headlines', () => {
  const one = (status: string) => verdictOf([task('1', status)]);
  const two = (a: string, b: string) => verdictOf([task('1', a), task('2', b)]);

  test('one task: "the task", never "1 of 1" or "All 1"', () => {
    expect(headline(one('Complete'))).toBe('The DCDN task is complete');
    expect(headline(one('Failed'))).toBe('The DCDN task failed');
    expect(headline(one('Pending'))).toBe('Timed out with the DCDN task still pending');
    expect(headline({ ...one('Pending'), status: 'cancelled' })).toBe(
      'Cancelled with the DCDN task still pending'
    );
  });

  test('two tasks: counts and plurals', () => {
    expect(headline(two('Complete', 'Complete'))).toBe('All 2 DCDN tasks are complete');
    expect(headline(two('Failed', 'Complete'))).toBe('1 of 2 DCDN tasks failed');
    expect(headline(two('Failed', 'Failed'))).toBe('All 2 DCDN tasks failed');
    expect(headline(two('Pending', 'Complete'))).toBe(
      'Timed out with 1 of 2 DCDN tasks still pending'
    );
    expect(headline(two('Pending', 'Refreshing'))).toBe(
      'Timed out with all 2 DCDN tasks still pending'
    );
    expect(headline({ ...two('Pending', 'Complete'), status: 'cancelled' })).toBe(
      'Cancelled with 1 of 2 DCDN tasks still pending'
    );
  });

  test('the product name is a parameter', () => {
    expect(headline(two('Failed', 'Complete'), 'CDN')).toBe('1 of 2 CDN tasks failed');
    expect(headline(one('Complete'), 'CDN')).toBe('The CDN task is complete');
  });

  test('large counts are grouped by thousands', () => {
    const results = Array.from({ length: 1500 }, (_, i) =>
      task(String(i), i < 1200 ? 'Failed' : 'Complete')
    );
    expect(headline(verdictOf(results))).toBe('1,200 of 1,500 DCDN tasks failed');
    expect(counts(verdictOf(results))).toBe('1,200 failed, 300 complete');
  });

  test('the counts line: icons, no zero counts, "1 API call"', () => {
    expect(countsLine(two('Failed', 'Complete'), FACTS)).toBe(
      '❌ 1 failed · ✅ 1 complete · waited 1:05 · 1 API call'
    );
    expect(countsLine(two('Pending', 'Pending'), { ...FACTS, calls: 2 })).toBe(
      '⏳ 2 pending · waited 1:05 · 2 API calls'
    );
  });
});

describe('the closing message', () => {
  test('plurals and the failed paths with their reasons', () => {
    const message = finalMessage(
      verdictOf([
        task('1', 'Complete'),
        task('2', 'Failed', { ObjectPath: 'https://e.com/a|b', Description: 'Origin Timeout' })
      ]),
      FACTS
    );
    expect(message).toBe(
      '1 of 2 DCDN tasks failed after 1:05 (1 API call): 2 (https://e.com/a|b: Origin Timeout)'
    );
    expect(finalMessage(verdictOf([task('1', 'Complete')]), { ...FACTS, calls: 3 })).toBe(
      'The DCDN task is complete after 1:05 (3 API calls).'
    );
  });

  test('timeout advice suggests fail-on-timeout: false only when it is not already false', () => {
    const verdict = verdictOf([task('1', 'Complete'), task('2', 'Pending')]);
    expect(finalMessage(verdict, FACTS)).toBe(
      'Timed out with 1 of 2 DCDN tasks still pending after 1:05 (1 API call): pending 2. Raise timeout (now 5m), or set fail-on-timeout: false to let the job go on.'
    );
    const lenient = finalMessage(verdict, { ...FACTS, failOnTimeout: false });
    expect(lenient).toBe(
      'Timed out with 1 of 2 DCDN tasks still pending after 1:05 (1 API call): pending 2. Raise timeout (now 5m) if the tasks need longer.'
    );
    expect(timeoutAdvice({ timeoutMs: 90_000, failOnTimeout: true }, (t) => `\`${t}\``)).toBe(
      'Raise `timeout` (now 1m30s), or set `fail-on-timeout: false` to let the job go on.'
    );
  });

  test('a long list names five and counts the rest', () => {
    expect(listSome(['a', 'b'])).toBe('a, b');
    expect(listSome(Array.from({ length: 1005 }, (_, i) => String(i)))).toBe(
      '0, 1, 2, 3, 4 and 1,000 more'
    );
  });
});
