// The submission inputs, rule by rule: product and endpoint, refresh and prefetch paths, their
// types and flags, and the one line each mistake gets before anything is sent.
import { readConfig } from '../../src/inputs/config.ts';
import { parsePathList } from '../../src/inputs/paths.ts';
import { InputError } from '../../src/shared/errors.ts';
import { randomString, seededRandom } from '../helpers/seeded-random.ts';

const KEYS = { 'access-key-id': 'LTAIid', 'access-key-secret': 'sekret' };

function read(values: Record<string, string>) {
  return readConfig((name) => values[name] ?? '', {});
}

function refused(values: Record<string, string>): string {
  try {
    read({ ...KEYS, ...values });
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    const message = (error as Error).message;
    expect(message).not.toMatch(/[\n\r]/);
    expect(message.length).toBeLessThanOrEqual(300);
    return message;
  }
  throw new Error('expected an InputError');
}

describe('product and endpoint', () => {
  test('dcdn by default, at its own endpoint', () => {
    const { config } = read({ ...KEYS, 'task-ids': '1' });
    expect(config.product.name).toBe('DCDN');
    expect(config.endpoint.href).toBe('https://dcdn.aliyuncs.com/');
  });

  test.each(['cdn', 'CDN', ' cdn '])('product "%s" is CDN, at cdn.aliyuncs.com', (product) => {
    const { config } = read({ ...KEYS, 'task-ids': '1', product });
    expect(config.product.name).toBe('CDN');
    expect(config.endpoint.href).toBe('https://cdn.aliyuncs.com/');
  });

  test("CDN's endpoint outside mainland China is CDN's too", () => {
    const endpoint = 'cdn.ap-southeast-1.aliyuncs.com';
    expect(read({ ...KEYS, 'task-ids': '1', product: 'cdn', endpoint }).config.endpoint.host).toBe(
      endpoint
    );
    expect(refused({ 'task-ids': '1', endpoint })).toMatch(
      /^endpoint cdn\.ap-southeast-1\.aliyuncs\.com is the CDN API, but product is dcdn: set product to cdn/
    );
  });

  test('an endpoint of the other product is refused, naming the product input', () => {
    expect(refused({ 'task-ids': '1', product: 'cdn', endpoint: 'dcdn.aliyuncs.com' })).toBe(
      'endpoint dcdn.aliyuncs.com is the DCDN API, but product is cdn: set product to dcdn, or leave endpoint empty for cdn.aliyuncs.com.'
    );
  });

  test('an unknown product', () => {
    expect(refused({ 'task-ids': '1', product: 'oss' })).toMatch(
      /^product "oss" is not dcdn or cdn/
    );
  });
});

describe('what to do', () => {
  test('nothing at all: one line naming the four inputs', () => {
    expect(refused({})).toMatch(
      /^Nothing to do: task-ids, refresh-paths, refresh-directories and prefetch-paths are all empty/
    );
  });

  test('task-ids alone still works, and submits nothing', () => {
    const { config } = read({ ...KEYS, 'task-ids': '95248880' });
    expect(config.taskIds).toEqual(['95248880']);
    expect(config.submission.refreshes).toEqual([]);
    expect(config.wait).toBe(true);
  });

  test('paths alone need no task-ids', () => {
    const { config } = read({ ...KEYS, 'prefetch-paths': 'https://example.com/a.png' });
    expect(config.taskIds).toEqual([]);
    expect(config.submission.prefetch.paths).toEqual(['https://example.com/a.png']);
  });

  test('wait: false with nothing to submit is refused', () => {
    expect(refused({ 'task-ids': '1', wait: 'false' })).toMatch(
      /^wait is false but there is nothing to submit/
    );
  });

  test.each([
    ['wait', 'maybe'],
    ['refresh-force', 'yes'],
    ['prefetch-l2', '1']
  ])('%s "%s" is not a boolean', (name, value) => {
    expect(refused({ 'refresh-paths': 'https://example.com/a', [name]: value })).toBe(
      `${name} is "${value}": use true or false.`
    );
  });
});

describe('refresh-type', () => {
  test.each([
    ['', 'File'],
    ['file', 'File'],
    ['Directory', 'Directory'],
    ['REGEX', 'Regex'],
    ['IgnoreParams', 'IgnoreParams'],
    ['ExQuery', 'IgnoreParams']
  ])('"%s" is %s', (type, kind) => {
    const paths = kind === 'Directory' ? 'https://example.com/d/' : 'https://example.com/a';
    const { config } = read({ ...KEYS, 'refresh-paths': paths, 'refresh-type': type });
    expect(config.submission.refreshes[0]?.kind).toBe(kind);
  });

  test('an unknown type names the accepted ones and what the product is sent', () => {
    expect(refused({ 'refresh-paths': 'https://example.com/a', 'refresh-type': 'Url' })).toBe(
      'refresh-type "Url" is not File, Directory, Regex or IgnoreParams (ExQuery is accepted for IgnoreParams; DCDN is sent IgnoreParams).'
    );
  });

  test('refresh-paths of type Directory and refresh-directories make one list, once each', () => {
    const { config } = read({
      ...KEYS,
      'refresh-paths': 'https://example.com/a/\nhttps://example.com/b/',
      'refresh-type': 'Directory',
      'refresh-directories': 'https://example.com/b/\nhttps://example.com/c/'
    });
    expect(config.submission.refreshes).toEqual([
      {
        inputs: ['refresh-paths', 'refresh-directories'],
        kind: 'Directory',
        paths: ['https://example.com/a/', 'https://example.com/b/', 'https://example.com/c/']
      }
    ]);
  });

  test('refresh-force with File refreshes only is noted as having no effect', () => {
    const { config } = read({
      ...KEYS,
      'refresh-paths': 'https://example.com/a',
      'refresh-force': 'true'
    });
    expect(config.submission.force).toBe(true);
    expect(config.submission.notes).toContain(
      'refresh-force does not apply to File refreshes (the API ignores Force for them).'
    );
  });
});

describe('prefetch-area', () => {
  test.each(['', 'domestic', 'overseas', 'Overseas'])('"%s" is accepted', (area) => {
    const { config } = read({
      ...KEYS,
      'prefetch-paths': 'https://e.com/a',
      'prefetch-area': area
    });
    expect(config.submission.prefetch.area).toBe(area.toLowerCase());
  });

  test('anything else is refused', () => {
    expect(refused({ 'prefetch-paths': 'https://e.com/a', 'prefetch-area': 'global' })).toMatch(
      /^prefetch-area "global" is not domestic or overseas/
    );
  });
});

describe('path lists', () => {
  test('blank lines and surrounding spaces ignored, duplicates dropped, order kept', () => {
    const { paths } = parsePathList(
      '\n  https://e.com/b  \r\nhttps://e.com/a\n\nhttps://e.com/b\n\t\n',
      'refresh-paths',
      'File'
    );
    expect(paths).toEqual(['https://e.com/b', 'https://e.com/a']);
  });

  test('the short form example.com/path is accepted and sent as written, saying so', () => {
    const list = parsePathList('example.com/a.png\nhttps://e.com/b', 'prefetch-paths', 'Prefetch');
    expect(list.paths).toEqual(['example.com/a.png', 'https://e.com/b']);
    expect(list.notes).toEqual([
      'prefetch-paths: paths without a scheme (such as "example.com/a.png") are sent as written, the short form the API accepts; write https:// to be explicit.'
    ]);
  });

  test('a File path ending with "/" is that one URL, and the log says so', () => {
    const list = parsePathList('https://e.com/', 'refresh-paths', 'File');
    expect(list.paths).toEqual(['https://e.com/']);
    expect(list.notes[0]).toMatch(
      /"https:\/\/e\.com\/" ends with "\/" and is refreshed as that one URL/
    );
  });

  test('1,024 characters is allowed, 1,025 is not', () => {
    const at = (n: number): string => `https://e.com/${'a'.repeat(n - 'https://e.com/'.length)}`;
    expect(parsePathList(at(1024), 'refresh-paths', 'File').paths).toHaveLength(1);
    expect(() => parsePathList(at(1025), 'refresh-paths', 'File')).toThrow(
      /line 1: .* is longer than the API's 1024 characters per path/
    );
  });

  test.each([
    ['File', 'https://e.com/*.js', /has a wildcard, which a File path cannot have/],
    ['Prefetch', 'https://e.com/a*', /has a wildcard: prefetch takes whole URLs/],
    ['Directory', 'https://e.com/static', /is not a directory: a directory ends with "\/"/],
    ['File', 'https://*.e.com/a', /has a wildcard domain/],
    ['File', 'ftp://e.com/a', /uses ftp:\/\/: write an http:\/\/ or https:\/\/ URL/],
    ['File', '/just/a/path', /is not a URL/],
    ['File', 'https://e.com/a b', /has a space or a control character/],
    ['File', 'localhost/a', /is not a URL/]
  ] as const)('%s "%s" is refused', (kind, path, message) => {
    // The line number is the input's own, blank lines counted.
    expect(() => parsePathList(`https://e.com/ok/\n\n${path}`, 'refresh-paths', kind)).toThrow(
      new RegExp(`^refresh-paths line 3: .*${message.source}`)
    );
  });

  test('a regular expression keeps its wildcards', () => {
    expect(parsePathList('https://e.com/img/.*\\.png', 'refresh-paths', 'Regex').paths).toEqual([
      'https://e.com/img/.*\\.png'
    ]);
  });

  test('under random input: paths or one short InputError line, nothing else', () => {
    const random = seededRandom(11);
    let accepted = 0;
    let rejected = 0;
    for (let i = 0; i < 3000; i++) {
      const raw = randomString(random, 'htps:/.exampl.com/*a b\n\r\t\u2028😀%?=', 60);
      try {
        parsePathList(i % 2 ? `https://e.com/${raw}` : raw, 'refresh-paths', 'File');
        accepted += 1;
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        expect(error.message).not.toMatch(/[\n\r\u2028]/);
        expect(error.message.length).toBeLessThanOrEqual(300);
        rejected += 1;
      }
    }
    expect(accepted).toBeGreaterThan(100);
    expect(rejected).toBeGreaterThan(100);
  });
});
