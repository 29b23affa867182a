// Builds the CredentialProvider the client signs with, from the configured source: fixed keys,
// or GitHub OIDC -> STS AssumeRoleWithOIDC with keys renewed before they expire.

import type { Auth } from '../inputs/credentials.ts';
import { fixedCredentials, renewingCredentials } from './credentials.ts';
import type { CredentialProvider } from './credentials.ts';
import { ApiError } from '../shared/errors.ts';
import { assumeRoleWithOidc } from './sts.ts';
import type { StsDeps } from './sts.ts';
import { oneLine } from '../shared/text.ts';

export interface SigningKeyDeps extends StsDeps {
  /** core.getIDToken: the workflow's OIDC token for an audience (masked by @actions/core). */
  getIdToken(audience: string): Promise<string>;
  /** Masks new secrets before first use. */
  setSecret(secret: string): void;
}

export function signingKeys(auth: Auth, deps: SigningKeyDeps): CredentialProvider {
  if (auth.kind === 'keys') return fixedCredentials(auth.credentials);
  const exchange = async () => {
    const oidcToken = await requestIdToken(auth.audience, deps);
    return assumeRoleWithOidc(
      {
        stsEndpoint: auth.stsEndpoint,
        roleArn: auth.roleArn,
        oidcProviderArn: auth.oidcProviderArn,
        oidcToken,
        roleSessionName: auth.roleSessionName,
        durationSeconds: auth.durationSeconds
      },
      deps
    );
  };
  return renewingCredentials(exchange, deps.clock, (fresh) => {
    deps.setSecret(fresh.accessKeySecret);
    deps.setSecret(fresh.securityToken);
  });
}

/** What the log says about the credentials (never their values). */
export function describeAuth(auth: Auth): string {
  return auth.kind === 'keys'
    ? `credentials from ${auth.source}`
    : `STS credentials for ${auth.roleArn} through GitHub OIDC (audience ${auth.audience})`;
}

async function requestIdToken(audience: string, deps: SigningKeyDeps): Promise<string> {
  try {
    const token = await deps.getIdToken(audience);
    deps.setSecret(token);
    return token;
  } catch (error) {
    throw new ApiError(
      `Could not get a GitHub OIDC token (${oneLine((error as Error).message, 200)}). Hint: the job needs "permissions: id-token: write"; pull requests from forks never get OIDC tokens.`,
      {
        service: 'GitHub OIDC',
        code: 'OIDCTokenUnavailable',
        requestId: '',
        httpStatus: 0,
        hint: 'the job needs "permissions: id-token: write"; pull requests from forks never get OIDC tokens.'
      }
    );
  }
}
