// Part of `npm run build`: writes dist/licenses.txt from webpack's stats of the ncc build. Since
// @actions/github is loaded lazily the bundle is split into chunks, and ncc's --license then
// lists only one chunk's packages; this lists every package that any chunk holds, in ncc's format
// (name, license, license text, blank line).

import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The part of webpack's stats read here: each module's file, concatenated ones nested. */
export interface StatsModule {
  nameForCondition?: string | null;
  modules?: StatsModule[] | null;
}

export interface BundledPackage {
  name: string;
  version: string;
  license: string;
  text: string;
}

/** Every file the bundle was built from. */
export function moduleFiles(modules: readonly StatsModule[]): string[] {
  return modules.flatMap((m) => [
    ...(m.nameForCondition ? [m.nameForCondition] : []),
    ...moduleFiles(m.modules ?? [])
  ]);
}

/** The package folder a file belongs to: the last node_modules/<name> (or <@scope/name>) in it. */
export function packageDirOf(file: string): string | undefined {
  const path = file.split('\\').join('/');
  const at = path.lastIndexOf('/node_modules/');
  if (at < 0) return undefined;
  const [first, second] = path.slice(at + '/node_modules/'.length).split('/');
  if (!first) return undefined;
  const name = first.startsWith('@') && second ? `${first}/${second}` : first;
  return `${path.slice(0, at)}/node_modules/${name}`;
}

function packageOf(dir: string): BundledPackage {
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as {
    name?: string;
    version?: string;
    license?: string;
  };
  const file = readdirSync(dir).find((f) => /^(licen[cs]e|copying)(\.(md|txt))?$/i.test(f));
  const license = manifest.license ?? 'UNKNOWN';
  return {
    name: manifest.name ?? dir,
    version: manifest.version ?? '',
    license,
    text: file
      ? readFileSync(join(dir, file), 'utf8')
      : `${license} (the package ships no license file)`
  };
}

/** The packages of these files, one entry per name and license text, sorted by name. */
export function bundledPackages(files: readonly string[]): BundledPackage[] {
  const dirs = [...new Set(files.map(packageDirOf).filter((d): d is string => d !== undefined))];
  const packages = dirs.filter((d) => existsSync(join(d, 'package.json'))).map(packageOf);
  const unique = new Map<string, BundledPackage>();
  for (const p of packages) unique.set(`${p.name}\n${p.text}`, p);
  return [...unique.values()].sort(
    (a, b) => a.name.localeCompare(b.name) || a.version.localeCompare(b.version)
  );
}

export function licensesText(packages: readonly BundledPackage[]): string {
  // Two versions of one package with different texts are told apart by version.
  const count = new Map<string, number>();
  for (const p of packages) count.set(p.name, (count.get(p.name) ?? 0) + 1);
  return packages
    .map((p) => {
      const name = (count.get(p.name) ?? 0) > 1 ? `${p.name}@${p.version}` : p.name;
      return `${name}\n${p.license}\n${p.text}`;
    })
    .join('\n\n');
}

if (import.meta.main) {
  const [statsFile, outFile] = process.argv.slice(2);
  if (!statsFile || !outFile) {
    console.error('usage: node scripts/licenses.ts <ncc stats.json> <licenses.txt>');
    process.exit(2);
  }
  const stats = JSON.parse(readFileSync(statsFile, 'utf8')) as { modules?: StatsModule[] };
  const packages = bundledPackages(moduleFiles(stats.modules ?? []));
  writeFileSync(outFile, licensesText(packages));
  console.log(`${outFile}: the licenses of ${packages.length} bundled packages`);
}
