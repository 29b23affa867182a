// Request authentication as the vendor's gateway does it, before any API logic runs.
// Order of checks: shape of the signature, timestamp, access key, security token, signature, nonce.
// The nonce is only remembered once the signature is valid, so forged requests cannot burn nonces.
import { ApiError } from './errors.ts';
import { apiParams, firstHeader, firstParam, type ParsedRequest } from './request.ts';
import {
  V3_ALGORITHM,
  canonicalRequestV3,
  parseAcsTimestamp,
  parseAuthorizationV3,
  rpcSignature,
  rpcStringToSign,
  safeEqual,
  sha256Hex,
  signatureV3,
  stringToSignV3
} from './signature.ts';
import type { EmulatorCredential } from './types.ts';

/** Allowed skew of x-acs-date / Timestamp, and how long nonces are remembered. */
const TIME_WINDOW_MS = 15 * 60 * 1000;

const V3_REQUIRED_HEADERS = [
  'host',
  'x-acs-action',
  'x-acs-version',
  'x-acs-date',
  'x-acs-signature-nonce',
  'x-acs-content-sha256'
];
const RPC_REQUIRED_PARAMS = [
  'AccessKeyId',
  'Signature',
  'SignatureMethod',
  'SignatureVersion',
  'SignatureNonce',
  'Timestamp'
];

/** What the verifier learnt about the caller, filled in even when verification fails. */
export interface Caller {
  accessKeyId?: string;
  securityToken?: string;
  credential?: EmulatorCredential;
}

export interface Verifier {
  /** Throws ApiError when the request must be rejected; fills `caller` as far as it got. */
  verify(req: ParsedRequest, caller: Caller): void;
  /** Accept more keys from now on. */
  add(...credentials: EmulatorCredential[]): void;
}

export function createVerifier(
  credentials: readonly EmulatorCredential[],
  wallClock: () => number
): Verifier {
  const known = [...credentials];
  const byId = new Map(known.map((c) => [c.accessKeyId, c]));
  const nonces = new Map<string, Map<string, number>>();

  function checkTimestamp(value: string | undefined): void {
    const t = value === undefined ? undefined : parseAcsTimestamp(value);
    if (t === undefined || Math.abs(wallClock() - t) > TIME_WINDOW_MS) {
      throw new ApiError('InvalidTimeStamp.Expired');
    }
  }

  function lookup(accessKeyId: string): EmulatorCredential {
    const cred = byId.get(accessKeyId);
    if (!cred) throw new ApiError('InvalidAccessKeyId.NotFound');
    return cred;
  }

  function checkToken(cred: EmulatorCredential, token: string | undefined): void {
    const sent = token === '' ? undefined : token;
    if (cred.securityToken === undefined) {
      if (sent !== undefined) throw new ApiError('InvalidSecurityToken.MismatchWithAccessKey');
      return;
    }
    if (sent === undefined) throw new ApiError('InvalidSecurityToken.Malformed');
    if (sent === cred.securityToken) {
      if (cred.expiresAt !== undefined && wallClock() >= cred.expiresAt) {
        throw new ApiError('InvalidSecurityToken.Expired');
      }
      return;
    }
    // A token that belongs to another key is a mismatch; anything else is not a token at all.
    const another = known.some((c) => c.securityToken === sent);
    throw new ApiError(
      another ? 'InvalidSecurityToken.MismatchWithAccessKey' : 'InvalidSecurityToken.Malformed'
    );
  }

  function useNonce(accessKeyId: string, nonce: string): void {
    const now = wallClock();
    const seen = nonces.get(accessKeyId) ?? new Map<string, number>();
    nonces.set(accessKeyId, seen);
    // Insertion order is arrival order, so expired nonces are at the front.
    for (const [n, at] of seen) {
      if (now - at <= TIME_WINDOW_MS) break;
      seen.delete(n);
    }
    if (seen.has(nonce)) throw new ApiError('SignatureNonceUsed');
    seen.set(nonce, now);
  }

  function verifyV3(req: ParsedRequest, caller: Caller): void {
    const auth = parseAuthorizationV3(firstHeader(req.headers, 'authorization') ?? '');
    if (!auth) throw new ApiError('IncompleteSignature', 'The Authorization header is malformed.');
    if (auth.algorithm !== V3_ALGORITHM) {
      throw new ApiError('IncompleteSignature', `Unsupported algorithm ${auth.algorithm}.`);
    }
    caller.accessKeyId = auth.accessKeyId;
    const token = firstHeader(req.headers, 'x-acs-security-token');
    if (token !== undefined) caller.securityToken = token;
    const required =
      token === undefined ? V3_REQUIRED_HEADERS : [...V3_REQUIRED_HEADERS, 'x-acs-security-token'];
    for (const name of required) {
      if (firstHeader(req.headers, name) === undefined) {
        throw new ApiError('IncompleteSignature', `Header ${name} is missing.`);
      }
      if (!auth.signedHeaders.includes(name)) {
        throw new ApiError('IncompleteSignature', `Header ${name} is not signed.`);
      }
    }
    const payloadSha256 = firstHeader(req.headers, 'x-acs-content-sha256') ?? '';
    if (payloadSha256.toLowerCase() !== sha256Hex(req.body)) {
      throw new ApiError('IncompleteSignature', 'x-acs-content-sha256 does not match the body.');
    }
    checkTimestamp(firstHeader(req.headers, 'x-acs-date'));
    const cred = lookup(auth.accessKeyId);
    caller.credential = cred;
    checkToken(cred, token);
    const { canonicalRequest } = canonicalRequestV3({
      method: req.method,
      path: req.path,
      query: req.query,
      headers: req.headers,
      payloadSha256,
      signedHeaders: auth.signedHeaders
    });
    const stringToSign = stringToSignV3(canonicalRequest);
    const expected = signatureV3(cred.accessKeySecret, stringToSign);
    if (!safeEqual(expected, auth.signature.toLowerCase())) {
      throw new ApiError('SignatureDoesNotMatch', `server string to sign is:${stringToSign}`);
    }
    useNonce(cred.accessKeyId, firstHeader(req.headers, 'x-acs-signature-nonce') ?? '');
  }

  function verifyRpc(req: ParsedRequest, caller: Caller): void {
    const params = apiParams(req);
    const accessKeyId = firstParam(params, 'AccessKeyId');
    if (accessKeyId !== undefined) caller.accessKeyId = accessKeyId;
    const token = firstParam(params, 'SecurityToken');
    if (token !== undefined) caller.securityToken = token;
    for (const name of RPC_REQUIRED_PARAMS) {
      if (!firstParam(params, name)) {
        throw new ApiError('IncompleteSignature', `Parameter ${name} is missing.`);
      }
    }
    if (firstParam(params, 'SignatureMethod') !== 'HMAC-SHA1') {
      throw new ApiError('IncompleteSignature', 'SignatureMethod must be HMAC-SHA1.');
    }
    if (firstParam(params, 'SignatureVersion') !== '1.0') {
      throw new ApiError('IncompleteSignature', 'SignatureVersion must be 1.0.');
    }
    checkTimestamp(firstParam(params, 'Timestamp'));
    const cred = lookup(accessKeyId ?? '');
    caller.credential = cred;
    checkToken(cred, token);
    const stringToSign = rpcStringToSign(req.method, params);
    const expected = rpcSignature(cred.accessKeySecret, stringToSign);
    if (!safeEqual(expected, firstParam(params, 'Signature') ?? '')) {
      throw new ApiError('SignatureDoesNotMatch', `server string to sign is:${stringToSign}`);
    }
    useNonce(cred.accessKeyId, firstParam(params, 'SignatureNonce') ?? '');
  }

  return {
    add(...more) {
      for (const c of more) {
        known.push(c);
        byId.set(c.accessKeyId, c);
      }
    },
    verify(req, caller) {
      if (req.scheme === 'v3') verifyV3(req, caller);
      else if (req.scheme === 'rpc') verifyRpc(req, caller);
      else throw new ApiError('IncompleteSignature', 'The request is not signed.');
    }
  };
}
