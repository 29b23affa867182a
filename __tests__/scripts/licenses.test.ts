// dist/licenses.txt lists every package of every chunk: ncc's --license misses all but one
// chunk's once @actions/github is split out, so scripts/licenses.ts reads webpack's stats.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  bundledPackages,
  licensesText,
  moduleFiles,
  packageDirOf
} from '../../scripts/licenses.ts';

let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'dcdn-licenses-'));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

function pkg(dir: string, manifest: object, files: Record<string, string> = {}): string {
  const path = join(root, dir);
  mkdirSync(path, { recursive: true });
  writeFileSync(join(path, 'package.json'), JSON.stringify(manifest));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(path, name), text);
  return path;
}

test('the package of a file is its innermost node_modules entry, scoped or not', () => {
  expect(packageDirOf('/r/node_modules/undici/lib/a.js')).toBe('/r/node_modules/undici');
  expect(packageDirOf('/r/node_modules/@actions/github/lib/github.js')).toBe(
    '/r/node_modules/@actions/github'
  );
  expect(
    packageDirOf('/r/node_modules/@actions/github/node_modules/@actions/http-client/lib/i.js')
  ).toBe('/r/node_modules/@actions/github/node_modules/@actions/http-client');
  expect(packageDirOf('/r/src/index.ts')).toBeUndefined();
});

test('every chunk, concatenated modules included, each package once; versions told apart', () => {
  const a = pkg(
    'node_modules/a',
    { name: 'a', version: '1.0.0', license: 'MIT' },
    { LICENSE: 'A1\n' }
  );
  const b = pkg(
    'node_modules/@s/b',
    { name: '@s/b', version: '2.0.0', license: 'ISC' },
    { 'LICENSE.md': 'B\n' }
  );
  const a2 = pkg(
    'node_modules/@s/b/node_modules/a',
    { name: 'a', version: '0.9.0', license: 'MIT' },
    { LICENSE: 'A0\n' }
  );
  const c = pkg('node_modules/c', { name: 'c', version: '3.0.0', license: 'Apache-2.0' });
  const stats = [
    { nameForCondition: join(root, 'src/index.ts') },
    {
      nameForCondition: join(b, 'index.js'),
      modules: [{ nameForCondition: join(b, 'index.js') }, { nameForCondition: join(a, 'x.js') }]
    },
    { nameForCondition: join(a, 'y.js') },
    { nameForCondition: join(a2, 'z.js') },
    { nameForCondition: join(c, 'index.js') },
    { nameForCondition: null }
  ];
  const packages = bundledPackages(moduleFiles(stats));
  expect(packages.map((p) => `${p.name}@${p.version}`)).toEqual([
    '@s/b@2.0.0',
    'a@0.9.0',
    'a@1.0.0',
    'c@3.0.0'
  ]);
  expect(licensesText(packages)).toBe(
    '@s/b\nISC\nB\n\n\na@0.9.0\nMIT\nA0\n\n\na@1.0.0\nMIT\nA1\n\n\nc\nApache-2.0\nApache-2.0 (the package ships no license file)'
  );
});

test('one version twice (two copies with the same text) is listed once, by name', () => {
  const one = pkg(
    'node_modules/a',
    { name: 'a', version: '1.0.0', license: 'MIT' },
    { LICENSE: 'A' }
  );
  const two = pkg(
    'node_modules/b/node_modules/a',
    { name: 'a', version: '1.0.1', license: 'MIT' },
    { LICENSE: 'A' }
  );
  const text = licensesText(bundledPackages([join(one, 'i.js'), join(two, 'i.js')]));
  expect(text).toBe('a\nMIT\nA');
});
