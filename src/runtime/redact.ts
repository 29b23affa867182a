// Belt and braces for secrets: the runner masks what setSecret registered, but only in the log it
// shows. This wrapper also scrubs them from everything the action itself writes (outputs, summary,
// annotations), so a server that echoes a token back in an error message leaks nothing anywhere.

import type { ActionIO } from './io.ts';

const MASK = '***';

export function redacting(io: ActionIO): ActionIO {
  const secrets: string[] = [];
  // Check before copying: outputs of large runs are megabytes and almost never hold a secret.
  const scrub = (text: string): string =>
    secrets.reduce(
      (out, secret) => (out.includes(secret) ? out.split(secret).join(MASK) : out),
      text
    );
  function* scrubbed(lines: Iterable<string>): Generator<string> {
    for (const line of lines) yield scrub(line);
  }
  return {
    getInput: (name) => io.getInput(name),
    setSecret: (secret) => {
      // Longest first, so a secret that contains another is scrubbed whole.
      if (secret.length >= 4 && !secrets.includes(secret)) {
        secrets.push(secret);
        secrets.sort((a, b) => b.length - a.length);
      }
      io.setSecret(secret);
    },
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
