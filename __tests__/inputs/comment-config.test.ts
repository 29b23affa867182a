// The inputs of the pull request comment: defaults, validation, and the token masked first.
import { maskSecrets, readConfig } from '../../src/inputs/config.ts';
import { InputError } from '../../src/shared/errors.ts';

const KEYS = { 'task-ids': '1', 'access-key-id': 'LTAIid', 'access-key-secret': 'sekret' };
const inputs =
  (values: Record<string, string>) =>
  (name: string): string =>
    values[name] ?? '';

function configError(values: Record<string, string>): string {
  try {
    readConfig(inputs({ ...KEYS, ...values }), {});
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return (error as Error).message;
  }
  throw new Error('expected an InputError');
}

describe('comment inputs', () => {
  test('defaults: no comment, the default tag, no token', () => {
    const { config } = readConfig(inputs(KEYS), {});
    expect(config).toMatchObject({
      commentOnPr: false,
      commentTag: 'dcdn-refresh-wait',
      githubToken: ''
    });
  });

  test('given values', () => {
    const { config } = readConfig(
      inputs({
        ...KEYS,
        'comment-on-pr': 'True',
        'comment-tag': ' prefetch.eu_2-b ',
        'github-token': ' ghs_abc '
      }),
      {}
    );
    expect(config).toMatchObject({
      commentOnPr: true,
      commentTag: 'prefetch.eu_2-b',
      githubToken: 'ghs_abc'
    });
  });

  test('comment-on-pr must be true or false', () => {
    expect(configError({ 'comment-on-pr': 'yes' })).toBe(
      'comment-on-pr is "yes": use true or false.'
    );
  });

  test.each(['pre fetch', 'a-->b', '--><script>', '<b>', 'tag\nx', 'ünï', 'x'.repeat(65)])(
    'comment-tag %j is refused in one line',
    (tag) => {
      const message = configError({ 'comment-tag': tag });
      expect(message).toMatch(/^comment-tag ".*" may hold only letters, digits/);
      expect(message).not.toContain('\n');
    }
  );

  test('the token is masked before anything else', () => {
    const masked: string[] = [];
    maskSecrets(inputs({ ...KEYS, 'github-token': 'ghp_personal' }), {}, (s) => masked.push(s));
    expect(masked).toContain('ghp_personal');
  });
});
