// Escaping for text that goes into Markdown tables (job summary, PR comment). API and user text
// may hold |, backticks, Markdown or HTML; none of it may break a table or inject markup.

import { headOf, tailOf } from '../shared/text.ts';

const ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
  '|': '&#124;',
  '`': '&#96;'
};

/**
 * Everything escapeCell changes: control characters and line separators (become a space), the
 * characters with an entity, and Markdown punctuation (gets a backslash). One regex pass instead
 * of a string built character by character: 10,000-row summaries are escaped in one go.
 */
// eslint-disable-next-line no-control-regex
const SPECIAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029&<>"'|`\\*_[\](){}#+\-.!~^$=:@]/g;

export function escapeCell(text: string): string {
  return text.replace(SPECIAL, (char) => {
    const entity = ENTITIES[char];
    if (entity) return entity;
    const code = char.charCodeAt(0);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      return ' ';
    }
    return `\\${char}`;
  });
}

/** One table row from cells that are already escaped (by escapeCell or codeCell). */
export function tableRow(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** The header line and the delimiter line of a table; `cell` escapes each name. */
export function tableHead(
  header: readonly string[],
  cell: (name: string) => string = escapeCell
): string {
  return `${tableRow(header.map(cell))}\n|${header.map(() => ' --- ').join('|')}|`;
}

/**
 * Escaped text inside <code>: shown literally, and GitHub turns no `@name` or `#123` in it into a
 * mention or a link (a path such as /@scope/pkg must not notify anyone from a PR comment).
 */
export function codeCell(text: string): string {
  return text === '' ? '' : `<code>${escapeCell(text)}</code>`;
}

/** At most `max` characters, cut between graphemes (never inside an emoji); a cut ends with "…". */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  return `${headOf(text, Math.max(0, max - 1))}…`;
}

/**
 * At most `max` characters with the middle left out: the host and the file name of a long path
 * are what people recognise, so the cut keeps the scheme and host whole when they take at most
 * 60% of the room, and starts the end at a "/" in its first half. Cut between graphemes.
 */
export function clipMiddle(text: string, max: number): string {
  if (text.length <= max) return text;
  const room = max - 1; // the "…"
  const hostEnd = text.indexOf('/', text.indexOf('://') + 3);
  const head =
    text.includes('://') && hostEnd > 0 && hostEnd + 1 <= room * 0.6
      ? headOf(text, hostEnd + 1)
      : headOf(text, Math.floor(room * 0.45));
  let tail = tailOf(text, room - head.length);
  const slash = tail.indexOf('/');
  if (slash > 0 && slash <= tail.length * 0.5) tail = tail.slice(slash);
  return `${head}…${tail}`;
}

/**
 * Text for an HTML attribute value in double quotes (a title). Inside the tag GitHub reads no
 * Markdown, but a pipe would still split the table cell, and quotes or angle brackets would end
 * the attribute: those, and what could look like a link, a code span, emphasis or a mention to
 * a tool that reads the raw text, become numeric character references (the browser shows the
 * characters themselves). Line breaks and control characters become spaces.
 */
// eslint-disable-next-line no-control-regex
const ATTR_SPECIAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029&<>"'|`@[\]()!\\*_~#]/g;

export function attrText(text: string): string {
  return text.replace(ATTR_SPECIAL, (char) => {
    const code = char.charCodeAt(0);
    if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
      return ' ';
    }
    return `&#${code};`;
  });
}

/** Escaped text whose spaces do not break: a short status or reason stays on one line. */
export function unbroken(escaped: string): string {
  return escaped.replace(/ /g, '&nbsp;');
}

const PRE_ENTITIES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '[': '&#91;',
  ']': '&#93;',
  '(': '&#40;',
  ')': '&#41;',
  '*': '&#42;',
  _: '&#95;',
  '`': '&#96;',
  '|': '&#124;',
  '~': '&#126;'
};

/**
 * Text for the inside of <pre>, shown exactly as given. `& < >` must be escaped for HTML; the
 * Markdown punctuation is written as character references too, so that the raw Markdown holds no
 * link, emphasis or code syntax from the data for any tool that reads it without rendering.
 */
export function preText(text: string): string {
  return text.replace(/[&<>[\]()*_`|~]/g, (char) => PRE_ENTITIES[char] ?? char);
}
