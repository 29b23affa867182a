// A local fake of the GitHub REST issue-comments API (and GraphQL's `viewer`) on 127.0.0.1, over
// real sockets, for GITHUB_API_URL / Octokit's baseUrl. It answers as GitHub does where the
// action depends on it: pagination by `Link` header (per_page at most 100), "token"/"Bearer"
// auth (401 otherwise), 403 "Resource not accessible by integration" for a read-only token, 404
// for unknown routes and comments, 422 for a body over 65,536 characters, comments written with
// the token carry the token's login, and `query { viewer { login } }` names it. Faults: an
// error answer (with headers, e.g. retry-after) on the next calls of a route, or no answer at all.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface FakeComment {
  id: number;
  body: string;
  user: { login: string; type: string };
  created_at: string;
  updated_at: string;
}

export interface RecordedRequest {
  method: string;
  /** Path without the query string. */
  path: string;
  query: Record<string, string>;
  authorization: string | undefined;
  body: unknown;
  /** Set when a request the fake never answered was given up by the client (socket closed). */
  abandoned?: boolean;
}

export interface FakeGitHubOptions {
  /** The token the fake accepts (default 'ghs_test'). */
  token?: string;
  /** 'read' answers writes with 403, as GitHub does for a fork's read-only GITHUB_TOKEN. */
  permission?: 'write' | 'read';
  /** The account the token acts as (default 'github-actions[bot]', GITHUB_TOKEN's). */
  login?: string;
  /** 'forbidden' answers GraphQL with 403, as for a token that may not use it. */
  graphql?: 'ok' | 'forbidden';
}

/** The calls the fake tells apart, for faults; 'rest' is any of the REST ones. */
type Route = 'list' | 'create' | 'update' | 'graphql' | 'other';

export interface FakeGitHub {
  /** e.g. http://127.0.0.1:54321, for GITHUB_API_URL. */
  readonly url: string;
  readonly token: string;
  readonly requests: RecordedRequest[];
  /** The comments of one issue or pull request, oldest first (live array). */
  comments(owner: string, repo: string, issue: number): FakeComment[];
  /** Adds comments as another user would have written them. */
  seed(owner: string, repo: string, issue: number, bodies: string[], login?: string): void;
  setPermission(permission: 'write' | 'read'): void;
  /**
   * The next `count` REST requests (or those of `on`) get this status with a GitHub-style JSON
   * error body and these headers.
   */
  failNext(
    status: number,
    message: string,
    count?: number,
    options?: { on?: Route | 'rest'; headers?: Record<string, string> }
  ): void;
  /** The requests of these routes (default: all) are read but never answered. */
  hang(...routes: Route[]): void;
  /** The requests that match are read but never answered (e.g. one page of a list). */
  hangWhen(matches: (request: RecordedRequest) => boolean): void;
  close(): Promise<void>;
}

const DOCS = 'https://docs.github.com/rest';
const GITHUB_COMMENT_LIMIT = 65_536;

export async function startFakeGitHub(options: FakeGitHubOptions = {}): Promise<FakeGitHub> {
  const token = options.token ?? 'ghs_test';
  const login = options.login ?? 'github-actions[bot]';
  const loginType = login.endsWith('[bot]') ? 'Bot' : 'User';
  let permission = options.permission ?? 'write';
  const graphql = options.graphql ?? 'ok';
  const hanging = new Set<Route>();
  const hangIf: ((request: RecordedRequest) => boolean)[] = [];
  const threads = new Map<string, FakeComment[]>();
  const owners = new Map<number, string>(); // comment id -> thread key
  const requests: RecordedRequest[] = [];
  const failures: {
    status: number;
    message: string;
    on: Route | 'rest';
    headers: Record<string, string>;
  }[] = [];
  let nextId = 1_000_001;
  let tick = 0;

  const thread = (key: string): FakeComment[] => {
    let list = threads.get(key);
    if (!list) threads.set(key, (list = []));
    return list;
  };
  // A deterministic clock: every write is one second after the last.
  const stamp = (): string => new Date(Date.UTC(2026, 0, 1) + 1000 * tick++).toISOString();
  const add = (key: string, body: string, login: string, type: string): FakeComment => {
    const at = stamp();
    const comment = { id: nextId++, body, user: { login, type }, created_at: at, updated_at: at };
    thread(key).push(comment);
    owners.set(comment.id, key);
    return comment;
  };

  const server = createServer((req, res) => {
    readBody(req).then(
      (raw) => handle(req, res, raw),
      () => res.destroy()
    );
  });

  function handle(req: IncomingMessage, res: ServerResponse, raw: string): void {
    const url = new URL(req.url ?? '/', 'http://fake.invalid');
    let body: unknown = undefined;
    if (raw !== '') {
      try {
        body = JSON.parse(raw);
      } catch {
        return send(res, 400, { message: 'Problems parsing JSON', documentation_url: DOCS });
      }
    }
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      authorization: req.headers.authorization,
      body
    };
    requests.push(recorded);
    const list = /^\/repos\/([^/]+)\/([^/]+)\/issues\/(\d+)\/comments$/.exec(url.pathname);
    const one = /^\/repos\/([^/]+)\/([^/]+)\/issues\/comments\/(\d+)$/.exec(url.pathname);
    const route = routeOf(req.method ?? '', url.pathname, Boolean(list), Boolean(one));
    if (hanging.has(route) || hangIf.some((matches) => matches(recorded))) {
      // Read, never answered: the socket stays open until the client gives up or close().
      res.on('close', () => (recorded.abandoned = true));
      return;
    }
    const at = failures.findIndex(
      (f) => f.on === route || (f.on === 'rest' && route !== 'graphql')
    );
    const failure = at < 0 ? undefined : failures.splice(at, 1)[0];
    if (failure)
      return send(
        res,
        failure.status,
        { message: failure.message, documentation_url: DOCS },
        failure.headers
      );

    const auth = /^(?:token|bearer) (.+)$/i.exec(req.headers.authorization ?? '');
    if (!auth || auth[1] !== token) {
      return send(res, 401, { message: 'Bad credentials', documentation_url: DOCS, status: '401' });
    }
    const forbidden = (): void =>
      send(res, 403, {
        message: 'Resource not accessible by integration',
        documentation_url: `${DOCS}/issues/comments`,
        status: '403'
      });
    const tooLong = (text: unknown): boolean =>
      typeof text !== 'string' || Array.from(text).length > GITHUB_COMMENT_LIMIT;
    const invalid = (): void =>
      send(res, 422, {
        message: 'Validation Failed',
        errors: [
          {
            resource: 'IssueComment',
            code: 'custom',
            field: 'body',
            message: `body is too long (maximum is ${GITHUB_COMMENT_LIMIT} characters)`
          }
        ],
        documentation_url: DOCS,
        status: '422'
      });

    if (route === 'graphql') {
      if (graphql === 'forbidden')
        return send(res, 403, { message: 'Resource not accessible by integration' });
      const query = (body as { query?: unknown } | undefined)?.query;
      if (typeof query === 'string' && /viewer\s*\{\s*login\s*\}/.test(query))
        return send(res, 200, { data: { viewer: { login } } });
      return send(res, 200, { errors: [{ message: 'This fake answers only viewer { login }' }] });
    }
    if (list && req.method === 'GET') {
      const [, owner, repo, issue] = list as unknown as [string, string, string, string];
      const all = thread(`${owner}/${repo}#${issue}`);
      const perPage = Math.min(100, Math.max(1, Number(url.searchParams.get('per_page') ?? 30)));
      const page = Math.max(1, Number(url.searchParams.get('page') ?? 1));
      const last = Math.max(1, Math.ceil(all.length / perPage));
      const base = `http://${req.headers.host}${url.pathname}`;
      const link = (p: number, rel: string): string =>
        `<${base}?per_page=${perPage}&page=${p}>; rel="${rel}"`;
      const links: string[] = [];
      if (page > 1) links.push(link(page - 1, 'prev'), link(1, 'first'));
      if (page < last) links.push(link(page + 1, 'next'), link(last, 'last'));
      return send(
        res,
        200,
        all.slice((page - 1) * perPage, page * perPage).map((c) => view(c, owner, repo, issue)),
        links.length ? { link: links.join(', ') } : {}
      );
    }
    if (list && req.method === 'POST') {
      const [, owner, repo, issue] = list as unknown as [string, string, string, string];
      if (permission === 'read') return forbidden();
      const text = (body as { body?: unknown } | undefined)?.body;
      if (tooLong(text)) return invalid();
      const comment = add(`${owner}/${repo}#${issue}`, text as string, login, loginType);
      return send(res, 201, view(comment, owner, repo, issue));
    }
    if (one && req.method === 'PATCH') {
      const [, owner, repo, id] = one as unknown as [string, string, string, string];
      const key = owners.get(Number(id));
      const comment = key?.startsWith(`${owner}/${repo}#`)
        ? thread(key).find((c) => c.id === Number(id))
        : undefined;
      if (!key || !comment)
        return send(res, 404, { message: 'Not Found', documentation_url: DOCS });
      if (permission === 'read') return forbidden();
      const text = (body as { body?: unknown } | undefined)?.body;
      if (tooLong(text)) return invalid();
      comment.body = text as string;
      comment.updated_at = stamp();
      return send(res, 200, view(comment, owner, repo, key.split('#')[1] ?? ''));
    }
    return send(res, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    token,
    requests,
    comments: (owner, repo, issue) => thread(`${owner}/${repo}#${issue}`),
    seed: (owner, repo, issue, bodies, login = 'octocat') => {
      for (const body of bodies) add(`${owner}/${repo}#${issue}`, body, login, 'User');
    },
    setPermission: (value) => {
      permission = value;
    },
    failNext: (status, message, count = 1, failure = {}) => {
      for (let i = 0; i < count; i++)
        failures.push({
          status,
          message,
          on: failure.on ?? 'rest',
          headers: failure.headers ?? {}
        });
    },
    hangWhen: (matches) => {
      hangIf.push(matches);
    },
    hang: (...routes) => {
      for (const route of routes.length
        ? routes
        : (['list', 'create', 'update', 'graphql', 'other'] as const))
        hanging.add(route);
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      })
  };
}

function routeOf(method: string, path: string, list: boolean, one: boolean): Route {
  if (path === '/graphql' && method === 'POST') return 'graphql';
  if (list && method === 'GET') return 'list';
  if (list && method === 'POST') return 'create';
  if (one && method === 'PATCH') return 'update';
  return 'other';
}

function view(comment: FakeComment, owner: string, repo: string, issue: string): object {
  return {
    ...comment,
    node_id: `IC_${comment.id}`,
    url: `https://api.github.com/repos/${owner}/${repo}/issues/comments/${comment.id}`,
    html_url: `https://github.com/${owner}/${repo}/pull/${issue}#issuecomment-${comment.id}`,
    issue_url: `https://api.github.com/repos/${owner}/${repo}/issues/${issue}`,
    author_association: comment.user.type === 'Bot' ? 'NONE' : 'MEMBER'
  };
}

function send(
  res: ServerResponse,
  status: number,
  data: unknown,
  headers: Record<string, string> = {}
): void {
  const text = JSON.stringify(data);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers
  });
  res.end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
