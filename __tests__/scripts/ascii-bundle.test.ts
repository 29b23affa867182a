// dist/*.js is ASCII only, so that V8 holds the source as a one-byte string (scripts/ascii-bundle.ts).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { asciiOnly, taggedNonAscii } from '../../scripts/ascii-bundle.ts';

const NON_ASCII = /[^\p{ASCII}]/u;

describe('asciiOnly', () => {
  test('strings, templates, regular expressions and comments mean what they meant', () => {
    const source = [
      "const s = '✅ Complete · 40% … ’quoted’ 📤';",
      'const t = `❌ ${1 + 1} ⏳ 🔄`;',
      'const r = /[❌🔄]|…/u;',
      'const plain = /’|📤/;',
      '// 🛑 a comment with ’ and `backticks`',
      '/* ✅ block */',
      "({ s, t, unicode: r.test('🔄') && r.test('…'), plain: plain.test('📤') && plain.test('’'),",
      "   length: s.length + t.length, emoji: [...'📤🔄'].length })"
    ].join('\n');
    const escaped = asciiOnly(source);
    expect(NON_ASCII.test(escaped)).toBe(false);
    expect(runInNewContext(escaped)).toEqual(runInNewContext(source));
    expect(runInNewContext(escaped)).toMatchObject({ unicode: true, plain: true, emoji: 2 });
  });

  test('ASCII text comes back unchanged', () => {
    const ascii = "const a = 'plain'; // comment\n";
    expect(asciiOnly(ascii)).toBe(ascii);
  });
});

describe('taggedNonAscii', () => {
  test('a tagged template with such a character is found, since its raw text would change', () => {
    expect(taggedNonAscii('const a = 1;\nconst b = String.raw`it’s`;')).toMatch(
      /^line 2: String\.raw/
    );
    expect(taggedNonAscii('const h = html`<b>✅</b>`;')).toMatch(/^line 1/);
  });

  test('untagged templates and backticks in comments and strings are not', () => {
    const source = [
      'const t = `❌ ${x}`;',
      '// see `Accept`’s value',
      "const s = 'a `quoted’ b';",
      'const raw = String.raw`plain ascii`;',
      'function f() { return `⏳ ${y}`; }'
    ].join('\n');
    expect(taggedNonAscii(source)).toBeUndefined();
  });
});

test('the committed bundle is ASCII only', () => {
  const dist = new URL('../../dist/', import.meta.url).pathname;
  const files = readdirSync(dist).filter((name) => name.endsWith('.js'));
  expect(files.length).toBeGreaterThan(0);
  for (const name of files) {
    const text = readFileSync(join(dist, name), 'utf8');
    expect({ name, nonAscii: NON_ASCII.test(text) }).toEqual({ name, nonAscii: false });
  }
});
