// Batching within each product's per-call limits, in input order, refreshes before prefetches.
import { CDN, DCDN } from '../../src/alibaba/products.ts';
import type { Submission } from '../../src/inputs/submission.ts';
import { planBatches } from '../../src/submit/batches.ts';
import { needs } from '../../src/submit/quota.ts';

const urls = (n: number, host = 'e.com'): string[] =>
  Array.from({ length: n }, (_, i) => `https://${host}/${i}`);

function submission(overrides: Partial<Submission> = {}): Submission {
  return {
    refreshes: [],
    force: false,
    prefetch: { paths: [], area: '', l2: false },
    notes: [],
    ...overrides
  };
}

describe('planBatches', () => {
  test('1,000 URLs or 100 directories per refresh call; 100 URLs per prefetch call', () => {
    const batches = planBatches(
      submission({
        refreshes: [
          { inputs: ['refresh-paths'], kind: 'File', paths: urls(2001) },
          {
            inputs: ['refresh-directories'],
            kind: 'Directory',
            paths: urls(101).map((u) => `${u}/`)
          }
        ],
        prefetch: { paths: urls(201), area: '', l2: false }
      }),
      DCDN
    );
    expect(batches.map((b) => [b.operation, b.kind, b.paths.length])).toEqual([
      ['refresh', 'File', 1000],
      ['refresh', 'File', 1000],
      ['refresh', 'File', 1],
      ['refresh', 'Directory', 100],
      ['refresh', 'Directory', 1],
      ['preload', undefined, 100],
      ['preload', undefined, 100],
      ['preload', undefined, 1]
    ]);
    expect(batches[0]?.params.ObjectPath?.split('\n')).toEqual(urls(1000));
  });

  test('at most 10 domains per call, order kept', () => {
    const paths = Array.from({ length: 25 }, (_, i) => `https://d${i % 12}.example.com/${i}`);
    const batches = planBatches(
      submission({ refreshes: [{ inputs: ['refresh-paths'], kind: 'File', paths }] }),
      DCDN
    );
    for (const batch of batches) {
      expect(new Set(batch.paths.map((p) => new URL(p).hostname)).size).toBeLessThanOrEqual(10);
    }
    expect(batches.flatMap((b) => b.paths)).toEqual(paths);
  });

  test("each product's own ObjectType; Force only where it means something", () => {
    const refreshes = [
      { inputs: ['refresh-paths'], kind: 'IgnoreParams' as const, paths: ['https://e.com/a?x=1'] },
      { inputs: ['refresh-directories'], kind: 'Directory' as const, paths: ['https://e.com/d/'] }
    ];
    const [dcdnIgnore] = planBatches(submission({ refreshes, force: true }), DCDN);
    const [cdnIgnore, cdnDir] = planBatches(submission({ refreshes, force: true }), CDN);
    expect(dcdnIgnore?.params).toEqual({
      ObjectPath: 'https://e.com/a?x=1',
      ObjectType: 'IgnoreParams',
      Force: 'true'
    });
    expect(cdnIgnore?.params.ObjectType).toBe('ExQuery');
    expect(cdnDir?.params).toMatchObject({ ObjectType: 'Directory', Force: 'true' });
    const [file] = planBatches(
      submission({
        refreshes: [{ inputs: ['refresh-paths'], kind: 'File', paths: ['https://e.com/a'] }],
        force: true
      }),
      DCDN
    );
    expect(file?.params).toEqual({ ObjectPath: 'https://e.com/a', ObjectType: 'File' });
  });

  test('prefetch parameters only when set', () => {
    const plain = planBatches(
      submission({ prefetch: { paths: ['https://e.com/a'], area: '', l2: false } }),
      DCDN
    );
    expect(plain[0]?.params).toEqual({ ObjectPath: 'https://e.com/a' });
    const set = planBatches(
      submission({ prefetch: { paths: ['https://e.com/a'], area: 'domestic', l2: true } }),
      CDN
    );
    expect(set[0]?.params).toEqual({
      ObjectPath: 'https://e.com/a',
      Area: 'domestic',
      L2Preload: 'true'
    });
  });
});

describe('quota needs', () => {
  test('per kind, summed over batches, naming the inputs', () => {
    const batches = planBatches(
      submission({
        refreshes: [
          {
            inputs: ['refresh-paths', 'refresh-directories'],
            kind: 'Directory',
            paths: urls(150).map((u) => `${u}/`)
          }
        ],
        prefetch: { paths: urls(3), area: '', l2: false }
      }),
      DCDN
    );
    expect(needs(batches)).toEqual([
      { kind: 'Directory', inputs: ['refresh-paths', 'refresh-directories'], count: 150 },
      { kind: 'Prefetch', inputs: ['prefetch-paths'], count: 3 }
    ]);
  });
});
