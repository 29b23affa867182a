// Error answers shaped like the vendor's API gateway sends them.
import { randomUUID } from 'node:crypto';

export const HOST_ID = 'dcdn.aliyuncs.com';
export const JSON_TYPE = 'application/json;charset=utf-8';

/** Status and message per code, as the vendor documents them. */
export const ERROR_CATALOG: Record<string, readonly [number, string]> = {
  InvalidParameters: [400, 'The specified parameters are invalid.'],
  'InvalidTaskId.Malformed': [400, 'The specified TaskId is invalid.'],
  InvalidTaskId: [400, 'The maximum number of taskIds is 10.'],
  TooManyRequests: [429, 'The server is busy. Please try again later.'],
  IncompleteSignature: [400, 'The request signature does not conform to Aliyun standards.'],
  SignatureDoesNotMatch: [400, 'Specified signature is not matched with our calculation.'],
  'InvalidAccessKeyId.NotFound': [404, 'Specified access key is not found.'],
  'InvalidTimeStamp.Expired': [400, 'Specified time stamp or date value is expired.'],
  SignatureNonceUsed: [400, 'Specified signature nonce was used already.'],
  'InvalidSecurityToken.Malformed': [400, 'Specified SecurityToken is malformed.'],
  'InvalidSecurityToken.Expired': [400, 'Specified SecurityToken is expired.'],
  'InvalidSecurityToken.MismatchWithAccessKey': [
    400,
    'Specified SecurityToken mismatch with the AccessKey.'
  ],
  'InvalidApi.NotFound': [404, 'Specified api is not found, please check your url and method.'],
  Throttling: [400, 'Request was denied due to flow control.'],
  'Throttling.User': [400, 'Request was denied due to user flow control.'],
  'Throttling.Api': [400, 'Request was denied due to api flow control.'],
  InternalError: [
    500,
    'The request processing has failed due to some unknown error, exception or failure.'
  ],
  ServiceUnavailable: [503, 'The request has failed due to a temporary failure of the server.']
};

export function newRequestId(): string {
  return randomUUID().toUpperCase();
}

/** An answer ready to send; `code` is set for error answers. */
export interface Answer {
  status: number;
  headers: Record<string, string>;
  body: string;
  requestId: string;
  code?: string;
}

export function jsonAnswer(status: number, payload: unknown, requestId: string): Answer {
  return {
    status,
    headers: { 'content-type': JSON_TYPE, 'x-acs-request-id': requestId },
    body: JSON.stringify(payload),
    requestId
  };
}

/** A vendor error body. `detail` is appended to the catalog message (e.g. the server StringToSign). */
export function errorAnswer(
  code: string,
  requestId: string,
  opts: {
    status?: number;
    message?: string;
    detail?: string;
    headers?: Record<string, string>;
  } = {}
): Answer {
  const [catalogStatus, catalogMessage] = ERROR_CATALOG[code] ?? [500, 'An error occurred.'];
  const base = opts.message ?? catalogMessage;
  const answer = jsonAnswer(
    opts.status ?? catalogStatus,
    {
      RequestId: requestId,
      HostId: HOST_ID,
      Code: code,
      Message: opts.detail ? `${base} ${opts.detail}` : base,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=dcdn`
    },
    requestId
  );
  return { ...answer, headers: { ...answer.headers, ...opts.headers }, code };
}

/** Thrown inside request handling to stop with a vendor error. */
export class ApiError extends Error {
  readonly code: string;
  readonly detail: string | undefined;
  constructor(code: string, detail?: string) {
    super(detail ? `${code}: ${detail}` : code);
    this.code = code;
    this.detail = detail;
  }
}
