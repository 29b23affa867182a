// Part of `npm run build`: writes every character outside ASCII in dist/*.js as a \u escape. One
// such character (a curly quote in a comment of undici, an emoji in a status cell) makes V8 keep
// the whole 1.2 MB source as a two-byte string: 1.3 MB more heap for the whole run, and a slower
// decode and scan at every start (measured: 2.5 ms and 1.9 MiB).
//
// The escape means the same character in a comment, a string, a template (cooked), a regular
// expression (a surrogate pair written as two escapes is one code point under the u flag too)
// and an identifier. Only a template's raw text differs, so a tagged template with such a
// character is refused rather than changed.

import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';

/** `source` with each UTF-16 unit above 0x7F written as \uXXXX. */
export function asciiOnly(source: string): string {
  // split('') gives UTF-16 units: an emoji becomes its two surrogate escapes.
  return source.replace(/[^\p{ASCII}]+/gu, (text) =>
    text
      .split('')
      .map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`)
      .join('')
  );
}

/**
 * A tagged template (String.raw`…`, html`…`) that holds a character outside ASCII, whose raw text
 * the escape would change: where the first one is, or undefined. Found with the TypeScript
 * parser, since comments and strings hold backticks too.
 */
export function taggedNonAscii(source: string, fileName = 'bundle.js'): string | undefined {
  const file = ts.createSourceFile(
    fileName,
    source,
    ts.ScriptTarget.Latest,
    false,
    ts.ScriptKind.JS
  );
  let found: string | undefined;
  const visit = (node: ts.Node): void => {
    if (found) return;
    if (ts.isTaggedTemplateExpression(node) && /[^\p{ASCII}]/u.test(node.template.getText(file))) {
      const { line } = file.getLineAndCharacterOfPosition(node.getStart(file));
      found = `line ${line + 1}: ${node.getText(file).slice(0, 60)}`;
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

if (import.meta.main) {
  const dir = process.argv[2];
  if (!dir) {
    console.error('usage: node scripts/ascii-bundle.ts <dist dir>');
    process.exit(2);
  }
  for (const name of readdirSync(dir).filter((file) => file.endsWith('.js'))) {
    const file = join(dir, name);
    const source = readFileSync(file, 'utf8');
    const tagged = taggedNonAscii(source, name);
    if (tagged) {
      console.error(`${file}: a tagged template holds a non-ASCII character (${tagged})`);
      process.exit(1);
    }
    writeFileSync(file, asciiOnly(source));
  }
}
