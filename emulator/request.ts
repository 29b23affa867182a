// Turns a received HTTP request into what the verifier and the API need, keeping the raw pieces
// (path, repeated headers, body bytes) because signatures cover what was sent, not a normalised copy.
import type { IncomingMessage } from 'node:http';
import { splitObjectPath } from './paths.ts';
import type { Pair } from './signature.ts';
import type { Scheme } from './types.ts';

export interface ParsedRequest {
  method: string;
  /** Raw path before `?`. */
  path: string;
  query: Pair[];
  /** Form body parameters (application/x-www-form-urlencoded). */
  form: Pair[];
  /** Every header as received, names lower-cased, repeats kept. */
  headers: Pair[];
  body: Buffer;
  scheme: Scheme;
  action: string;
  version: string;
}

/** Bodies are read up to this size (a 1,000-URL form is about 100 KB); the rest is dropped. */
const MAX_BODY = 8 << 20;

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

function decode(s: string): string {
  // Form/query style: '+' is a space; a broken %-escape is kept literally rather than failing.
  const plus = s.replace(/\+/g, ' ');
  try {
    return decodeURIComponent(plus);
  } catch {
    return plus;
  }
}

export function parseParams(s: string): Pair[] {
  const out: Pair[] = [];
  for (const part of s.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    out.push(eq < 0 ? [decode(part), ''] : [decode(part.slice(0, eq)), decode(part.slice(eq + 1))]);
  }
  return out;
}

export function firstParam(pairs: readonly Pair[], name: string): string | undefined {
  return pairs.find(([k]) => k === name)?.[1];
}

export function firstHeader(headers: readonly Pair[], name: string): string | undefined {
  return headers.find(([k]) => k === name)?.[1];
}

const RPC_MARKERS = ['Signature', 'AccessKeyId', 'SignatureMethod', 'SignatureNonce'];

export function parseRequest(req: IncomingMessage, body: Buffer): ParsedRequest {
  const url = req.url ?? '/';
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  const query = q < 0 ? [] : parseParams(url.slice(q + 1));
  const headers: Pair[] = [];
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) {
    headers.push([(req.rawHeaders[i] ?? '').toLowerCase(), req.rawHeaders[i + 1] ?? '']);
  }
  const contentType = firstHeader(headers, 'content-type') ?? '';
  const form = /^application\/x-www-form-urlencoded/i.test(contentType)
    ? parseParams(body.toString('utf8'))
    : [];
  const params = [...query, ...form];
  const scheme: Scheme =
    firstHeader(headers, 'authorization') !== undefined
      ? 'v3'
      : RPC_MARKERS.some((m) => firstParam(params, m) !== undefined)
        ? 'rpc'
        : 'none';
  // V3 names the API in headers only, RPC in parameters only; unsigned requests either way (record).
  const pick = (param: string, header: string): string =>
    (scheme === 'v3'
      ? firstHeader(headers, header)
      : scheme === 'rpc'
        ? firstParam(params, param)
        : (firstParam(params, param) ?? firstHeader(headers, header))) ?? '';
  return {
    method: (req.method ?? 'GET').toUpperCase(),
    path,
    query,
    form,
    headers,
    body,
    scheme,
    action: pick('Action', 'x-acs-action'),
    version: pick('Version', 'x-acs-version')
  };
}

/** API parameters: query first, then form body. */
export function apiParams(req: ParsedRequest): Pair[] {
  return [...req.query, ...req.form];
}

export function taskIdsOf(req: ParsedRequest): string[] {
  const raw = firstParam(apiParams(req), 'TaskId');
  return raw === undefined || raw === '' ? [] : raw.split(',');
}

/** Number of ObjectPath entries, undefined without ObjectPath. */
export function objectPathCount(req: ParsedRequest): number | undefined {
  const raw = firstParam(apiParams(req), 'ObjectPath');
  return raw === undefined ? undefined : splitObjectPath(raw).length;
}
