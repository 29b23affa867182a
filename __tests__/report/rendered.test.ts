// The summary and the comment of a mixed run rendered as GitHub renders them (GFM, then an
// allowlist sanitizer), and read from the HTML as a person sees it: the verdict first, each
// reason with its count, the reason beside the status, complete tasks folded, times that cannot
// wrap, and every hostile path shown as text, never as markup, a link or a mention.
import { buildSummary } from '../../src/report/summary.ts';
import { commentBody } from '../../src/report/comment-body.ts';
import { renderGitHubMarkdown } from '../../scripts/screenshots/render.ts';
import { context, facts, verdict } from '../../scripts/screenshots/sample.ts';
import { NASTY_PATHS, task, verdictOf } from '../helpers/task-results.ts';

const decode = (html: string): string =>
  html
    .replace(/<[^>]+>/g, '')
    .replace(/&nbsp;/g, '\u00a0')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, code: string) => String.fromCodePoint(Number(code)))
    .replace(/&#x([0-9a-f]+);/gi, (_, code: string) => String.fromCodePoint(parseInt(code, 16)))
    .replace(/&amp;/g, '&');

/** Each table row's cells as the text a reader sees. */
function rowsOf(html: string): string[][] {
  return [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((row) =>
    [...(row[1] ?? '').matchAll(/<t[dh][^>]*>([\s\S]*?)<\/t[dh]>/g)].map((cell) =>
      decode(cell[1] ?? '').trim()
    )
  );
}

describe('rendered as GitHub renders it', () => {
  const pages = {
    summary: renderGitHubMarkdown(buildSummary(verdict, facts).markdown),
    comment: renderGitHubMarkdown(commentBody(verdict, facts, context).body)
  };

  test.each(Object.entries(pages))('the %s reads at a glance', (_, html) => {
    // The verdict is the first thing on the page (the comment's marker renders as nothing).
    expect(decode(html).trim().split('\n')[0]).toBe('❌ 4 of 10 DCDN tasks failed');
    const heads = [...html.matchAll(/<h4>([\s\S]*?)<\/h4>/g)].map((m) => decode(m[1] ?? ''));
    expect(heads).toEqual([
      '❌ Origin Timeout: 3 paths',
      '❌ Origin Return StatusCode 5XX: 1 path',
      '⏳ Still pending: 2 paths'
    ]);
    const rows = rowsOf(html).filter((cells) => cells[0] !== 'Status');
    // The status and the reason come first, side by side; failed rows have no progress figure.
    expect(rows[0]?.[0]).toBe('❌\u00a0Failed:\u00a0Origin\u00a0Timeout');
    expect(rows.map((cells) => cells[0]).join('\n')).not.toMatch(/100%|\b0%/);
    // Times never wrap: no hyphen, no breaking space.
    for (const cells of rows) expect(cells[3]).toMatch(/^[A-Za-z0-9:\u00a0]+$/);
    // The complete tasks are folded.
    const details = /<details>([\s\S]*?)<\/details>/.exec(html)?.[1] ?? '';
    expect(decode(details)).toContain('✅ Complete: 4 paths');
    expect(details).toContain('704222909');
    expect(html.indexOf('<details>')).toBeGreaterThan(html.indexOf('Still pending'));
    // The hostile path shows as text, and nothing became a mention, an image or a script.
    expect(rows.some((cells) => cells[1] === 'https://www.example.com/@team/<b>|`x`</pre>')).toBe(
      true
    );
    expect(html).not.toMatch(/<img|<script|<pre|<b>/);
    // GitHub links mentions in text, never inside <code>: every "@" sits in a code element.
    expect(html.replace(/<code[^>]*>[\s\S]*?<\/code>/g, '')).not.toContain('@');
  });

  test('the comment names its commit and links the run once', () => {
    const { comment } = pages;
    const runLinks = comment.match(
      /href="https:\/\/github\.com\/acme\/site\/actions\/runs\/4242"/g
    );
    expect(runLinks).toHaveLength(1);
    expect(comment).toContain(
      '<a href="https://github.com/acme/site/commit/3f9a1c2b7d4e5f60718293a4b5c6d7e8f9012345"><code>3f9a1c2</code></a>'
    );
    expect(decode(comment)).toContain('Deploy / purge-cdn');
  });

  test('every nasty path renders as its own text in one cell of one row', () => {
    const results = NASTY_PATHS.map((path, i) =>
      task(String(100 + i), i % 2 ? 'Failed' : 'Complete', { ObjectPath: path })
    );
    const html = renderGitHubMarkdown(
      commentBody(verdictOf(results), facts, { ...context, tag: 'x' }).body
    );
    const rows = rowsOf(html).filter((cells) => cells[0] !== 'Status');
    expect(rows).toHaveLength(NASTY_PATHS.length);
    for (const cells of rows) expect(cells).toHaveLength(4);
    const shown = rows.map((cells) => cells[1] ?? '');
    // Control characters and line breaks show as spaces; long ones are shortened with "…".
    for (const path of NASTY_PATHS) {
      // eslint-disable-next-line no-control-regex
      const flat = path.replace(/[\u0000-\u001f\u2028\u2029]/g, ' ');
      const found = shown.some((text) =>
        text.includes('…')
          ? flat.startsWith(text.split('…')[0] ?? '') && flat.endsWith(text.split('…')[1] ?? '')
          : text === flat.trim() || text === flat
      );
      expect(found).toBe(true);
    }
    // Only our own links: the run and the commit.
    const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((m) => m[1]);
    for (const href of hrefs) expect(href).toMatch(/^https:\/\/github\.com\/acme\/site\//);
    expect(html).not.toMatch(/<img|<script|<strong>|<em>/);
  });
});
