// The inputs that make this step submit refreshes and prefetches before it waits: what to
// refresh and how, what to prefetch and where, and whether to wait at all.

import type { Product, RefreshKind } from '../alibaba/products.ts';
import { InputError } from '../shared/errors.ts';
import { oneLine } from '../shared/text.ts';
import type { GetInput } from './credentials.ts';
import { parsePathList } from './paths.ts';

/** Paths of one refresh kind, and the inputs they came from (for messages). */
interface RefreshList {
  inputs: string[];
  kind: RefreshKind;
  paths: string[];
}

export interface Submission {
  /** refresh-paths (as refresh-type says) and refresh-directories; one list per kind. */
  refreshes: RefreshList[];
  /** The API's Force, sent on every refresh but File. */
  force: boolean;
  prefetch: { paths: string[]; area: '' | 'domestic' | 'overseas'; l2: boolean };
  /** Lines for the log about how the paths were read. */
  notes: string[];
}

/** refresh-type values, case-insensitive; ExQuery is the CDN API's name for IgnoreParams. */
const REFRESH_TYPES: Record<string, RefreshKind> = {
  file: 'File',
  directory: 'Directory',
  regex: 'Regex',
  ignoreparams: 'IgnoreParams',
  exquery: 'IgnoreParams'
};

export function readSubmission(getInput: GetInput, product: Product): Submission {
  const kind = refreshType(getInput, product);
  const notes: string[] = [];
  const refreshPaths = parsePathList(getInput('refresh-paths'), 'refresh-paths', kind);
  const directories = parsePathList(
    getInput('refresh-directories'),
    'refresh-directories',
    'Directory'
  );
  const prefetch = parsePathList(getInput('prefetch-paths'), 'prefetch-paths', 'Prefetch');
  notes.push(...refreshPaths.notes, ...directories.notes, ...prefetch.notes);
  const refreshes: RefreshList[] = [];
  if (refreshPaths.paths.length) {
    refreshes.push({ inputs: ['refresh-paths'], kind, paths: refreshPaths.paths });
  }
  if (directories.paths.length) {
    const same = refreshes.find((list) => list.kind === 'Directory');
    if (same) {
      // One list per kind: the same directory given twice is refreshed once.
      same.inputs.push('refresh-directories');
      same.paths = [...new Set([...same.paths, ...directories.paths])];
    } else {
      refreshes.push({
        inputs: ['refresh-directories'],
        kind: 'Directory',
        paths: directories.paths
      });
    }
  }
  const force = booleanInput(getInput, 'refresh-force');
  if (force && refreshes.length > 0 && refreshes.every((list) => list.kind === 'File')) {
    notes.push('refresh-force does not apply to File refreshes (the API ignores Force for them).');
  }
  return {
    refreshes,
    force,
    prefetch: {
      paths: prefetch.paths,
      area: prefetchArea(getInput),
      l2: booleanInput(getInput, 'prefetch-l2')
    },
    notes
  };
}

/** Whether there is anything to submit. */
export function submitsAnything(submission: Submission): boolean {
  return submission.refreshes.length > 0 || submission.prefetch.paths.length > 0;
}

function refreshType(getInput: GetInput, product: Product): RefreshKind {
  const raw = getInput('refresh-type').trim();
  if (raw === '') return 'File';
  const kind = REFRESH_TYPES[raw.toLowerCase()];
  if (!kind) {
    throw new InputError(
      `refresh-type "${oneLine(raw, 40)}" is not File, Directory, Regex or IgnoreParams (ExQuery is accepted for IgnoreParams; ${product.name} is sent ${product.objectTypes.IgnoreParams}).`
    );
  }
  return kind;
}

function prefetchArea(getInput: GetInput): '' | 'domestic' | 'overseas' {
  const raw = getInput('prefetch-area').trim();
  const area = raw.toLowerCase();
  if (area === '' || area === 'domestic' || area === 'overseas') return area;
  throw new InputError(
    `prefetch-area "${oneLine(raw, 40)}" is not domestic or overseas: use domestic (mainland China), overseas (outside it), or leave it empty for the domain's own acceleration region.`
  );
}

/** As the other boolean inputs: YAML's true/True/TRUE and false/False/FALSE; default false. */
function booleanInput(getInput: GetInput, name: string): boolean {
  const raw = getInput(name).trim();
  if (['', 'false', 'False', 'FALSE'].includes(raw)) return false;
  if (['true', 'True', 'TRUE'].includes(raw)) return true;
  throw new InputError(`${name} is "${oneLine(raw, 40)}": use true or false.`);
}
