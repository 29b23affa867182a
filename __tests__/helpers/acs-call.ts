// One V3-signed API call to an emulator, with the API parameters in the query string or in a
// signed application/x-www-form-urlencoded body. Signs with helpers/sign-v3.ts (not emulator/).
import { json, send, type RawResponse } from './http.ts';
import { signV3Request } from './sign-v3.ts';

export const DCDN_VERSION = '2018-01-15';
export const CDN_VERSION = '2018-05-10';
export const EMULATOR_KEY = {
  accessKeyId: 'LTAIemulatorKeyId',
  accessKeySecret: 'emulator-secret'
};

const rfc3986 = (s: string): string =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
  );

/** name=value pairs, RFC 3986-encoded, joined with & (what a form body or a query carries). */
export function formEncode(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${rfc3986(k)}=${rfc3986(v)}`)
    .join('&');
}

export interface AcsCall {
  action: string;
  version?: string;
  params?: Record<string, string>;
  /** Where the API parameters go (default query). */
  place?: 'query' | 'form';
  cred?: { accessKeyId: string; accessKeySecret: string; securityToken?: string };
}

interface AcsAnswer {
  status: number;
  body: Record<string, unknown>;
  raw: RawResponse;
}

export function signedCall(port: number, c: AcsCall) {
  const cred: NonNullable<AcsCall['cred']> = c.cred ?? EMULATOR_KEY;
  const params = c.params ?? {};
  const form = c.place === 'form';
  return signV3Request({
    host: `127.0.0.1:${port}`,
    action: c.action,
    version: c.version ?? DCDN_VERSION,
    query: form ? {} : params,
    ...(form ? { body: formEncode(params), contentType: 'application/x-www-form-urlencoded' } : {}),
    accessKeyId: cred.accessKeyId,
    accessKeySecret: cred.accessKeySecret,
    ...(cred.securityToken !== undefined ? { securityToken: cred.securityToken } : {})
  });
}

export async function acsCall(emulator: { url: string; port: number }, c: AcsCall) {
  const s = signedCall(emulator.port, c);
  const raw = await send(emulator.url, {
    method: s.method,
    path: s.path,
    headers: s.headers,
    body: s.body
  });
  return { status: raw.status, body: json(raw), raw } satisfies AcsAnswer;
}

/** "OK" for a 200, else "status Code", for compact assertions. */
export async function outcome(emulator: { url: string; port: number }, c: AcsCall) {
  const a = await acsCall(emulator, c);
  return a.status === 200 ? 'OK' : `${a.status} ${String(a.body.Code)}`;
}
