// Property tests over thousands of seeded random inputs: the input parser only ever throws
// InputError, and the Markdown escaper never lets text change a table's shape or inject markup.
import { readConfig } from '../../src/inputs/config.ts';
import { InputError } from '../../src/shared/errors.ts';
import { escapeCell, tableRow } from '../../src/report/markdown.ts';
import { parseTaskIds } from '../../src/inputs/task-ids.ts';
import { parseDuration } from '../../src/shared/duration.ts';
import { randomString, seededRandom } from '../helpers/seeded-random.ts';

const CASES = 5000;
const ID_ALPHABET = '0123456789012345678901234567890,, \n\t[]{}"":RefreshTaskIdPreloadbody-.e+nul';
const MD_ALPHABET = 'ab|`\\*_[]()<>&"\'#!~-:.\n\r\t\u2028 |||```<script>';

describe('parseTaskIds under random input', () => {
  test(`${CASES} seeded cases: a list of digit IDs or an InputError, nothing else`, () => {
    const random = seededRandom(20261129);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < CASES; i++) {
      const input =
        i % 3 === 0 ? JSON.stringify(randomJson(random)) : randomString(random, ID_ALPHABET, 80);
      try {
        const ids = parseTaskIds(input);
        expect(ids.length).toBeGreaterThan(0);
        for (const id of ids) expect(id).toMatch(/^(0|[1-9]\d{0,19})$/);
        expect(new Set(ids).size).toBe(ids.length);
        accepted += 1;
      } catch (error) {
        if (!(error instanceof InputError))
          throw new Error(`input ${JSON.stringify(input)} threw ${String(error)}`, {
            cause: error
          });
        expect(error.message).not.toMatch(/[\n\r]/);
        expect(error.message.length).toBeLessThan(400);
        rejected += 1;
      }
    }
    // Both branches were exercised, so the property is not vacuous.
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });

  test('parseDuration never throws and never returns a negative or non-finite value', () => {
    const random = seededRandom(7);
    for (let i = 0; i < CASES; i++) {
      const value = parseDuration(randomString(random, '0123456789.mshd- ', 12));
      if (value !== undefined) {
        expect(Number.isFinite(value)).toBe(true);
        expect(value).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe('the Markdown escaper under random input', () => {
  test(`${CASES} seeded cases: every row keeps exactly the header's cell count`, () => {
    const random = seededRandom(424242);
    const header = ['Task ID', 'Status', 'Path'];
    for (let i = 0; i < CASES; i++) {
      const cells = header.map(() => randomString(random, MD_ALPHABET, 60));
      // As the task table builds its rows: each cell escaped, then joined.
      const row = tableRow(cells.map(escapeCell));
      expect(row.split('\n')).toHaveLength(1);
      // Every | inside a cell is escaped, so the raw pipes are exactly the cell borders.
      expect(row.split('|').length - 2).toBe(header.length);
    }
  });

  test('escaped text never holds raw HTML, a line break or a code span', () => {
    const random = seededRandom(99);
    for (let i = 0; i < CASES; i++) {
      const out = escapeCell(randomString(random, MD_ALPHABET, 80));
      expect(out).not.toMatch(/[<>`\n\r\u2028|]/);
    }
  });
});

function randomJson(random: () => number, depth = 0): unknown {
  const pick = random();
  if (depth > 2 || pick < 0.3) return String(Math.floor(random() * 1e9));
  if (pick < 0.4) return Math.floor(random() * 1e6) * (random() < 0.1 ? -1 : 1);
  if (pick < 0.45) return null;
  if (pick < 0.5) return random() < 0.5;
  if (pick < 0.75)
    return Array.from({ length: Math.floor(random() * 4) }, () => randomJson(random, depth + 1));
  const fields = ['RefreshTaskId', 'PreloadTaskId', 'PushTaskId', 'TaskId', 'RequestId', 'body'];
  const object: Record<string, unknown> = {};
  for (const field of fields) if (random() < 0.4) object[field] = randomJson(random, depth + 1);
  return object;
}

describe('reading every input under random values', () => {
  const INPUTS = [
    'task-ids',
    'endpoint',
    'timeout',
    'poll-interval',
    'max-poll-interval',
    'request-timeout',
    'max-requests-per-second',
    'fail-on-timeout',
    'comment-on-pr',
    'comment-tag',
    'access-key-id',
    'access-key-secret',
    'role-to-assume',
    'oidc-provider-arn',
    'role-session-name',
    'role-session-expiration',
    'audience',
    'sts-endpoint'
  ];
  const ALPHABET = '0123456789abcz:/.-_@ ,\n\r\t\u2028"\'<>|`😀é\u0000hTtPs';
  const VALID: Record<string, string> = {
    'task-ids': '123',
    'access-key-id': 'LTAIkey',
    'access-key-secret': 'secret'
  };

  test(`${CASES} seeded cases: a Config, or one InputError line of at most 300 characters`, () => {
    const random = seededRandom(20261201);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < CASES; i++) {
      const inputs: Record<string, string> = { ...VALID };
      // One to three inputs get a random value: short, or 2,000 characters with line breaks.
      for (let k = 0; k < 1 + Math.floor(random() * 3); k++) {
        const name = INPUTS[Math.floor(random() * INPUTS.length)] as string;
        inputs[name] = randomString(random, ALPHABET, random() < 0.1 ? 2000 : 30);
      }
      try {
        readConfig((name) => inputs[name] ?? '', {});
        accepted += 1;
      } catch (error) {
        if (!(error instanceof InputError))
          throw new Error(`inputs ${JSON.stringify(inputs)} threw ${String(error)}`, {
            cause: error
          });
        // eslint-disable-next-line no-control-regex
        expect(error.message).not.toMatch(/[\u0000-\u001f\u2028\u2029]/);
        expect(Array.from(error.message).length).toBeLessThanOrEqual(300);
        expect(error.message).not.toContain('\uFFFD');
        rejected += 1;
      }
    }
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });
});
