// Reads an HTTP answer as the OpenAPI gateway gives it: a JSON object (a UTF-8 byte-order mark
// before it is accepted), the gateway's JSON or XML error, or something that is not the API at
// all (a redirect, a proxy's or a captive portal's HTML page, a truncated body).

import { oneLine } from '../shared/text.ts';
import type { HttpResponse } from './transport.ts';

export type Answer =
  | { kind: 'ok'; body: Record<string, unknown>; requestId: string }
  | {
      kind: 'api-error';
      httpStatus: number;
      /** '' when the error gave none. */
      code: string;
      message: string;
      requestId: string;
      /** AccessDeniedDetail of a RAM denial, as one line. */
      accessDenied: string | undefined;
    }
  | {
      kind: 'not-api';
      httpStatus: number;
      /** One line: what came instead of an answer. */
      what: string;
      /** Something between us and the API answered (redirect, portal, block page): it will again. */
      intercepted: boolean;
    };

export function readAnswer(response: HttpResponse): Answer {
  const { status, headers } = response;
  const body = response.body.replace(/^\uFEFF/, '');
  const headerRequestId = oneLine(headers['x-acs-request-id'] ?? '', 80);
  if (status >= 300 && status < 400) {
    const location = oneLine(redirectTarget(headers.location), 120);
    return {
      kind: 'not-api',
      httpStatus: status,
      what: `a redirect (HTTP ${status}${location ? ` to ${location}` : ''}) instead of an API answer`,
      intercepted: true
    };
  }
  const json = parseObject(body);
  if (json) {
    const requestId = oneLine(text(json.RequestId), 80) || headerRequestId;
    const code = oneLine(text(json.Code), 80);
    if (status >= 200 && status < 300 && !code) return { kind: 'ok', body: json, requestId };
    return {
      kind: 'api-error',
      httpStatus: status,
      code,
      message: oneLine(text(json.Message), 300),
      requestId,
      accessDenied: accessDeniedLine(json.AccessDeniedDetail)
    };
  }
  const xml = parseXmlError(body);
  if (xml) return { ...xml, httpStatus: status, requestId: xml.requestId || headerRequestId };
  const html = isHtml(body, headers['content-type']);
  return {
    kind: 'not-api',
    httpStatus: status,
    what: `HTTP ${status} with ${html ? 'an HTML page' : 'a body that is not JSON'} (${describeBody(body, headers['content-type'])})`,
    // A 200 page is a captive portal or a web server, never the API; a 5xx page is a proxy whose
    // upstream failed, which may pass. A 4xx page (a proxy's block page, a web server's 404) stays.
    intercepted: html && status < 500
  };
}

function parseObject(body: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(body);
    return value !== null && typeof value === 'object' && !Array.isArray(value)
      ? (value as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}

/** Accepts a number for a string rather than failing a whole answer. */
export function text(value: unknown): string {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}

/** <Error><Code>..</Code><Message>..</Message><RequestId>..</RequestId></Error>, as gateways send. */
function parseXmlError(
  body: string
):
  | { kind: 'api-error'; code: string; message: string; requestId: string; accessDenied: undefined }
  | undefined {
  if (!/^\s*(<\?xml[^>]*\?>\s*)?<Error[\s>]/.test(body)) return undefined;
  const field = (name: string): string =>
    oneLine(
      decodeXml(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body)?.[1] ?? ''),
      name === 'Message' ? 300 : 80
    );
  const code = field('Code');
  if (!code) return undefined;
  return {
    kind: 'api-error',
    code,
    message: field('Message'),
    requestId: field('RequestId'),
    accessDenied: undefined
  };
}

function decodeXml(value: string): string {
  return value
    .replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

/** The fields of a RAM denial that tell an operator which policy to change, as one line. */
const DENIAL_FIELDS = [
  'AuthAction',
  'AuthResource',
  'NoPermissionType',
  'PolicyType',
  'AuthPrincipalType',
  'AuthPrincipalDisplayName',
  'AuthPrincipalOwnerId'
];

function accessDeniedLine(detail: unknown): string | undefined {
  const object = typeof detail === 'string' ? parseObject(detail) : detail;
  if (object === null || typeof object !== 'object') return undefined;
  const fields = object as Record<string, unknown>;
  const parts = DENIAL_FIELDS.filter((name) => text(fields[name]) !== '').map(
    (name) => `${name}: ${oneLine(text(fields[name]), 120)}`
  );
  return parts.length ? oneLine(parts.join(', '), 600) : undefined;
}

function isHtml(body: string, contentType: string | undefined): boolean {
  return /\bhtml\b/i.test(contentType ?? '') || /^\s*<(!doctype\s+html|html)[\s>]/i.test(body);
}

/** Only where it points (origin and path): a query string could carry anything. */
function redirectTarget(location: string | undefined): string {
  if (!location) return '';
  try {
    const url = new URL(location, 'http://relative.invalid');
    return url.host === 'relative.invalid' ? url.pathname : `${url.origin}${url.pathname}`;
  } catch {
    return '';
  }
}

function describeBody(body: string, contentType: string | undefined): string {
  const type = oneLine(contentType ?? 'no content type', 60);
  return body.trim() ? `${type}, starting "${oneLine(body, 60)}"` : `${type}, empty`;
}
