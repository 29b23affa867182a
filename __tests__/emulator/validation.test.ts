// Parameter checks of the refresh and prefetch APIs of both products, as a table: what is sent,
// and the outcome the emulator answers. A rejected call creates nothing.
import { startEmulator } from '../../emulator/server.ts';
import type { Emulator } from '../../emulator/types.ts';
import { CDN_VERSION, DCDN_VERSION, outcome } from '../helpers/acs-call.ts';

let emulator: Emulator;
beforeEach(async () => {
  emulator = await startEmulator({
    now: () => Date.UTC(2026, 6, 1, 4, 0, 0),
    domains: ['www.example.com', 'img.example.com', '*.wild.example.com'],
    offlineDomains: ['old.example.com']
  });
});
afterEach(() => emulator.close());

const W = 'https://www.example.com';
const lines = (n: number, f: (i: number) => string): string =>
  Array.from({ length: n }, (_, i) => f(i)).join('\n');

type Api = readonly [action: string, version: string];
const DCDN_REFRESH: Api = ['RefreshDcdnObjectCaches', DCDN_VERSION];
const DCDN_PRELOAD: Api = ['PreloadDcdnObjectCaches', DCDN_VERSION];
const CDN_REFRESH: Api = ['RefreshObjectCaches', CDN_VERSION];
const CDN_PUSH: Api = ['PushObjectCache', CDN_VERSION];
const ALL = [DCDN_REFRESH, DCDN_PRELOAD, CDN_REFRESH, CDN_PUSH];

/** Parameters in the signed form body: long lists do not fit a request line. */
async function check(api: Api, params: Record<string, string>): Promise<string> {
  return outcome(emulator, { action: api[0], version: api[1], params, place: 'form' });
}

describe.each(ALL)('%s (%s): ObjectPath', (action, version) => {
  const api: Api = [action, version];
  test.each([
    ['missing', undefined, '400 MissingObjectPath'],
    ['empty', '', '400 MissingObjectPath'],
    ['only newlines', '\n\r\n', '400 MissingObjectPath'],
    ['https URL', `${W}/a.html`, 'OK'],
    ['http URL with a query', 'http://www.example.com/a.html?v=1&x=%20', 'OK'],
    ['host/path', 'www.example.com/a.html', 'OK'],
    ['URL without a path', W, 'OK'],
    ['host with a port', 'www.example.com:8080/a.html', 'OK'],
    ['host in upper case', 'https://WWW.Example.COM/a.html', 'OK'],
    ['non-ASCII path', `${W}/图片/a.png`, 'OK'],
    ['\\n and \\r\\n separators, trailing newline', `${W}/a\r\n${W}/b\nimg.example.com/c\n`, 'OK'],
    ['1,024 characters', `${W}/${'a'.repeat(1024 - W.length - 1)}`, 'OK'],
    ['1,025 characters', `${W}/${'a'.repeat(1024 - W.length)}`, '400 InvalidObjectPath.Malformed'],
    ['host alone', 'www.example.com', '400 InvalidObjectPath.Malformed'],
    ['path alone', '/a.html', '400 InvalidObjectPath.Malformed'],
    ['relative path', 'images/a.png', '400 InvalidObjectPath.Malformed'],
    ['another scheme', 'ftp://www.example.com/a', '400 InvalidObjectPath.Malformed'],
    ['a space', `${W}/a b.html`, '400 InvalidObjectPath.Malformed'],
    ['a tab', `${W}/a\tb.html`, '400 InvalidObjectPath.Malformed'],
    ['leading space', ` ${W}/a.html`, '400 InvalidObjectPath.Malformed'],
    ['one bad entry among good', `${W}/a\nnot a url\n${W}/b`, '400 InvalidObjectPath.Malformed'],
    [
      'a wildcard host',
      'https://*.example.com/a.html',
      '400 InvalidExtensiveDomain.ValueNotSupported'
    ],
    ['a domain of a listed wildcard', 'https://x.wild.example.com/a', 'OK'],
    ['a domain not listed', 'https://nope.example.org/a', '404 InvalidDomain.NotFound'],
    [
      'one domain not listed among good',
      `${W}/a\nhttps://nope.example.org/a`,
      '404 InvalidDomain.NotFound'
    ],
    ['an offline domain', 'https://old.example.com/a', '404 InvalidDomain.Offline']
  ])('%s → %s', async (_name, path, expected) => {
    expect(await check(api, path === undefined ? {} : { ObjectPath: path })).toBe(expected);
    if (expected !== 'OK') expect(emulator.submissions).toEqual([]);
  });
});

describe('ObjectType', () => {
  test.each([
    [DCDN_REFRESH, undefined, `${W}/a`, 'OK'],
    [DCDN_REFRESH, '', `${W}/a`, 'OK'],
    [DCDN_REFRESH, 'File', `${W}/a`, 'OK'],
    [DCDN_REFRESH, 'Directory', `${W}/static/`, 'OK'],
    [DCDN_REFRESH, 'Directory', `${W}/static`, '400 InvalidObjectPath.Malformed'],
    [DCDN_REFRESH, 'Directory', W, '400 InvalidObjectPath.Malformed'],
    [DCDN_REFRESH, 'Regex', `${W}/img/.*\\.jpg`, 'OK'],
    [DCDN_REFRESH, 'IgnoreParams', `${W}/a.js?v=1`, 'OK'],
    [DCDN_REFRESH, 'ExQuery', `${W}/a.js`, '400 InvalidObjectType.Malformed'],
    [DCDN_REFRESH, 'file', `${W}/a`, '400 InvalidObjectType.Malformed'],
    [DCDN_REFRESH, 'Dir', `${W}/a/`, '400 InvalidObjectType.Malformed'],
    [CDN_REFRESH, 'File', `${W}/a`, 'OK'],
    [CDN_REFRESH, 'Directory', `${W}/static/`, 'OK'],
    [CDN_REFRESH, 'Regex', `${W}/img/.*\\.jpg`, 'OK'],
    [CDN_REFRESH, 'ExQuery', `${W}/a.js?v=1`, 'OK'],
    [CDN_REFRESH, 'IgnoreParams', `${W}/a.js`, '400 InvalidObjectType.Malformed'],
    [CDN_REFRESH, 'constructor', `${W}/a.js`, '400 InvalidObjectType.Malformed'],
    // Prefetch has no ObjectType (the vendor's own CDN example sends one anyway).
    [CDN_PUSH, 'File', `${W}/a`, 'OK'],
    [DCDN_PRELOAD, 'Whatever', `${W}/a`, 'OK']
  ])('%j ObjectType=%s %s → %s', async (api, type, path, expected) => {
    const params: Record<string, string> = { ObjectPath: path };
    if (type !== undefined) params.ObjectType = type;
    expect(await check(api, params)).toBe(expected);
  });

  test('a bad ObjectType is reported before a missing ObjectPath', async () => {
    expect(await check(DCDN_REFRESH, { ObjectType: 'Nope' })).toBe(
      '400 InvalidObjectType.Malformed'
    );
  });
});

describe('how many paths one call takes', () => {
  const entry: Record<string, (i: number) => string> = {
    File: (i) => `${W}/f${i}`,
    Directory: (i) => `${W}/d${i}/`,
    Regex: (i) => `${W}/r${i}/.*`
  };
  test.each([
    [DCDN_REFRESH, 'File', 1000, 'OK'],
    [DCDN_REFRESH, 'File', 1001, '400 SingleRequest.OverLimit'],
    [DCDN_REFRESH, 'Directory', 100, 'OK'],
    [DCDN_REFRESH, 'Directory', 101, '400 SingleRequest.OverLimit'],
    [DCDN_REFRESH, 'Regex', 2, 'OK'],
    [CDN_REFRESH, 'File', 1000, 'OK'],
    [CDN_REFRESH, 'File', 1001, '400 SingleRequest.OverLimit'],
    [CDN_REFRESH, 'Directory', 101, '400 SingleRequest.OverLimit'],
    [CDN_REFRESH, 'Regex', 1, 'OK'],
    [CDN_REFRESH, 'Regex', 2, '400 SingleRequest.OverLimit'],
    [DCDN_PRELOAD, undefined, 100, 'OK'],
    [DCDN_PRELOAD, undefined, 101, '400 InvalidObjectPath.ExceedsMaximum'],
    [CDN_PUSH, undefined, 100, 'OK'],
    [CDN_PUSH, undefined, 101, '400 SingleRequest.OverLimit']
  ])('%j %s ×%d → %s', async (api, type, count, expected) => {
    const params: Record<string, string> = {
      ObjectPath: lines(count, entry[type ?? 'File'] ?? String)
    };
    if (type !== undefined) params.ObjectType = type;
    expect(await check(api, params)).toBe(expected);
  });

  test('the count is checked before the entries', async () => {
    expect(await check(DCDN_REFRESH, { ObjectPath: lines(1001, () => 'bad') })).toBe(
      '400 SingleRequest.OverLimit'
    );
  });
});

describe('at most 10 domains per call', () => {
  test.each(ALL)('%s', async (action, version) => {
    await emulator.close();
    emulator = await startEmulator({}); // any domain
    const domains = (n: number) => lines(n, (i) => `https://d${i}.example.net/a`);
    expect(await check([action, version], { ObjectPath: domains(10) })).toBe('OK');
    expect(await check([action, version], { ObjectPath: domains(11) })).toBe(
      '400 SingleRequest.OverLimit'
    );
  });
});

describe('flags', () => {
  test.each([
    [DCDN_REFRESH, { Force: 'true' }, 'OK'],
    [DCDN_REFRESH, { Force: 'FALSE' }, 'OK'],
    [DCDN_REFRESH, { Force: '' }, 'OK'],
    [DCDN_REFRESH, { Force: 'yes' }, '400 InvalidParameters'],
    [CDN_REFRESH, { Force: '1' }, '400 InvalidParameters'],
    [DCDN_PRELOAD, { Area: 'domestic' }, 'OK'],
    [DCDN_PRELOAD, { Area: 'overseas' }, 'OK'],
    [DCDN_PRELOAD, { Area: '' }, 'OK'],
    [DCDN_PRELOAD, { Area: 'global' }, '400 InvalidParameters'],
    [CDN_PUSH, { Area: 'Domestic' }, '400 InvalidParameters'],
    [DCDN_PRELOAD, { L2Preload: 'true' }, 'OK'],
    [CDN_PUSH, { L2Preload: 'maybe' }, '400 InvalidParameters'],
    [CDN_PUSH, { QueryHashkey: 'false' }, 'OK'],
    [DCDN_PRELOAD, { QueryHashkey: 'no' }, '400 InvalidParameters'],
    [DCDN_PRELOAD, { WithHeader: '{"Accept-Encoding":["gzip"]}' }, 'OK'],
    [CDN_PUSH, { WithHeader: 'Accept-Encoding: gzip' }, '400 InvalidParameters'],
    [CDN_PUSH, { WithHeader: '["gzip"]' }, '400 InvalidParameters']
  ])('%j %j → %s', async (api, flags, expected) => {
    expect(await check(api, { ObjectPath: `${W}/a`, ...flags })).toBe(expected);
  });

  test('Force, L2Preload and Area are recorded with the submission', async () => {
    await check(DCDN_REFRESH, { ObjectPath: `${W}/a`, Force: 'true' });
    await check(CDN_PUSH, { ObjectPath: `${W}/a`, L2Preload: 'true', Area: 'overseas' });
    expect(
      emulator.submissions.map(({ force, l2Preload, area }) => ({ force, l2Preload, area }))
    ).toEqual([
      { force: true, l2Preload: undefined, area: undefined },
      { force: undefined, l2Preload: true, area: 'overseas' }
    ]);
  });
});
