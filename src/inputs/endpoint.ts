// The `endpoint` input: a host (HTTPS) or a URL. Plain http:// is allowed only on loopback so a
// signed request never crosses a network in clear text by mistake.

import { isIP } from 'node:net';
import { InputError } from '../shared/errors.ts';
import { oneLine } from '../shared/text.ts';

export function parseEndpoint(input: string, inputName = 'endpoint'): URL {
  const text = input.trim();
  if (text === '')
    throw new InputError(`${inputName} is empty: use a host such as dcdn.aliyuncs.com.`);
  const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
  let url: URL;
  try {
    url = new URL(hasScheme ? text : `https://${text}`);
  } catch {
    throw new InputError(
      `${inputName} "${oneLine(text, 80)}" is not a host or URL: use a host such as dcdn.aliyuncs.com or a URL such as https://dcdn.aliyuncs.com.`
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    throw new InputError(
      `${inputName} uses the scheme "${url.protocol.slice(0, -1)}": only https:// (and http:// on loopback) are supported.`
    );
  }
  if (url.username || url.password) {
    throw new InputError(
      `${inputName} has credentials in it: remove "user:password@"; pass keys through access-key-id/access-key-secret.`
    );
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new InputError(
      `${inputName} "${oneLine(url.origin, 80)}" has a path, query or fragment: give only the scheme, host and optional port.`
    );
  }
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    throw new InputError(
      `${inputName} uses plain http:// for ${url.hostname}, which is not a loopback host: signed requests must use https:// (http:// is only for a local emulator on 127.0.0.1, ::1 or localhost).`
    );
  }
  return new URL(`${url.protocol}//${url.host}/`);
}

/** 127.0.0.0/8, ::1 and localhost; a name that merely resolves to loopback does not count. */
function isLoopbackHost(hostname: string): boolean {
  const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  if (host === 'localhost') return true;
  if (isIP(host) === 4) return host.startsWith('127.');
  if (isIP(host) === 6) return host === '::1' || host === '0:0:0:0:0:0:0:1';
  return false;
}
