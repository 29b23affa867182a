// Pure signing functions for Alibaba Cloud OpenAPI, written from the vendor's specification (not
// from src/) so that the emulator checks the action's signer instead of agreeing with it.
import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

export const V3_ALGORITHM = 'ACS3-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

/** A name/value pair; lists of pairs keep repeated names, which records would lose. */
export type Pair = readonly [string, string];

/** RFC 3986 percent-encoding: encodeURIComponent plus !'()* (space is %20, ~ stays). */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  );
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Code-unit order, as the vendor sorts (not locale order). */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortPairs(pairs: readonly Pair[]): Pair[] {
  return [...pairs].sort((a, b) => byCodeUnits(a[0], b[0]) || byCodeUnits(a[1], b[1]));
}

/** `name=enc(value)` sorted by name and joined with `&`; an empty value gives `name=`. */
export function canonicalQueryString(query: readonly Pair[]): string {
  return sortPairs(query)
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
}

/** Headers a V3 client signs when it signs everything it may: host, content-type, x-acs-*. */
function isSignableHeader(lowerName: string): boolean {
  return lowerName === 'host' || lowerName === 'content-type' || lowerName.startsWith('x-acs-');
}

/**
 * Canonical header block and SignedHeaders list. With `signedHeaders` (the server's view) exactly
 * those names are used, present or not; without it, every signable header (the client's view).
 */
export function canonicalHeaders(
  headers: readonly Pair[],
  signedHeaders?: readonly string[]
): { canonical: string; signedHeaders: string } {
  const values = new Map<string, string[]>();
  for (const [name, value] of headers) {
    const lower = name.toLowerCase();
    const list = values.get(lower) ?? [];
    list.push(value.trim());
    values.set(lower, list);
  }
  const names = signedHeaders
    ? [...new Set(signedHeaders.map((n) => n.toLowerCase()))]
    : [...values.keys()].filter(isSignableHeader);
  names.sort(byCodeUnits);
  const canonical = names
    .map((n) => `${n}:${[...(values.get(n) ?? [])].sort(byCodeUnits).join(',')}\n`)
    .join('');
  return { canonical, signedHeaders: names.join(';') };
}

export interface V3Request {
  method: string;
  /** The path exactly as sent ("/" for RPC-style APIs). */
  path: string;
  query: readonly Pair[];
  headers: readonly Pair[];
  /** Hex SHA-256 of the body (what x-acs-content-sha256 carries). */
  payloadSha256: string;
  /** Names from the Authorization header; omit to sign all signable headers. */
  signedHeaders?: readonly string[];
}

export function canonicalRequestV3(req: V3Request): {
  canonicalRequest: string;
  signedHeaders: string;
} {
  const h = canonicalHeaders(req.headers, req.signedHeaders);
  const canonicalRequest = [
    req.method.toUpperCase(),
    req.path,
    canonicalQueryString(req.query),
    h.canonical,
    h.signedHeaders,
    req.payloadSha256
  ].join('\n');
  return { canonicalRequest, signedHeaders: h.signedHeaders };
}

export function stringToSignV3(canonicalRequest: string): string {
  return `${V3_ALGORITHM}\n${sha256Hex(canonicalRequest)}`;
}

export function signatureV3(accessKeySecret: string, stringToSign: string): string {
  return createHmac('sha256', accessKeySecret).update(stringToSign).digest('hex');
}

function authorizationV3(accessKeyId: string, signedHeaders: string, signature: string): string {
  return `${V3_ALGORITHM} Credential=${accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
}

/** Full V3 signature of a request as a client would compute it. */
export function signV3(
  req: V3Request,
  accessKeyId: string,
  accessKeySecret: string
): { canonicalRequest: string; stringToSign: string; authorization: string } {
  const { canonicalRequest, signedHeaders } = canonicalRequestV3(req);
  const stringToSign = stringToSignV3(canonicalRequest);
  const authorization = authorizationV3(
    accessKeyId,
    signedHeaders,
    signatureV3(accessKeySecret, stringToSign)
  );
  return { canonicalRequest, stringToSign, authorization };
}

export interface ParsedAuthorization {
  algorithm: string;
  accessKeyId: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses `ACS3-HMAC-SHA256 Credential=..,SignedHeaders=..,Signature=..`; undefined if unusable. */
export function parseAuthorizationV3(header: string): ParsedAuthorization | undefined {
  const m = /^\s*(\S+)\s+(.*)$/.exec(header);
  if (!m?.[1] || m[2] === undefined) return undefined;
  const fields = new Map<string, string>();
  for (const part of m[2].split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) return undefined;
    fields.set(part.slice(0, eq).trim(), part.slice(eq + 1).trim());
  }
  const accessKeyId = fields.get('Credential');
  const signedHeaders = fields.get('SignedHeaders');
  const signature = fields.get('Signature');
  if (!accessKeyId || !signedHeaders || !signature) return undefined;
  return {
    algorithm: m[1],
    accessKeyId,
    signedHeaders: signedHeaders.split(';').map((n) => n.trim().toLowerCase()),
    signature
  };
}

/** RPC (signature version 1.0): METHOD&%2F&enc(sorted enc(k)=enc(v) joined by &), minus Signature. */
export function rpcStringToSign(method: string, params: readonly Pair[]): string {
  const canonical = sortPairs(params.filter(([k]) => k !== 'Signature'))
    .map(([k, v]) => `${percentEncode(k)}=${percentEncode(v)}`)
    .join('&');
  return `${method.toUpperCase()}&${percentEncode('/')}&${percentEncode(canonical)}`;
}

export function rpcSignature(accessKeySecret: string, stringToSign: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(stringToSign).digest('base64');
}

/** Constant-time comparison, so the emulator models a verifier that leaks nothing by timing. */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** Parses the vendor's `YYYY-MM-DDThh:mm:ssZ`; undefined for anything else. */
export function parseAcsTimestamp(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number
  ];
  const ms = Date.UTC(y, mo - 1, d, h, mi, s);
  // Reject rollovers such as 2024-02-30 that Date.UTC would silently accept.
  return new Date(ms).toISOString().slice(0, 19) + 'Z' === value ? ms : undefined;
}

export function formatAcsTimestamp(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19) + 'Z';
}
