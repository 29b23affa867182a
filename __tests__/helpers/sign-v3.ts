// A deliberately separate ACS3-HMAC-SHA256 signer for the emulator tests, written straight from
// the vendor's rules (not shared with emulator/ or src/), so a shared mistake cannot hide.
import { createHash, createHmac, randomUUID } from 'node:crypto';

const rfc3986 = (s: string): string =>
  encodeURIComponent(s).replace(
    /[!'()*]/g,
    (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase()
  );
const sha256 = (s: string): string => createHash('sha256').update(s, 'utf8').digest('hex');

export interface SignV3Input {
  host: string;
  query: Record<string, string>;
  accessKeyId: string;
  accessKeySecret: string;
  method?: string;
  body?: string;
  contentType?: string;
  securityToken?: string;
  action?: string;
  version?: string;
  /** Default: now, as YYYY-MM-DDThh:mm:ssZ. */
  date?: string;
  nonce?: string;
  /** More headers; signed if signable (host, content-type, x-acs-*) and not listed in `unsigned`. */
  extraHeaders?: Record<string, string>;
  /** Headers to send without signing them. */
  unsigned?: string[];
  /** Headers to leave out entirely. */
  omit?: string[];
  /** Value for x-acs-content-sha256 (default: hash of the body). */
  contentSha256?: string;
}

export interface SignedV3 {
  method: string;
  /** Path with the query string, encoded as it was signed. */
  path: string;
  headers: Record<string, string>;
  body: string;
  stringToSign: string;
}

function acsNow(offsetMs = 0): string {
  return new Date(Date.now() + offsetMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

export function signV3Request(input: SignV3Input): SignedV3 {
  const method = input.method ?? 'POST';
  const body = input.body ?? '';
  const all: Record<string, string> = {
    host: input.host,
    'x-acs-action': input.action ?? 'DescribeDcdnRefreshTaskById',
    'x-acs-version': input.version ?? '2018-01-15',
    'x-acs-date': input.date ?? acsNow(),
    'x-acs-signature-nonce': input.nonce ?? randomUUID(),
    'x-acs-content-sha256': input.contentSha256 ?? sha256(body),
    accept: 'application/json'
  };
  if (input.contentType !== undefined) all['content-type'] = input.contentType;
  if (input.securityToken !== undefined) all['x-acs-security-token'] = input.securityToken;
  Object.assign(all, input.extraHeaders);
  for (const name of input.omit ?? []) delete all[name];

  const unsigned = new Set(input.unsigned ?? []);
  const signed = Object.keys(all)
    .filter((n) => n === 'host' || n === 'content-type' || n.startsWith('x-acs-'))
    .filter((n) => !unsigned.has(n))
    .sort();
  const canonicalHeaders = signed.map((n) => `${n}:${(all[n] ?? '').trim()}\n`).join('');
  const queryString = Object.keys(input.query)
    .sort()
    .map((k) => `${rfc3986(k)}=${rfc3986(input.query[k] ?? '')}`)
    .join('&');
  const canonicalRequest = [
    method,
    '/',
    queryString,
    canonicalHeaders,
    signed.join(';'),
    all['x-acs-content-sha256'] ?? sha256(body)
  ].join('\n');
  const stringToSign = `ACS3-HMAC-SHA256\n${sha256(canonicalRequest)}`;
  const signature = createHmac('sha256', input.accessKeySecret).update(stringToSign).digest('hex');
  all.authorization =
    `ACS3-HMAC-SHA256 Credential=${input.accessKeyId},` +
    `SignedHeaders=${signed.join(';')},Signature=${signature}`;
  return {
    method,
    path: queryString ? `/?${queryString}` : '/',
    headers: all,
    body,
    stringToSign
  };
}
