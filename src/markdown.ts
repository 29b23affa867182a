// Escaping for text that goes into Markdown tables (job summary, PR comment). API and user text
// may hold |, backticks, Markdown or HTML; none of it may break a table or inject markup.

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '|': '&#124;',
  '`': '&#96;'
};

/** Characters that Markdown would read as syntax; a backslash makes them literal. */
const MARKDOWN_PUNCTUATION = /[\\*_[\](){}#+\-.!~^$=:@]/;

export function escapeCell(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      out += ' ';
    } else if (ENTITIES[char]) out += ENTITIES[char];
    else if (MARKDOWN_PUNCTUATION.test(char)) out += `\\${char}`;
    else out += char;
  }
  return out;
}

/** A Markdown table: every cell escaped, so each row has exactly the header's cell count. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string =>
    `| ${header.map((_, i) => escapeCell(cells[i] ?? '')).join(' | ')} |`;
  return [line(header), `|${header.map(() => ' --- ').join('|')}|`, ...rows.map(line)].join('\n');
}
