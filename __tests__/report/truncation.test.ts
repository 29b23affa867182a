// Truncation never splits a character: not a surrogate pair (an emoji would become U+FFFD in
// GitHub's UTF-8), nor a grapheme (a flag, a ZWJ family, a letter and its accent).
import { clip, clipMiddle } from '../../src/report/markdown.ts';
import { headOf, oneLine, tailOf } from '../../src/shared/text.ts';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const SAMPLES = [
  '😀'.repeat(300),
  '🇯🇵🇫🇷'.repeat(100),
  '👨‍👩‍👧‍👦'.repeat(60),
  'e\u0301'.repeat(300),
  `a${'😀'.repeat(200)}`,
  'plain ascii '.repeat(40)
];

describe('cuts between graphemes', () => {
  test('oneLine, clip, clipMiddle, headOf and tailOf at every length', () => {
    const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
    for (const text of SAMPLES) {
      const whole = new Set([...graphemes.segment(text)].map((s) => s.segment));
      for (let max = 1; max <= 60; max++) {
        const cuts = [
          oneLine(text, max),
          clip(text, max),
          clipMiddle(text, max),
          headOf(text, max),
          tailOf(text, max)
        ];
        for (const cut of cuts) {
          expect(cut).not.toMatch(LONE_SURROGATE);
          for (const { segment } of graphemes.segment(cut.replace(/…/g, ''))) {
            expect(whole.has(segment)).toBe(true);
          }
        }
        // The bounds hold in UTF-16 units, so in characters however they are counted.
        expect(headOf(text, max).length).toBeLessThanOrEqual(max);
        expect(tailOf(text, max).length).toBeLessThanOrEqual(max);
        expect(clip(text, max).length).toBeLessThanOrEqual(max);
        expect(clipMiddle(text, max).length).toBeLessThanOrEqual(max);
      }
    }
  });

  test('headOf and tailOf take the longest whole-grapheme cut, ASCII or not (random texts)', () => {
    // Reference: the longest run of whole graphemes from either end, found with the Segmenter.
    const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
    const head = (text: string, max: number) => {
      let end = 0;
      for (const { segment } of graphemes.segment(text)) {
        if (end + segment.length > max) break;
        end += segment.length;
      }
      return text.slice(0, end);
    };
    const tail = (text: string, max: number) => {
      const parts = [...graphemes.segment(text)].map((s) => s.segment);
      let out = '';
      while (parts.length && out.length + (parts.at(-1) as string).length <= max) {
        out = `${parts.pop() as string}${out}`;
      }
      return out;
    };
    // Mostly ASCII with \r\n, so the Segmenter-free path is taken; now and then an accent, an
    // emoji or a flag right at the cut, so that it must not be.
    const pieces = ['a', '/', ' ', '\r', '\n', '\r\n', 'e\u0301', '😀', '🇯🇵', '\u0301'];
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let run = 0; run < 400; run++) {
      const weights = run % 2 ? 0.97 : 0.7; // share of plain ASCII pieces
      const text = Array.from({ length: 5 + Math.floor(random() * 40) }, () =>
        random() < weights
          ? (pieces[Math.floor(random() * 6)] as string)
          : (pieces[6 + Math.floor(random() * 4)] as string)
      ).join('');
      for (let max = 0; max <= text.length + 1; max++) {
        expect(headOf(text, max)).toBe(head(text, max));
        expect(tailOf(text, max)).toBe(tail(text, max));
      }
    }
  });

  test('an emoji at the 300-character cut of a log line stays whole', () => {
    const text = `${'x'.repeat(299)}😀 and more`;
    expect(oneLine(text, 300)).toBe(`${'x'.repeat(299)}…`);
    expect(oneLine(text, 301)).toBe(`${'x'.repeat(299)}😀…`);
    expect(oneLine('short', 300)).toBe('short');
    expect(oneLine('a\nb\u2028c\u0000', 300)).toBe('a b c');
  });

  test('tailOf reads only the end of a huge text', () => {
    const huge = `${'路'.repeat(2_000_000)}/end.png`;
    expect(tailOf(huge, 8)).toBe('/end.png');
    expect(clipMiddle(`https://e.com/${'a'.repeat(100)}/end.png`, 30)).toBe(
      'https://e.com/…/end.png'
    );
  });
});
