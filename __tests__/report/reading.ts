// Reads rendered Markdown as a person (or GitHub) would: table rows and their cells, headings,
// and the text a cell shows once escapes and entities are undone.

/** Table lines that hold data or the header (not the "| --- |" delimiter). */
export function tableRows(markdown: string): string[] {
  return markdown
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|( --- \|)+$/.test(line));
}

/** The cells of a row: what sits between pipes that are not escaped. */
export function cellsOf(row: string): string[] {
  return row
    .split(/(?<!\\)\|/)
    .slice(1, -1)
    .map((cell) => cell.trim());
}

/** Rows (header excluded) of every table, as cells. */
export function dataRows(markdown: string): string[][] {
  return tableRows(markdown)
    .filter((row) => !row.startsWith('| Status |'))
    .map(cellsOf);
}

export function headings(markdown: string): string[] {
  return markdown.split('\n').filter((line) => /^#{1,6} /.test(line));
}

const NAMED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', nbsp: '\u00a0' };

/** What a cell shows: tags dropped, backslash escapes and character references undone. */
export function shownText(cell: string): string {
  return cell
    .replace(/<\/?code[^>]*>/g, '')
    .replace(/\\([!-/:-@[-`{-~])/g, '$1')
    .replace(/&(#\d+|[a-z]+);/g, (whole, name: string) =>
      name.startsWith('#') ? String.fromCodePoint(Number(name.slice(1))) : (NAMED[name] ?? whole)
    );
}

/** The title attribute of a path cell, decoded; undefined when the path was shown whole. */
export function titleOf(cell: string): string | undefined {
  const match = /<code title="([^"]*)">/.exec(cell);
  return match ? shownText(match[1] ?? '') : undefined;
}

/** Removes the tags the reports write themselves; whatever "<" is left came from the data. */
export function withoutOwnTags(markdown: string): string {
  return markdown.replace(
    /<!-- dcdn-refresh-wait:[A-Za-z0-9._-]+ -->|<code( title="[^"<>]*")?>|<\/code>|<\/?sub>|<\/?details>|<\/?summary>|<\/?pre>/g,
    ''
  );
}
