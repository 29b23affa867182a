// Builds the HTTP request of one OpenAPI call: the RPC-style action, its parameters in the query
// or in a form body, and either a V3 signature or none (STS AssumeRoleWithOIDC is anonymous).

import type { Credentials } from './credentials.ts';
import { acsDate, canonicalQueryString, hexSha256, signV3 } from './signing.ts';
import type { HttpRequest } from './transport.ts';

/** Where a call's parameters go: the query string, or a signed form body. */
export type Placement = 'query' | 'body';

export interface OpenApiRequest {
  action: string;
  version: string;
  params: Record<string, string>;
  placement: Placement;
}

/** How a request proves who sends it: V3 with keys, or nothing (the body carries the proof). */
export type Signer = { kind: 'v3'; credentials: Credentials } | { kind: 'anonymous' };

const FORM_TYPE = 'application/x-www-form-urlencoded';

export function buildRequest(
  endpoint: URL,
  request: OpenApiRequest,
  signer: Signer,
  now: number,
  nonce: string
): HttpRequest {
  const inBody = request.placement === 'body';
  const body = inBody ? canonicalQueryString(request.params) : '';
  if (signer.kind === 'anonymous') {
    // The older RPC style: the common parameters in the query, no signature.
    const query = {
      Action: request.action,
      Version: request.version,
      Format: 'JSON',
      Timestamp: acsDate(now),
      ...(inBody ? {} : request.params)
    };
    return {
      method: 'POST',
      url: `${endpoint.origin}/?${canonicalQueryString(query)}`,
      headers: inBody
        ? { 'content-type': FORM_TYPE, accept: 'application/json' }
        : { accept: 'application/json' },
      body
    };
  }
  const { credentials } = signer;
  const query = inBody ? {} : request.params;
  const payloadSha256 = hexSha256(body);
  const headers: Record<string, string> = {
    host: endpoint.host,
    'x-acs-action': request.action,
    'x-acs-version': request.version,
    'x-acs-date': acsDate(now),
    // A fresh nonce on every attempt: a retried request must never reuse one.
    'x-acs-signature-nonce': nonce,
    // Covers the form body, so the paths in it are signed too.
    'x-acs-content-sha256': payloadSha256,
    accept: 'application/json'
  };
  if (inBody) headers['content-type'] = FORM_TYPE;
  if (credentials.securityToken) headers['x-acs-security-token'] = credentials.securityToken;
  const { authorization } = signV3({
    method: 'POST',
    path: '/',
    query,
    headers,
    payloadSha256,
    accessKeyId: credentials.accessKeyId,
    accessKeySecret: credentials.accessKeySecret
  });
  const search = canonicalQueryString(query);
  return {
    method: 'POST',
    url: `${endpoint.origin}/${search ? `?${search}` : ''}`,
    headers: { ...headers, authorization },
    body
  };
}
