// A stand-in for Alibaba Cloud STS AssumeRoleWithOIDC: an anonymous form POST that exchanges a
// GitHub OIDC token for temporary credentials, with the vendor's checks and error codes.
import { randomBytes, randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { jwtClaims } from './oidc.ts';
import { parseParams, readBody } from './request.ts';
import { parseAcsTimestamp } from './signature.ts';
import type { EmulatorCredential } from './types.ts';

interface StsRole {
  arn: string;
  /** The OIDC provider the role's trust policy names. */
  trustedProviderArn: string;
  /** `sub` claims the trust policy accepts (exact, or ending in * for a prefix). */
  allowedSubjects: string[];
  maxSessionSeconds?: number;
}

interface StsProvider {
  arn: string;
  /** The provider's client IDs: the token's audience must be one of them. */
  clientIds: string[];
}

export interface StsEmulatorOptions {
  roles: StsRole[];
  providers: StsProvider[];
  /** Called with every credential issued, e.g. to register it with the DCDN emulator. */
  onIssue?: (credential: EmulatorCredential) => void;
  /** Issue credentials that expire after this many ms regardless of DurationSeconds. */
  lifetimeMsOverride?: number;
  wallClock?: () => number;
}

interface StsRequestRecord {
  method: string;
  query: Record<string, string>;
  form: Record<string, string>;
  code?: string;
  /** Set when the request carried any signature or key: AssumeRoleWithOIDC must be anonymous. */
  signed: boolean;
}

export interface StsEmulator {
  readonly url: string;
  readonly requests: StsRequestRecord[];
  readonly issued: EmulatorCredential[];
  close(): Promise<void>;
}

const ERRORS: Record<string, [number, string]> = {
  MissingParameter: [400, 'A required parameter is missing.'],
  'InvalidParameter.RoleSessionName': [400, 'The parameter RoleSessionName is wrongly formed.'],
  'InvalidParameter.DurationSeconds': [400, 'The DurationSeconds is out of range.'],
  'InvalidTimeStamp.Expired': [400, 'Specified time stamp or date value is expired.'],
  'InvalidParameter.OIDCToken': [400, 'The OIDC token is malformed.'],
  AudienceNotMatch: [
    400,
    'The audience of the OIDC token does not match the client ID of the OIDC provider.'
  ],
  'EntityNotExist.OIDCProvider': [404, 'The specified OIDC provider does not exist.'],
  'EntityNotExist.Role': [404, 'The specified Role not exists.'],
  'AuthenticationFail.NoPermission': [
    403,
    'You are not authorized to assume this role by the trust policy.'
  ],
  'InvalidApi.NotFound': [404, 'Specified api is not found, please check your url and method.']
};

class StsError extends Error {
  readonly code: string;
  constructor(code: string) {
    super(code);
    this.code = code;
  }
}

export async function startStsEmulator(options: StsEmulatorOptions): Promise<StsEmulator> {
  const wallClock = options.wallClock ?? Date.now;
  const requests: StsRequestRecord[] = [];
  const issued: EmulatorCredential[] = [];

  function assume(query: Record<string, string>, form: Record<string, string>): unknown {
    if (query.Action !== 'AssumeRoleWithOIDC' || query.Version !== '2015-04-01') {
      throw new StsError('InvalidApi.NotFound');
    }
    const timestamp = parseAcsTimestamp(query.Timestamp ?? '');
    if (timestamp === undefined || Math.abs(wallClock() - timestamp) > 15 * 60_000) {
      throw new StsError('InvalidTimeStamp.Expired');
    }
    for (const name of ['RoleArn', 'OIDCProviderArn', 'OIDCToken', 'RoleSessionName']) {
      if (!form[name]) throw new StsError('MissingParameter');
    }
    if (!/^[A-Za-z0-9.@_-]{2,64}$/.test(form.RoleSessionName ?? '')) {
      throw new StsError('InvalidParameter.RoleSessionName');
    }
    const provider = options.providers.find((p) => p.arn === form.OIDCProviderArn);
    if (!provider) throw new StsError('EntityNotExist.OIDCProvider');
    const claims = jwtClaims(form.OIDCToken ?? '');
    if (!claims) throw new StsError('InvalidParameter.OIDCToken');
    if (!provider.clientIds.includes(String(claims.aud))) throw new StsError('AudienceNotMatch');
    const role = options.roles.find((r) => r.arn === form.RoleArn);
    if (!role) throw new StsError('EntityNotExist.Role');
    const subject = String(claims.sub);
    const trusted =
      role.trustedProviderArn === provider.arn &&
      role.allowedSubjects.some((s) =>
        s.endsWith('*') ? subject.startsWith(s.slice(0, -1)) : s === subject
      );
    if (!trusted) throw new StsError('AuthenticationFail.NoPermission');
    const duration = Number(form.DurationSeconds ?? '3600');
    if (
      !Number.isInteger(duration) ||
      duration < 900 ||
      duration > (role.maxSessionSeconds ?? 3600)
    ) {
      throw new StsError('InvalidParameter.DurationSeconds');
    }
    const lifetimeMs = options.lifetimeMsOverride ?? duration * 1000;
    const credential: EmulatorCredential = {
      accessKeyId: `STS.${randomBytes(12).toString('hex')}`,
      accessKeySecret: randomBytes(20).toString('base64url'),
      securityToken: `CAIS${randomBytes(48).toString('base64')}`,
      expiresAt: wallClock() + lifetimeMs
    };
    issued.push(credential);
    options.onIssue?.(credential);
    return {
      RequestId: randomUUID().toUpperCase(),
      Credentials: {
        AccessKeyId: credential.accessKeyId,
        AccessKeySecret: credential.accessKeySecret,
        SecurityToken: credential.securityToken,
        Expiration: new Date(credential.expiresAt as number).toISOString().replace(/\.\d{3}Z$/, 'Z')
      },
      AssumedRoleUser: {
        AssumedRoleId: `3${randomBytes(8).toString('hex')}:${form.RoleSessionName}`,
        Arn: `${role.arn.replace(':role/', ':assumed-role/')}/${form.RoleSessionName}`
      },
      OIDCTokenInfo: { Subject: subject, Issuer: String(claims.iss), ClientIds: String(claims.aud) }
    };
  }

  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const query = Object.fromEntries(url.searchParams);
      const form = Object.fromEntries(parseParams(body.toString('utf8')));
      const signed =
        'Signature' in query || 'AccessKeyId' in query || req.headers.authorization !== undefined;
      const record: StsRequestRecord = { method: req.method ?? '', query, form, signed };
      requests.push(record);
      const requestId = randomUUID().toUpperCase();
      let status = 200;
      let payload: unknown;
      try {
        if (req.method !== 'POST') throw new StsError('InvalidApi.NotFound');
        payload = assume(query, form);
      } catch (error) {
        const code = error instanceof StsError ? error.code : 'InternalError';
        const [errorStatus, message] = ERRORS[code] ?? [500, 'Internal error.'];
        status = errorStatus;
        record.code = code;
        payload = {
          RequestId: requestId,
          HostId: 'sts.aliyuncs.com',
          Code: code,
          Message: message
        };
      }
      res.writeHead(status, {
        'content-type': 'application/json;charset=utf-8',
        'x-acs-request-id': requestId
      });
      res.end(JSON.stringify(payload));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    issued,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      })
  };
}
