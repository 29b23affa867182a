// A real HTTP CONNECT proxy on loopback, as a corporate proxy would be, that records every tunnel
// it opens. `routes` maps the names clients ask for to local servers, so a non-loopback endpoint
// name (which must go through the proxy) ends up at a test server on this machine.
import { connect, createServer } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';

export interface ConnectProxy {
  readonly url: string;
  /** "host:port" of every CONNECT received, in order. */
  readonly tunnels: string[];
  close(): Promise<void>;
}

export async function startConnectProxy(
  routes: Record<string, { host: string; port: number }>,
  /** `requireAuth: 'user:pass'`: a CONNECT without these Basic credentials gets 407. */
  options: { requireAuth?: string } = {}
): Promise<ConnectProxy> {
  const tunnels: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.on('error', () => client.destroy());
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer): void => {
      head = Buffer.concat([head, chunk]);
      const end = head.indexOf('\r\n\r\n');
      if (end < 0) return;
      client.off('data', onData);
      const headText = head.subarray(0, end).toString('latin1');
      const [method, target] = headText.split(' ');
      const rest = head.subarray(end + 4);
      const expected = options.requireAuth
        ? `proxy-authorization: basic ${Buffer.from(options.requireAuth).toString('base64')}`
        : undefined;
      if (expected && !headText.toLowerCase().includes(expected.toLowerCase())) {
        tunnels.push(`${method ?? '?'} ${target ?? '?'} (407)`);
        client.end(
          'HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic\r\n\r\n'
        );
        return;
      }
      const route = target ? routes[target] : undefined;
      if (method !== 'CONNECT' || !target || !route) {
        tunnels.push(`${method ?? '?'} ${target ?? '?'} (refused)`);
        client.end('HTTP/1.1 403 Forbidden\r\n\r\n');
        return;
      }
      tunnels.push(target);
      const upstream = connect(route.port, route.host, () => {
        client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
        if (rest.length) upstream.write(rest);
        client.pipe(upstream).pipe(client);
      });
      sockets.add(upstream);
      upstream.on('close', () => sockets.delete(upstream));
      upstream.on('error', () => client.destroy());
    };
    client.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    tunnels,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })
  };
}
