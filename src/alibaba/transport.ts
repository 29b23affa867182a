// One HTTP exchange over the agent of @actions/http-client, which honours the runner's proxy
// settings (HTTPS_PROXY / NO_PROXY). Adds a hard per-request deadline that also cuts a slow
// trickle, and says of every failure what happened and whether the request left this machine
// whole: what decides if a refresh may be sent again.

import { request as httpRequest } from 'node:http';
import type { Agent, ClientRequest, IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { HttpClient } from '@actions/http-client';
import { TransientError } from '../shared/errors.ts';
import { oneLine } from '../shared/text.ts';

export interface HttpRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: string;
}

export interface HttpResponse {
  status: number;
  /** Lower-case names; a repeated header is joined with ", ". */
  headers: Record<string, string>;
  body: string;
}

export interface Transport {
  send(request: HttpRequest, timeoutMs: number): Promise<HttpResponse>;
  close(): void;
}

/**
 * What went wrong on the way. dns, refused and proxy failures never reach the server;
 * a timeout or reset may happen before or after the request was sent (see `sent`).
 */
export type NetworkFailure = 'dns' | 'refused' | 'proxy' | 'timeout' | 'reset' | 'tls' | 'other';

/** A request that got no complete HTTP answer. */
export class TransportError extends TransientError {
  override name = 'TransportError';
  readonly failure: NetworkFailure;
  /** The system's error code (ENOTFOUND, ECONNREFUSED, ...) or the proxy's HTTP status. */
  readonly code: string;
  /** Whether the whole request was handed to the network: if so the server may have acted on it. */
  readonly sent: boolean;
  constructor(message: string, failure: NetworkFailure, code: string, sent: boolean) {
    super(message);
    this.failure = failure;
    this.code = code;
    this.sent = sent;
  }
}

/** Larger answers are not an OpenAPI answer; a hostile server must not fill the memory. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;

export function createHttpTransport(userAgent: string, _timeoutMs?: number): Transport {
  // Used for its agents only: they route through the proxy the runner's environment names.
  const client = new HttpClient(userAgent, [], { allowRetries: false, keepAlive: true });
  return {
    send: (request, limitMs) => exchange(client.getAgent(request.url), userAgent, request, limitMs),
    close: () => client.dispose()
  };
}

function exchange(
  agent: Agent,
  userAgent: string,
  request: HttpRequest,
  limitMs: number
): Promise<HttpResponse> {
  const url = new URL(request.url);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<HttpResponse>((resolve, reject) => {
    let sent = false;
    let settled = false;
    const fail = (error: TransportError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const req: ClientRequest = send(url, {
      method: request.method,
      agent,
      headers: {
        ...request.headers,
        'user-agent': userAgent,
        'content-length': String(Buffer.byteLength(request.body))
      }
    });
    const timer = setTimeout(() => {
      fail(
        new TransportError(`no complete answer within ${limitMs} ms`, 'timeout', 'ETIMEDOUT', sent)
      );
    }, limitMs);
    req.on('finish', () => {
      sent = true;
    });
    req.on('error', (error) => fail(describe(error, url, sent)));
    req.on('response', (message) => {
      readBody(message).then(
        (body) => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({
            status: message.statusCode ?? 0,
            headers: flattenHeaders(message.headers),
            body
          });
        },
        (error: Error) =>
          fail(new TransportError(oneLine(error.message, 200), 'reset', 'ECONNRESET', true))
      );
    });
    req.end(request.body);
  });
}

/** Names a socket error as a user can act on it, without any request header in the text. */
function describe(error: NodeJS.ErrnoException, url: URL, sent: boolean): TransportError {
  const code = error.code ?? 'EUNKNOWN';
  const host = url.host;
  const text = oneLine(error.message, 200);
  // tunnel (the proxy agent) reports every failed CONNECT as ECONNRESET, the reason in the text.
  const proxyStatus = /tunneling socket could not be established, statusCode=(\d+)/.exec(text);
  if (proxyStatus) {
    const status = proxyStatus[1] as string;
    const why =
      status === '407'
        ? 'the proxy asks for credentials (407 Proxy Authentication Required): put them in HTTPS_PROXY (http://user:password@proxy:port)'
        : `the proxy refused the tunnel with HTTP ${status}: allow ${url.hostname} in the proxy`;
    return new TransportError(`${host} could not be reached: ${why}`, 'proxy', status, false);
  }
  if (/^tunneling socket could not be established/.test(text)) {
    const cause = /cause=(.*)$/.exec(text)?.[1] ?? text;
    return new TransportError(
      `${host} could not be reached: the proxy did not accept a connection (${oneLine(cause, 120)}): check HTTPS_PROXY`,
      'proxy',
      /\b(E[A-Z]+)\b/.exec(cause)?.[1] ?? code,
      false
    );
  }
  if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL') {
    return new TransportError(
      `${url.hostname} could not be resolved (${code})`,
      'dns',
      code,
      false
    );
  }
  if (code === 'ECONNREFUSED') {
    return new TransportError(`${host} refused the connection (${code})`, 'refused', code, false);
  }
  if (/^(ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_SSL)/.test(code)) {
    return new TransportError(`TLS with ${host} failed (${code}): ${text}`, 'tls', code, false);
  }
  if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') {
    return new TransportError(`network error: ${text}`, 'reset', code, sent);
  }
  return new TransportError(`network error: ${text}`, 'other', code, sent);
}

/** Reads the whole body; a connection dropped mid-answer fails at once. */
function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    message.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        message.destroy();
        reject(new Error(`the answer is larger than ${MAX_BODY_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    message.on('error', reject);
    message.on('close', () => {
      if (!message.complete) reject(new Error('connection closed before the answer was complete'));
    });
  });
}

function flattenHeaders(
  headers: Record<string, string | string[] | undefined>
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined)
      out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}
