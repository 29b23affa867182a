import { resultsOutput } from '../../src/report/outputs.ts';
import type { TaskResult } from '../../src/wait/task.ts';

function result(i: number, Status = 'Complete'): TaskResult {
  return {
    TaskId: String(700_000_000 + i),
    Status,
    Process: Status === 'Complete' ? '100%' : '0%',
    ObjectType: 'file',
    ObjectPath: `https://www.example.com/assets/${'x'.repeat(60)}/${i}.js`,
    CreationTime: '2026-11-29T10:00:00Z',
    Description: Status === 'Failed' ? 'Origin Timeout' : ''
  };
}

describe('the results output stays under the limit', () => {
  test('small runs: every field of every task', () => {
    const results = [result(1), result(2, 'Failed')];
    expect(resultsOutput(results)).toEqual({ value: JSON.stringify(results), note: undefined });
  });

  test('large runs: Complete tasks shrink to TaskId and Status, failures keep every field', () => {
    const results = Array.from({ length: 10_000 }, (_, i) =>
      result(i, i === 5 ? 'Failed' : 'Complete')
    );
    const { value, note } = resultsOutput(results);
    expect(Buffer.byteLength(value)).toBeLessThanOrEqual(900 * 1024);
    const parsed = JSON.parse(value) as Partial<TaskResult>[];
    expect(parsed).toHaveLength(10_000);
    expect(parsed[0]).toEqual({ TaskId: '700000000', Status: 'Complete' });
    expect(parsed[5]).toEqual(results[5]);
    expect(note).toMatch(/TaskId and Status only/);
  });

  test('huge runs: cut in input order, saying how many are listed', () => {
    const results = Array.from({ length: 100 }, (_, i) => result(i, 'Failed'));
    const { value, note } = resultsOutput(results, 5000);
    expect(Buffer.byteLength(value)).toBeLessThanOrEqual(5000);
    const parsed = JSON.parse(value) as TaskResult[];
    expect(parsed.length).toBeGreaterThan(0);
    expect(parsed.map((r) => r.TaskId)).toEqual(
      results.slice(0, parsed.length).map((r) => r.TaskId)
    );
    expect(note).toMatch(new RegExp(`first ${parsed.length} of 100 tasks`));
  });
});
