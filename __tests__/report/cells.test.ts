// The cells of a task row: a time that cannot wrap, a path shortened in the middle with the
// whole one in its title, a status with its icon and the reason beside it.
import { PATH_CHARS, pathCell, statusCell, timeCell } from '../../src/report/cells.ts';
import { task } from '../helpers/task-results.ts';
import { shownText, titleOf } from './reading.ts';

const NOW = Date.UTC(2026, 11, 1, 18, 40, 0);
const OPTIONS = { maxCellChars: 300, now: NOW };

describe('the creation time', () => {
  test('the time alone on the run’s day, the date too on another, the year only when it differs', () => {
    expect(timeCell('2026-12-01T18:32:02Z', NOW)).toBe('18:32:02');
    expect(timeCell('2026-11-30T23:58:41Z', NOW)).toBe('Nov&nbsp;30&nbsp;23:58:41');
    expect(timeCell('2025-12-31T23:59:59Z', NOW)).toBe('Dec&nbsp;31&nbsp;2025&nbsp;23:59:59');
    // Older pages give no seconds.
    expect(timeCell('2026-12-01T18:32Z', NOW)).toBe('18:32:00');
    expect(timeCell('2026-12-01T18:32:02Z', undefined)).toBe('Dec&nbsp;1&nbsp;18:32:02');
  });

  test('no cell can wrap: no hyphen, no breaking space, whatever the API sends', () => {
    const inputs = [
      '2026-12-01T18:32:02Z',
      '2026-11-30T23:58:41Z',
      '2021-05-10T08:54:23Z',
      '2026-12-01 18:32:02',
      'yesterday at <b>noon</b>|x',
      ''
    ];
    for (const input of inputs) {
      const cell = timeCell(input, NOW);
      expect(shownText(cell)).not.toMatch(/[- \t]/);
      expect(cell).not.toMatch(/[<|]/);
    }
  });
});

describe('the path', () => {
  test('a short path is shown whole, in <code>, escaped', () => {
    const cell = pathCell('https://e.com/@team/a|b.js', 300);
    expect(cell).toBe('<code>https\\://e\\.com/\\@team/a&#124;b\\.js</code>');
    expect(titleOf(cell)).toBeUndefined();
  });

  test('a long path keeps its host and its end, and its title holds it whole', () => {
    const path = `https://www.example.com/assets/build/2026-12-01/chunks/${'x'.repeat(80)}/app.3f9a1c2b.js`;
    const cell = pathCell(path, 300);
    const shown = shownText(cell.replace(/^<code[^>]*>/, ''));
    expect(shown.length).toBeLessThanOrEqual(PATH_CHARS);
    expect(shown.startsWith('https://www.example.com/…')).toBe(true);
    expect(shown.endsWith('/app.3f9a1c2b.js')).toBe(true);
    expect(titleOf(cell)).toBe(path);
    // With no room for titles (a budget that cuts rows), none.
    expect(titleOf(pathCell(path, 0))).toBeUndefined();
  });

  test('a hostile long path: the title holds no markup, no pipe, no quote, no mention', () => {
    const path = `https://x.com/${'a'.repeat(60)}/"><img src=x onerror=alert(1)>|\`x\`@octocat [l](javascript:x) **b**\n`;
    const cell = pathCell(path, 300);
    const title = /title="([^"]*)"/.exec(cell)?.[1] ?? '';
    expect(title).not.toMatch(/[<>"'|`@[\]()*\n]/);
    expect(titleOf(cell)).toBe(path.replace('\n', ' '));
    expect(cell.match(/"/g)).toHaveLength(2);
  });

  test('shortening never splits an emoji or a flag', () => {
    const path = `https://x.com/${'🇯🇵👨‍👩‍👧'.repeat(40)}/end.png`;
    const cell = pathCell(path, 300);
    expect(cell).not.toMatch(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/
    );
    const shown = shownText(cell.replace(/^<code[^>]*>/, ''));
    const graphemes = [...new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(shown)];
    const whole = new Set(['🇯🇵', '👨‍👩‍👧']);
    for (const { segment } of graphemes) {
      if (/\p{Extended_Pictographic}|\p{Regional_Indicator}/u.test(segment)) {
        expect(whole.has(segment)).toBe(true);
      }
    }
  });
});

describe('the status', () => {
  test('icon, status and reason side by side; short ones never wrap', () => {
    expect(statusCell(task('1', 'Failed'), 'failed', OPTIONS)).toBe(
      '❌&nbsp;Failed:&nbsp;Origin&nbsp;Timeout'
    );
    expect(
      statusCell(
        task('1', 'Failed', { Description: 'Origin Return StatusCode 5XX' }),
        'failed',
        OPTIONS
      )
    ).toBe('❌&nbsp;Failed: Origin Return StatusCode 5XX');
    expect(statusCell(task('1', 'Failed', { Description: '' }), 'failed', OPTIONS)).toBe(
      '❌&nbsp;Failed:&nbsp;No&nbsp;reason&nbsp;given'
    );
    expect(statusCell(task('1', 'NotFound', { Description: '' }), 'failed', OPTIONS)).toBe(
      '❓&nbsp;Not&nbsp;found'
    );
    expect(statusCell(task('1', 'NotFound'), 'pending', OPTIONS)).toBe(
      '⏳&nbsp;Not&nbsp;seen&nbsp;yet'
    );
    expect(statusCell(task('1', 'Complete'), 'complete', OPTIONS)).toBe('✅&nbsp;Complete');
  });

  test('an unknown status is shown as it came, escaped', () => {
    expect(statusCell(task('1', '<b>Odd</b>|', { Process: 'x' }), 'pending', OPTIONS)).toBe(
      '❔&nbsp;&lt;b&gt;Odd&lt;/b&gt;&#124;'
    );
  });
});
