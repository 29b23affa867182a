// When the tasks could not be checked at all: the summary and the comment name the service that
// answered, its Code and RequestId, what to change and the RAM denial detail; the summary lists
// every task ID as still pending; the comment links the run once; nothing is unescaped.
import { errorCommentBody, errorSummary } from '../../src/report/error-report.ts';
import type { ErrorFacts } from '../../src/report/error-report.ts';
import type { CommentContext } from '../../src/report/comment-body.ts';
import { ApiError } from '../../src/shared/errors.ts';
import { dataRows, headings, shownText, withoutOwnTags } from './reading.ts';

const RUN_URL = 'https://github.com/acme/site/actions/runs/555';
const CONTEXT: CommentContext = {
  tag: 'dcdn-refresh-wait',
  runUrl: RUN_URL,
  updatedAt: Date.UTC(2026, 4, 10, 9, 0, 0),
  sha: 'abcdef0123456789abcdef0123456789abcdef01'
};

const RAM = new ApiError('DescribeDcdnRefreshTaskById failed: HTTP 403 Forbidden.RAM: ...', {
  service: 'DCDN',
  code: 'Forbidden.RAM',
  requestId: 'E0C2EF95-B1EC-4C93-855E-2059A7DA2B7B',
  httpStatus: 403,
  hint: 'the RAM user or role lacks permission: grant it "dcdn:DescribeDcdnRefreshTaskById" (read-only).',
  accessDenied: 'AuthAction: dcdn:DescribeDcdnRefreshTaskById, NoPermissionType: ImplicitDeny'
});

describe('the error summary', () => {
  test('says what happened, then every task ID as still pending', () => {
    const md = errorSummary(RAM, ['111', '222', '333']);
    expect(md.split('\n')[0]).toBe('### ❌ The 3 DCDN tasks could not be checked');
    expect(md).toContain(
      'The DCDN API answered <code>Forbidden\\.RAM</code>: the RAM user or role lacks permission\\: grant it &quot;dcdn\\:DescribeDcdnRefreshTaskById&quot; \\(read\\-only\\)\\.'
    );
    expect(md).toContain('- **Service:** DCDN');
    expect(md).toContain('- **Code:** <code>Forbidden\\.RAM</code>');
    expect(md).toContain('- **HTTP status:** 403');
    expect(md).toContain(
      '- **RequestId:** <code>E0C2EF95\\-B1EC\\-4C93\\-855E\\-2059A7DA2B7B</code>'
    );
    expect(md).toContain(
      '- **Access denied:** AuthAction\\: dcdn\\:DescribeDcdnRefreshTaskById, NoPermissionType\\: ImplicitDeny'
    );
    expect(headings(md)).toContain('#### ⏳ Still pending: 3 tasks');
    const rows = dataRows(md);
    expect(rows.map((cells) => cells[1])).toEqual(['111', '222', '333']);
    expect(shownText(rows[0]?.[0] ?? '')).toBe('⏳\u00a0Pending: not\u00a0checked');
    // The vendor's message stays in the log.
    expect(md).not.toContain('HTTP 403 Forbidden.RAM: ...');
  });

  test('names each service as people know it', () => {
    const of = (service: string, httpStatus = 400): string =>
      errorSummary({ service, code: 'X', requestId: '', httpStatus }, ['1']).split('\n\n')[1] ?? '';
    expect(of('CDN')).toBe('The CDN API answered <code>X</code>.');
    expect(of('STS')).toBe('Alibaba Cloud STS answered <code>X</code>.');
    expect(of('GitHub API')).toBe('The GitHub API answered <code>X</code>.');
    expect(of('GitHub OIDC', 0)).toBe("GitHub's OIDC token service failed with <code>X</code>.");
    expect(of('Elsewhere|<b>')).toBe('Elsewhere&#124;&lt;b&gt; answered <code>X</code>.');
  });

  test('one task in the singular; a thousand and more in a table of 1,000 and a note', () => {
    expect(errorSummary(RAM, ['1']).split('\n')[0]).toBe(
      '### ❌ The DCDN task could not be checked'
    );
    const ids = Array.from({ length: 2500 }, (_, i) => String(10_000 + i));
    const md = errorSummary(RAM, ids, { product: 'CDN' });
    expect(md.split('\n')[0]).toBe('### ❌ The 2,500 CDN tasks could not be checked');
    expect(dataRows(md)).toHaveLength(1000);
    expect(md).toContain(
      '1,500 more task IDs are left out of this table: the `pending-task-ids` output lists every one.'
    );
    expect(Buffer.byteLength(md)).toBeLessThan(100_000);
  });

  test('hostile codes, hints and details are escaped', () => {
    const hostile: ErrorFacts = {
      service: 'STS',
      code: '`x`|<img src=x>',
      requestId: '<script>',
      httpStatus: 400,
      hint: '[click](javascript:alert(1)) @octocat',
      accessDenied: '</details><b>|'
    };
    for (const md of [errorSummary(hostile, ['1']), errorCommentBody(hostile, CONTEXT)]) {
      const data = withoutOwnTags(md);
      expect(data).not.toMatch(/[<`]/);
      expect(data).not.toMatch(/\]\(javascript/);
      expect(data).not.toMatch(/(^|[^\\])@octocat/);
    }
  });
});

describe('the error comment', () => {
  test('names the service, code and hint, links the run once, names the commit', () => {
    const body = errorCommentBody(RAM, CONTEXT, { taskCount: 1 });
    expect(body.split('\n').slice(0, 2)).toEqual([
      '<!-- dcdn-refresh-wait:dcdn-refresh-wait -->',
      '### ❌ The DCDN task could not be checked'
    ]);
    expect(body).toContain('The DCDN API answered <code>Forbidden\\.RAM</code>: the RAM user');
    expect(body).toContain('- **RequestId:** <code>E0C2EF95');
    expect(body).toContain('- **Access denied:** AuthAction');
    expect(body.match(/\]\(https:\/\/github\.com\/acme\/site\/actions\/runs\/555\)/g)).toHaveLength(
      1
    );
    expect(body).toContain('Commit [<code>abcdef0</code>]');
    expect(errorCommentBody(RAM, CONTEXT)).toContain('### ❌ The DCDN tasks could not be checked');
    expect(errorCommentBody(RAM, CONTEXT, { taskCount: 3, product: 'CDN' })).toContain(
      '### ❌ The 3 CDN tasks could not be checked'
    );
    // No task ID yet: the run stopped before or while submitting.
    expect(errorCommentBody(RAM, CONTEXT, { taskCount: 0 })).toContain(
      '### ❌ The DCDN refresh or prefetch was not submitted'
    );
  });
});
