// Strips types from src/ and scripts/bench/ once, so the simulated clients run plain JavaScript:
// Node's on-the-fly type stripping would add its own memory to every figure. The output goes to
// node_modules/.cache (where linters do not look), and imports of packages resolve from there.

import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = new URL('../../', import.meta.url).pathname;
export const BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'dcdn-refresh-wait-bench');

/**
 * Returns the simulated clients' scripts. `srcRoot` swaps in another checkout's src/ (the bench's
 * --src option), to measure an older version of the action with this benchmark.
 */
export function transpileForBench(srcRoot = ROOT): { sim: string; contention: string } {
  rmSync(join(BUILD_DIR, 'src'), { recursive: true, force: true });
  for (const [root, dir] of [
    [srcRoot, 'src'],
    [ROOT, 'scripts/bench']
  ] as const) {
    // Recursive: src/ is in folders by concern.
    for (const name of readdirSync(join(root, dir), { recursive: true }) as string[]) {
      if (!name.endsWith('.ts')) continue;
      const from = join(root, dir, name);
      const to = join(BUILD_DIR, relative(root, from)).replace(/\.ts$/, '.js');
      const { outputText } = ts.transpileModule(readFileSync(from, 'utf8'), {
        fileName: from,
        compilerOptions: {
          module: ts.ModuleKind.ESNext,
          target: ts.ScriptTarget.ES2023,
          rewriteRelativeImportExtensions: true,
          verbatimModuleSyntax: true
        }
      });
      mkdirSync(dirname(to), { recursive: true });
      writeFileSync(to, outputText);
    }
  }
  writeFileSync(join(BUILD_DIR, 'package.json'), '{ "type": "module" }\n');
  const bench = join(BUILD_DIR, 'scripts', 'bench');
  return { sim: join(bench, 'sim-client.js'), contention: join(bench, 'contention-client.js') };
}
