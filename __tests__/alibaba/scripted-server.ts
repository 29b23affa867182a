// A loopback HTTP server whose every answer a test scripts: for what no gateway emulator would
// send on purpose (XML errors, a BOM, redirects, captive portals). It records each request whole.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface SeenRequest {
  method: string;
  /** Path with the query string, as sent. */
  url: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: string;
}

export type Reply =
  | { status: number; headers?: Record<string, string>; body: string }
  /** No answer: the request is read, then nothing comes back until the server closes. */
  | 'hang'
  /** The connection is reset after the request was read. */
  | 'reset';

export interface ScriptedServer {
  readonly url: string;
  readonly port: number;
  readonly requests: SeenRequest[];
  close(): Promise<void>;
}

export async function startScriptedServer(
  answer: (request: SeenRequest, index: number) => Reply
): Promise<ScriptedServer> {
  const requests: SeenRequest[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const seen: SeenRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        query: Object.fromEntries(url.searchParams),
        headers: Object.fromEntries(
          Object.entries(req.headers).map(([name, value]) => [
            name,
            Array.isArray(value) ? value.join(', ') : (value ?? '')
          ])
        ),
        body: Buffer.concat(chunks).toString('utf8')
      };
      requests.push(seen);
      const reply = answer(seen, requests.length - 1);
      if (reply === 'hang') return;
      if (reply === 'reset') {
        req.socket.resetAndDestroy();
        return;
      }
      res.writeHead(reply.status, {
        'content-length': String(Buffer.byteLength(reply.body)),
        ...reply.headers
      });
      res.end(reply.body);
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })
  };
}

/** A JSON answer as the gateway sends it. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): Reply {
  return {
    status,
    headers: { 'content-type': 'application/json;charset=utf-8', ...headers },
    body: JSON.stringify(body)
  };
}
