// Error answers shaped like the vendor's API gateway sends them.
import { randomUUID } from 'node:crypto';
import { PRODUCTS, type Product } from './products.ts';

export const JSON_TYPE = 'application/json;charset=utf-8';

/** Status and message per code, as the vendor documents them. */
const ERROR_CATALOG: Record<string, readonly [number, string]> = {
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
  ServiceUnavailable: [503, 'The request has failed due to a temporary failure of the server.'],
  // Refresh, prefetch and quota APIs (messages written for the emulator from the documented meaning).
  MissingObjectPath: [400, 'ObjectPath is mandatory for this action.'],
  'InvalidObjectPath.Malformed': [400, 'The specified ObjectPath is invalid.'],
  'InvalidObjectPath.ExceedsMaximum': [400, 'The number of URLs exceeds the maximum.'],
  'InvalidObjectType.Malformed': [400, 'The specified ObjectType is invalid.'],
  'SingleRequest.OverLimit': [400, 'The number of paths in one request exceeds the limit.'],
  'InvalidExtensiveDomain.ValueNotSupported': [400, 'Wildcard domains are not supported.'],
  'QuotaExceeded.Refresh': [400, 'The daily refresh quota is exceeded.'],
  'QuotaExceeded.Preload': [400, 'The daily prefetch quota is exceeded.'],
  'QuotaPerMinuteExceeded.Refresh': [
    400,
    'The refresh limit per minute of the domain is exceeded.'
  ],
  'TooMany.Refresh': [400, 'The refresh queue of the domain is full. Please try again later.'],
  PreloadQueueFull: [400, 'Preload queue is full, please try again later.'],
  'InvalidDomain.NotFound': [404, 'The domain does not belong to you.'],
  'InvalidDomain.Offline': [404, 'The domain is offline.'],
  ServiceBusy: [403, 'The domain is being configured. Please try again later.']
};

/** Where a product answers a code with another status than the catalog's. */
const PRODUCT_STATUS: Partial<Record<Product, Record<string, number>>> = {
  cdn: { PreloadQueueFull: 403 }
};

/** The status the vendor sends with `code` for `product`. */
function statusOf(code: string, product: Product = 'dcdn'): number {
  return PRODUCT_STATUS[product]?.[code] ?? ERROR_CATALOG[code]?.[0] ?? 500;
}

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
    /** Whose gateway answers (HostId, Recommend, product-specific status); default DCDN. */
    product?: Product;
  } = {}
): Answer {
  const product = opts.product ?? 'dcdn';
  const base = opts.message ?? ERROR_CATALOG[code]?.[1] ?? 'An error occurred.';
  const answer = jsonAnswer(
    opts.status ?? statusOf(code, product),
    {
      RequestId: requestId,
      HostId: PRODUCTS[product].hostId,
      Code: code,
      Message: opts.detail ? `${base} ${opts.detail}` : base,
      Recommend: `https://api.aliyun.com/troubleshoot?q=${encodeURIComponent(code)}&product=${product}`
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
