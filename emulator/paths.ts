// ObjectPath as the refresh and prefetch APIs read it: entries, their shape, and their domains.
import type { ObjectKind } from './products.ts';

const MAX_PATH_LENGTH = 1024;
export const MAX_DOMAINS_PER_CALL = 10;

/** Entries separated by \n or \r\n; empty entries (a trailing newline, a blank line) are skipped. */
export function splitObjectPath(value: string): string[] {
  return value.split(/\r?\n/).filter((e) => e !== '');
}

export interface ObjectPathEntry {
  path: string;
  /** Host, lower case, without port; `*.` kept for wildcards. */
  domain: string;
}

// [http(s)://]host[:port]/rest, the host at least two dot-separated labels, optionally `*.`-led;
// without a scheme the `/` after the host is required (host/path), with one it is optional.
// No whitespace or control characters anywhere (they cannot be part of a URL as sent).
const ENTRY =
  /^(?:(https?):\/\/)?((?:\*\.)?[a-z0-9_-]+(?:\.[a-z0-9_-]+)+)(?::(\d{1,5}))?(\/[^\s\p{Cc}]*)?$/iu;

/** One entry's domain, or undefined when the entry is malformed for that kind. */
export function parseObjectPath(entry: string, kind: ObjectKind): ObjectPathEntry | undefined {
  if (entry.length > MAX_PATH_LENGTH) return undefined;
  const m = ENTRY.exec(entry);
  if (!m?.[2]) return undefined;
  const [, scheme, host, port, rest] = m;
  if (scheme === undefined && rest === undefined) return undefined;
  if (port !== undefined && (Number(port) < 1 || Number(port) > 65535)) return undefined;
  if (kind === 'directory' && !entry.endsWith('/')) return undefined;
  return { path: entry, domain: host.toLowerCase() };
}

export function isWildcardDomain(domain: string): boolean {
  return domain.startsWith('*.');
}

/** Whether `domain` is one of `list`, where `*.example.com` stands for every subdomain. */
export function domainListed(domain: string, list: readonly string[]): boolean {
  return list.some((entry) => {
    const d = entry.toLowerCase();
    return d === domain || (isWildcardDomain(d) && domain.endsWith(d.slice(1)));
  });
}
