// Belt and braces for secrets: the runner masks what setSecret registered, but only in the log it
// shows, and only as written. This layer scrubs every registered secret from everything the action
// writes (log, outputs, annotations, summary, results file, PR comment) in every form a reader
// would decode: raw, Markdown- or HTML-escaped, URL-encoded, JSON-escaped. A prefix of a secret
// cut off by truncation ("CAISabc…") is scrubbed too.

import { escapeCell, preText } from '../report/markdown.ts';
import type { ActionIO } from './io.ts';

const MASK = '***';
/** Shorter values are not secrets worth a mask (and would mangle ordinary text). */
const MIN_SECRET = 4;
/** A cut-off prefix this long, right before an ellipsis, is treated as the secret. */
const MIN_PREFIX = 6;

export interface Redactor {
  /** Registers a secret (and masks it for the runner). */
  add(secret: string): void;
  scrub(text: string): string;
}

/** The forms a secret takes once escaped or encoded for one of the places we write to. */
export function encodings(secret: string): string[] {
  const forms = new Set([
    secret,
    escapeCell(secret),
    preText(secret),
    htmlEscape(secret),
    encodeURIComponent(secret),
    encodeURIComponent(secret).replace(/%20/g, '+'),
    rfc3986(secret),
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/')
  ]);
  return [...forms].filter((form) => form.length >= MIN_SECRET);
}

export function createRedactor(mask: (secret: string) => void = () => undefined): Redactor {
  let forms: string[] = [];
  const secrets = new Set<string>();
  return {
    add(secret) {
      const value = secret.trim();
      if (value.length < MIN_SECRET || secrets.has(value)) return;
      secrets.add(value);
      mask(value);
      // Longest first, so a secret that contains another is scrubbed whole.
      forms = [...new Set([...forms, ...encodings(value)])].sort((a, b) => b.length - a.length);
    },
    scrub(text) {
      // Check before copying: outputs of large runs are megabytes and almost never hold a secret.
      let out = text;
      for (const form of forms) if (out.includes(form)) out = out.split(form).join(MASK);
      if (forms.length && out.includes('…')) out = scrubPrefixes(out, forms);
      return out;
    }
  };
}

/** An IO whose every word out passes through the redactor; setSecret registers with it. */
export function redacting(io: ActionIO, redactor: Redactor): ActionIO {
  const { scrub } = redactor;
  function* scrubbed(lines: Iterable<string>): Generator<string> {
    for (const line of lines) yield scrub(line);
  }
  return {
    getInput: (name) => io.getInput(name),
    setSecret: (secret) => redactor.add(secret),
    setOutput: (name, value) => io.setOutput(name, scrub(value)),
    info: (message) => io.info(scrub(message)),
    warning: (message) => io.warning(scrub(message)),
    error: (message, title) => io.error(scrub(message), scrub(title)),
    debug: (message) => io.debug(scrub(message)),
    setFailed: (message) => io.setFailed(scrub(message)),
    writeSummary: (markdown) => io.writeSummary(scrub(markdown)),
    writeResultsFile: (lines) => io.writeResultsFile(scrubbed(lines))
  };
}

function htmlEscape(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c
  );
}

function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(
    /[!'()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`
  );
}

/**
 * Scrubs, before each "…", a cut-off start of any form of a secret (at least MIN_PREFIX
 * characters of it): truncation must not leak the first 290 characters of a token.
 */
function scrubPrefixes(text: string, forms: readonly string[]): string {
  let out = '';
  let from = 0;
  for (let at = text.indexOf('…'); at !== -1; at = text.indexOf('…', at + 1)) {
    let cut = at;
    for (const form of forms) {
      const window = text.slice(Math.max(from, at - form.length + 1), at);
      const head = form.slice(0, MIN_PREFIX);
      for (let i = window.indexOf(head); i !== -1; i = window.indexOf(head, i + 1)) {
        const tail = window.slice(i);
        if (form.startsWith(tail)) {
          cut = Math.min(cut, at - tail.length);
          break;
        }
      }
    }
    if (cut < at) {
      out += `${text.slice(from, cut)}${MASK}`;
      from = at;
    }
  }
  return from === 0 ? text : out + text.slice(from);
}
