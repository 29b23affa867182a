// A stand-in for GitHub's OIDC token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL): answers
// GET ?audience=... with {"value": <JWT>} when the bearer request token matches.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OidcIssuerOptions {
  /** The ACTIONS_ID_TOKEN_REQUEST_TOKEN the runner would hold. */
  requestToken?: string;
  /** The token's `sub` claim, as GitHub builds it. */
  subject?: string;
  /** Answer every request with this HTTP status instead (e.g. 403 without id-token: write). */
  failWith?: number;
}

export interface OidcIssuer {
  /** Use as ACTIONS_ID_TOKEN_REQUEST_URL (it already has a query, like GitHub's). */
  readonly requestUrl: string;
  readonly requestToken: string;
  /** Audiences asked for, in order. */
  readonly audiences: string[];
  close(): Promise<void>;
}

const OIDC_ISSUER = 'https://token.actions.githubusercontent.com';

export async function startOidcIssuer(options: OidcIssuerOptions = {}): Promise<OidcIssuer> {
  const requestToken = options.requestToken ?? 'runner-request-token';
  const subject = options.subject ?? 'repo:octo-org/site:ref:refs/heads/main';
  const audiences: string[] = [];
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const audience = url.searchParams.get('audience') ?? '';
    audiences.push(audience);
    if (options.failWith) {
      res.writeHead(options.failWith, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Forbidden' }));
      return;
    }
    if (req.headers.authorization !== `Bearer ${requestToken}`) {
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ message: 'Bad credentials' }));
      return;
    }
    const now = Math.floor(Date.now() / 1000);
    const value = unsignedJwt({
      iss: OIDC_ISSUER,
      aud: audience,
      sub: subject,
      iat: now,
      exp: now + 300
    });
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ count: 1, value }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    requestUrl: `http://127.0.0.1:${port}/_apis/distributedtask/token?api-version=2.0`,
    requestToken,
    audiences,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}

/** A JWT-shaped token; the fake STS reads its claims but, like any test double, trusts them. */
export function unsignedJwt(claims: Record<string, unknown>): string {
  const part = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT', kid: 'emulator' })}.${part(claims)}.${Buffer.from('not-a-signature').toString('base64url')}`;
}

export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const claims: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return claims !== null && typeof claims === 'object'
      ? (claims as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
