// Alibaba Cloud V3 request signing (ACS3-HMAC-SHA256), as the vendor specifies it.

import { createHash, createHmac } from 'node:crypto';

const ALGORITHM = 'ACS3-HMAC-SHA256';
export const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

export interface SignRequest {
  method: string;
  /** Canonical URI; "/" for RPC-style APIs. */
  path: string;
  query: Record<string, string>;
  /** Header names in any case; names equal but for case are one header with several values. */
  headers: Record<string, string>;
  /** Hex SHA-256 of the body (x-acs-content-sha256). */
  payloadSha256: string;
  accessKeyId: string;
  accessKeySecret: string;
}

export interface Signed {
  canonicalRequest: string;
  stringToSign: string;
  authorization: string;
}

/** RFC 3986 percent-encoding, which encodeURIComponent misses for !'()*. */
export function percentEncode(value: string): string {
  return encodeURIComponent(value).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  );
}

export function hexSha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

export function canonicalQueryString(query: Record<string, string>): string {
  // Sorted by code unit, as the vendor's reference implementations compare strings.
  return Object.keys(query)
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
    .map((name) => `${percentEncode(name)}=${percentEncode(query[name] ?? '')}`)
    .join('&');
}

/** Headers that take part in the signature: host, content-type and every x-acs-*. */
function isSignedHeader(lowerName: string): boolean {
  return lowerName === 'host' || lowerName === 'content-type' || lowerName.startsWith('x-acs-');
}

function canonicalHeaders(headers: Record<string, string>): {
  canonical: string;
  signedHeaders: string;
} {
  const grouped = new Map<string, string[]>();
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase().trim();
    if (!isSignedHeader(lower)) continue;
    const values = grouped.get(lower) ?? [];
    values.push(value.trim());
    grouped.set(lower, values);
  }
  const names = [...grouped.keys()].sort();
  const canonical = names
    .map((name) => `${name}:${(grouped.get(name) as string[]).sort().join(',')}\n`)
    .join('');
  return { canonical, signedHeaders: names.join(';') };
}

export function signV3(request: SignRequest): Signed {
  const { canonical, signedHeaders } = canonicalHeaders(request.headers);
  const canonicalRequest = [
    request.method.toUpperCase(),
    request.path,
    canonicalQueryString(request.query),
    canonical,
    signedHeaders,
    request.payloadSha256
  ].join('\n');
  const stringToSign = `${ALGORITHM}\n${hexSha256(canonicalRequest)}`;
  const signature = createHmac('sha256', request.accessKeySecret)
    .update(stringToSign)
    .digest('hex');
  const authorization = `${ALGORITHM} Credential=${request.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
  return { canonicalRequest, stringToSign, authorization };
}

/** x-acs-date format: UTC, second precision, no milliseconds. */
export function acsDate(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
