// A list of paths to refresh or prefetch, one per line, checked before anything is sent: blank
// lines and surrounding spaces are ignored, duplicates dropped, order kept; each path is a full
// http(s) URL or the API's short form example.com/path (sent as written), of at most 1,024
// characters, with the shape its kind needs.

import type { RefreshKind } from '../alibaba/products.ts';
import { InputError } from '../shared/errors.ts';
import { oneLine } from '../shared/text.ts';

/** What the paths are for: a refresh of one kind, or a prefetch. */
export type PathKind = RefreshKind | 'Prefetch';

export interface PathList {
  paths: string[];
  /** Lines for the log about how the paths are read (their form, home pages). */
  notes: string[];
}

/** The API's limit per entry of ObjectPath. */
const MAX_PATH_CHARS = 1024;

export function parsePathList(raw: string, input: string, kind: PathKind): PathList {
  const paths: string[] = [];
  const seen = new Set<string>();
  let shortForm: string | undefined;
  let homePage: string | undefined;
  raw.split(/\r\n|\r|\n/).forEach((line, index) => {
    const path = line.trim();
    if (path === '' || seen.has(path)) return;
    checkPath(path, `${input} line ${index + 1}`, kind);
    seen.add(path);
    paths.push(path);
    if (!/^https?:\/\//i.test(path)) shortForm ??= path;
    if (kind === 'File' && path.endsWith('/')) homePage ??= path;
  });
  const notes: string[] = [];
  if (shortForm) {
    notes.push(
      `${input}: paths without a scheme (such as "${oneLine(shortForm, 80)}") are sent as written, the short form the API accepts; write https:// to be explicit.`
    );
  }
  if (homePage) {
    notes.push(
      `${input}: "${oneLine(homePage, 80)}" ends with "/" and is refreshed as that one URL (File), not as a directory; list directories under refresh-directories.`
    );
  }
  return { paths, notes };
}

/** The domain a path belongs to (what the per-call limit of 10 domains counts), lower case. */
export function domainOf(path: string): string {
  const rest = path.replace(/^https?:\/\//i, '');
  const host = rest.split('/')[0] ?? '';
  return host.replace(/:\d+$/, '').toLowerCase();
}

function checkPath(path: string, where: string, kind: PathKind): void {
  const shown = `"${oneLine(path, 80)}"`;
  const fail = (why: string): never => {
    throw new InputError(`${where}: ${shown} ${why}`);
  };
  if (Array.from(path).length > MAX_PATH_CHARS) {
    fail(`is longer than the API's ${MAX_PATH_CHARS} characters per path.`);
  }
  // eslint-disable-next-line no-control-regex
  if (/[\s\u0000-\u001f\u007f]/.test(path)) {
    fail('has a space or a control character: encode a space in a URL as %20.');
  }
  const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path)?.[1];
  if (scheme && !/^https?$/i.test(scheme)) {
    fail(`uses ${scheme}://: write an http:// or https:// URL, e.g. https://example.com/a.png.`);
  }
  const host = (scheme ? path.slice(scheme.length + 3) : path).split('/')[0] ?? '';
  if (host.includes('*')) {
    fail('has a wildcard domain, which the API does not take: name each domain.');
  }
  if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d{1,5})?$/.test(host)) {
    fail('is not a URL: write https://example.com/path (or the short form example.com/path).');
  }
  if (kind === 'Directory' && !path.endsWith('/')) {
    fail('is not a directory: a directory ends with "/", e.g. https://example.com/static/.');
  }
  if ((kind === 'File' || kind === 'IgnoreParams' || kind === 'Prefetch') && path.includes('*')) {
    fail(
      kind === 'Prefetch'
        ? 'has a wildcard: prefetch takes whole URLs.'
        : 'has a wildcard, which a File path cannot have: use refresh-type Regex, or refresh-directories.'
    );
  }
}
