// Makes untrusted text (API answers, user input) safe for one log line: a line break could start
// a workflow command ("::set-output ...") on the runner, so control characters become spaces.
// Cuts never split a character: not a surrogate pair (an emoji would become U+FFFD), nor a
// grapheme (a flag, a ZWJ family, a letter with its combining accent).

export function oneLine(text: string, max = 500): string {
  // eslint-disable-next-line no-control-regex
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
  const head = headOf(flat, max);
  return head.length < flat.length ? `${head}…` : flat;
}

// Made on first use: building a Segmenter loads ICU's break data, about 10 ms of start-up, and
// most runs never cut a text.
let segmenter: Intl.Segmenter | undefined;
function graphemes(text: string): Intl.Segments {
  segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
  return segmenter.segment(text);
}

/**
 * The longest start of `text` made of whole graphemes and at most `max` UTF-16 units (so at
 * most `max` characters however they are counted).
 */
export function headOf(text: string, max: number): string {
  if (text.length <= max) return text;
  if (isAscii(text, 0, max + 1)) return text.slice(0, crlfAt(text, max) ? max - 1 : max);
  let end = 0;
  for (const { segment } of graphemes(text)) {
    if (end + segment.length > max) break;
    end += segment.length;
  }
  return text.slice(0, end);
}

/** The longest end of `text` made of whole graphemes and at most `max` UTF-16 units. */
export function tailOf(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.length - max;
  if (isAscii(text, cut - 1, text.length)) return text.slice(crlfAt(text, cut) ? cut + 1 : cut);
  // Segment only a window at the end (a path can be megabytes), starting at a printable ASCII
  // character: a grapheme boundary lies before one, whereas from an arbitrary point flags (pairs
  // of regional indicators) and joined emoji would pair up wrongly.
  let from = Math.max(0, text.length - max - 64);
  if (from > 0) {
    const ascii = text.slice(from).search(/[\x20-\x7e]/);
    from = ascii < 0 ? 0 : from + ascii;
  }
  const segments = Array.from(graphemes(text.slice(from)));
  let start = text.length;
  for (let i = segments.length - 1; i >= 0; i--) {
    const { segment } = segments[i] as Intl.SegmentData;
    if (text.length - start + segment.length > max) break;
    start -= segment.length;
  }
  return text.slice(start);
}

/**
 * Whether text[from, to) is ASCII. Between two ASCII characters there is always a grapheme
 * boundary except inside "\r\n", so such a cut needs no Segmenter: a log line or a URL then never
 * loads ICU's break data (2.6 MiB, at the end of every large run).
 */
function isAscii(text: string, from: number, to: number): boolean {
  for (let i = Math.max(0, from); i < to; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/** Whether a cut before text[at] would split a "\r\n". */
function crlfAt(text: string, at: number): boolean {
  return text[at - 1] === '\r' && text[at] === '\n';
}
