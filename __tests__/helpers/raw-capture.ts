// Byte-level capture and replay for faithfulness tests: a TCP proxy that keeps what a client sent,
// and a raw sender for replaying (possibly tampered) requests to the emulator.
import { connect, createServer, type Server, type Socket } from 'node:net';

/** A TCP proxy that keeps every byte the client sent, per connection. */
export async function recordingProxy(targetPort: number) {
  const captured: Buffer[][] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const chunks: Buffer[] = [];
    captured.push(chunks);
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.on('data', (d: Buffer) => {
      chunks.push(d);
      upstream.write(d);
    });
    upstream.pipe(client);
    client.on('end', () => upstream.end());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    captured,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      })
  };
}

/** Sends raw request bytes and returns the status code and JSON body of the answer. */
export function replay(
  port: number,
  raw: Buffer
): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let data = Buffer.alloc(0);
    socket.on('data', (d: Buffer) => {
      data = Buffer.concat([data, d]);
      const end = data.indexOf('\r\n\r\n');
      if (end < 0) return;
      const head = data.subarray(0, end).toString('latin1');
      const length = Number(/content-length:\s*(\d+)/i.exec(head)?.[1] ?? NaN);
      if (data.length < end + 4 + length) return;
      socket.destroy();
      resolve({
        status: Number(head.split(' ')[1]),
        body: JSON.parse(data.subarray(end + 4, end + 4 + length).toString('utf8')) as Record<
          string,
          unknown
        >
      });
    });
    socket.on('error', reject);
    socket.write(raw);
  });
}
