import { escapeCell, preText } from '../../src/report/markdown.ts';
import { createRedactor, encodings, redacting } from '../../src/runtime/redact.ts';
import { maskSecrets } from '../../src/inputs/config.ts';
import { clip } from '../../src/report/markdown.ts';
import { recordingIO } from '../helpers/harness.ts';

// Shaped like an STS token: base64, so it holds + / = and Markdown punctuation once escaped.
const TOKEN = 'CAIS-tok+en/with_punct.u=ation==';

describe('redaction', () => {
  const redactor = createRedactor();
  redactor.add(TOKEN);

  test.each([
    ['raw', TOKEN],
    ['Markdown-escaped', escapeCell(TOKEN)],
    ['inside <pre>', preText(TOKEN)],
    ['URL-encoded', encodeURIComponent(TOKEN)],
    ['JSON-escaped with \\/', JSON.stringify(TOKEN).slice(1, -1).replace(/\//g, '\\/')],
    ['in a JSON string', JSON.stringify({ token: TOKEN })]
  ])('scrubs the %s form', (_name, form) => {
    // The escaped form really differs from the raw one, or this row would prove nothing new.
    const out = redactor.scrub(`before ${form} after`);
    expect(out).toContain('***');
    expect(out).not.toContain(form);
    for (const variant of encodings(TOKEN)) expect(out).not.toContain(variant);
  });

  test('the escaped forms differ from the raw one', () => {
    expect(escapeCell(TOKEN)).not.toBe(TOKEN);
    expect(encodeURIComponent(TOKEN)).not.toBe(TOKEN);
  });

  test('a cut-off start of a secret before an ellipsis is scrubbed', () => {
    const cut = clip(`RequestId x, token ${TOKEN}`, 30);
    expect(cut).toMatch(/…$/);
    expect(cut).toContain(TOKEN.slice(0, 8));
    const out = redactor.scrub(cut);
    expect(out).not.toContain(TOKEN.slice(0, 6));
    expect(out).toContain('RequestId x, token ***');
  });

  test('ordinary text with an ellipsis is left alone', () => {
    expect(redactor.scrub('waiting… CAIS is a prefix too short…')).toBe(
      'waiting… CAIS is a prefix too short…'
    );
  });

  test('every channel of the IO is scrubbed', async () => {
    const { io, recorded } = recordingIO({});
    const scrubbed = redacting(
      io,
      createRedactor((s) => io.setSecret(s))
    );
    scrubbed.setSecret(TOKEN);
    scrubbed.info(TOKEN);
    scrubbed.warning(escapeCell(TOKEN));
    scrubbed.error(TOKEN, TOKEN);
    scrubbed.setFailed(TOKEN);
    scrubbed.setOutput('results', JSON.stringify([{ Description: TOKEN }]));
    await scrubbed.writeSummary(`| ${escapeCell(TOKEN)} |`);
    await scrubbed.writeResultsFile([JSON.stringify(TOKEN)]);
    expect(recorded.secrets).toEqual([TOKEN]);
    const everything = JSON.stringify({ ...recorded, secrets: [] });
    expect(everything).not.toContain(TOKEN);
    expect(everything).not.toContain(escapeCell(TOKEN));
    expect(everything.match(/\*\*\*/g)?.length).toBeGreaterThanOrEqual(8);
  });
});

describe('the secrets masked before anything else', () => {
  test("a proxy URL's password is masked, raw and decoded", () => {
    const masked: string[] = [];
    maskSecrets(
      () => '',
      { HTTPS_PROXY: 'https://build:p%40ss-w0rd@proxy.corp:3128', http_proxy: 'proxy:8080' },
      (s) => masked.push(s)
    );
    expect(masked).toEqual(expect.arrayContaining(['p%40ss-w0rd', 'p@ss-w0rd']));
    expect(masked).not.toContain('build');
  });
});
