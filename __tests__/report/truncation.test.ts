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
