// Minimal node:http client for the emulator tests: one connection per request (agent: false), so
// nothing stays open after a test, and errors surface exactly as the socket reports them.
import { request, type IncomingHttpHeaders } from 'node:http';

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string;
  /** Give up (and destroy the socket) after this many ms without activity. */
  timeoutMs?: number;
}

export function send(baseUrl: string, req: RawRequest): Promise<RawResponse> {
  const url = new URL(req.path, baseUrl);
  return new Promise((resolve, reject) => {
    const r = request(
      url,
      { method: req.method ?? 'GET', headers: req.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: Buffer.concat(chunks).toString('utf8')
          })
        );
      }
    );
    if (req.timeoutMs !== undefined) {
      r.setTimeout(req.timeoutMs, () => r.destroy(new Error('client timeout')));
    }
    r.on('error', reject);
    r.end(req.body ?? '');
  });
}

/** Parses a JSON body, failing the test with the body when it is not JSON. */
export function json(res: RawResponse): Record<string, unknown> {
  try {
    return JSON.parse(res.body) as Record<string, unknown>;
  } catch {
    throw new Error(`not JSON (status ${res.status}): ${res.body}`);
  }
}
