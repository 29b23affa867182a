// Where the signing keys come from at the moment of each request: fixed keys (inputs or
// environment), or STS keys obtained through OIDC and renewed before they expire.

import type { Clock } from '../shared/time.ts';

/** The keys one request is signed with. */
export interface Credentials {
  accessKeyId: string;
  accessKeySecret: string;
  securityToken?: string;
}

export interface StsCredentials extends Credentials {
  securityToken: string;
  /** Clock time at which the credentials stop working. */
  expiresAt: number;
}

export interface CredentialProvider {
  /** Keys to sign the next request with. */
  get(): Promise<Credentials>;
  /** After the API said the token expired: true when fresh keys are now available. */
  renewAfterExpiry(): Promise<boolean>;
}

export function fixedCredentials(credentials: Credentials): CredentialProvider {
  return {
    get: async () => credentials,
    renewAfterExpiry: async () => false
  };
}

/** Renew this long before Expiration, so no request is signed with keys about to lapse. */
const RENEW_MARGIN_MS = 60_000;

/**
 * STS keys from an exchange (OIDC token -> AssumeRoleWithOIDC), fetched on first use and again
 * when they near expiry. `onNewSecrets` masks each new secret before it can be used.
 */
export function renewingCredentials(
  exchange: () => Promise<StsCredentials>,
  clock: Clock,
  onNewSecrets: (credentials: StsCredentials) => void
): CredentialProvider {
  let current: StsCredentials | undefined;
  let pending: Promise<StsCredentials> | undefined;
  const renew = (): Promise<StsCredentials> => {
    // Concurrent callers share one exchange.
    pending ??= exchange()
      .then((fresh) => {
        onNewSecrets(fresh);
        current = fresh;
        return fresh;
      })
      .finally(() => {
        pending = undefined;
      });
    return pending;
  };
  return {
    get: async () => {
      if (current && current.expiresAt - RENEW_MARGIN_MS > clock()) return current;
      return renew();
    },
    renewAfterExpiry: async () => {
      await renew();
      return true;
    }
  };
}
