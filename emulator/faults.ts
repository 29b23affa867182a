// Sends an answer, possibly damaged by a fault, the way networks, proxies and overloaded gateways
// damage them. The request behind it has been verified (signature, nonce, rate limit), as when a
// real answer is lost on the way back. Whether a refresh/prefetch was also carried out depends on
// the fault: see commitsSubmission.
import { STATUS_CODES, type ServerResponse } from 'node:http';
import { JSON_TYPE, errorAnswer, type Answer } from './errors.ts';
import type { Fault, Product } from './types.ts';

/**
 * Faults that damage the real answer need it, so the submission behind it was carried out; faults
 * that replace or drop the answer (status, html, body, reset, hang) stand for a call that never
 * reached the API. The *-after-commit kinds make a carried-out call whose answer is lost.
 */
export function commitsSubmission(fault: Fault | undefined): boolean {
  switch (fault?.kind) {
    case 'status':
    case 'html':
    case 'body':
    case 'reset':
    case 'hang':
      return false;
    default:
      return true;
  }
}

export interface Delivery {
  /** HTTP status put on the wire, 0 if none. */
  status: number;
  code?: string;
}

/** Timers the server must cancel on close(). */
export interface TimerTracker {
  track(timer: ReturnType<typeof setTimeout>): void;
  untrack(timer: ReturnType<typeof setTimeout>): void;
}

function htmlPage(status: number): string {
  const title = `${status} ${STATUS_CODES[status] ?? 'Error'}`;
  return (
    `<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html>\n<head><title>${title}</title></head>\n` +
    `<body>\n<h1>${title}</h1>\n<p>The requested URL could not be served by the proxy.</p>\n` +
    `<hr/>Powered by Tengine</body>\n</html>\n`
  );
}

/** The answer a body-replacing fault produces instead of the real one. */
function replacement(fault: Fault, real: Answer, product?: Product): Answer | undefined {
  const id = real.requestId;
  const json = (status: number, body: string): Answer => ({
    status,
    headers: { 'content-type': JSON_TYPE, 'x-acs-request-id': id },
    body,
    requestId: id
  });
  switch (fault.kind) {
    case 'status': {
      const opts: Parameters<typeof errorAnswer>[2] = {};
      if (fault.status !== undefined) opts.status = fault.status;
      if (product !== undefined) opts.product = product;
      if (fault.message !== undefined) opts.message = fault.message;
      if (fault.headers) opts.headers = fault.headers;
      return errorAnswer(fault.code, id, opts);
    }
    case 'html': {
      const status = fault.status ?? 502;
      return {
        status,
        headers: { 'content-type': 'text/html' },
        body: htmlPage(status),
        requestId: id
      };
    }
    case 'body':
      return json(fault.status ?? 200, fault.body);
    case 'malformed-json':
      // Looks like the real answer but has a trailing comma, which JSON.parse rejects.
      return json(200, `${real.body.slice(0, -1)},}`);
    case 'truncated-json':
      return json(200, real.body.slice(0, Math.max(1, Math.floor(real.body.length / 2))));
    default:
      return undefined;
  }
}

function writeHead(res: ServerResponse, answer: Answer, length: number): void {
  res.writeHead(answer.status, { ...answer.headers, 'content-length': String(length) });
}

export function deliver(
  res: ServerResponse,
  real: Answer,
  fault: Fault | undefined,
  timers: TimerTracker,
  product?: Product
): Delivery {
  const answer = fault ? (replacement(fault, real, product) ?? real) : real;
  const body = Buffer.from(answer.body, 'utf8');
  const sent: Delivery = { status: answer.status };
  if (answer.code !== undefined) sent.code = answer.code;
  switch (fault?.kind) {
    case 'reset':
    case 'reset-after-commit':
      // RST rather than FIN: the client sees ECONNRESET, like a dropped connection.
      res.socket?.resetAndDestroy();
      return { status: 0 };
    case 'hang':
    case 'hang-after-commit':
      return { status: 0 };
    case 'reset-mid': {
      writeHead(res, answer, body.length);
      res.write(body.subarray(0, Math.max(1, Math.floor(body.length / 2))), () =>
        res.socket?.destroy()
      );
      return sent;
    }
    case 'trickle': {
      writeHead(res, answer, body.length);
      const step = Math.max(1, Math.floor(fault.bytesPerTick));
      let offset = 0;
      const timer = setInterval(
        () => {
          const chunk = body.subarray(offset, offset + step);
          offset += chunk.length;
          if (offset >= body.length) {
            clearInterval(timer);
            timers.untrack(timer);
            res.end(chunk);
          } else {
            res.write(chunk);
          }
        },
        Math.max(1, fault.tickMs)
      );
      timers.track(timer);
      res.on('close', () => {
        clearInterval(timer);
        timers.untrack(timer);
      });
      return sent;
    }
    default:
      writeHead(res, answer, body.length);
      res.end(body);
      return sent;
  }
}
