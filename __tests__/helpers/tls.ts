// A throwaway certificate authority and a TLS front for a local HTTP server, so tests can use
// https:// with real certificate checks (the CA is trusted only through NODE_EXTRA_CA_CERTS).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createServer } from 'node:tls';

export interface TestPki {
  caFile: string;
  key: string;
  cert: string;
  /** Removes the PKI's temporary folder. */
  dispose(): void;
}

/** A CA and a server certificate for `names`, made with the openssl command line. */
export function makeTestPki(names: string[]): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'dcdn-pki-'));
  const run = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: 'ignore' });
  };
  run(
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'ca.key',
    '-out',
    'ca.pem',
    '-days',
    '2',
    '-subj',
    '/CN=dcdn-refresh-wait test CA'
  );
  run(
    'req',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    'server.key',
    '-out',
    'server.csr',
    '-subj',
    `/CN=${names[0]}`
  );
  writeFileSync(
    join(dir, 'san.ext'),
    `subjectAltName=${names.map((n) => (/^[\d.]+$/.test(n) ? `IP:${n}` : `DNS:${n}`)).join(',')}\n`
  );
  run(
    'x509',
    '-req',
    '-in',
    'server.csr',
    '-CA',
    'ca.pem',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-out',
    'server.pem',
    '-days',
    '2',
    '-extfile',
    'san.ext'
  );
  return {
    caFile: join(dir, 'ca.pem'),
    key: readFileSync(join(dir, 'server.key'), 'utf8'),
    cert: readFileSync(join(dir, 'server.pem'), 'utf8'),
    dispose: () => rmSync(dir, { recursive: true, force: true })
  };
}

export interface TlsFront {
  readonly port: number;
  /** TLS connections accepted. */
  readonly connections: number;
  close(): Promise<void>;
}

/** Terminates TLS and pipes the plain bytes to a local HTTP server (e.g. the emulator). */
export async function startTlsFront(pki: TestPki, targetPort: number): Promise<TlsFront> {
  const sockets = new Set<Socket>();
  let connections = 0;
  const server = createServer({ key: pki.key, cert: pki.cert }, (secure) => {
    connections += 1;
    const plain = connect(targetPort, '127.0.0.1');
    sockets.add(secure);
    sockets.add(plain);
    secure.on('close', () => sockets.delete(secure));
    plain.on('close', () => sockets.delete(plain));
    secure.on('error', () => plain.destroy());
    plain.on('error', () => secure.destroy());
    secure.pipe(plain).pipe(secure);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      })
  };
}
