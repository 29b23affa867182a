// Strips types from src/ and scripts/bench/ once, so the simulated clients run plain JavaScript:
// Node's on-the-fly type stripping would add its own memory to every figure. The output goes to
// node_modules/.cache (where linters do not look), and imports of packages resolve from there.

import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import ts from 'typescript';

const ROOT = new URL('../../', import.meta.url).pathname;
export const BUILD_DIR = join(ROOT, 'node_modules', '.cache', 'dcdn-refresh-wait-bench');

export function transpileForBench(): string {
  for (const dir of ['src', 'scripts/bench']) {
    // Recursive: src/ is in folders by concern.
    for (const name of readdirSync(join(ROOT, dir), { recursive: true }) as string[]) {
      if (!name.endsWith('.ts')) continue;
      const from = join(ROOT, dir, name);
      const to = join(BUILD_DIR, relative(ROOT, from)).replace(/\.ts$/, '.js');
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
  return join(BUILD_DIR, 'scripts', 'bench', 'sim-client.js');
}
