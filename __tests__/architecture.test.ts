// The layout is the architecture: these rules keep it so as the code grows.
import { readdirSync, readFileSync } from 'node:fs';
import { posix } from 'node:path';

const SRC = new URL('../src/', import.meta.url);

/** Every relative import of every file under src/, type-only ones included. */
function importGraph(): Map<string, string[]> {
  const files = (readdirSync(SRC, { recursive: true }) as string[])
    .filter((file) => file.endsWith('.ts') || file.endsWith('.cjs')) // the undici stand-in
    .map((file) => file.split('\\').join('/'));
  const graph = new Map<string, string[]>();
  for (const file of files) {
    const text = readFileSync(new URL(file, SRC), 'utf8');
    const deps = [...text.matchAll(/(?:from|import)\s*\(?\s*'(\.{1,2}\/[^']+)'/g)].map((m) =>
      posix.normalize(posix.join(posix.dirname(file), m[1] as string))
    );
    graph.set(file, deps);
  }
  return graph;
}

function cyclesOf(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const cycles: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const dep of graph.get(node) ?? []) {
      if (state.get(dep) === 'open')
        cycles.push([...stack.slice(stack.indexOf(dep)), dep].join(' -> '));
      else if (!state.has(dep)) visit(dep);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return cycles;
}

const folderOf = (file: string): string => (file.includes('/') ? file.split('/')[0]! : '.');

describe('architecture', () => {
  const graph = importGraph();

  test('the scan sees the folders by concern', () => {
    const folders = new Set([...graph.keys()].map(folderOf));
    expect([...folders].sort()).toEqual(
      expect.arrayContaining(['alibaba', 'github', 'inputs', 'report', 'runtime', 'wait'])
    );
  });

  test('every import resolves to a file under src/', () => {
    const missing = [...graph].flatMap(([file, deps]) =>
      deps.filter((dep) => !graph.has(dep)).map((dep) => `${file} -> ${dep}`)
    );
    expect(missing).toEqual([]);
  });

  test('no import cycles, type-only imports included', () => {
    expect(cyclesOf(graph)).toEqual([]);
  });

  test('the cycle finder finds a cycle', () => {
    const sample = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']]
    ]);
    expect(cyclesOf(sample)).toEqual(['a.ts -> b.ts -> c.ts -> a.ts']);
  });

  test('inputs, the call layer and the waiter never reach into reporting or the runner', () => {
    const inner = new Set(['inputs', 'alibaba', 'wait', 'submit', 'shared']);
    const outer = new Set(['report', 'github', 'runtime', '.']);
    const edges = [...graph].flatMap(([file, deps]) =>
      inner.has(folderOf(file))
        ? deps.filter((dep) => outer.has(folderOf(dep))).map((dep) => `${file} -> ${dep}`)
        : []
    );
    expect(edges).toEqual([]);
  });
});
