// One HTTP exchange through @actions/http-client, which honours the runner's proxy settings
// (HTTPS_PROXY / NO_PROXY). Adds a hard per-request deadline that also cuts a slow trickle.

import type { IncomingMessage } from 'node:http';
import { HttpClient } from '@actions/http-client';
import { TransientError } from '../shared/errors.ts';

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

export function createHttpTransport(userAgent: string, timeoutMs: number): Transport {
  const client = new HttpClient(userAgent, [], {
    allowRetries: false,
    allowRedirects: false,
    keepAlive: true,
    socketTimeout: timeoutMs
  });
  return {
    send: (request, limitMs) => sendWithDeadline(client, request, limitMs),
    close: () => client.dispose()
  };
}

async function sendWithDeadline(
  client: HttpClient,
  request: HttpRequest,
  limitMs: number
): Promise<HttpResponse> {
  let timer: NodeJS.Timeout | undefined;
  let abandon: (() => void) | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      abandon?.();
      reject(new TransientError(`no complete answer within ${limitMs} ms`));
    }, limitMs);
  });
  const exchange = (async (): Promise<HttpResponse> => {
    const response = await client.request(
      request.method,
      request.url,
      request.body,
      request.headers
    );
    abandon = () => response.message.destroy();
    const body = await readBody(response.message);
    return {
      status: response.message.statusCode ?? 0,
      headers: flattenHeaders(response.message.headers),
      body
    };
  })();
  try {
    return await Promise.race([exchange, deadline]);
  } catch (error) {
    if (error instanceof TransientError) throw error;
    throw new TransientError(`network error: ${(error as Error).message}`);
  } finally {
    clearTimeout(timer);
    exchange.catch(() => undefined); // the loser of the race must not become an unhandled rejection
  }
}

/** Like HttpClientResponse.readBody, but a connection dropped mid-answer fails at once. */
function readBody(message: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    message.on('data', (chunk: Buffer) => chunks.push(chunk));
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
