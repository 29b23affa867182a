import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 770:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {

module.exports = __nccwpck_require__(218);


/***/ }),

/***/ 218:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



var net = __nccwpck_require__(9278);
var tls = __nccwpck_require__(4756);
var http = __nccwpck_require__(8611);
var https = __nccwpck_require__(5692);
var events = __nccwpck_require__(4434);
var assert = __nccwpck_require__(2613);
var util = __nccwpck_require__(9023);


exports.httpOverHttp = httpOverHttp;
exports.httpsOverHttp = httpsOverHttp;
exports.httpOverHttps = httpOverHttps;
exports.httpsOverHttps = httpsOverHttps;


function httpOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  return agent;
}

function httpsOverHttp(options) {
  var agent = new TunnelingAgent(options);
  agent.request = http.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}

function httpOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  return agent;
}

function httpsOverHttps(options) {
  var agent = new TunnelingAgent(options);
  agent.request = https.request;
  agent.createSocket = createSecureSocket;
  agent.defaultPort = 443;
  return agent;
}


function TunnelingAgent(options) {
  var self = this;
  self.options = options || {};
  self.proxyOptions = self.options.proxy || {};
  self.maxSockets = self.options.maxSockets || http.Agent.defaultMaxSockets;
  self.requests = [];
  self.sockets = [];

  self.on('free', function onFree(socket, host, port, localAddress) {
    var options = toOptions(host, port, localAddress);
    for (var i = 0, len = self.requests.length; i < len; ++i) {
      var pending = self.requests[i];
      if (pending.host === options.host && pending.port === options.port) {
        // Detect the request to connect same origin server,
        // reuse the connection.
        self.requests.splice(i, 1);
        pending.request.onSocket(socket);
        return;
      }
    }
    socket.destroy();
    self.removeSocket(socket);
  });
}
util.inherits(TunnelingAgent, events.EventEmitter);

TunnelingAgent.prototype.addRequest = function addRequest(req, host, port, localAddress) {
  var self = this;
  var options = mergeOptions({request: req}, self.options, toOptions(host, port, localAddress));

  if (self.sockets.length >= this.maxSockets) {
    // We are over limit so we'll add it to the queue.
    self.requests.push(options);
    return;
  }

  // If we are under maxSockets create a new one.
  self.createSocket(options, function(socket) {
    socket.on('free', onFree);
    socket.on('close', onCloseOrRemove);
    socket.on('agentRemove', onCloseOrRemove);
    req.onSocket(socket);

    function onFree() {
      self.emit('free', socket, options);
    }

    function onCloseOrRemove(err) {
      self.removeSocket(socket);
      socket.removeListener('free', onFree);
      socket.removeListener('close', onCloseOrRemove);
      socket.removeListener('agentRemove', onCloseOrRemove);
    }
  });
};

TunnelingAgent.prototype.createSocket = function createSocket(options, cb) {
  var self = this;
  var placeholder = {};
  self.sockets.push(placeholder);

  var connectOptions = mergeOptions({}, self.proxyOptions, {
    method: 'CONNECT',
    path: options.host + ':' + options.port,
    agent: false,
    headers: {
      host: options.host + ':' + options.port
    }
  });
  if (options.localAddress) {
    connectOptions.localAddress = options.localAddress;
  }
  if (connectOptions.proxyAuth) {
    connectOptions.headers = connectOptions.headers || {};
    connectOptions.headers['Proxy-Authorization'] = 'Basic ' +
        new Buffer(connectOptions.proxyAuth).toString('base64');
  }

  debug('making CONNECT request');
  var connectReq = self.request(connectOptions);
  connectReq.useChunkedEncodingByDefault = false; // for v0.6
  connectReq.once('response', onResponse); // for v0.6
  connectReq.once('upgrade', onUpgrade);   // for v0.6
  connectReq.once('connect', onConnect);   // for v0.7 or later
  connectReq.once('error', onError);
  connectReq.end();

  function onResponse(res) {
    // Very hacky. This is necessary to avoid http-parser leaks.
    res.upgrade = true;
  }

  function onUpgrade(res, socket, head) {
    // Hacky.
    process.nextTick(function() {
      onConnect(res, socket, head);
    });
  }

  function onConnect(res, socket, head) {
    connectReq.removeAllListeners();
    socket.removeAllListeners();

    if (res.statusCode !== 200) {
      debug('tunneling socket could not be established, statusCode=%d',
        res.statusCode);
      socket.destroy();
      var error = new Error('tunneling socket could not be established, ' +
        'statusCode=' + res.statusCode);
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    if (head.length > 0) {
      debug('got illegal response body from proxy');
      socket.destroy();
      var error = new Error('got illegal response body from proxy');
      error.code = 'ECONNRESET';
      options.request.emit('error', error);
      self.removeSocket(placeholder);
      return;
    }
    debug('tunneling connection has established');
    self.sockets[self.sockets.indexOf(placeholder)] = socket;
    return cb(socket);
  }

  function onError(cause) {
    connectReq.removeAllListeners();

    debug('tunneling socket could not be established, cause=%s\n',
          cause.message, cause.stack);
    var error = new Error('tunneling socket could not be established, ' +
                          'cause=' + cause.message);
    error.code = 'ECONNRESET';
    options.request.emit('error', error);
    self.removeSocket(placeholder);
  }
};

TunnelingAgent.prototype.removeSocket = function removeSocket(socket) {
  var pos = this.sockets.indexOf(socket)
  if (pos === -1) {
    return;
  }
  this.sockets.splice(pos, 1);

  var pending = this.requests.shift();
  if (pending) {
    // If we have pending requests and a socket gets closed a new one
    // needs to be created to take over in the pool for the one that closed.
    this.createSocket(pending, function(socket) {
      pending.request.onSocket(socket);
    });
  }
};

function createSecureSocket(options, cb) {
  var self = this;
  TunnelingAgent.prototype.createSocket.call(self, options, function(socket) {
    var hostHeader = options.request.getHeader('host');
    var tlsOptions = mergeOptions({}, self.options, {
      socket: socket,
      servername: hostHeader ? hostHeader.replace(/:.*$/, '') : options.host
    });

    // 0 is dummy port for v0.6
    var secureSocket = tls.connect(0, tlsOptions);
    self.sockets[self.sockets.indexOf(socket)] = secureSocket;
    cb(secureSocket);
  });
}


function toOptions(host, port, localAddress) {
  if (typeof host === 'string') { // since v0.10
    return {
      host: host,
      port: port,
      localAddress: localAddress
    };
  }
  return host; // for v0.11 or later
}

function mergeOptions(target) {
  for (var i = 1, len = arguments.length; i < len; ++i) {
    var overrides = arguments[i];
    if (typeof overrides === 'object') {
      var keys = Object.keys(overrides);
      for (var j = 0, keyLen = keys.length; j < keyLen; ++j) {
        var k = keys[j];
        if (overrides[k] !== undefined) {
          target[k] = overrides[k];
        }
      }
    }
  }
  return target;
}


var debug;
if (process.env.NODE_DEBUG && /\btunnel\b/.test(process.env.NODE_DEBUG)) {
  debug = function() {
    var args = Array.prototype.slice.call(arguments);
    if (typeof args[0] === 'string') {
      args[0] = 'TUNNEL: ' + args[0];
    } else {
      args.unshift('TUNNEL:');
    }
    console.error.apply(console, args);
  }
} else {
  debug = function() {};
}
exports.debug = debug; // for test


/***/ }),

/***/ 4744:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  w: () => (/* binding */ TransportError),
  S: () => (/* binding */ createHttpTransport)
});

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js
var lib = __nccwpck_require__(2779);
// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __nccwpck_require__(8382);
// EXTERNAL MODULE: ./src/shared/text.ts
var shared_text = __nccwpck_require__(4646);
;// CONCATENATED MODULE: ./src/alibaba/transport.ts





class TransportError extends errors/* TransientError */.N_ {
    name = 'TransportError';
    failure;
    code;
    sent;
    constructor(message, failure, code, sent) {
        super(message);
        this.failure = failure;
        this.code = code;
        this.sent = sent;
    }
}
const MAX_BODY_BYTES = 16 * 1024 * 1024;
function createHttpTransport(userAgent, _timeoutMs) {
    const client = new lib/* HttpClient */.Qq(userAgent, [], { allowRetries: false, keepAlive: true });
    return {
        send: (request, limitMs) => exchange(client.getAgent(request.url), userAgent, request, limitMs),
        close: () => client.dispose()
    };
}
function exchange(agent, userAgent, request, limitMs) {
    const url = new URL(request.url);
    const send = url.protocol === 'https:' ? external_node_https_namespaceObject.request : external_node_http_.request;
    return new Promise((resolve, reject) => {
        let sent = false;
        let settled = false;
        const fail = (error) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            req.destroy();
            reject(error);
        };
        const req = send(url, {
            method: request.method,
            agent,
            headers: {
                ...request.headers,
                'user-agent': userAgent,
                'content-length': String(Buffer.byteLength(request.body))
            }
        });
        const timer = setTimeout(() => {
            fail(new TransportError(`no complete answer within ${limitMs} ms`, 'timeout', 'ETIMEDOUT', sent));
        }, limitMs);
        req.on('finish', () => {
            sent = true;
        });
        req.on('error', (error) => fail(describe(error, url, sent)));
        req.on('response', (message) => {
            readBody(message).then((body) => {
                if (settled)
                    return;
                settled = true;
                clearTimeout(timer);
                resolve({
                    status: message.statusCode ?? 0,
                    headers: flattenHeaders(message.headers),
                    body
                });
            }, (error) => fail(new TransportError((0,shared_text/* oneLine */.TN)(error.message, 200), 'reset', 'ECONNRESET', true)));
        });
        req.end(request.body);
    });
}
function describe(error, url, sent) {
    const code = error.code ?? 'EUNKNOWN';
    const host = url.host;
    const text = (0,shared_text/* oneLine */.TN)(error.message, 200);
    const proxyStatus = /tunneling socket could not be established, statusCode=(\d+)/.exec(text);
    if (proxyStatus) {
        const status = proxyStatus[1];
        const why = status === '407'
            ? 'the proxy asks for credentials (407 Proxy Authentication Required): put them in HTTPS_PROXY (http://user:password@proxy:port)'
            : `the proxy refused the tunnel with HTTP ${status}: allow ${url.hostname} in the proxy`;
        return new TransportError(`${host} could not be reached: ${why}`, 'proxy', status, false);
    }
    if (/^tunneling socket could not be established/.test(text)) {
        const cause = /cause=(.*)$/.exec(text)?.[1] ?? text;
        return new TransportError(`${host} could not be reached: the proxy did not accept a connection (${(0,shared_text/* oneLine */.TN)(cause, 120)}): check HTTPS_PROXY`, 'proxy', /\b(E[A-Z]+)\b/.exec(cause)?.[1] ?? code, false);
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EAI_FAIL') {
        return new TransportError(`${url.hostname} could not be resolved (${code})`, 'dns', code, false);
    }
    if (code === 'ECONNREFUSED') {
        return new TransportError(`${host} refused the connection (${code})`, 'refused', code, false);
    }
    if (/^(ERR_TLS|CERT_|UNABLE_TO|DEPTH_ZERO|SELF_SIGNED|ERR_SSL)/.test(code)) {
        return new TransportError(`TLS with ${host} failed (${code}): ${text}`, 'tls', code, false);
    }
    if (code === 'ECONNRESET' || code === 'EPIPE' || code === 'ECONNABORTED') {
        return new TransportError(`network error: ${text}`, 'reset', code, sent);
    }
    return new TransportError(`network error: ${text}`, 'other', code, sent);
}
function readBody(message) {
    return new Promise((resolve, reject) => {
        const chunks = [];
        let size = 0;
        message.on('data', (chunk) => {
            size += chunk.length;
            if (size > MAX_BODY_BYTES) {
                message.destroy();
                reject(new Error(`the answer is larger than ${MAX_BODY_BYTES} bytes`));
                return;
            }
            chunks.push(chunk);
        });
        message.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        message.on('error', reject);
        message.on('close', () => {
            if (!message.complete)
                reject(new Error('connection closed before the answer was complete'));
        });
    });
}
function flattenHeaders(headers) {
    const out = {};
    for (const [name, value] of Object.entries(headers)) {
        if (value !== undefined)
            out[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
    }
    return out;
}


/***/ }),

/***/ 9407:
/***/ ((module, __unused_webpack___webpack_exports__, __nccwpck_require__) => {

__nccwpck_require__.a(module, async (__webpack_handle_async_dependencies__, __webpack_async_result__) => { try {
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(3340);
/* harmony import */ var _alibaba_transport_js__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(4744);
/* harmony import */ var _main_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(9685);
/* harmony import */ var _runtime_cancellation_js__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(2066);
/* harmony import */ var _runtime_github_binding_js__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(5153);
/* harmony import */ var _runtime_runner_io_js__WEBPACK_IMPORTED_MODULE_5__ = __nccwpck_require__(8570);
/* harmony import */ var _runtime_user_agent_js__WEBPACK_IMPORTED_MODULE_6__ = __nccwpck_require__(3649);







const cancel = new AbortController();
(0,_runtime_cancellation_js__WEBPACK_IMPORTED_MODULE_3__/* .abortOnSignals */ .P)(cancel, (message) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .warning */ .$e(message), () => process.exit(1));
try {
    await (0,_main_js__WEBPACK_IMPORTED_MODULE_2__/* .run */ .e)({
        io: _runtime_runner_io_js__WEBPACK_IMPORTED_MODULE_5__/* .runnerIO */ .$,
        env: process.env,
        clock: () => Date.now(),
        sleep: (0,_runtime_cancellation_js__WEBPACK_IMPORTED_MODULE_3__/* .abortableSleep */ .M)(cancel.signal),
        signal: cancel.signal,
        random: Math.random,
        createTransport: (timeoutMs) => (0,_alibaba_transport_js__WEBPACK_IMPORTED_MODULE_1__/* .createHttpTransport */ .S)(_runtime_user_agent_js__WEBPACK_IMPORTED_MODULE_6__/* .USER_AGENT */ ._, timeoutMs),
        getIdToken: (audience) => _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getIDToken */ .V9(audience),
        github: (0,_runtime_github_binding_js__WEBPACK_IMPORTED_MODULE_4__/* .createGitHubBinding */ .bw)(process.env)
    });
}
catch (error) {
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .debug */ .Yz(error.stack ?? String(error));
    _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(`Unexpected error: ${error.message}`);
}
if (cancel.signal.aborted)
    process.exit(1);

__webpack_async_result__();
} catch(e) { __webpack_async_result__(e); } }, 1);

/***/ }),

/***/ 9685:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  e: () => (/* binding */ run)
});

;// CONCATENATED MODULE: ./src/alibaba/credentials.ts
function fixedCredentials(credentials) {
    return {
        get: async () => credentials,
        renewAfterExpiry: async () => false
    };
}
const RENEW_MARGIN_MS = 60_000;
function renewingCredentials(exchange, clock, onNewSecrets) {
    let current;
    let pending;
    const renew = () => {
        pending ??= exchange()
            .then((fresh) => {
            onNewSecrets(fresh);
            current = fresh;
            return fresh;
        })
            .finally(() => {
            pending = undefined;
        });
        return pending;
    };
    return {
        get: async () => {
            if (current && current.expiresAt - RENEW_MARGIN_MS > clock())
                return current;
            return renew();
        },
        renewAfterExpiry: async () => {
            await renew();
            return true;
        }
    };
}

// EXTERNAL MODULE: ./src/shared/errors.ts
var errors = __nccwpck_require__(8382);
// EXTERNAL MODULE: ./src/shared/text.ts
var shared_text = __nccwpck_require__(4646);
;// CONCATENATED MODULE: ./src/alibaba/answer.ts

function readAnswer(response) {
    const { status, headers } = response;
    const body = response.body.replace(/^\uFEFF/, '');
    const headerRequestId = (0,shared_text/* oneLine */.TN)(headers['x-acs-request-id'] ?? '', 80);
    if (status >= 300 && status < 400) {
        const location = (0,shared_text/* oneLine */.TN)(redirectTarget(headers.location), 120);
        return {
            kind: 'not-api',
            httpStatus: status,
            what: `a redirect (HTTP ${status}${location ? ` to ${location}` : ''}) instead of an API answer`,
            intercepted: true
        };
    }
    const json = parseObject(body);
    if (json) {
        const requestId = (0,shared_text/* oneLine */.TN)(answer_text(json.RequestId), 80) || headerRequestId;
        const code = (0,shared_text/* oneLine */.TN)(answer_text(json.Code), 80);
        if (status >= 200 && status < 300 && !code)
            return { kind: 'ok', body: json, requestId };
        return {
            kind: 'api-error',
            httpStatus: status,
            code,
            message: (0,shared_text/* oneLine */.TN)(answer_text(json.Message), 300),
            requestId,
            accessDenied: accessDeniedLine(json.AccessDeniedDetail)
        };
    }
    const xml = parseXmlError(body);
    if (xml)
        return { ...xml, httpStatus: status, requestId: xml.requestId || headerRequestId };
    const html = isHtml(body, headers['content-type']);
    return {
        kind: 'not-api',
        httpStatus: status,
        what: `HTTP ${status} with ${html ? 'an HTML page' : 'a body that is not JSON'} (${describeBody(body, headers['content-type'])})`,
        intercepted: html && status < 500
    };
}
function parseObject(body) {
    try {
        const value = JSON.parse(body);
        return value !== null && typeof value === 'object' && !Array.isArray(value)
            ? value
            : undefined;
    }
    catch {
        return undefined;
    }
}
function answer_text(value) {
    return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
}
function parseXmlError(body) {
    if (!/^\s*(<\?xml[^>]*\?>\s*)?<Error[\s>]/.test(body))
        return undefined;
    const field = (name) => (0,shared_text/* oneLine */.TN)(decodeXml(new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(body)?.[1] ?? ''), name === 'Message' ? 300 : 80);
    const code = field('Code');
    if (!code)
        return undefined;
    return {
        kind: 'api-error',
        code,
        message: field('Message'),
        requestId: field('RequestId'),
        accessDenied: undefined
    };
}
function decodeXml(value) {
    return value
        .replace(/^<!\[CDATA\[([\s\S]*)\]\]>$/, '$1')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&apos;/g, "'")
        .replace(/&amp;/g, '&');
}
const DENIAL_FIELDS = [
    'AuthAction',
    'AuthResource',
    'NoPermissionType',
    'PolicyType',
    'AuthPrincipalType',
    'AuthPrincipalDisplayName',
    'AuthPrincipalOwnerId'
];
function accessDeniedLine(detail) {
    const object = typeof detail === 'string' ? parseObject(detail) : detail;
    if (object === null || typeof object !== 'object')
        return undefined;
    const fields = object;
    const parts = DENIAL_FIELDS.filter((name) => answer_text(fields[name]) !== '').map((name) => `${name}: ${(0,shared_text/* oneLine */.TN)(answer_text(fields[name]), 120)}`);
    return parts.length ? (0,shared_text/* oneLine */.TN)(parts.join(', '), 600) : undefined;
}
function isHtml(body, contentType) {
    return /\bhtml\b/i.test(contentType ?? '') || /^\s*<(!doctype\s+html|html)[\s>]/i.test(body);
}
function redirectTarget(location) {
    if (!location)
        return '';
    try {
        const url = new URL(location, 'http://relative.invalid');
        return url.host === 'relative.invalid' ? url.pathname : `${url.origin}${url.pathname}`;
    }
    catch {
        return '';
    }
}
function describeBody(body, contentType) {
    const type = (0,shared_text/* oneLine */.TN)(contentType ?? 'no content type', 60);
    return body.trim() ? `${type}, starting "${(0,shared_text/* oneLine */.TN)(body, 60)}"` : `${type}, empty`;
}

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/alibaba/classify.ts
const THROTTLING_CODES = new Set([
    'TooManyRequests',
    'TooMany.Refresh',
    'PreloadQueueFull',
    'QuotaPerMinuteExceeded.Refresh'
]);
const RETRY_CODES = new Set(['SignatureNonceUsed', 'ServiceBusy']);
const MINUTE_CODES = new Set(['QuotaPerMinuteExceeded.Refresh']);
function isThrottling(httpStatus, code) {
    return httpStatus === 429 || THROTTLING_CODES.has(code) || code.startsWith('Throttling');
}
function isRetryable(httpStatus, code) {
    return (isThrottling(httpStatus, code) ||
        httpStatus >= 500 ||
        RETRY_CODES.has(code) ||
        ['InternalError', 'ServiceUnavailable'].includes(code));
}
function classifyAnswer(answer, serverRetryAfterMs, context) {
    const { httpStatus } = answer;
    if (answer.kind === 'not-api') {
        if (httpStatus === 429) {
            const what = `${context.service} ${context.action}: ${answer.what}`;
            return {
                ...failure('throttled', 'rejected', '', httpStatus, what),
                retryAfterMs: serverRetryAfterMs
            };
        }
        if (answer.intercepted || httpStatus === 407) {
            const hint = httpStatus === 407
                ? 'the proxy asks for credentials: put them in HTTPS_PROXY (http://user:password@proxy:port)'
                : `check the ${context.endpointInput} input, and any proxy or captive portal in between`;
            return {
                ...failure('permanent', 'not-sent', httpStatus === 407 ? 'ProxyAuthenticationRequired' : 'NotAnApiAnswer', httpStatus, `${context.host} answered with ${answer.what}: ${hint}`),
                hint
            };
        }
        const reach = httpStatus >= 400 && httpStatus < 500 ? 'rejected' : 'ambiguous';
        const what = `${context.service} ${context.action}: ${answer.what}`;
        return {
            ...failure('transient', reach, '', httpStatus, what),
            retryAfterMs: serverRetryAfterMs
        };
    }
    const { code } = answer;
    const throttled = isThrottling(httpStatus, code);
    const retry = isRetryable(httpStatus, code);
    const hint = retry ? undefined : (context.hints?.(code) ?? hintFor(code, context));
    const requestId = answer.requestId || 'none';
    const text = `${context.service} ${context.action} failed: HTTP ${httpStatus} ${code || '(no code)'}: ${answer.message || 'no message'} (RequestId: ${requestId})`;
    const denial = answer.accessDenied ? `. Access denied: ${answer.accessDenied}` : '';
    return {
        kind: throttled ? 'throttled' : retry ? 'transient' : 'fatal',
        reach: httpStatus >= 500 ? 'ambiguous' : 'rejected',
        code,
        httpStatus,
        requestId: answer.requestId,
        message: `${text}${denial}${hint ? `. Hint: ${hint}` : ''}`,
        hint,
        accessDenied: answer.accessDenied,
        retryAfterMs: serverRetryAfterMs ?? (MINUTE_CODES.has(code) ? 60_000 : undefined)
    };
}
function classifyTransport(error, context) {
    if (!['dns', 'refused', 'proxy', 'tls'].includes(error.failure)) {
        const reach = error.sent ? 'ambiguous' : 'not-sent';
        return failure('transient', reach, error.code, 0, `${context.service} ${context.action}: ${error.message}`);
    }
    const hint = error.failure === 'proxy' ? undefined : `check the ${context.endpointInput} input`;
    return {
        ...failure('permanent', 'not-sent', error.code, 0, hint ? `${error.message}: ${hint}` : error.message),
        hint
    };
}
function failure(kind, reach, code, httpStatus, message) {
    return {
        kind,
        reach,
        code,
        httpStatus,
        requestId: '',
        message,
        hint: undefined,
        accessDenied: undefined,
        retryAfterMs: undefined
    };
}
const HINTS = [
    [
        /^(SignatureDoesNotMatch|IncompleteSignature)$/,
        () => 'the access key secret does not match the access key ID: check access-key-secret (or the secret variable) for a stray character or the wrong key.'
    ],
    [
        /^InvalidAccessKeyId\.NotFound$/,
        () => 'the access key ID does not exist: check access-key-id, and that the key was not deleted.'
    ],
    [
        /^InvalidAccessKeyId\.Inactive$/,
        () => 'the access key is disabled: enable it in the RAM console or use another key.'
    ],
    [
        /^(Forbidden|NoPermission|Forbidden\..*)$/,
        (context) => `the RAM user or role lacks permission: grant it "${context.ramAction ?? 'dcdn:DescribeDcdnRefreshTaskById'}"${/:Describe/.test(context.ramAction ?? ':Describe') ? ' (read-only)' : ''}.`
    ],
    [
        /^InvalidTimeStamp/,
        () => "the runner's clock is more than 15 minutes off: synchronise it (NTP) on self-hosted runners."
    ],
    [
        /^InvalidSecurityToken\.Expired$/,
        () => 'the STS credentials expired during the wait: make them outlast the timeout (a longer role session), or let this action assume the role through OIDC (role-to-assume), which renews them.'
    ],
    [
        /^InvalidSecurityToken/,
        () => 'the STS security token is invalid or expired: get fresh STS credentials (and pass the token with the keys it belongs to).'
    ],
    [
        /^InvalidTime$/,
        () => 'only tasks created in the last 3 days can be queried: check the task IDs come from a recent refresh.'
    ],
    [
        /^InvalidTaskId/,
        () => 'check the task IDs: at most 10 per call, decimal digits only (this action batches them for you).'
    ],
    [
        /^InvalidApi\.NotFound$/,
        (context) => `the endpoint does not serve this API: check the ${context.endpointInput} input${context.service === 'DCDN' || context.service === 'CDN' ? ' and the product input (dcdn or cdn)' : ''}.`
    ],
    [
        /^QuotaExceeded/,
        () => "today's refresh or prefetch quota is spent: wait until it resets, or ask Alibaba Cloud to raise it."
    ],
    [
        /^InvalidObjectPath\.ExceedsMaximum$/,
        () => 'too many paths in one call: this action batches within the documented limits; report this.'
    ],
    [
        /^(InvalidObjectPath|InvalidExtensiveDomain)/,
        () => 'a path is not valid for this call: each must be a full URL (https://example.com/path) of a domain added to this product, without a wildcard domain.'
    ],
    [/^InvalidObjectType/, () => 'refresh-type must be File, Directory, Regex or IgnoreParams.'],
    [
        /^SingleRequest\.OverLimit$/,
        () => 'too many paths in one call: this action batches within the documented limits; report this.'
    ],
    [
        /^InvalidDomain\.NotFound$/,
        (context) => `a domain of these paths is not in this account's ${context.service}: check the paths and the product input.`
    ],
    [
        /^InvalidDomain\.Offline$/,
        () => 'a domain of these paths is offline: start it in the console, or leave its paths out.'
    ]
];
function hintFor(code, context) {
    const words = HINTS.find(([pattern]) => pattern.test(code))?.[1];
    return words?.(context ?? {
        service: 'DCDN',
        action: 'DescribeDcdnRefreshTaskById',
        host: 'dcdn.aliyuncs.com',
        endpointInput: 'endpoint',
        ramAction: 'dcdn:DescribeDcdnRefreshTaskById'
    });
}

;// CONCATENATED MODULE: ./src/alibaba/signing.ts

const ALGORITHM = 'ACS3-HMAC-SHA256';
const EMPTY_BODY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
function percentEncode(value) {
    return encodeURIComponent(value).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function hexSha256(data) {
    return (0,external_node_crypto_.createHash)('sha256').update(data).digest('hex');
}
function canonicalQueryString(query) {
    return Object.keys(query)
        .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
        .map((name) => `${percentEncode(name)}=${percentEncode(query[name] ?? '')}`)
        .join('&');
}
function isSignedHeader(lowerName) {
    return lowerName === 'host' || lowerName === 'content-type' || lowerName.startsWith('x-acs-');
}
function canonicalHeaders(headers) {
    const grouped = new Map();
    for (const [name, value] of Object.entries(headers)) {
        const lower = name.toLowerCase().trim();
        if (!isSignedHeader(lower))
            continue;
        const values = grouped.get(lower) ?? [];
        values.push(value.trim());
        grouped.set(lower, values);
    }
    const names = [...grouped.keys()].sort();
    const canonical = names
        .map((name) => `${name}:${grouped.get(name).sort().join(',')}\n`)
        .join('');
    return { canonical, signedHeaders: names.join(';') };
}
function signV3(request) {
    const { canonical, signedHeaders } = canonicalHeaders(request.headers);
    const canonicalRequest = [
        request.method.toUpperCase(),
        request.path,
        canonicalQueryString(request.query),
        canonical,
        signedHeaders,
        request.payloadSha256
    ].join('\n');
    const stringToSign = `${ALGORITHM}\n${hexSha256(canonicalRequest)}`;
    const signature = (0,external_node_crypto_.createHmac)('sha256', request.accessKeySecret)
        .update(stringToSign)
        .digest('hex');
    const authorization = `${ALGORITHM} Credential=${request.accessKeyId},SignedHeaders=${signedHeaders},Signature=${signature}`;
    return { canonicalRequest, stringToSign, authorization };
}
function acsDate(ms) {
    return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

;// CONCATENATED MODULE: ./src/alibaba/request.ts

const FORM_TYPE = 'application/x-www-form-urlencoded';
function buildRequest(endpoint, request, signer, now, nonce) {
    const inBody = request.placement === 'body';
    const body = inBody ? canonicalQueryString(request.params) : '';
    if (signer.kind === 'anonymous') {
        const query = {
            Action: request.action,
            Version: request.version,
            Format: 'JSON',
            Timestamp: acsDate(now),
            ...(inBody ? {} : request.params)
        };
        return {
            method: 'POST',
            url: `${endpoint.origin}/?${canonicalQueryString(query)}`,
            headers: inBody
                ? { 'content-type': FORM_TYPE, accept: 'application/json' }
                : { accept: 'application/json' },
            body
        };
    }
    const { credentials } = signer;
    const query = inBody ? {} : request.params;
    const payloadSha256 = hexSha256(body);
    const headers = {
        host: endpoint.host,
        'x-acs-action': request.action,
        'x-acs-version': request.version,
        'x-acs-date': acsDate(now),
        'x-acs-signature-nonce': nonce,
        'x-acs-content-sha256': payloadSha256,
        accept: 'application/json'
    };
    if (inBody)
        headers['content-type'] = FORM_TYPE;
    if (credentials.securityToken)
        headers['x-acs-security-token'] = credentials.securityToken;
    const { authorization } = signV3({
        method: 'POST',
        path: '/',
        query,
        headers,
        payloadSha256,
        accessKeyId: credentials.accessKeyId,
        accessKeySecret: credentials.accessKeySecret
    });
    const search = canonicalQueryString(query);
    return {
        method: 'POST',
        url: `${endpoint.origin}/${search ? `?${search}` : ''}`,
        headers: { ...headers, authorization },
        body
    };
}

;// CONCATENATED MODULE: ./src/alibaba/retry.ts
function retryDelay(attempt, random, baseMs = 500, capMs = 8000) {
    const ceiling = Math.min(capMs, baseMs * 2 ** (attempt - 1));
    return ceiling / 2 + random() * (ceiling / 2);
}
function parseRetryAfter(value, now) {
    if (value === undefined || value.trim() === '')
        return undefined;
    const text = value.trim();
    if (/^\d+(\.\d+)?$/.test(text))
        return Number(text) * 1000;
    const date = Date.parse(text);
    return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
function parseAcsRetryAfter(value) {
    const text = value?.trim() ?? '';
    return /^\d+(\.\d+)?$/.test(text) ? Number(text) : undefined;
}
function serverRetryAfter(headers, now) {
    return (parseAcsRetryAfter(headers['x-acs-retry-after']) ?? parseRetryAfter(headers['retry-after'], now));
}
function readPolicy(maxAttempts = 6) {
    return {
        decide: (failure, { attempt }) => ({
            retry: failure.kind !== 'fatal' && attempt < maxAttempts
        })
    };
}
function submissionPolicy(maxAttempts = 8) {
    return {
        decide: (failure, { attempt, ambiguous }) => {
            if (failure.kind === 'fatal' || attempt >= maxAttempts)
                return { retry: false };
            if (failure.reach !== 'ambiguous')
                return { retry: true };
            if (ambiguous > 1)
                return { retry: false };
            return {
                retry: true,
                note: `the API may have carried out the request that failed (${failure.message}); sending it once more, so it may be submitted twice`
            };
        }
    };
}

// EXTERNAL MODULE: ./src/alibaba/transport.ts + 1 modules
var alibaba_transport = __nccwpck_require__(4744);
;// CONCATENATED MODULE: ./src/alibaba/openapi.ts







const PERMANENT_GRACE_MS = 20_000;
const LONG_WAIT_MS = 5000;
const MAX_RETRY_WAIT_MS = 60_000;
class IncompleteAnswer extends Error {
    name = 'IncompleteAnswer';
}
class OpenApiClient {
    options;
    requestsSent = 0;
    answered = 0;
    permanentSince;
    constructor(options) {
        this.options = options;
    }
    get endpoint() {
        return this.options.endpoint;
    }
    async call(request, options) {
        const { clock, sleep, random, limiter } = this.options;
        const deadline = options.deadline ?? this.options.deadline;
        const policy = options.retry ?? readPolicy(this.options.maxAttempts);
        const context = this.context(request, options);
        let renewed = false;
        let ambiguous = 0;
        for (let attempt = 1;; attempt++) {
            await limiter?.acquire();
            const result = await this.attempt(request, options, context, deadline);
            if (result.ok)
                return result.value;
            const { failure } = result;
            if (failure.code === 'InvalidSecurityToken.Expired' && !renewed) {
                renewed = true;
                if (await this.options.credentials?.renewAfterExpiry()) {
                    this.debug('STS credentials expired: renewed them through OIDC');
                    continue;
                }
            }
            if (failure.reach === 'ambiguous')
                ambiguous += 1;
            const waitMs = Math.min(failure.retryAfterMs ?? retryDelay(attempt, random), MAX_RETRY_WAIT_MS);
            const retry = this.decide(failure, policy, { attempt, ambiguous }, waitMs);
            if (!retry.retry || clock() + waitMs >= deadline)
                throw this.toError(failure);
            if (retry.note)
                options.onNote?.(retry.note);
            this.debug(`retry ${attempt} in ${Math.round(waitMs)} ms: ${failure.message}`);
            if (waitMs >= LONG_WAIT_MS)
                options.onLongWait?.(waitMs, failure.message);
            await sleep(waitMs);
        }
    }
    decide(failure, policy, state, waitMs) {
        if (this.isPermanent(failure)) {
            const now = this.options.clock();
            this.permanentSince ??= now;
            const grace = this.options.permanentGraceMs ?? PERMANENT_GRACE_MS;
            return { retry: now + waitMs - this.permanentSince <= grace };
        }
        const kind = failure.kind === 'permanent' ? 'transient' : failure.kind;
        return policy.decide({ ...failure, kind }, state);
    }
    isPermanent(failure) {
        return failure.kind === 'permanent' && this.answered === 0;
    }
    async attempt(request, options, context, deadline) {
        const { clock, transport, endpoint, limiter } = this.options;
        const signer = await this.signer();
        const http = buildRequest(endpoint, request, signer, clock(), (0,external_node_crypto_.randomBytes)(16).toString('hex'));
        this.requestsSent += 1;
        let response;
        try {
            response = await transport.send(http, this.attemptTimeout(deadline));
        }
        catch (error) {
            if (error instanceof alibaba_transport/* TransportError */.w)
                return { ok: false, failure: classifyTransport(error, context) };
            if (error instanceof errors/* TransientError */.N_) {
                return {
                    ok: false,
                    failure: classifyTransport(new alibaba_transport/* TransportError */.w(error.message, 'other', '', true), context)
                };
            }
            throw error;
        }
        const answer = readAnswer(response);
        const retryAfterMs = serverRetryAfter(response.headers, clock());
        if (answer.kind !== 'ok') {
            const failure = classifyAnswer(answer, retryAfterMs, context);
            if (answer.kind === 'api-error') {
                if (failure.kind === 'throttled')
                    limiter?.onThrottle(retryAfterMs);
                else
                    limiter?.onSuccess();
            }
            else if (failure.kind === 'throttled')
                limiter?.onThrottle(retryAfterMs);
            return { ok: false, failure };
        }
        limiter?.onSuccess();
        try {
            const value = options.read({ body: answer.body, requestId: answer.requestId });
            this.answered += 1;
            this.permanentSince = undefined;
            this.debug(`${context.service} ${request.action} answered, RequestId ${answer.requestId || 'none'}`);
            return { ok: true, value };
        }
        catch (error) {
            if (!(error instanceof IncompleteAnswer))
                throw error;
            const requestId = answer.requestId || 'none';
            return {
                ok: false,
                failure: {
                    kind: 'transient',
                    reach: 'ambiguous',
                    code: '',
                    httpStatus: response.status,
                    requestId: answer.requestId,
                    message: `${context.service} ${request.action}: ${error.message} (RequestId: ${requestId})`,
                    hint: undefined,
                    accessDenied: undefined,
                    retryAfterMs
                }
            };
        }
    }
    attemptTimeout(deadline) {
        const left = deadline - this.options.clock() + 1000;
        return Math.min(this.options.requestTimeoutMs, Math.max(1000, left));
    }
    async signer() {
        if (!this.options.credentials)
            return { kind: 'anonymous' };
        return { kind: 'v3', credentials: await this.options.credentials.get() };
    }
    context(request, options) {
        const context = {
            service: this.options.service,
            action: request.action,
            host: this.options.endpoint.host,
            endpointInput: this.options.endpointInput ?? 'endpoint'
        };
        if (options.ramAction)
            context.ramAction = options.ramAction;
        if (options.hints)
            context.hints = options.hints;
        return context;
    }
    toError(failure) {
        const { message } = failure;
        if (failure.kind === 'fatal' || this.isPermanent(failure)) {
            return new errors/* ApiError */.hD(message, {
                service: this.options.service,
                code: failure.code,
                requestId: failure.requestId,
                httpStatus: failure.httpStatus,
                hint: failure.hint,
                accessDenied: failure.accessDenied
            });
        }
        return new errors/* TransientError */.N_(message, failure.retryAfterMs);
    }
    debug(line) {
        this.options.debug?.(line);
    }
}

;// CONCATENATED MODULE: ./src/alibaba/sts.ts


const STS_HINTS = [
    [
        /AudienceNotMatch/,
        "the RAM OIDC provider's client IDs must include the audience input (default sts.aliyuncs.com): add it to the provider in the RAM console, or set audience to one of its client IDs."
    ],
    [
        /EntityNotExist\.Role/,
        'the role in role-to-assume does not exist: copy its ARN (acs:ram::<account>:role/<name>) from the RAM console.'
    ],
    [
        /EntityNotExist\.OIDCProvider/,
        'the OIDC provider in oidc-provider-arn does not exist: copy its ARN (acs:ram::<account>:oidc-provider/<name>) from the RAM console.'
    ],
    [
        /NoPermission|NotTrusted|AuthenticationFail/,
        "the role's trust policy does not accept this workflow: allow the OIDC provider and a condition on oidc:sub matching this repository (e.g. repo:<owner>/<repo>:*)."
    ],
    [/RoleSessionName/, 'role-session-name must be 2-64 characters of letters, digits and . @ _ -.'],
    [
        /DurationSeconds/,
        "role-session-expiration is above the role's maximum session duration: lower it or raise the role's limit."
    ],
    [/InvalidTimeStamp/, "the runner's clock is more than 15 minutes off: synchronise it (NTP)."]
];
async function assumeRoleWithOidc(request, deps) {
    const client = new OpenApiClient({
        endpoint: request.stsEndpoint,
        service: 'STS',
        endpointInput: 'sts-endpoint',
        transport: deps.transport,
        requestTimeoutMs: deps.requestTimeoutMs,
        clock: deps.clock,
        sleep: deps.sleep,
        random: deps.random,
        deadline: deps.deadline ?? Number.POSITIVE_INFINITY,
        maxAttempts: deps.maxAttempts ?? 4,
        ...(deps.permanentGraceMs === undefined ? {} : { permanentGraceMs: deps.permanentGraceMs })
    });
    return client.call({
        action: 'AssumeRoleWithOIDC',
        version: '2015-04-01',
        placement: 'body',
        params: {
            RoleArn: request.roleArn,
            OIDCProviderArn: request.oidcProviderArn,
            OIDCToken: request.oidcToken,
            RoleSessionName: request.roleSessionName,
            DurationSeconds: String(request.durationSeconds)
        }
    }, {
        read: readCredentials,
        hints: (code) => STS_HINTS.find(([pattern]) => pattern.test(code))?.[1]
    });
}
function readCredentials({ body, requestId }) {
    const raw = body.Credentials;
    const creds = raw !== null && typeof raw === 'object' ? raw : {};
    const accessKeyId = answer_text(creds.AccessKeyId);
    const accessKeySecret = answer_text(creds.AccessKeySecret);
    const securityToken = answer_text(creds.SecurityToken);
    const expiresAt = Date.parse(answer_text(creds.Expiration));
    if (!accessKeyId || !accessKeySecret || !securityToken || Number.isNaN(expiresAt)) {
        throw new IncompleteAnswer(`answer without complete Credentials (RequestId: ${requestId || 'none'})`);
    }
    return { accessKeyId, accessKeySecret, securityToken, expiresAt };
}

;// CONCATENATED MODULE: ./src/alibaba/signing-keys.ts




function signingKeys(auth, deps) {
    if (auth.kind === 'keys')
        return fixedCredentials(auth.credentials);
    const exchange = async () => {
        const oidcToken = await requestIdToken(auth.audience, deps);
        return assumeRoleWithOidc({
            stsEndpoint: auth.stsEndpoint,
            roleArn: auth.roleArn,
            oidcProviderArn: auth.oidcProviderArn,
            oidcToken,
            roleSessionName: auth.roleSessionName,
            durationSeconds: auth.durationSeconds
        }, deps);
    };
    return renewingCredentials(exchange, deps.clock, (fresh) => {
        deps.setSecret(fresh.accessKeySecret);
        deps.setSecret(fresh.securityToken);
    });
}
function describeAuth(auth) {
    return auth.kind === 'keys'
        ? `credentials from ${auth.source}`
        : `STS credentials for ${auth.roleArn} through GitHub OIDC (audience ${auth.audience})`;
}
async function requestIdToken(audience, deps) {
    try {
        const token = await deps.getIdToken(audience);
        deps.setSecret(token);
        return token;
    }
    catch (error) {
        throw new errors/* ApiError */.hD(`Could not get a GitHub OIDC token (${(0,shared_text/* oneLine */.TN)(error.message, 200)}). Hint: the job needs "permissions: id-token: write"; pull requests from forks never get OIDC tokens.`, {
            service: 'GitHub OIDC',
            code: 'OIDCTokenUnavailable',
            requestId: '',
            httpStatus: 0,
            hint: 'the job needs "permissions: id-token: write"; pull requests from forks never get OIDC tokens.'
        });
    }
}

;// CONCATENATED MODULE: ./src/shared/duration.ts
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const PART = /(\d+(?:\.\d+)?)(ms|h|m|s)/y;
function parseDuration(text) {
    const value = text.trim();
    if (/^\d+(?:\.\d+)?$/.test(value))
        return Math.round(Number(value) * 1000);
    if (value === '')
        return undefined;
    let total = 0;
    PART.lastIndex = 0;
    while (PART.lastIndex < value.length) {
        const match = PART.exec(value);
        if (!match)
            return undefined;
        total += Number(match[1]) * UNIT_MS[match[2]];
    }
    return Math.round(total);
}
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    const totalSeconds = ms / 1000;
    const hours = Math.floor(totalSeconds / 3600);
    const minutes = Math.floor((totalSeconds % 3600) / 60);
    const seconds = Math.round((totalSeconds % 60) * 10) / 10;
    let out = '';
    if (hours)
        out += `${hours}h`;
    if (minutes)
        out += `${minutes}m`;
    if (seconds || out === '')
        out += `${seconds}s`;
    return out;
}
function formatElapsed(ms) {
    const total = Math.max(0, Math.floor(ms / 1000));
    const h = Math.floor(total / 3600);
    const m = Math.floor((total % 3600) / 60);
    const s = String(total % 60).padStart(2, '0');
    return h ? `${h}:${String(m).padStart(2, '0')}:${s}` : `${m}:${s}`;
}

;// CONCATENATED MODULE: ./src/alibaba/products.ts
const DCDN = {
    name: 'DCDN',
    input: 'dcdn',
    host: 'dcdn.aliyuncs.com',
    version: '2018-01-15',
    ramService: 'dcdn',
    operations: {
        describeTasks: { action: 'DescribeDcdnRefreshTaskById', placement: 'query' },
        refresh: { action: 'RefreshDcdnObjectCaches', placement: 'body' },
        preload: { action: 'PreloadDcdnObjectCaches', placement: 'body' },
        quota: { action: 'DescribeDcdnRefreshQuota', placement: 'query' }
    },
    preloadIdField: 'PreloadTaskId',
    objectTypes: {
        File: 'File',
        Directory: 'Directory',
        Regex: 'Regex',
        IgnoreParams: 'IgnoreParams'
    },
    limits: {
        idsPerLookup: 10,
        refreshPerCall: { File: 1000, Directory: 100, Regex: 100, IgnoreParams: 1000 },
        prefetchPerCall: 100,
        domainsPerCall: 10
    }
};
const CDN = {
    name: 'CDN',
    input: 'cdn',
    host: 'cdn.aliyuncs.com',
    version: '2018-05-10',
    ramService: 'cdn',
    operations: {
        describeTasks: { action: 'DescribeRefreshTaskById', placement: 'query' },
        refresh: { action: 'RefreshObjectCaches', placement: 'body' },
        preload: { action: 'PushObjectCache', placement: 'body' },
        quota: { action: 'DescribeRefreshQuota', placement: 'query' }
    },
    preloadIdField: 'PushTaskId',
    objectTypes: { File: 'File', Directory: 'Directory', Regex: 'Regex', IgnoreParams: 'ExQuery' },
    limits: {
        idsPerLookup: 10,
        refreshPerCall: { File: 1000, Directory: 100, Regex: 1, IgnoreParams: 1000 },
        prefetchPerCall: 100,
        domainsPerCall: 10
    }
};
function productOfHost(host) {
    const name = host.toLowerCase();
    if (name === DCDN.host || /^dcdn(\.[a-z0-9-]+)?\.aliyuncs\.com$/.test(name))
        return DCDN;
    if (name === CDN.host || /^cdn(\.[a-z0-9-]+)?\.aliyuncs\.com$/.test(name))
        return CDN;
    return undefined;
}
function ramAction(product, operation) {
    return `${product.ramService}:${product.operations[operation].action}`;
}
function productRequest(product, operation, params) {
    const { action, placement } = product.operations[operation];
    return { action, version: product.version, params, placement };
}

// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __nccwpck_require__(7030);
;// CONCATENATED MODULE: ./src/inputs/endpoint.ts



function parseEndpoint(input, inputName = 'endpoint') {
    const text = input.trim();
    if (text === '')
        throw new errors/* InputError */.dz(`${inputName} is empty: use a host such as dcdn.aliyuncs.com.`);
    const hasScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text);
    let url;
    try {
        url = new URL(hasScheme ? text : `https://${text}`);
    }
    catch {
        throw new errors/* InputError */.dz(`${inputName} "${(0,shared_text/* oneLine */.TN)(text, 80)}" is not a host or URL: use a host such as dcdn.aliyuncs.com or a URL such as https://dcdn.aliyuncs.com.`);
    }
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
        throw new errors/* InputError */.dz(`${inputName} uses the scheme "${url.protocol.slice(0, -1)}": only https:// (and http:// on loopback) are supported.`);
    }
    if (url.username || url.password) {
        throw new errors/* InputError */.dz(`${inputName} has credentials in it: remove "user:password@"; pass keys through access-key-id/access-key-secret.`);
    }
    if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
        throw new errors/* InputError */.dz(`${inputName} "${(0,shared_text/* oneLine */.TN)(url.origin, 80)}" has a path, query or fragment: give only the scheme, host and optional port.`);
    }
    if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
        throw new errors/* InputError */.dz(`${inputName} uses plain http:// for ${url.hostname}, which is not a loopback host: signed requests must use https:// (http:// is only for a local emulator on 127.0.0.1, ::1 or localhost).`);
    }
    return new URL(`${url.protocol}//${url.host}/`);
}
function isLoopbackHost(hostname) {
    const host = hostname.replace(/^\[|\]$/g, '').toLowerCase();
    if (host === 'localhost')
        return true;
    if ((0,external_node_net_.isIP)(host) === 4)
        return host.startsWith('127.');
    if ((0,external_node_net_.isIP)(host) === 6)
        return host === '::1' || host === '0:0:0:0:0:0:0:1';
    return false;
}

;// CONCATENATED MODULE: ./src/inputs/product.ts




function readProduct(getInput) {
    const raw = getInput('product').trim();
    const name = raw.toLowerCase();
    if (name === '' || name === 'dcdn')
        return DCDN;
    if (name === 'cdn')
        return CDN;
    throw new errors/* InputError */.dz(`product "${(0,shared_text/* oneLine */.TN)(raw, 40)}" is not dcdn or cdn: use dcdn for DCDN (dcdn.aliyuncs.com) or cdn for Alibaba Cloud CDN (cdn.aliyuncs.com).`);
}
function readEndpoint(getInput, product) {
    const raw = getInput('endpoint').trim();
    const endpoint = parseEndpoint(raw || product.host);
    const owner = productOfHost(endpoint.hostname);
    if (owner && owner !== product) {
        throw new errors/* InputError */.dz(`endpoint ${endpoint.hostname} is the ${owner.name} API, but product is ${product.input}: set product to ${owner.input}, or leave endpoint empty for ${product.host}.`);
    }
    return endpoint;
}

;// CONCATENATED MODULE: ./src/inputs/paths.ts


const MAX_PATH_CHARS = 1024;
function parsePathList(raw, input, kind) {
    const paths = [];
    const seen = new Set();
    let shortForm;
    let homePage;
    raw.split(/\r\n|\r|\n/).forEach((line, index) => {
        const path = line.trim();
        if (path === '' || seen.has(path))
            return;
        checkPath(path, `${input} line ${index + 1}`, kind);
        seen.add(path);
        paths.push(path);
        if (!/^https?:\/\//i.test(path))
            shortForm ??= path;
        if (kind === 'File' && path.endsWith('/'))
            homePage ??= path;
    });
    const notes = [];
    if (shortForm) {
        notes.push(`${input}: paths without a scheme (such as "${(0,shared_text/* oneLine */.TN)(shortForm, 80)}") are sent as written, the short form the API accepts; write https:// to be explicit.`);
    }
    if (homePage) {
        notes.push(`${input}: "${(0,shared_text/* oneLine */.TN)(homePage, 80)}" ends with "/" and is refreshed as that one URL (File), not as a directory; list directories under refresh-directories.`);
    }
    return { paths, notes };
}
function domainOf(path) {
    const rest = path.replace(/^https?:\/\//i, '');
    const host = rest.split('/')[0] ?? '';
    return host.replace(/:\d+$/, '').toLowerCase();
}
function checkPath(path, where, kind) {
    const shown = `"${(0,shared_text/* oneLine */.TN)(path, 80)}"`;
    const fail = (why) => {
        throw new errors/* InputError */.dz(`${where}: ${shown} ${why}`);
    };
    if (Array.from(path).length > MAX_PATH_CHARS) {
        fail(`is longer than the API's ${MAX_PATH_CHARS} characters per path.`);
    }
    if (/[\s\u0000-\u001f\u007f]/.test(path)) {
        fail('has a space or a control character: encode a space in a URL as %20.');
    }
    const scheme = /^([a-z][a-z0-9+.-]*):\/\//i.exec(path)?.[1];
    if (scheme && !/^https?$/i.test(scheme)) {
        fail(`uses ${scheme}://: write an http:// or https:// URL, e.g. https://example.com/a.png.`);
    }
    const host = (scheme ? path.slice(scheme.length + 3) : path).split('/')[0] ?? '';
    if (host.includes('*')) {
        fail('has a wildcard domain, which the API does not take: name each domain.');
    }
    if (!/^[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+(:\d{1,5})?$/.test(host)) {
        fail('is not a URL: write https://example.com/path (or the short form example.com/path).');
    }
    if (kind === 'Directory' && !path.endsWith('/')) {
        fail('is not a directory: a directory ends with "/", e.g. https://example.com/static/.');
    }
    if ((kind === 'File' || kind === 'IgnoreParams' || kind === 'Prefetch') && path.includes('*')) {
        fail(kind === 'Prefetch'
            ? 'has a wildcard: prefetch takes whole URLs.'
            : 'has a wildcard, which a File path cannot have: use refresh-type Regex, or refresh-directories.');
    }
}

;// CONCATENATED MODULE: ./src/inputs/submission.ts



const REFRESH_TYPES = {
    file: 'File',
    directory: 'Directory',
    regex: 'Regex',
    ignoreparams: 'IgnoreParams',
    exquery: 'IgnoreParams'
};
function readSubmission(getInput, product) {
    const kind = refreshType(getInput, product);
    const notes = [];
    const refreshPaths = parsePathList(getInput('refresh-paths'), 'refresh-paths', kind);
    const directories = parsePathList(getInput('refresh-directories'), 'refresh-directories', 'Directory');
    const prefetch = parsePathList(getInput('prefetch-paths'), 'prefetch-paths', 'Prefetch');
    notes.push(...refreshPaths.notes, ...directories.notes, ...prefetch.notes);
    const refreshes = [];
    if (refreshPaths.paths.length) {
        refreshes.push({ inputs: ['refresh-paths'], kind, paths: refreshPaths.paths });
    }
    if (directories.paths.length) {
        const same = refreshes.find((list) => list.kind === 'Directory');
        if (same) {
            same.inputs.push('refresh-directories');
            same.paths = [...new Set([...same.paths, ...directories.paths])];
        }
        else {
            refreshes.push({
                inputs: ['refresh-directories'],
                kind: 'Directory',
                paths: directories.paths
            });
        }
    }
    const force = booleanInput(getInput, 'refresh-force');
    if (force && refreshes.length > 0 && refreshes.every((list) => list.kind === 'File')) {
        notes.push('refresh-force does not apply to File refreshes (the API ignores Force for them).');
    }
    return {
        refreshes,
        force,
        prefetch: {
            paths: prefetch.paths,
            area: prefetchArea(getInput),
            l2: booleanInput(getInput, 'prefetch-l2')
        },
        notes
    };
}
function submitsAnything(submission) {
    return submission.refreshes.length > 0 || submission.prefetch.paths.length > 0;
}
function refreshType(getInput, product) {
    const raw = getInput('refresh-type').trim();
    if (raw === '')
        return 'File';
    const kind = REFRESH_TYPES[raw.toLowerCase()];
    if (!kind) {
        throw new errors/* InputError */.dz(`refresh-type "${(0,shared_text/* oneLine */.TN)(raw, 40)}" is not File, Directory, Regex or IgnoreParams (ExQuery is accepted for IgnoreParams; ${product.name} is sent ${product.objectTypes.IgnoreParams}).`);
    }
    return kind;
}
function prefetchArea(getInput) {
    const raw = getInput('prefetch-area').trim();
    const area = raw.toLowerCase();
    if (area === '' || area === 'domestic' || area === 'overseas')
        return area;
    throw new errors/* InputError */.dz(`prefetch-area "${(0,shared_text/* oneLine */.TN)(raw, 40)}" is not domestic or overseas: use domestic (mainland China), overseas (outside it), or leave it empty for the domain's own acceleration region.`);
}
function booleanInput(getInput, name) {
    const raw = getInput(name).trim();
    if (['', 'false', 'False', 'FALSE'].includes(raw))
        return false;
    if (['true', 'True', 'TRUE'].includes(raw))
        return true;
    throw new errors/* InputError */.dz(`${name} is "${(0,shared_text/* oneLine */.TN)(raw, 40)}": use true or false.`);
}

;// CONCATENATED MODULE: ./src/inputs/credentials.ts



const ENV_CREDENTIAL_FAMILIES = [
    {
        id: 'ALIBABA_CLOUD_ACCESS_KEY_ID',
        secret: 'ALIBABA_CLOUD_ACCESS_KEY_SECRET',
        token: 'ALIBABA_CLOUD_SECURITY_TOKEN'
    },
    { id: 'ALICLOUD_ACCESS_KEY', secret: 'ALICLOUD_SECRET_KEY', token: 'ALICLOUD_SECURITY_TOKEN' }
];
function resolveAuth(getInput, env, warnings) {
    const fromInputs = takeWhole({
        id: getInput('access-key-id'),
        secret: getInput('access-key-secret'),
        token: getInput('security-token')
    }, { id: 'access-key-id', secret: 'access-key-secret', token: 'security-token' }, 'input');
    const oidc = oidcInputs(getInput, env);
    if (fromInputs) {
        if (oidc)
            warnings.push('role-to-assume is ignored: access-key-id and access-key-secret are set and take precedence.');
        return { kind: 'keys', credentials: fromInputs, source: 'the action inputs' };
    }
    if (oidc)
        return oidc;
    for (const family of ENV_CREDENTIAL_FAMILIES) {
        const found = takeWhole({
            id: env[family.id] ?? '',
            secret: env[family.secret] ?? '',
            token: env[family.token] ?? ''
        }, family, 'environment variable');
        if (found)
            return { kind: 'keys', credentials: found, source: `${family.id} and related variables` };
    }
    throw new errors/* InputError */.dz('No Alibaba Cloud credentials: set role-to-assume and oidc-provider-arn (OIDC, no stored keys), or the inputs access-key-id and access-key-secret, or the environment variables ALIBABA_CLOUD_ACCESS_KEY_ID/ALIBABA_CLOUD_ACCESS_KEY_SECRET (or ALICLOUD_ACCESS_KEY/ALICLOUD_SECRET_KEY), e.g. with aliyun/configure-aliyun-credentials-action.');
}
function oidcInputs(getInput, env) {
    const roleArn = getInput('role-to-assume').trim();
    const oidcProviderArn = getInput('oidc-provider-arn').trim();
    if (!roleArn && !oidcProviderArn)
        return undefined;
    if (!roleArn || !oidcProviderArn) {
        const [given, missing] = roleArn
            ? ['role-to-assume', 'oidc-provider-arn']
            : ['oidc-provider-arn', 'role-to-assume'];
        throw new errors/* InputError */.dz(`${given} is set but ${missing} is empty: OIDC needs both the role ARN and the OIDC provider ARN.`);
    }
    checkArn('role-to-assume', roleArn, 'role', 'acs:ram::1234567890123456:role/github-dcdn');
    checkArn('oidc-provider-arn', oidcProviderArn, 'oidc-provider', 'acs:ram::1234567890123456:oidc-provider/github');
    const audience = getInput('audience').trim() || 'sts.aliyuncs.com';
    if (!/^[\x21-\x7e]{1,256}$/.test(audience)) {
        throw new errors/* InputError */.dz(`audience "${(0,shared_text/* oneLine */.TN)(audience, 40)}" must be one word, e.g. sts.aliyuncs.com (a client ID of the RAM OIDC provider).`);
    }
    const roleSessionName = getInput('role-session-name').trim() || 'dcdn-refresh-wait';
    if (!/^[A-Za-z0-9.@_-]{2,64}$/.test(roleSessionName)) {
        throw new errors/* InputError */.dz(`role-session-name "${(0,shared_text/* oneLine */.TN)(roleSessionName, 40)}" must be 2-64 characters of letters, digits and . @ _ -.`);
    }
    const rawDuration = getInput('role-session-expiration').trim() || '900';
    const durationSeconds = Number(rawDuration);
    if (!/^\d+$/.test(rawDuration) || durationSeconds < 900 || durationSeconds > 43200) {
        throw new errors/* InputError */.dz(`role-session-expiration "${(0,shared_text/* oneLine */.TN)(rawDuration, 40)}" must be a whole number of seconds from 900 to 43200 (the action renews the credentials if the wait lasts longer).`);
    }
    if (!env.ACTIONS_ID_TOKEN_REQUEST_URL || !env.ACTIONS_ID_TOKEN_REQUEST_TOKEN) {
        throw new errors/* InputError */.dz('role-to-assume needs a GitHub OIDC token, but this job cannot request one: add "permissions: id-token: write" to the workflow or job (and keep any other permissions it needs, e.g. contents: read).');
    }
    return {
        kind: 'oidc',
        roleArn,
        oidcProviderArn,
        audience,
        roleSessionName,
        durationSeconds,
        stsEndpoint: parseEndpoint(getInput('sts-endpoint') || 'sts.aliyuncs.com', 'sts-endpoint')
    };
}
function checkArn(name, value, kind, example) {
    if (!new RegExp(`^acs:ram::\\d+:${kind}/[^\\s/]+$`).test(value)) {
        throw new errors/* InputError */.dz(`${name} "${(0,shared_text/* oneLine */.TN)(value, 80)}" is not a RAM ${kind} ARN: expected the form ${example}.`);
    }
}
function takeWhole(values, names, kind) {
    const id = values.id.trim();
    const secret = values.secret.trim();
    const token = values.token.trim();
    if (!id && !secret && !token)
        return undefined;
    if (!id || !secret) {
        const missing = !id ? names.id : names.secret;
        const given = [id && names.id, secret && names.secret, token && names.token].filter(Boolean);
        throw new errors/* InputError */.dz(`The ${kind} ${given.join(' and ')} ${given.length > 1 ? 'are' : 'is'} set but ${missing} is empty: set both ${names.id} and ${names.secret} from the same source.`);
    }
    if (!/^[\x21-\x7e]+$/.test(id)) {
        throw new errors/* InputError */.dz(`The ${kind} ${names.id} has spaces or unusual characters: check the value.`);
    }
    return token
        ? { accessKeyId: id, accessKeySecret: secret, securityToken: token }
        : { accessKeyId: id, accessKeySecret: secret };
}

;// CONCATENATED MODULE: ./src/inputs/task-ids.ts

const ANSWER_ID_FIELDS = ['RefreshTaskId', 'PreloadTaskId', 'PushTaskId', 'TaskId'];
const MAX_ID_DIGITS = 20;
function parseTaskIds(input) {
    const text = input.trim();
    if (text === '') {
        throw new errors/* InputError */.dz('task-ids is empty: pass the IDs a refresh or prefetch returned (e.g. "95248880,95248881") or its raw JSON answer.');
    }
    const tokens = text.startsWith('{') || text.startsWith('[') ? tokensFromJson(text) : splitList(text);
    const ids = [];
    const seen = new Set();
    for (const token of tokens) {
        checkId(token);
        if (!seen.has(token)) {
            seen.add(token);
            ids.push(token);
        }
    }
    if (ids.length === 0) {
        throw new errors/* InputError */.dz('task-ids holds no task ID: pass at least one ID such as "95248880".');
    }
    return ids;
}
function splitList(text) {
    return text.split(/[\s,]+/).filter((token) => token !== '');
}
function tokensFromJson(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new errors/* InputError */.dz(`task-ids looks like JSON but does not parse (${shorten(error.message, 80)}): pass a JSON array of IDs, the raw answer of RefreshDcdnObjectCaches/PreloadDcdnObjectCaches, or plain comma-separated IDs.`);
    }
    const items = Array.isArray(value) ? value : [value];
    return items.flatMap((item, index) => tokensFromJsonItem(item, Array.isArray(value) ? index : -1));
}
function tokensFromJsonItem(item, index) {
    const where = index >= 0 ? `task-ids[${index}]` : 'task-ids';
    if (typeof item === 'string')
        return splitList(item);
    if (typeof item === 'number')
        return [numberToken(item, where)];
    if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
        return tokensFromAnswer(item, where);
    }
    throw new errors/* InputError */.dz(`${where} is ${describeJson(item)}: each entry must be a task ID or a refresh/prefetch answer object.`);
}
function tokensFromAnswer(answer, where) {
    const body = answer.body;
    if (body !== null && typeof body === 'object' && !Array.isArray(body)) {
        const nested = ANSWER_ID_FIELDS.some((field) => field in body);
        if (nested)
            return tokensFromAnswer(body, `${where}.body`);
    }
    const tokens = [];
    let found = false;
    for (const field of ANSWER_ID_FIELDS) {
        const value = answer[field];
        if (value === undefined || value === null)
            continue;
        found = true;
        if (typeof value === 'string')
            tokens.push(...splitList(value));
        else if (typeof value === 'number')
            tokens.push(numberToken(value, `${where}.${field}`));
        else {
            throw new errors/* InputError */.dz(`${where}.${field} is ${describeJson(value)}: expected a comma-separated string of task IDs.`);
        }
    }
    if (!found) {
        throw new errors/* InputError */.dz(`${where} is a JSON object without ${ANSWER_ID_FIELDS.join(', ')}: pass the raw answer of RefreshDcdnObjectCaches or PreloadDcdnObjectCaches, or the IDs themselves.`);
    }
    return tokens;
}
function numberToken(value, where) {
    if (!Number.isSafeInteger(value) || value < 0) {
        throw new errors/* InputError */.dz(`${where} is the number ${String(value)}, which is not an exact task ID: quote task IDs as strings.`);
    }
    return String(value);
}
function checkId(token) {
    if (!/^\d+$/.test(token)) {
        throw new errors/* InputError */.dz(`task-ids has "${shorten(token)}", which is not a task ID: task IDs are decimal digits, separated by commas, spaces or newlines.`);
    }
    if (token.length > 1 && token.startsWith('0')) {
        throw new errors/* InputError */.dz(`task-ids has "${shorten(token)}" with a leading zero: DCDN task IDs never start with 0; check how the ID was produced.`);
    }
    if (token.length > MAX_ID_DIGITS) {
        throw new errors/* InputError */.dz(`task-ids has "${shorten(token)}" (${token.length} digits): DCDN task IDs have at most ${MAX_ID_DIGITS} digits.`);
    }
}
function describeJson(value) {
    if (value === null)
        return 'null';
    if (Array.isArray(value))
        return 'an array';
    return `a ${typeof value}`;
}
function shorten(token, max = 40) {
    const clean = Array.from(JSON.stringify(token).slice(1, -1));
    return clean.length > max ? `${clean.slice(0, max).join('')}\u2026` : clean.join('');
}

;// CONCATENATED MODULE: ./src/inputs/config.ts







const DEFAULT_COMMENT_TAG = 'dcdn-refresh-wait';
const ACCOUNT_RATE_LIMIT = 30;
function maskSecrets(getInput, env, setSecret) {
    const candidates = [
        getInput('access-key-secret'),
        getInput('security-token'),
        getInput('github-token')
    ];
    for (const family of ENV_CREDENTIAL_FAMILIES) {
        candidates.push(env[family.secret] ?? '', env[family.token] ?? '');
    }
    candidates.push(...proxyPasswords(env));
    for (const value of candidates) {
        if (value.trim() !== '')
            setSecret(value.trim());
    }
}
function proxyPasswords(env) {
    const found = [];
    for (const name of [
        'https_proxy',
        'HTTPS_PROXY',
        'http_proxy',
        'HTTP_PROXY',
        'all_proxy',
        'ALL_PROXY'
    ]) {
        const value = env[name]?.trim();
        if (!value)
            continue;
        try {
            const url = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(value) ? value : `http://${value}`);
            if (url.password)
                found.push(url.password, safeDecode(url.password));
        }
        catch {
        }
    }
    return found;
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
function readConfig(getInput, env) {
    const warnings = [];
    const product = readProduct(getInput);
    const endpoint = readEndpoint(getInput, product);
    const submission = readSubmission(getInput, product);
    const taskIds = getInput('task-ids').trim() === '' ? [] : parseTaskIds(getInput('task-ids'));
    if (taskIds.length === 0 && !submitsAnything(submission)) {
        throw new errors/* InputError */.dz('Nothing to do: task-ids, refresh-paths, refresh-directories and prefetch-paths are all empty; set task-ids to wait for tasks, or paths to refresh or prefetch and wait for.');
    }
    const wait = config_booleanInput(getInput, 'wait', true);
    if (!wait && !submitsAnything(submission)) {
        throw new errors/* InputError */.dz('wait is false but there is nothing to submit: set refresh-paths, refresh-directories or prefetch-paths, or let the step wait for task-ids.');
    }
    const auth = resolveAuth(getInput, env, warnings);
    const timeoutMs = durationInput(getInput, 'timeout', '20m', 100, 72 * 3_600_000);
    const pollIntervalMs = durationInput(getInput, 'poll-interval', '5s', 10, 3_600_000);
    const maxPollIntervalMs = durationInput(getInput, 'max-poll-interval', '30s', 10, 3_600_000);
    const requestTimeoutMs = durationInput(getInput, 'request-timeout', '10s', 10, 300_000);
    if (pollIntervalMs > maxPollIntervalMs) {
        throw new errors/* InputError */.dz(`poll-interval (${formatDuration(pollIntervalMs)}) is longer than max-poll-interval (${formatDuration(maxPollIntervalMs)}): raise max-poll-interval or lower poll-interval.`);
    }
    if (timeoutMs < pollIntervalMs) {
        throw new errors/* InputError */.dz(`timeout (${formatDuration(timeoutMs)}) is shorter than poll-interval (${formatDuration(pollIntervalMs)}): the action could poll only once; raise timeout.`);
    }
    const maxRequestsPerSecond = rateInput(getInput, warnings);
    const config = {
        taskIds,
        product,
        submission,
        wait,
        auth,
        endpoint,
        timeoutMs,
        pollIntervalMs,
        maxPollIntervalMs,
        requestTimeoutMs,
        maxRequestsPerSecond,
        failOnTimeout: config_booleanInput(getInput, 'fail-on-timeout', true),
        commentOnPr: config_booleanInput(getInput, 'comment-on-pr', false),
        commentTag: commentTagInput(getInput),
        githubToken: getInput('github-token').trim()
    };
    return { config, warnings };
}
function durationInput(getInput, name, fallback, minMs, maxMs) {
    const raw = getInput(name).trim() || fallback;
    const ms = parseDuration(raw);
    if (ms === undefined) {
        throw new errors/* InputError */.dz(`${name} "${(0,shared_text/* oneLine */.TN)(raw, 40)}" is not a duration: use a number of seconds or units ms, s, m, h such as "30s", "2m" or "1h30m".`);
    }
    if (ms < minMs || ms > maxMs) {
        throw new errors/* InputError */.dz(`${name} "${(0,shared_text/* oneLine */.TN)(raw, 40)}" is out of range: use a value from ${formatDuration(minMs)} to ${formatDuration(maxMs)}.`);
    }
    return ms;
}
function rateInput(getInput, warnings) {
    const raw = getInput('max-requests-per-second').trim() || '10';
    if (!/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > 1000) {
        throw new errors/* InputError */.dz(`max-requests-per-second "${(0,shared_text/* oneLine */.TN)(raw, 40)}" is not a whole number from 1 to 1000: the default 10 leaves room for other callers on the account's ${ACCOUNT_RATE_LIMIT} calls per second.`);
    }
    const rate = Number(raw);
    if (rate > ACCOUNT_RATE_LIMIT) {
        warnings.push(`max-requests-per-second is ${rate}, above the account limit of ${ACCOUNT_RATE_LIMIT} calls per second that every caller on the account shares: expect throttling (it is retried).`);
    }
    return rate;
}
function commentTagInput(getInput) {
    const raw = getInput('comment-tag').trim();
    if (raw === '')
        return DEFAULT_COMMENT_TAG;
    if (!/^[A-Za-z0-9._-]{1,64}$/.test(raw)) {
        throw new errors/* InputError */.dz(`comment-tag "${(0,shared_text/* oneLine */.TN)(raw, 40)}" may hold only letters, digits, ".", "_" and "-" (at most 64): it names the hidden marker that finds this job's pull request comment, e.g. "prefetch".`);
    }
    return raw;
}
function config_booleanInput(getInput, name, fallback) {
    const raw = getInput(name).trim();
    if (raw === '')
        return fallback;
    if (['true', 'True', 'TRUE'].includes(raw))
        return true;
    if (['false', 'False', 'FALSE'].includes(raw))
        return false;
    throw new errors/* InputError */.dz(`${name} is "${(0,shared_text/* oneLine */.TN)(raw, 40)}": use true or false.`);
}

;// CONCATENATED MODULE: ./src/report/outputs.ts
const OUTPUT_NAMES = [
    'status',
    'submitted-task-ids',
    'results',
    'complete-task-ids',
    'failed-task-ids',
    'pending-task-ids',
    'results-file',
    'comment-id'
];
const RESULTS_OUTPUT_BUDGET = 900 * 1024;
function resultsOutput(results, budget = RESULTS_OUTPUT_BUDGET) {
    if (resultsJsonFloorBytes(results) <= budget) {
        const full = JSON.stringify(results);
        if (Buffer.byteLength(full) <= budget)
            return { value: full, note: undefined };
    }
    const compact = results.map((r) => r.Status === 'Complete' ? { TaskId: r.TaskId, Status: r.Status } : r);
    const compactJson = JSON.stringify(compact);
    if (Buffer.byteLength(compactJson) <= budget) {
        return {
            value: compactJson,
            note: `The results output lists Complete tasks with TaskId and Status only, to stay under GitHub's 1 MB output limit; the file named by the results-file output has every field of every task.`
        };
    }
    const kept = [];
    let size = 2;
    for (const entry of compact) {
        const json = JSON.stringify(entry);
        const bytes = Buffer.byteLength(json) + 1;
        if (size + bytes > budget)
            break;
        kept.push(json);
        size += bytes;
    }
    return {
        value: `[${kept.join(',')}]`,
        note: `The results output holds the first ${kept.length} of ${results.length} tasks, to stay under GitHub's 1 MB output limit; the file named by the results-file output has them all.`
    };
}
function resultsJsonFloorBytes(results) {
    const FIXED_PER_ENTRY = 106;
    let bytes = 0;
    for (const r of results) {
        bytes += FIXED_PER_ENTRY + r.TaskId.length + r.Status.length + r.Process.length;
        bytes +=
            r.ObjectType.length + r.ObjectPath.length + r.CreationTime.length + r.Description.length;
    }
    return bytes;
}
function* resultsJsonLines(results) {
    yield '[';
    for (const [i, result] of results.entries()) {
        yield JSON.stringify(result) + (i < results.length - 1 ? ',' : '');
    }
    yield ']';
}

;// CONCATENATED MODULE: ./src/report/submitted-ending.ts
function submittedEnding(product, ids, submitted) {
    const mine = new Set(submitted);
    const results = ids.map((id) => ({
        TaskId: id,
        Status: 'Pending',
        Process: '',
        ObjectType: '',
        ObjectPath: '',
        CreationTime: '',
        Description: mine.has(id)
            ? 'submitted by this step; not waited for (wait: false)'
            : 'not checked (wait: false)'
    }));
    const n = submitted.length;
    const tasks = `${n} ${product.name} ${n === 1 ? 'task' : 'tasks'}`;
    const summary = [
        `### \ud83d\udce4 Submitted ${tasks}, not waiting for them`,
        '',
        `\`wait\` is false. The \`submitted-task-ids\` output has the IDs, for a later step to wait on with \`task-ids\`: ${submitted.join(', ')}.`,
        ''
    ].join('\n');
    return {
        status: 'submitted',
        verdict: {
            status: 'timed-out',
            results,
            completeIds: [],
            failedIds: [],
            pendingIds: [...ids]
        },
        summary,
        message: `Submitted ${tasks} (${submitted.join(',')}); not waiting for them (wait: false).`
    };
}

;// CONCATENATED MODULE: ./src/report/write-outputs.ts


async function writeOutputs(io, verdict, extra = {}) {
    const { results } = verdict;
    const { value, note } = resultsOutput(results);
    if (note)
        io.warning(note);
    io.setOutput('status', verdict.status);
    io.setOutput('results', value);
    io.setOutput('results-file', await resultsFile(io, verdict));
    io.setOutput('complete-task-ids', verdict.completeIds.join(','));
    io.setOutput('failed-task-ids', verdict.failedIds.join(','));
    io.setOutput('pending-task-ids', verdict.pendingIds.join(','));
    for (const [name, text] of Object.entries(extra))
        io.setOutput(name, text ?? '');
    return { resultsComplete: note === undefined };
}
async function resultsFile(io, verdict) {
    try {
        return await io.writeResultsFile(resultsJsonLines(verdict.results));
    }
    catch (error) {
        io.warning(`The results file could not be written (${(0,shared_text/* oneLine */.TN)(error.message, 200)}): the results output and the job summary still have the results.`);
        return '';
    }
}

;// CONCATENATED MODULE: ./src/alibaba/dcdn-client.ts



class DcdnClient {
    api;
    product;
    constructor(options) {
        this.product = options.product ?? DCDN;
        this.api =
            'api' in options
                ? options.api
                : new OpenApiClient({ ...options, service: this.product.name });
    }
    get requestsSent() {
        return this.api.requestsSent;
    }
    get answered() {
        return this.api.answered;
    }
    async describeTasks(ids) {
        const request = productRequest(this.product, 'describeTasks', { TaskId: ids.join(',') });
        return this.api.call(request, {
            ramAction: ramAction(this.product, 'describeTasks'),
            read: (answer) => readTasks(answer, ids)
        });
    }
}
function readTasks(answer, ids) {
    const { body, requestId } = answer;
    if (!Array.isArray(body.Tasks))
        throw new IncompleteAnswer('answer without a Tasks list');
    const asked = new Set(ids);
    const tasks = body.Tasks.map(toTask).filter((task) => task !== undefined && asked.has(task.TaskId));
    return { tasks, requestId };
}
function toTask(value) {
    if (value === null || typeof value !== 'object')
        return undefined;
    const raw = value;
    const TaskId = answer_text(raw.TaskId);
    if (!TaskId)
        return undefined;
    return {
        TaskId,
        Status: answer_text(raw.Status),
        Process: answer_text(raw.Process),
        ObjectType: answer_text(raw.ObjectType),
        ObjectPath: answer_text(raw.ObjectPath),
        CreationTime: answer_text(raw.CreationTime),
        Description: answer_text(raw.Description)
    };
}

;// CONCATENATED MODULE: ./src/alibaba/rate-limiter.ts
const SEND_JITTER_MS = 50;
const BACKOFF_FACTOR = 0.5;
const INCREASE_PER_SECOND = 0.5;
const COOLDOWN_MS = 1000;
const SEND_MEMORY_MS = 15_000;
const MIN_RATE = 0.5;
const MAX_PAUSE_MS = 60_000;
class RateLimiter {
    ceiling;
    clock;
    sleep;
    rate;
    lastSendAt = Number.NEGATIVE_INFINITY;
    lastCutAt = Number.NEGATIVE_INFINITY;
    pausedUntil = Number.NEGATIVE_INFINITY;
    sent = [];
    waiting = [];
    pumping = false;
    constructor(perSecond, clock, sleep) {
        this.ceiling = perSecond;
        this.rate = perSecond;
        this.clock = clock;
        this.sleep = sleep;
    }
    get callsPerSecond() {
        return this.rate;
    }
    onThrottle(retryAfterMs) {
        const now = this.clock();
        if (retryAfterMs !== undefined && retryAfterMs > 0) {
            this.pausedUntil = Math.max(this.pausedUntil, now + Math.min(retryAfterMs, MAX_PAUSE_MS));
        }
        const sentAt = this.answered(now);
        if (sentAt === undefined ? now - this.lastCutAt < COOLDOWN_MS : sentAt <= this.lastCutAt) {
            return;
        }
        this.lastCutAt = now;
        this.rate = Math.max(Math.min(MIN_RATE, this.ceiling), this.rate * BACKOFF_FACTOR);
    }
    onSuccess() {
        this.answered(this.clock());
        this.rate = Math.min(this.ceiling, this.rate + INCREASE_PER_SECOND / this.rate);
    }
    answered(now) {
        while ((this.sent[0] ?? now) < now - SEND_MEMORY_MS)
            this.sent.shift();
        return this.sent.shift();
    }
    acquire() {
        return new Promise((go, fail) => {
            this.waiting.push({ go, fail });
            if (!this.pumping)
                void this.pump();
        });
    }
    async pump() {
        this.pumping = true;
        try {
            while (this.waiting.length > 0) {
                const spacing = (1000 + SEND_JITTER_MS) / this.rate;
                const due = Math.max(this.lastSendAt + spacing, this.pausedUntil);
                const now = this.clock();
                if (now < due) {
                    await this.sleep(due - now);
                    continue;
                }
                this.lastSendAt = now;
                this.sent.push(now);
                if (this.sent.length > 1000)
                    this.sent.shift();
                this.waiting.shift()?.go();
            }
        }
        catch (error) {
            for (const waiter of this.waiting.splice(0))
                waiter.fail(error);
        }
        finally {
            this.pumping = false;
        }
    }
}

;// CONCATENATED MODULE: ./src/shared/plural.ts
function plural_formatCount(count) {
    if (!Number.isSafeInteger(count))
        return count.toLocaleString('en-US');
    return String(count).replace(/\B(?=(\d{3})+$)/g, ',');
}
function plural(count, singular, pluralForm = `${singular}s`) {
    return `${plural_formatCount(count)} ${count === 1 ? singular : pluralForm}`;
}
function word(count, singular, pluralForm = `${singular}s`) {
    return count === 1 ? singular : pluralForm;
}

;// CONCATENATED MODULE: ./src/wait/task.ts
const TERMINAL_STATUSES = new Set(['Complete', 'Failed']);
const NOT_FOUND = 'NotFound';

;// CONCATENATED MODULE: ./src/wait/percent.ts
function percent(process) {
    const value = Number.parseFloat(process);
    return Number.isFinite(value) ? Math.min(100, Math.max(0, value)) : 0;
}

;// CONCATENATED MODULE: ./src/wait/status.ts
const KNOWN = ['Complete', 'Failed', 'Pending', 'Refreshing'];
const EXACT = new Set(KNOWN);
const BY_KEY = new Map(KNOWN.map((name) => [name.toLowerCase(), name]));
function canonicalStatus(status) {
    if (EXACT.has(status))
        return status;
    return BY_KEY.get(status.trim().toLowerCase()) ?? status;
}
function isKnownStatus(status) {
    return BY_KEY.has(status.trim().toLowerCase());
}
function statusKind(status) {
    const name = canonicalStatus(status);
    return name === 'Complete' ? 'complete' : name === 'Failed' ? 'failed' : 'open';
}
const MAX_UNKNOWN_STATUSES = 10;
class UnknownStatuses {
    seen = new Set();
    note(status) {
        if (this.seen.size < MAX_UNKNOWN_STATUSES && !isKnownStatus(status))
            this.seen.add(status);
    }
    list() {
        return [...this.seen];
    }
}

;// CONCATENATED MODULE: ./src/report/progress-line.ts






function progressLine(report) {
    const total = report.states.length;
    const counts = new Map();
    let refreshingPercent = 0;
    let unseen = 0;
    const { states } = report;
    for (let i = 0; i < states.length; i++) {
        const task = states[i].task;
        if (task === undefined) {
            unseen += 1;
            continue;
        }
        const status = canonicalStatus(task.Status);
        counts.set(status, (counts.get(status) ?? 0) + 1);
        if (status === 'Refreshing')
            refreshingPercent += percent(task.Process);
    }
    const complete = counts.get('Complete') ?? 0;
    const parts = [`${complete}/${total} complete`];
    const refreshing = counts.get('Refreshing') ?? 0;
    if (refreshing)
        parts.push(`${refreshing} refreshing (avg ${Math.round(refreshingPercent / refreshing)}%)`);
    const pending = (counts.get('Pending') ?? 0) + unseen;
    if (pending)
        parts.push(`${pending} pending`);
    if (counts.get('Failed'))
        parts.push(`${counts.get('Failed')} failed`);
    if (counts.get(NOT_FOUND))
        parts.push(`${counts.get(NOT_FOUND)} not found`);
    for (const [status, count] of counts) {
        if (!progress_line_KNOWN.has(status))
            parts.push(`${count} "${(0,shared_text/* oneLine */.TN)(status, 40)}"`);
    }
    let line = `[${formatElapsed(report.elapsedMs)}] ${parts.join(', ')}`;
    if (report.failedCalls) {
        line += ` (${report.failedCalls} of ${plural(report.calls, 'call')} failed after retries: ${report.lastError ?? 'unknown error'})`;
    }
    return line;
}
const progress_line_KNOWN = new Set(['Complete', 'Refreshing', 'Pending', 'Failed', NOT_FOUND]);
function requestIdLine(round, requestIds) {
    const shown = requestIds.slice(0, 20).join(', ');
    const more = requestIds.length > 20 ? ` and ${requestIds.length - 20} more` : '';
    return `round ${round} request IDs: ${shown}${more}`;
}

;// CONCATENATED MODULE: ./src/wait/backoff.ts
function pollDelay(round, minMs, maxMs, random) {
    const base = minMs * 1.5 ** round;
    const jittered = round === 0 ? base : base * (0.9 + random() * 0.2);
    return Math.min(maxMs, Math.max(minMs, jittered));
}

;// CONCATENATED MODULE: ./src/wait/schedule/plain.ts

function plainSchedule(kind, bounds, random) {
    let rounds = 0;
    const delay = () => kind === 'fixed' ? bounds.minMs : pollDelay(rounds - 1, bounds.minMs, bounds.maxMs, random);
    return {
        startRound: (open) => ({
            ids: open,
            observe: () => undefined,
            finish: () => {
                rounds += 1;
                return { delayMs: delay(), forecastAt: undefined };
            }
        })
    };
}

;// CONCATENATED MODULE: ./src/wait/schedule/hold-back.ts
const IDS_PER_CALL = 10;
const CROWD_SHARE = 0.9;
function sweepMs(ids, callMs) {
    return Math.max(0, Math.ceil(ids / IDS_PER_CALL) - 1) * callMs;
}
function sweepBy(gate, pollMs, deadline, lastSweepMs) {
    return Math.min(gate.at + pollMs, deadline - lastSweepMs);
}
function crowdDoneAt(doneAt) {
    if (doneAt.length === 0)
        return Number.POSITIVE_INFINITY;
    const sorted = doneAt.slice().sort();
    return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * CROWD_SHARE) - 1)];
}

;// CONCATENATED MODULE: ./src/wait/schedule/choose.ts

class RoundChoice {
    now;
    horizon;
    capacity;
    learn = [];
    holders = [];
    swept = [];
    ripe = [];
    idle = new Best(IDS_PER_CALL);
    checking = false;
    sweptCutoff = Number.POSITIVE_INFINITY;
    ripeCutoff = Number.POSITIVE_INFINITY;
    constructor(now, windowMs, capacity) {
        this.now = now;
        this.horizon = now + windowMs;
        this.capacity = capacity;
    }
    offer(id, due, readAt, doneAt) {
        const { reason, at, by } = due;
        let list;
        if (reason === 'learn' && at <= this.horizon)
            list = this.learn;
        else if (reason === 'check') {
            list = this.holders;
            this.checking ||= at <= this.horizon;
        }
        else if (by <= this.horizon || (reason === 'sweep' && at <= this.horizon))
            list = this.swept;
        else if (reason === 'ripe' && at <= this.now)
            list = this.ripe;
        else if (!this.idle.wants(doneAt))
            return;
        if (list === this.swept && readAt >= this.sweptCutoff)
            return;
        if (list === this.ripe && doneAt >= this.ripeCutoff)
            return;
        const kept = { id, readAt, doneAt };
        if (!list) {
            this.idle.offer(kept);
            return;
        }
        list.push(kept);
        if (list.length > 2 * this.capacity + IDS_PER_CALL) {
            if (list === this.swept)
                list.sort(byReadAt);
            else if (list === this.ripe)
                list.sort(byDoneAt);
            else
                return;
            list.length = this.capacity + IDS_PER_CALL;
            const last = list[list.length - 1];
            if (list === this.swept)
                this.sweptCutoff = last.readAt;
            else
                this.ripeCutoff = last.doneAt;
        }
    }
    pick() {
        const { learn, holders, swept, ripe, capacity } = this;
        swept.sort(byReadAt);
        ripe.sort(byDoneAt);
        const full = ripe.length - (ripe.length % IDS_PER_CALL);
        const chosen = new Set();
        const take = (c) => {
            if (chosen.size < capacity)
                chosen.add(c.id);
        };
        learn.forEach(take);
        if (this.checking)
            holders.forEach(take);
        swept.forEach(take);
        ripe.slice(0, full).forEach(take);
        const room = chosen.size === 0
            ? IDS_PER_CALL
            : (IDS_PER_CALL - (chosen.size % IDS_PER_CALL)) % IDS_PER_CALL;
        if (room > 0) {
            const left = new Best(room);
            const rest = [...this.idle.list, ...ripe.slice(full), ...swept];
            if (!this.checking)
                rest.push(...holders);
            for (const c of rest)
                if (!chosen.has(c.id))
                    left.offer(c);
            for (const c of left.list)
                chosen.add(c.id);
        }
        return chosen;
    }
}
const byReadAt = (a, b) => a.readAt - b.readAt;
const byDoneAt = (a, b) => a.doneAt - b.doneAt;
function chooseIds(candidates, now, windowMs, capacity) {
    const choice = new RoundChoice(now, windowMs, capacity);
    for (const c of candidates)
        choice.offer(c.id, c.due, c.readAt, c.doneAt);
    return choice.pick();
}
class Best {
    list = [];
    size;
    constructor(size) {
        this.size = size;
    }
    wants(doneAt) {
        return this.list.length < this.size || doneAt < (this.list.at(-1)?.doneAt ?? Infinity);
    }
    offer(c) {
        const { list } = this;
        if (!this.wants(c.doneAt))
            return;
        let i = list.length;
        while (i > 0 && (list[i - 1]?.doneAt ?? -Infinity) > c.doneAt)
            i--;
        list.splice(i, 0, c);
        if (list.length > this.size)
            list.pop();
    }
}
class NextDue {
    earliest = Number.POSITIVE_INFINITY;
    ripening = [];
    offer(due) {
        this.earliest = Math.min(this.earliest, due.by);
        if (due.reason !== 'ripe') {
            this.earliest = Math.min(this.earliest, due.at);
            return;
        }
        const { ripening } = this;
        if (ripening.length === IDS_PER_CALL && due.at >= ripening.at(-1))
            return;
        let i = ripening.length;
        while (i > 0 && ripening[i - 1] > due.at)
            i--;
        ripening.splice(i, 0, due.at);
        if (ripening.length > IDS_PER_CALL)
            ripening.pop();
    }
    get at() {
        const tenth = this.ripening[IDS_PER_CALL - 1];
        return tenth === undefined ? this.earliest : Math.min(this.earliest, tenth);
    }
}
function nextDueAt(dues) {
    const next = new NextDue();
    for (const due of dues)
        next.offer(due);
    return next.at;
}

;// CONCATENATED MODULE: ./src/wait/schedule/readings.ts

const MIN_MOVES = 1;
function nextTrack(track, task, at) {
    const reads = (track?.reads ?? 0) + 1;
    const jumpy = track?.jumpy ?? false;
    if (task.Status !== 'Refreshing') {
        return restart(at, reads, undefined, track?.step, jumpy);
    }
    const point = { at, percent: percent(task.Process) };
    const { first, last } = track ?? {};
    if (!track || !first || !last)
        return restart(at, reads, point, track?.step, jumpy);
    if (point.percent < last.percent)
        return restart(at, reads, point, track.step, true);
    const rise = point.percent - last.percent;
    const step = rise > 0 ? Math.min(track.step ?? rise, rise) : track.step;
    const moves = track.moves + (rise > 0 ? 1 : 0);
    const flat = track.flat || rise === 0;
    const uneven = flat &&
        track.step !== undefined &&
        rise > 0 &&
        !(rise >= track.step ? wholeSteps(rise, track.step) : wholeSteps(track.step, rise));
    let { slowest, fastest } = track;
    if (step !== undefined) {
        for (const from of [last, first]) {
            const span = at - from.at;
            if (span <= 0)
                continue;
            slowest = Math.max(slowest, (point.percent - from.percent - step - 1) / span);
            fastest = Math.min(fastest, (point.percent - from.percent + step + 1) / span);
        }
    }
    if (slowest > fastest || uneven) {
        return { ...restart(at, reads, last, step, true), last: point, moves: rise > 0 ? 1 : 0 };
    }
    return { readAt: at, reads, first, last: point, step, moves, flat, slowest, fastest, jumpy };
}
function wholeSteps(rise, step) {
    const count = Math.round(rise / step);
    return count >= 1 && Math.abs(rise - count * step) <= count;
}
function restart(at, reads, point, step, jumpy) {
    return {
        readAt: at,
        reads,
        first: point,
        last: point,
        step,
        moves: 0,
        flat: false,
        slowest: 0,
        fastest: Number.POSITIVE_INFINITY,
        jumpy
    };
}
function isSteady(track) {
    return !track.jumpy && track.moves >= MIN_MOVES && Number.isFinite(track.fastest);
}
function notBefore(track) {
    const { last, step } = track;
    if (!last || step === undefined || !isSteady(track))
        return track.readAt;
    const left = 100 - last.percent - step - 1;
    return left <= 0 ? track.readAt : last.at + left / track.fastest;
}
function expectedDone(track) {
    const { first, last } = track;
    if (!first || !last || last.at <= first.at || last.percent <= first.percent)
        return undefined;
    const rate = (last.percent - first.percent) / (last.at - first.at);
    const left = Math.max(0, 100 - last.percent - (track.step ?? 1) / 2);
    return Math.max(notBefore(track), last.at + left / rate);
}

;// CONCATENATED MODULE: ./src/wait/schedule/due.ts

const LEARN_READS = 2;
const MIN_RECHECK_SHARE = 0.2;
function dueOf(track, holder, ctx, into = { at: 0, reason: 'sweep', by: 0 }) {
    const by = ctx.sweepBy;
    into.by = by;
    into.reason = 'sweep';
    into.at = by;
    if (!track) {
        into.at = Math.min(ctx.crowdAt, by);
        return into;
    }
    const done = expectedDone(track);
    const soonest = track.readAt + ctx.pollMs * MIN_RECHECK_SHARE;
    if (holder) {
        const halfway = (notBefore(track) - track.readAt) / 2;
        const check = track.readAt + Math.min(ctx.maxMs, Math.max(ctx.pollMs, halfway));
        into.reason = 'check';
        into.at = done === undefined ? check : Math.min(check, Math.max(done, soonest));
    }
    else if (ctx.learning && track.reads < LEARN_READS) {
        into.reason = 'learn';
        into.at = track.readAt + ctx.pollMs;
    }
    else if (ctx.probing && done === undefined) {
        into.reason = 'learn';
        into.at = track.readAt + Math.min(ctx.maxMs, ctx.pollMs * 1.5 ** Math.max(0, track.reads - 1));
    }
    else if (done !== undefined) {
        into.reason = 'ripe';
        into.at = Math.max(done, soonest);
    }
    return into;
}

;// CONCATENATED MODULE: ./src/wait/schedule/gate.ts

function gateOf(ids, trackOf, openSeenAt, holders, nearMs) {
    const top = [];
    for (let k = 0; k < ids.length; k++) {
        const id = ids[k];
        const track = trackOf(id);
        if (!track || !isSteady(track))
            continue;
        const at = notBefore(track);
        if (top.length === holders && at <= (top.at(-1)?.at ?? Infinity))
            continue;
        let i = top.length;
        while (i > 0 && (top[i - 1]?.at ?? Infinity) < at)
            i--;
        top.splice(i, 0, { id, at });
        if (top.length > holders)
            top.pop();
    }
    const best = top[0];
    const bounded = best !== undefined && best.at > openSeenAt;
    const near = top.filter((h) => h.at >= (best?.at ?? 0) - nearMs);
    return { at: bounded ? best.at : openSeenAt, bounded, holders: near.map((h) => h.id) };
}

;// CONCATENATED MODULE: ./src/wait/schedule/next-delay.ts
function nextDelay(earliestDue, now, maxMs) {
    return Math.min(maxMs, Math.max(0, earliestDue - now));
}

;// CONCATENATED MODULE: ./src/wait/schedule/progress.ts







const PROBE = 100;
const HOLDERS = IDS_PER_CALL;
const WINDOW_SHARE = 0.25;
const DEFAULT_CALLS_PER_SECOND = 10;
class ProgressSchedule {
    bounds;
    tracks = new Map();
    openSeenAt = Number.NEGATIVE_INFINITY;
    unansweredAt = Number.NEGATIVE_INFINITY;
    callMs;
    floorCallMs;
    probe = new Map();
    version = 0;
    outlook;
    constructor(bounds) {
        this.bounds = bounds;
        this.floorCallMs = bounds.callsPerSecond ? 1000 / bounds.callsPerSecond : 0;
        this.callMs = 1000 / (bounds.callsPerSecond ?? DEFAULT_CALLS_PER_SECOND);
    }
    startRound(open, now) {
        const capacity = Math.max(IDS_PER_CALL, Math.floor(this.bounds.minMs / Math.max(1, this.callMs)) * IDS_PER_CALL);
        const final = now >= (this.bounds.deadline ?? Number.POSITIVE_INFINITY);
        const choice = new RoundChoice(now, final ? 0 : this.bounds.minMs * WINDOW_SHARE, capacity);
        this.choose(open, now, final, choice);
        const chosen = choice.pick();
        const ids = chosen.size === open.length ? open : open.filter((id) => chosen.has(id));
        return new ProgressRound(this, ids, now);
    }
    record(id, task, at) {
        this.version += 1;
        const finished = TERMINAL_STATUSES.has(task.Status);
        if (this.probe.has(id) || this.probe.size < PROBE) {
            this.probe.set(id, finished ? at : undefined);
        }
        if (finished) {
            this.tracks.delete(id);
            return;
        }
        this.openSeenAt = Math.max(this.openSeenAt, at);
        this.tracks.set(id, nextTrack(this.tracks.get(id), task, at));
    }
    end(round, open, now) {
        if (round.pace !== undefined)
            this.callMs = Math.max(this.floorCallMs, round.pace);
        if (round.unanswered) {
            this.unansweredAt = round.startedAt;
            this.version += 1;
        }
        if (this.tracks.size > open.length)
            this.prune(open);
        const context = this.context(open, now);
        const next = new NextDue();
        const due = { at: 0, reason: 'sweep', by: 0 };
        for (let i = 0; i < open.length; i++) {
            const id = open[i];
            const ctx = this.probe.has(id) ? context.forProbe : context;
            next.offer(dueOf(this.tracks.get(id), context.holders.has(id), ctx, due));
        }
        return {
            delayMs: nextDelay(next.at, now, this.bounds.maxMs),
            forecastAt: this.lastForecast(open)
        };
    }
    lastForecast(open) {
        let last;
        for (const id of open) {
            const track = this.tracks.get(id);
            const done = track && expectedDone(track);
            if (done === undefined)
                return undefined;
            last = Math.max(last ?? done, done);
        }
        return last;
    }
    context(open, now) {
        const outlook = this.outlookFor(open);
        const learning = outlook.due.sweepBy <= now + this.bounds.minMs;
        const probing = sweepMs(outlook.unasked, this.callMs) > this.bounds.maxMs;
        const forProbe = { ...outlook.due, learning, probing };
        return { ...outlook.due, learning, holders: outlook.holders, forProbe };
    }
    choose(open, now, final, choice) {
        const context = this.context(open, now);
        const due = { at: now, reason: 'sweep', by: now };
        for (let i = 0; i < open.length; i++) {
            const id = open[i];
            const track = this.tracks.get(id);
            const readAt = track?.readAt ?? Number.NEGATIVE_INFINITY;
            const ctx = this.probe.has(id) ? context.forProbe : context;
            if (!final)
                dueOf(track, context.holders.has(id), ctx, due);
            const forecast = due.reason === 'ripe' || due.reason === 'check';
            const guess = track ? readAt + this.bounds.maxMs : Number.POSITIVE_INFINITY;
            choice.offer(id, due, readAt, forecast ? due.at : guess);
        }
    }
    outlookFor(open) {
        const cached = this.outlook;
        if (cached?.version === this.version && cached.open === open.length)
            return cached;
        const { minMs, maxMs } = this.bounds;
        const { tracks } = this;
        const trackOf = (id) => tracks.get(id);
        const seenOpenAt = Math.max(this.openSeenAt, this.unansweredAt);
        const gate = gateOf(open, trackOf, seenOpenAt, HOLDERS, maxMs);
        const deadline = this.bounds.deadline ?? Number.POSITIVE_INFINITY;
        const by = sweepBy(gate, minMs, deadline, sweepMs(open.length, this.callMs));
        const doneAt = new Float64Array(this.probe.size);
        let i = 0;
        for (const [id, finishedAt] of this.probe) {
            const track = finishedAt === undefined ? tracks.get(id) : undefined;
            doneAt[i++] = finishedAt ?? (track && expectedDone(track)) ?? Number.POSITIVE_INFINITY;
        }
        let unasked = 0;
        for (let k = 0; k < open.length; k++)
            if (!tracks.has(open[k]))
                unasked += 1;
        const crowdAt = crowdDoneAt(doneAt);
        this.outlook = {
            version: this.version,
            open: open.length,
            gate,
            holders: new Set(gate.holders),
            unasked,
            due: { sweepBy: by, crowdAt, pollMs: minMs, maxMs }
        };
        return this.outlook;
    }
    prune(open) {
        const keep = new Set(open);
        for (const id of this.tracks.keys())
            if (!keep.has(id))
                this.tracks.delete(id);
    }
}
class ProgressRound {
    ids;
    schedule;
    startedAt;
    answered = new Set();
    answers = 0;
    firstAt = Number.NaN;
    lastAt = Number.NaN;
    constructor(schedule, ids, startedAt) {
        this.schedule = schedule;
        this.ids = ids;
        this.startedAt = startedAt;
    }
    observe(id, task, at) {
        this.answered.add(id);
        if (at !== this.lastAt) {
            if (this.answers === 0)
                this.firstAt = at;
            this.lastAt = at;
            this.answers += 1;
        }
        this.schedule.record(id, task, at);
    }
    finish(open, now) {
        const pace = this.answers >= 3 ? (this.lastAt - this.firstAt) / (this.answers - 1) : undefined;
        const unanswered = this.answered.size < this.ids.length;
        return this.schedule.end({ startedAt: this.startedAt, unanswered, pace }, open, now);
    }
}

;// CONCATENATED MODULE: ./src/wait/schedule.ts


function createSchedule(name, bounds, random) {
    return name === 'progress' ? new ProgressSchedule(bounds) : plainSchedule(name, bounds, random);
}

;// CONCATENATED MODULE: ./src/wait/answer.ts



const MISSING_LIMIT = 3;
function applyAnswer(batch, tasks, observe, noteStatus = () => undefined) {
    for (const task of tasks)
        noteStatus(task.Status);
    const byId = rowsById(tasks);
    for (const state of batch) {
        const rows = byId.get(state.id);
        if (rows) {
            state.rows = mergeRows(state.id, state.rows, rows);
            const summary = summaryRow(state.rows);
            state.task = summary;
            state.missingCount = 0;
            state.terminal = state.rows.every(isTerminalRow);
            if (summary) {
                const status = canonicalStatus(summary.Status);
                observe(state.id, status === summary.Status ? summary : { ...summary, Status: status });
            }
            continue;
        }
        state.missingCount += 1;
        if (state.missingCount >= MISSING_LIMIT) {
            state.rows = notFoundRows(state);
            state.task = summaryRow(state.rows);
            state.terminal = true;
        }
    }
}
function settle(state, row) {
    state.rows = [row];
    state.task = row;
    state.missingCount = 0;
    state.terminal = true;
}
function isTerminalRow(row) {
    return statusKind(row.Status) !== 'open';
}
function rowsById(tasks) {
    const byId = new Map();
    for (const task of tasks) {
        const rows = byId.get(task.TaskId);
        if (rows)
            rows.push(task);
        else
            byId.set(task.TaskId, [task]);
    }
    for (const [id, rows] of byId)
        if (rows.length > 1)
            byId.set(id, uniquePaths(rows));
    return byId;
}
function uniquePaths(rows) {
    const first = new Map();
    for (const row of rows) {
        const seen = first.get(row.ObjectPath);
        if (!seen || !isTerminalRow(seen))
            first.set(row.ObjectPath, row);
    }
    return [...first.values()];
}
function mergeRows(id, previous, latest) {
    const before = byPath(previous);
    const merged = latest.map((row) => {
        const old = before(row.ObjectPath);
        const kept = old && isTerminalRow(old) && !isTerminalRow(row) ? old : row;
        return old && (kept === old || sameRow(old, kept)) ? old : sharing(id, old, kept);
    });
    if (previous.length > 0) {
        const listed = byPath(latest);
        for (const row of previous)
            if (isTerminalRow(row) && !listed(row.ObjectPath))
                merged.push(row);
    }
    const same = merged.length === previous.length && merged.every((row, i) => row === previous[i]);
    return same ? previous : merged;
}
function byPath(rows) {
    if (rows.length <= 8)
        return (path) => rows.find((row) => row.ObjectPath === path);
    const map = new Map(rows.map((row) => [row.ObjectPath, row]));
    return (path) => map.get(path);
}
function sharing(id, old, row) {
    const same = (a, b) => (a === b ? b : a);
    return {
        TaskId: same(row.TaskId, id),
        Status: common(row.Status),
        Process: common(row.Process),
        ObjectType: common(row.ObjectType),
        ObjectPath: same(row.ObjectPath, old?.ObjectPath),
        CreationTime: common(row.CreationTime),
        Description: same(row.Description, old?.Description)
    };
}
const COMMON = new Map();
const MAX_COMMON = 512;
function common(value) {
    if (value.length > 24)
        return value;
    const known = COMMON.get(value);
    if (known !== undefined)
        return known;
    if (COMMON.size < MAX_COMMON)
        COMMON.set(value, value);
    return value;
}
function sameRow(a, b) {
    return (a.TaskId === b.TaskId &&
        a.Status === b.Status &&
        a.Process === b.Process &&
        a.ObjectType === b.ObjectType &&
        a.ObjectPath === b.ObjectPath &&
        a.CreationTime === b.CreationTime &&
        a.Description === b.Description);
}
function summaryRow(rows) {
    const open = rows.filter((row) => !isTerminalRow(row));
    if (open.length === 0) {
        return rows.find((row) => statusKind(row.Status) === 'failed') ?? rows[0];
    }
    const waiting = open.find((row) => canonicalStatus(row.Status) !== 'Refreshing');
    if (waiting)
        return waiting;
    return open.reduce((least, row) => (percent(row.Process) < percent(least.Process) ? row : least));
}
function notFoundRows(state) {
    const why = `missing from ${MISSING_LIMIT} consecutive answers: wrong account or endpoint, or older than 3 days`;
    const blank = {
        TaskId: state.id,
        Status: NOT_FOUND,
        Process: '',
        ObjectType: '',
        ObjectPath: '',
        CreationTime: '',
        Description: why
    };
    if (state.rows.length === 0)
        return [blank];
    return state.rows.map((row) => isTerminalRow(row) ? row : { ...row, Status: NOT_FOUND, Description: why });
}

;// CONCATENATED MODULE: ./src/wait/bad-ids.ts

const BAD_ID_CODES = ['InvalidTime', 'InvalidTaskId.Malformed', 'InvalidTaskId'];
const DOCUMENTED = {
    InvalidTime: 'The query time cannot exceed the last 3 days.',
    'InvalidTaskId.Malformed': 'The specified TaskId is invalid.',
    InvalidTaskId: 'The maximum number of taskIds is 10.'
};
function isBadIdError(error) {
    return error instanceof errors/* ApiError */.hD && BAD_ID_CODES.includes(error.code);
}
function halves(batch) {
    const mid = Math.ceil(batch.length / 2);
    return [batch.slice(0, mid), batch.slice(mid)];
}
function refusalReason(error) {
    return `${error.code}: ${apiMessage(error)}`;
}
function refusedRow(id, error) {
    return {
        TaskId: id,
        Status: 'Failed',
        Process: '',
        ObjectType: '',
        ObjectPath: '',
        CreationTime: '',
        Description: refusalReason(error)
    };
}
function apiMessage(error) {
    const marker = `${error.code}: `;
    const from = error.message.indexOf(marker);
    const to = error.message.lastIndexOf(' (RequestId: ');
    if (from >= 0 && to > from + marker.length)
        return error.message.slice(from + marker.length, to);
    return DOCUMENTED[error.code] ?? error.message;
}

;// CONCATENATED MODULE: ./src/wait/poller.ts





const MAX_IDS_PER_CALL = 10;
const MAX_CALLS_IN_FLIGHT = 32;
async function poll(ids, deps, options, onRound = () => undefined) {
    const { clock, sleep, random } = deps;
    const start = clock();
    const states = ids.map((id) => ({
        id,
        rows: [],
        task: undefined,
        missingCount: 0,
        terminal: false
    }));
    let rounds = 0;
    let calls = 0;
    let lastError;
    const unknown = new UnknownStatuses();
    const finish = (end) => ({
        end,
        states,
        rounds,
        calls,
        elapsedMs: clock() - start,
        lastError,
        unknownStatuses: unknown.list()
    });
    const schedule = createSchedule(options.schedule ?? 'progress', {
        minMs: options.pollIntervalMs,
        maxMs: options.maxPollIntervalMs,
        deadline: options.deadline,
        ...(options.callsPerSecond ? { callsPerSecond: options.callsPerSecond } : {})
    }, random);
    const { signal } = options;
    const aborted = new Promise((resolve) => signal?.addEventListener('abort', () => resolve(ABORTED), { once: true }));
    let open = openIds(states);
    for (;;) {
        if (signal?.aborted)
            return finish('cancelled');
        const round = schedule.startRound(open, clock());
        const asking = pollRound(states, deps.api, clock, round, signal, unknown);
        asking.catch(() => undefined);
        let report;
        try {
            const first = await Promise.race([asking, aborted]);
            if (first === ABORTED)
                return finish('cancelled');
            report = first;
        }
        catch (error) {
            if (error instanceof errors/* CancelledError */.cc || signal?.aborted)
                return finish('cancelled');
            throw error;
        }
        rounds += 1;
        calls += report.calls;
        lastError = report.failedCalls > 0 ? report.lastError : undefined;
        open = openIds(states);
        const now = clock();
        const end = open.length === 0 || now >= options.deadline ? undefined : round.finish(open, now);
        const delay = end && Math.min(end.delayMs, options.deadline - now);
        onRound({
            ...report,
            round: rounds,
            elapsedMs: now - start,
            states,
            nextDelayMs: delay,
            forecastAt: end?.forecastAt,
            unknownStatuses: unknown.list()
        });
        if (open.length === 0)
            return finish('done');
        if (signal?.aborted)
            return finish('cancelled');
        if (delay === undefined)
            return finish('timed-out');
        try {
            await sleep(delay);
        }
        catch (error) {
            if (error instanceof errors/* CancelledError */.cc)
                return finish('cancelled');
            throw error;
        }
    }
}
const ABORTED = Symbol('aborted');
async function pollRound(states, api, clock, round, signal, unknown) {
    const asked = new Set(round.ids);
    const open = states.filter((state) => !state.terminal && asked.has(state.id));
    const batches = [];
    const queue = (states) => {
        for (let i = 0; i < states.length; i += MAX_IDS_PER_CALL) {
            batches.push(states.slice(i, i + MAX_IDS_PER_CALL));
        }
    };
    queue(open);
    const result = {
        calls: batches.length,
        failedCalls: 0,
        requestIds: [],
        lastError: undefined,
        ids: open.length
    };
    let next = 0;
    let stopped = false;
    const ask = async (batch) => {
        try {
            const answer = await api.describeTasks(batch.map((state) => state.id));
            const at = clock();
            result.requestIds.push(answer.requestId);
            applyAnswer(batch, answer.tasks, (id, task) => round.observe(id, task, at), (status) => unknown.note(status));
        }
        catch (error) {
            if (isBadIdError(error)) {
                const [only] = batch;
                if (batch.length === 1 && only) {
                    const row = refusedRow(only.id, error);
                    settle(only, row);
                    round.observe(only.id, row, clock());
                    return;
                }
                for (const half of halves(batch)) {
                    if (stopped || signal?.aborted)
                        return;
                    result.calls += 1;
                    await ask(half);
                }
                return;
            }
            if (!(error instanceof errors/* TransientError */.N_)) {
                stopped = true;
                throw error;
            }
            result.failedCalls += 1;
            result.lastError = error.message;
        }
    };
    const worker = async () => {
        while (!stopped && !signal?.aborted && next < batches.length) {
            await ask(batches[next++]);
        }
    };
    const workers = Math.min(MAX_CALLS_IN_FLIGHT, batches.length);
    await Promise.all(Array.from({ length: workers }, worker));
    return result;
}
function openIds(states) {
    let count = 0;
    for (let i = 0; i < states.length; i++)
        if (!states[i].terminal)
            count += 1;
    const open = new Array(count);
    let k = 0;
    for (let i = 0; i < states.length; i++) {
        const state = states[i];
        if (!state.terminal)
            open[k++] = state.id;
    }
    return open;
}

;// CONCATENATED MODULE: ./src/run/progress.ts



function startProgress(now) {
    return {
        started: now,
        states: undefined,
        rounds: 0,
        calls: 0,
        answered: 0,
        lastError: undefined,
        unknownStatuses: [],
        requestsSent: () => 0
    };
}
function record(progress, round) {
    progress.states = round.states;
    progress.rounds = round.round;
    progress.calls += round.calls;
    progress.answered += round.calls - round.failedCalls;
    progress.lastError = round.failedCalls > 0 ? round.lastError : undefined;
    if (round.unknownStatuses)
        progress.unknownStatuses = [...round.unknownStatuses];
}
function outcomeSoFar(ids, progress, now, end) {
    return {
        end,
        states: [...(progress.states ?? unansweredStates(ids))],
        rounds: progress.rounds,
        calls: progress.calls,
        elapsedMs: now - progress.started,
        lastError: progress.lastError,
        unknownStatuses: progress.unknownStatuses
    };
}
function unansweredStates(ids) {
    return ids.map((id) => ({ id, rows: [], task: undefined, missingCount: 0, terminal: false }));
}
function unanswered(config, outcome) {
    const why = outcome.lastError ? `: ${(0,shared_text/* oneLine */.TN)(outcome.lastError, 300)}` : '';
    return new errors/* ApiError */.hD(`No ${config.product.name} API call to ${config.endpoint.host} got an answer in ${formatElapsed(outcome.elapsedMs)}${why}`, {
        service: config.product.name,
        code: '',
        requestId: '',
        httpStatus: 0,
        hint: "check the endpoint input, the runner's network and proxy settings (HTTPS_PROXY, NO_PROXY); raising timeout will not help."
    });
}

;// CONCATENATED MODULE: ./src/run/calls.ts







async function connect(config, runtime, budget, deadline) {
    const { clock, random, io } = runtime;
    const { transport, sleep } = budget;
    const credentials = signingKeys(config.auth, {
        transport,
        requestTimeoutMs: config.requestTimeoutMs,
        clock,
        sleep,
        random,
        getIdToken: (audience) => runtime.getIdToken(audience),
        setSecret: (secret) => io.setSecret(secret)
    });
    await credentials.get();
    return new OpenApiClient({
        endpoint: config.endpoint,
        service: config.product.name,
        credentials,
        transport,
        limiter: new RateLimiter(config.maxRequestsPerSecond, clock, sleep),
        requestTimeoutMs: config.requestTimeoutMs,
        clock,
        sleep,
        random,
        deadline,
        debug: (line) => io.debug(line)
    });
}
async function waitForTasks(config, runtime, api, budget, deadline, progress) {
    const { clock, random, io } = runtime;
    const { sleep } = budget;
    const client = new DcdnClient({ api, product: config.product });
    const outcome = await poll(config.taskIds, { api: client, clock, sleep, random }, {
        pollIntervalMs: config.pollIntervalMs,
        maxPollIntervalMs: config.maxPollIntervalMs,
        deadline,
        signal: runtime.signal,
        callsPerSecond: config.maxRequestsPerSecond
    }, (round) => {
        record(progress, round);
        io.info(progressLine(round));
        if (round.requestIds.length)
            io.debug(requestIdLine(round.round, round.requestIds));
    });
    return outcome.end === 'cancelled' && budget.spent() && !runtime.signal?.aborted
        ? { ...outcome, end: 'timed-out' }
        : outcome;
}

;// CONCATENATED MODULE: ./src/report/markdown.ts

const ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '"': '&quot;',
    "'": '&#39;',
    '|': '&#124;',
    '`': '&#96;'
};
const SPECIAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029&<>"'|`\\*_[\](){}#+\-.!~^$=:@]/g;
function escapeCell(text) {
    return text.replace(SPECIAL, (char) => {
        const entity = ENTITIES[char];
        if (entity)
            return entity;
        const code = char.charCodeAt(0);
        if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
            return ' ';
        }
        return `\\${char}`;
    });
}
function tableRow(cells) {
    return `| ${cells.join(' | ')} |`;
}
function tableHead(header, cell = escapeCell) {
    return `${tableRow(header.map(cell))}\n|${header.map(() => ' --- ').join('|')}|`;
}
function codeCell(text) {
    return text === '' ? '' : `<code>${escapeCell(text)}</code>`;
}
function clip(text, max) {
    if (text.length <= max)
        return text;
    return `${(0,shared_text/* headOf */.Uo)(text, Math.max(0, max - 1))}\u2026`;
}
function clipMiddle(text, max) {
    if (text.length <= max)
        return text;
    const room = max - 1;
    const hostEnd = text.indexOf('/', text.indexOf('://') + 3);
    const head = text.includes('://') && hostEnd > 0 && hostEnd + 1 <= room * 0.6
        ? (0,shared_text/* headOf */.Uo)(text, hostEnd + 1)
        : (0,shared_text/* headOf */.Uo)(text, Math.floor(room * 0.45));
    let tail = (0,shared_text/* tailOf */.Cj)(text, room - head.length);
    const slash = tail.indexOf('/');
    if (slash > 0 && slash <= tail.length * 0.5)
        tail = tail.slice(slash);
    return `${head}\u2026${tail}`;
}
const ATTR_SPECIAL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029&<>"'|`@[\]()!\\*_~#]/g;
function attrText(text) {
    return text.replace(ATTR_SPECIAL, (char) => {
        const code = char.charCodeAt(0);
        if (code < 0x20 || (code >= 0x7f && code <= 0x9f) || code === 0x2028 || code === 0x2029) {
            return ' ';
        }
        return `&#${code};`;
    });
}
function unbroken(escaped) {
    return escaped.replace(/ /g, '&nbsp;');
}
const PRE_ENTITIES = {
    '&': '&amp;',
    '<': '&lt;',
    '>': '&gt;',
    '[': '&#91;',
    ']': '&#93;',
    '(': '&#40;',
    ')': '&#41;',
    '*': '&#42;',
    _: '&#95;',
    '`': '&#96;',
    '|': '&#124;',
    '~': '&#126;'
};
function preText(text) {
    return text.replace(/[&<>[\]()*_`|~]/g, (char) => PRE_ENTITIES[char] ?? char);
}

;// CONCATENATED MODULE: ./src/report/comment-frame.ts


const COMMENT_LIMIT = 65_536;
function commentMarker(tag) {
    return `<!-- dcdn-refresh-wait:${tag} -->`;
}
function commentFooter(context) {
    const parts = [];
    const commit = commitText(context);
    if (commit)
        parts.push(`Commit ${commit}`);
    const names = [context.workflow, context.job].filter((name) => !!name?.trim());
    if (names.length)
        parts.push(names.map((name) => escapeCell(name.trim())).join(' / '));
    if (context.runUrl)
        parts.push(`[workflow run](${context.runUrl})`);
    if (context.tag !== DEFAULT_COMMENT_TAG)
        parts.push(`tag ${codeCell(context.tag)}`);
    parts.push(`Last updated ${formatUtc(context.updatedAt)}`);
    return `<sub>${parts.join(' \u00b7 ')}</sub>`;
}
function commitText(context) {
    const sha = context.sha?.trim() ?? '';
    if (!/^[0-9a-f]{7,64}$/i.test(sha))
        return sha ? codeCell(clip(sha, 12)) : '';
    const short = `<code>${sha.slice(0, 7)}</code>`;
    const repo = /^(https:\/\/[^\s()<>]+?)\/actions\/runs\/\d+/.exec(context.runUrl ?? '')?.[1];
    return repo ? `[${short}](${repo}/commit/${sha})` : short;
}
function formatUtc(ms) {
    return `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

;// CONCATENATED MODULE: ./src/wait/verdict.ts


function decide(outcome) {
    const results = outcome.states.flatMap(resultsOf);
    const completeIds = [];
    const failedIds = [];
    const pendingIds = [];
    for (const state of outcome.states) {
        if (!state.terminal)
            pendingIds.push(state.id);
        else if (state.rows.every((row) => statusKind(row.Status) === 'complete'))
            completeIds.push(state.id);
        else
            failedIds.push(state.id);
    }
    const status = outcome.end === 'cancelled' && pendingIds.length > 0
        ? 'cancelled'
        : failedIds.length > 0
            ? 'failed'
            : pendingIds.length > 0
                ? 'timed-out'
                : 'complete';
    return { status, results, completeIds, failedIds, pendingIds };
}
function resultsOf(state) {
    if (state.rows.length > 0)
        return state.rows;
    return [
        {
            TaskId: state.id,
            Status: 'Pending',
            Process: '',
            ObjectType: '',
            ObjectPath: '',
            CreationTime: '',
            Description: state.missingCount > 0
                ? `no answer yet (missing from ${state.missingCount} answer${state.missingCount === 1 ? '' : 's'}; NotFound after ${MISSING_LIMIT})`
                : 'no answer yet'
        }
    ];
}
function failures(verdict) {
    const failed = new Set(verdict.failedIds);
    return verdict.results.filter((result) => failed.has(result.TaskId) && statusKind(result.Status) !== 'complete');
}

;// CONCATENATED MODULE: ./src/report/words.ts






const DEFAULT_PRODUCT = 'DCDN';
function productOf(facts) {
    return facts.product || DEFAULT_PRODUCT;
}
function taskCount(verdict) {
    return verdict.completeIds.length + verdict.failedIds.length + verdict.pendingIds.length;
}
function headline(verdict, product = DEFAULT_PRODUCT) {
    const total = taskCount(verdict);
    const tasks = plural(total, `${product} task`);
    if (total === 0)
        return `No ${product} tasks to wait for`;
    const some = (count) => total === 1
        ? `the ${product} task`
        : count === total
            ? `all ${tasks}`
            : `${plural_formatCount(count)} of ${tasks}`;
    switch (verdict.status) {
        case 'complete':
            return total === 1 ? `The ${product} task is complete` : `All ${tasks} are complete`;
        case 'failed':
            return capital(`${some(verdict.failedIds.length)} failed`);
        case 'timed-out':
            return `Timed out with ${some(verdict.pendingIds.length)} still pending`;
        case 'cancelled':
            return `Cancelled with ${some(verdict.pendingIds.length)} still pending`;
    }
}
function capital(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
}
function counts(verdict) {
    const parts = [];
    if (verdict.failedIds.length)
        parts.push(`${formatCount(verdict.failedIds.length)} failed`);
    if (verdict.pendingIds.length)
        parts.push(`${formatCount(verdict.pendingIds.length)} pending`);
    if (verdict.completeIds.length || parts.length === 0)
        parts.push(`${formatCount(verdict.completeIds.length)} complete`);
    return parts.join(', ');
}
function timeoutAdvice(facts, code = (text) => text) {
    const raise = `Raise ${code('timeout')} (now ${formatDuration(facts.timeoutMs)})`;
    return facts.failOnTimeout === false
        ? `${raise} if the tasks need longer.`
        : `${raise}, or set ${code('fail-on-timeout: false')} to let the job go on.`;
}
function finalMessage(verdict, facts) {
    const head = `${headline(verdict, productOf(facts))} after ${formatElapsed(facts.elapsedMs)} (${plural(facts.calls, 'API call')})`;
    if (verdict.status === 'failed') {
        const failed = failures(verdict).map((r) => `${r.TaskId} (${(0,shared_text/* oneLine */.TN)(r.ObjectPath || 'unknown path', 120)}: ${(0,shared_text/* oneLine */.TN)(detail(r), 120)})`);
        return `${head}: ${listSome(failed)}`;
    }
    if (verdict.status === 'timed-out') {
        const why = facts.lastError ? `; the last calls failed: ${(0,shared_text/* oneLine */.TN)(facts.lastError, 200)}` : '';
        return `${head}: pending ${listSome(verdict.pendingIds)}${why}. ${timeoutAdvice(facts)}`;
    }
    if (verdict.status === 'cancelled') {
        const failed = verdict.failedIds.length ? `; failed ${listSome(verdict.failedIds)}` : '';
        return `${head}: the job was cancelled; pending ${listSome(verdict.pendingIds)}${failed}.`;
    }
    return `${head}.`;
}
function listSome(items, max = 5) {
    const shown = items.slice(0, max).join(', ');
    return items.length > max ? `${shown} and ${plural_formatCount(items.length - max)} more` : shown;
}
function detail(result) {
    if (statusKind(result.Status) === 'failed')
        return result.Description || 'no reason given';
    if (result.Status === NOT_FOUND)
        return result.Description || 'not seen in any answer yet';
    return '';
}
const ICON = {
    complete: '\u2705',
    failed: '\u274c',
    'timed-out': '\u23f1\ufe0f',
    cancelled: '\ud83d\uded1'
};
function statusIcon(status) {
    return ICON[status];
}

;// CONCATENATED MODULE: ./src/report/intro.ts




function verdictIntro(verdict, facts) {
    const title = headline(verdict, productOf(facts));
    const lines = [
        `### ${statusIcon(verdict.status)} ${escapeCell(title)}`,
        '',
        countsLine(verdict, facts)
    ];
    for (const paragraph of submissionLines(facts.submission))
        lines.push('', paragraph);
    if (verdict.status === 'timed-out') {
        if (facts.lastError) {
            lines.push('', `The last calls failed: ${escapeCell(clip(facts.lastError, 300))}`);
        }
        lines.push('', timeoutAdvice(facts, (text) => `\`${text}\``));
    }
    if (verdict.status === 'cancelled') {
        lines.push('', 'The job was cancelled before every task finished.');
    }
    return lines.join('\n');
}
function countsLine(verdict, facts) {
    const parts = [];
    const { failedIds, pendingIds, completeIds } = verdict;
    if (failedIds.length)
        parts.push(`\u274c ${plural_formatCount(failedIds.length)} failed`);
    if (pendingIds.length)
        parts.push(`\u23f3 ${plural_formatCount(pendingIds.length)} pending`);
    if (completeIds.length)
        parts.push(`\u2705 ${plural_formatCount(completeIds.length)} complete`);
    if (verdict.results.length > taskCount(verdict))
        parts.push(plural(verdict.results.length, 'path'));
    parts.push(`waited ${formatElapsed(facts.elapsedMs)}`, plural(facts.calls, 'API call'));
    return parts.join(' \u00b7 ');
}
function submissionLines(submission) {
    if (!submission)
        return [];
    const lines = [];
    const submitted = submission.submitted.map(({ kind, paths, taskIds }) => {
        const ids = taskIds.length
            ? ` (${escapeCell(listSome(taskIds.map((id) => clip(id, 40))))})`
            : '';
        return `${escapeCell(clip(kind, 40))}: ${plural(paths, 'path')} in ${plural(taskIds.length, 'task')}${ids}`;
    });
    if (submitted.length)
        lines.push(`\ud83d\udce4 Submitted ${submitted.join(' \u00b7 ')}`);
    const quota = (submission.quotaLeft ?? []).map(({ kind, remain, quota }) => `${escapeCell(clip(kind, 40))} ${plural_formatCount(remain)} of ${plural_formatCount(quota)}`);
    if (quota.length)
        lines.push(`Quota remaining today: ${quota.join(' \u00b7 ')}`);
    return lines;
}

;// CONCATENATED MODULE: ./src/report/notes.ts

function whereEveryTaskIs(facts, failedLeftOut) {
    const where = facts.resultsComplete === true
        ? 'the `results` output has every task'
        : facts.resultsComplete === false
            ? "the `results` output had to be cut to GitHub's 1 MB output limit too, so only the file named by the `results-file` output has every task"
            : 'the file named by the `results-file` output has every task';
    return failedLeftOut ? `${where}, and \`failed-task-ids\` lists every failed task ID` : where;
}
function leftOut(table, of = true) {
    const left = table.total - table.shown;
    const rows = of
        ? `${plural_formatCount(left)} of ${plural(table.total, 'row')}`
        : plural(left, 'more row');
    const failed = table.failedTotal - table.failedShown;
    const which = failed === 0
        ? ''
        : left === 1
            ? ' (a failed one)'
            : failed === left
                ? ' (all of them failed)'
                : ` (${plural_formatCount(failed)} of them failed)`;
    return `${rows} ${word(left, 'is', 'are')} left out${which}`;
}

;// CONCATENATED MODULE: ./src/report/groups.ts

function normalStatus(status) {
    return status.trim().toLowerCase();
}
function rowKind(result, pendingIds) {
    const status = normalStatus(result.Status);
    if (status === 'failed')
        return 'failed';
    if (status === 'complete')
        return 'complete';
    if (result.Status === NOT_FOUND)
        return pendingIds.has(result.TaskId) ? 'pending' : 'failed';
    return 'pending';
}
function reasonOf(result) {
    const description = result.Description.trim();
    if (result.Status === NOT_FOUND) {
        return description ? `Not found: ${description}` : 'Not found by the API';
    }
    return description || 'No reason given';
}
function groupRows(verdict) {
    const pendingIds = new Set(verdict.pendingIds);
    const byReason = new Map();
    const pending = [];
    const complete = [];
    for (const result of verdict.results) {
        const kind = rowKind(result, pendingIds);
        if (kind === 'pending')
            pending.push(result);
        else if (kind === 'complete')
            complete.push(result);
        else {
            const reason = reasonOf(result);
            const rows = byReason.get(reason);
            if (rows)
                rows.push(result);
            else
                byReason.set(reason, [result]);
        }
    }
    const failures = [...byReason]
        .map(([reason, rows]) => ({ reason, rows }))
        .sort((a, b) => b.rows.length - a.rows.length);
    return { failures, pending, complete };
}

;// CONCATENATED MODULE: ./src/report/cells.ts



const PATH_CHARS = 48;
const UNBROKEN_REASON_CHARS = 16;
const COMPLETE_CELL = unbroken('\u2705 Complete');
function statusCell(result, kind, options) {
    if (kind === 'complete')
        return COMPLETE_CELL;
    if (kind === 'failed') {
        const label = result.Status === NOT_FOUND ? '\u2753 Not found' : '\u274c Failed';
        const reason = result.Status === NOT_FOUND ? result.Description.trim() : reasonOf(result);
        if (!reason)
            return unbroken(label);
        const text = escapeCell(clip(reason, options.maxCellChars));
        return reason.length <= UNBROKEN_REASON_CHARS
            ? unbroken(`${label}: ${text}`)
            : `${unbroken(label)}: ${text}`;
    }
    return unbroken(pendingLabel(result));
}
function pendingLabel(result) {
    if (result.Status === NOT_FOUND)
        return '\u23f3 Not seen yet';
    const progress = /^\d{1,3}(?:\.\d{1,2})?%$/.test(result.Process.trim())
        ? ` ${result.Process.trim()}`
        : '';
    const status = normalStatus(result.Status);
    if (status === 'refreshing')
        return `\ud83d\udd04 Refreshing${progress}`;
    if (status === 'pending')
        return '\u23f3 Pending';
    return `\u2754 ${escapeCell(clip(result.Status.trim() || 'no status', 40))}${progress}`;
}
function pathCell(path, maxTitleChars) {
    if (path === '')
        return '';
    const shown = clipMiddle(path, PATH_CHARS);
    const title = shown === path || maxTitleChars <= 0 ? '' : ` title="${attrText(clip(path, maxTitleChars))}"`;
    return `<code${title}>${escapeCell(shown)}</code>`;
}
function idCell(id) {
    return /^[A-Za-z0-9-]{1,40}$/.test(id) ? id : escapeCell(clip(id, 40));
}
const SECONDS_Z = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?Z$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
function timeCell(creationTime, now) {
    const trimmed = creationTime.trim();
    const today = now === undefined ? undefined : runDay(now);
    const sameDay = today !== undefined && trimmed.startsWith(today.date);
    if (sameDay && SECONDS_Z.test(trimmed))
        return trimmed.slice(11, 19);
    const match = ISO.exec(trimmed);
    if (!match)
        return unbroken(escapeCell(clip(trimmed, 40)).replace(/\\-/g, '\u2011'));
    const [, year, month, day, hour, minute, second = '00'] = match;
    const time = `${hour}:${minute}:${second}`;
    if (sameDay)
        return time;
    const name = MONTHS[Number(month) - 1] ?? month;
    const thisYear = today === undefined || today.year === year;
    return unbroken(`${name} ${Number(day)}${thisYear ? '' : ` ${year}`} ${time}`);
}
let lastDay;
function runDay(now) {
    if (lastDay?.now !== now) {
        const date = new Date(now).toISOString().slice(0, 10);
        lastDay = { now, date, year: date.slice(0, 4) };
    }
    return lastDay;
}

;// CONCATENATED MODULE: ./src/report/task-table.ts




const TASK_COLUMNS = ['Status', 'Path', 'Task ID', 'Created (UTC)'];
function taskRow(result, kind, options) {
    return tableRow([
        statusCell(result, kind, options),
        pathCell(result.ObjectPath, options.titles === false ? 0 : options.maxCellChars),
        idCell(result.TaskId),
        timeCell(result.CreationTime, options.now)
    ]);
}
function counted(rows) {
    return plural(rows.length, rows.every((row) => row.ObjectPath !== '') ? 'path' : 'task');
}
function taskSections(verdict) {
    const { failures, pending, complete } = groupRows(verdict);
    const sections = failures.map(({ reason, rows }) => ({
        head: `#### \u274c ${escapeCell(clip(reason, 200))}: ${counted(rows)}`,
        tail: '',
        kind: 'failed',
        rows
    }));
    if (pending.length) {
        sections.push({
            head: `#### \u23f3 Still pending: ${counted(pending)}`,
            tail: '',
            kind: 'pending',
            rows: pending
        });
    }
    if (complete.length) {
        sections.push({
            head: `<details>\n<summary>\u2705 Complete: ${counted(complete)}</summary>`,
            tail: '</details>',
            kind: 'complete',
            rows: complete
        });
    }
    return sections;
}
function fitTaskTable(verdict, budget, measure, options) {
    const sections = taskSections(verdict);
    const fitted = fitSections(sections, budget, measure, options);
    const cutByBudget = fitted.shown < Math.min(fitted.total, options.maxRows ?? Infinity);
    if (options.titles !== undefined || !cutByBudget)
        return fitted;
    const plain = fitSections(sections, budget, measure, { ...options, titles: false });
    return plain.shown > fitted.shown ? plain : fitted;
}
function wholeTableFits(verdict, budget, measure, options) {
    const sections = taskSections(verdict);
    const fits = (titles) => {
        const fitted = fitSections(sections, budget, measure, { ...options, titles }, false);
        return fitted.shown === fitted.total;
    };
    return fits(options.titles ?? true) || (options.titles === undefined && fits(false));
}
function fitSections(sections, budget, measure, options, keep = true) {
    const head = tableHead(TASK_COLUMNS, (name) => unbroken(escapeCell(name)));
    const headSize = measure(head);
    const maxRows = options.maxRows ?? Infinity;
    const parts = [];
    let used = 0;
    let shown = 0;
    let failedShown = 0;
    let full = false;
    for (const section of sections) {
        if (full)
            break;
        const fixed = (shown ? 2 : 0) +
            measure(section.head) +
            2 +
            headSize +
            (section.tail ? 2 + measure(section.tail) : 0);
        const lines = [];
        let rows = 0;
        let size = fixed;
        for (const result of section.rows) {
            if (shown + rows >= maxRows) {
                full = true;
                break;
            }
            const line = taskRow(result, section.kind, options);
            const lineSize = measure(line) + 1;
            if (used + size + lineSize > budget) {
                full = true;
                break;
            }
            size += lineSize;
            rows += 1;
            if (keep)
                lines.push(line);
        }
        if (rows === 0)
            break;
        const tail = section.tail ? `\n\n${section.tail}` : '';
        if (keep)
            parts.push(`${section.head}\n\n${head}\n${lines.join('\n')}${tail}`);
        used += size;
        shown += rows;
        if (section.kind === 'failed')
            failedShown += rows;
    }
    const total = sections.reduce((sum, section) => sum + section.rows.length, 0);
    const failedTotal = sections
        .filter((section) => section.kind === 'failed')
        .reduce((sum, section) => sum + section.rows.length, 0);
    return { markdown: parts.join('\n\n'), shown, total, failedTotal, failedShown };
}
const utf8Bytes = (text) => Buffer.byteLength(text, 'utf8');
const utf16Units = (text) => text.length;

;// CONCATENATED MODULE: ./src/report/error-report.ts





const MAX_ID_ROWS = 1000;
const SERVICE_NAMES = {
    DCDN: 'The DCDN API',
    CDN: 'The CDN API',
    STS: 'Alibaba Cloud STS',
    'GitHub OIDC': "GitHub's OIDC token service",
    'GitHub API': 'The GitHub API'
};
function errorSentence(error) {
    const known = SERVICE_NAMES[error.service];
    const who = known ?? escapeCell(clip(error.service || 'A service', 40));
    const code = error.code ? codeCell(clip(error.code, 100)) : '';
    const what = error.httpStatus > 0
        ? `answered ${code || `HTTP ${error.httpStatus}`}`
        : `failed${code ? ` with ${code}` : ''}`;
    const hint = error.hint ? `: ${escapeCell(clip(error.hint, 500))}` : '.';
    return `${who} ${what}${hint}`;
}
function errorDetails(error) {
    const items = [`- **Service:** ${escapeCell(clip(error.service || 'unknown', 40))}`];
    if (error.code)
        items.push(`- **Code:** ${codeCell(clip(error.code, 100))}`);
    if (error.httpStatus > 0)
        items.push(`- **HTTP status:** ${error.httpStatus}`);
    if (error.requestId)
        items.push(`- **RequestId:** ${codeCell(clip(error.requestId, 100))}`);
    if (error.accessDenied) {
        items.push(`- **Access denied:** ${escapeCell(clip(error.accessDenied, 1000))}`);
    }
    return items;
}
function title(product, count) {
    if (count === 0)
        return `### ${statusIcon('failed')} ${escapeCell(`The ${product} refresh or prefetch was not submitted`)}`;
    const tasks = count === undefined
        ? `The ${product} tasks`
        : count === 1
            ? `The ${product} task`
            : `The ${plural(count, `${product} task`)}`;
    return `### ${statusIcon('failed')} ${escapeCell(tasks)} could not be checked`;
}
function errorSummary(error, taskIds, options = {}) {
    const product = options.product || DEFAULT_PRODUCT;
    const parts = [
        title(product, taskIds.length),
        errorSentence(error),
        [
            ...errorDetails(error),
            ...(error.message ? [`- **Message:** ${escapeCell(clip(error.message, 600))}`] : [])
        ].join('\n')
    ];
    if (taskIds.length) {
        const shown = taskIds.slice(0, MAX_ID_ROWS);
        const rows = shown.map((id) => tableRow(['\u23f3&nbsp;Pending: not&nbsp;checked', idCell(id)]));
        parts.push(`#### \u23f3 Still pending: ${plural(taskIds.length, 'task')}`, [tableHead(['Status', 'Task ID']), ...rows].join('\n'));
        const left = taskIds.length - shown.length;
        if (left > 0) {
            parts.push(`${plural_formatCount(left)} more task IDs are left out of this table: the \`pending-task-ids\` output lists every one.`);
        }
    }
    return `${parts.join('\n\n')}\n`;
}
function errorCommentBody(error, context, options = {}) {
    const product = options.product || DEFAULT_PRODUCT;
    return [
        commentMarker(context.tag),
        title(product, options.taskCount),
        '',
        `${errorSentence(error)} The log of the workflow run has the vendor's message.`,
        '',
        errorDetails(error).join('\n'),
        '',
        commentFooter(context)
    ].join('\n');
}

;// CONCATENATED MODULE: ./src/report/comment-body.ts






const MAX_CELL_CHARS = 300;
function commentBody(verdict, facts, context, limit = COMMENT_LIMIT) {
    const head = `${commentMarker(context.tag)}\n${verdictIntro(verdict, facts)}`;
    const foot = commentFooter(context);
    const total = verdict.results.length;
    const note = Math.max(...[0, 1].map((failedShown) => utf16Units(leftOutNote({ markdown: '', shown: 0, total, failedShown, failedTotal: total }, facts, context))));
    const fixed = utf16Units(head) + utf16Units(foot) + note + 6;
    const options = { maxCellChars: MAX_CELL_CHARS, now: context.updatedAt };
    const table = fitTaskTable(verdict, limit - fixed, utf16Units, options);
    const parts = [head, table.markdown];
    if (table.shown < table.total)
        parts.push(leftOutNote(table, facts, context));
    parts.push(foot);
    return {
        body: parts.filter((part) => part !== '').join('\n\n'),
        rowsShown: table.shown,
        rowsTotal: table.total
    };
}
function leftOutNote(table, facts, context) {
    const limit = `${leftOut(table, false)} to stay under GitHub's 65,536-character comment limit`;
    const where = context.summaryHasAll === false
        ? whereEveryTaskIs(facts, table.failedShown < table.failedTotal)
        : `the job summary of the workflow run${context.runUrl ? ' (linked below)' : ''} has them all`;
    return `${limit}: ${where}.`;
}

;// CONCATENATED MODULE: ./src/github/budget.ts
const COMMENT_BUDGET_MS = 30_000;
class Budget {
    deadline;
    clock;
    constructor(clock, totalMs) {
        this.clock = clock;
        this.deadline = clock() + totalMs;
    }
    remainingMs() {
        return Math.max(0, this.deadline - this.clock());
    }
    fits(ms) {
        return ms < this.remainingMs();
    }
    async run(request, capMs = Infinity) {
        const ms = Math.ceil(Math.min(this.remainingMs(), capMs));
        if (ms <= 0)
            throw new DOMException('The time for the comment is spent.', 'TimeoutError');
        const signal = AbortSignal.timeout(ms);
        let onAbort;
        const aborted = new Promise((_, reject) => {
            onAbort = () => reject(signal.reason);
            signal.addEventListener('abort', onAbort, { once: true });
        });
        try {
            return await Promise.race([request(signal), aborted]);
        }
        finally {
            if (onAbort)
                signal.removeEventListener('abort', onAbort);
        }
    }
}

;// CONCATENATED MODULE: ./src/github/github-error.ts
function answerOf(error) {
    const response = error?.response;
    if (!response || typeof response.status !== 'number')
        return undefined;
    return { status: response.status, message: messageOf(error), headers: response.headers ?? {} };
}
function statusOf(error) {
    return answerOf(error)?.status ?? 0;
}
function messageOf(error) {
    const data = error?.response?.data;
    if (data && typeof data === 'object') {
        const message = data.message;
        if (typeof message === 'string')
            return message;
    }
    if (typeof data === 'string' && data.trim() !== '')
        return data;
    return errorMessage(error);
}
function errorMessage(error) {
    const message = error?.message;
    return typeof message === 'string' ? message : String(error);
}
function* causes(error) {
    const seen = new Set();
    for (let e = error; e && typeof e === 'object' && !seen.has(e);) {
        seen.add(e);
        yield e;
        e = e.cause;
    }
}
function isAbort(error) {
    for (const e of causes(error)) {
        if (e.name === 'AbortError' || e.name === 'TimeoutError')
            return true;
    }
    return false;
}
function networkFailureOf(error) {
    if (answerOf(error))
        return undefined;
    for (const e of causes(error)) {
        if (typeof e.code !== 'string' || !/^E[A-Z_]+$|^UND_ERR/.test(e.code))
            continue;
        const host = typeof e.hostname === 'string' ? e.hostname : undefined;
        const address = typeof e.address === 'string'
            ? `${e.address}${typeof e.port === 'number' ? `:${e.port}` : ''}`
            : undefined;
        return { code: e.code, where: host ?? address, message: errorMessage(e) };
    }
    return undefined;
}
function proxyTunnelStatusOf(error) {
    for (const e of causes(error)) {
        const match = /Proxy response \((\d{3})\)/.exec(errorMessage(e));
        if (match)
            return Number(match[1]);
    }
    return undefined;
}
const PERMANENT_CODES = new Set([
    'ENOTFOUND',
    'ECONNREFUSED',
    'CERT_HAS_EXPIRED',
    'DEPTH_ZERO_SELF_SIGNED_CERT',
    'SELF_SIGNED_CERT_IN_CHAIN',
    'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
    'ERR_TLS_CERT_ALTNAME_INVALID'
]);
function isTransient(error) {
    if (isAbort(error) || proxyTunnelStatusOf(error) !== undefined)
        return false;
    const answer = answerOf(error);
    if (answer)
        return answer.status >= 500;
    const failure = networkFailureOf(error);
    return !failure || !PERMANENT_CODES.has(failure.code);
}
const header = (answer, name) => {
    const value = answer.headers[name];
    if (typeof value === 'string')
        return value;
    if (typeof value === 'number')
        return String(value);
    return Array.isArray(value) ? value.map(String).join(', ') : undefined;
};
function rateLimitOf(error, now) {
    const answer = answerOf(error);
    if (!answer || (answer.status !== 403 && answer.status !== 429))
        return undefined;
    const retryAfter = header(answer, 'retry-after');
    const limited = answer.status === 429 ||
        retryAfter !== undefined ||
        header(answer, 'x-ratelimit-remaining') === '0' ||
        /rate limit/i.test(answer.message);
    if (!limited)
        return undefined;
    if (retryAfter !== undefined) {
        const seconds = Number(retryAfter);
        if (retryAfter.trim() !== '' && Number.isFinite(seconds) && seconds >= 0)
            return { waitMs: seconds * 1000 };
        const at = Date.parse(retryAfter);
        if (Number.isFinite(at))
            return { waitMs: Math.max(0, at - now) };
    }
    const reset = Number(header(answer, 'x-ratelimit-reset'));
    if (Number.isFinite(reset) && reset > 0)
        return { waitMs: Math.max(0, reset * 1000 - now) };
    return { waitMs: undefined };
}

;// CONCATENATED MODULE: ./src/github/comment-warning.ts



function commentWarning(failure, facts) {
    const where = `pull request #${facts.issueNumber}`;
    const stale = facts.older
        ? ` The comment on ${where} now shows an older verdict, from an earlier run; this run's results are in the job summary.`
        : '';
    return `The comment on ${where} was not written${cause(failure, facts)}${stale}`;
}
function cause(failure, facts) {
    if ('cancelled' in failure)
        return ': the job was cancelled.';
    if ('setup' in failure)
        return `: ${(0,shared_text/* oneLine */.TN)(failure.setup, 300)}.`;
    const { error } = failure;
    const budget = formatDuration(facts.budgetMs);
    const tunnel = proxyTunnelStatusOf(error);
    if (tunnel !== undefined)
        return `: the proxy ${facts.proxy ?? ''} answered ${tunnel} to the tunnel request${tunnel === 407 ? ' (it wants credentials: put them in the proxy URL)' : ''}.`;
    const answer = answerOf(error);
    if (!answer) {
        if (isAbort(error))
            return `: the GitHub API at ${hostOf(facts.apiUrl)} gave no answer in time (the comment may take at most ${budget}, every attempt together).`;
        const failure = networkFailureOf(error);
        if (failure)
            return networkCause(failure, facts);
        return `: the connection to the GitHub API at ${hostOf(facts.apiUrl)} failed (${(0,shared_text/* oneLine */.TN)(errorMessage(error), 300)}).`;
    }
    const said = `GitHub answered ${answer.status}: ${(0,shared_text/* oneLine */.TN)(answer.message, 300)}`;
    const limit = rateLimitOf(error, facts.now);
    if (limit) {
        const wait = limit.waitMs === undefined
            ? '; it did not say how long to wait'
            : limit.waitMs >= facts.remainingMs
                ? `; it asked to wait ${formatDuration(limit.waitMs)}, more than the ${formatDuration(facts.remainingMs)} left of the ${budget} the comment may take`
                : '; still limited after every attempt';
        return `: GitHub's API rate limit was reached (${said}${wait}). The next run updates it.`;
    }
    if (answer.status === 407)
        return ` (the proxy ${facts.proxy ?? ''} answered 407: it wants credentials; put them in the proxy URL).`;
    if (answer.status === 401)
        return `: github-token was refused (${said}). Leave github-token at its default (\${{ github.token }}) or pass a valid token.`;
    if (answer.status === 403 ||
        answer.status === 404 ||
        /not accessible by integration/i.test(answer.message))
        return ` (${said}): the token needs the permission pull-requests: write. Add "permissions: pull-requests: write" to the job. A pull request from a fork gets a read-only token, so there is no comment on it; the job summary has the results.`;
    return ` (${said}).`;
}
function networkCause(failure, facts) {
    const { code } = failure;
    const detail = (0,shared_text/* oneLine */.TN)(failure.message, 200);
    if (facts.proxy) {
        if (code === 'ECONNREFUSED')
            return `: the proxy ${facts.proxy} refused the connection (${detail}). Check HTTPS_PROXY / HTTP_PROXY.`;
        if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
            return `: the proxy's host could not be resolved (DNS: ${detail}). Check HTTPS_PROXY / HTTP_PROXY.`;
        return `: the connection through the proxy ${facts.proxy} failed (${detail}).`;
    }
    if (code === 'ENOTFOUND' || code === 'EAI_AGAIN')
        return `: the GitHub API host ${hostOf(facts.apiUrl)} could not be resolved (DNS: ${detail}). Check GITHUB_API_URL.`;
    if (code === 'ECONNREFUSED')
        return `: the GitHub API at ${hostOf(facts.apiUrl)} refused the connection (${detail}). Check GITHUB_API_URL.`;
    return `: the connection to the GitHub API at ${hostOf(facts.apiUrl)} failed (${detail}).`;
}
function hostOf(apiUrl) {
    try {
        return (0,shared_text/* oneLine */.TN)(new URL(apiUrl).host, 200);
    }
    catch {
        return (0,shared_text/* oneLine */.TN)(apiUrl, 200);
    }
}

;// CONCATENATED MODULE: ./src/github/pr-target.ts

const COMMENT_EVENTS = ['pull_request', 'pull_request_target', 'issue_comment'];
function pullRequestOf(context) {
    const { eventName, payload } = context;
    const name = (0,shared_text/* oneLine */.TN)(eventName || 'unknown', 60);
    const isCommentEvent = COMMENT_EVENTS.includes(eventName);
    if (isCommentEvent && context.payloadProblem)
        return { reason: context.payloadProblem, warn: true };
    if (eventName === 'pull_request' || eventName === 'pull_request_target') {
        const number = payload.pull_request?.number ?? payload.number;
        if (isIssueNumber(number))
            return { number };
        return { reason: `the ${name} event payload has no pull request number` };
    }
    if (eventName === 'issue_comment') {
        const issue = payload.issue;
        if (!issue || !isIssueNumber(issue.number))
            return { reason: 'the issue_comment event payload has no issue number' };
        if (!issue.pull_request)
            return { reason: `the issue_comment event is on issue #${issue.number}, not a pull request` };
        const triggering = payload.comment?.body;
        if (typeof triggering === 'string' && triggering.includes('<!-- dcdn-refresh-wait:'))
            return { reason: "the issue_comment event is about this action's own comment" };
        return { number: issue.number };
    }
    return {
        reason: `the workflow was triggered by ${name}, not by a pull request (comments are written on ${COMMENT_EVENTS.join(', ')} on a pull request)`
    };
}
function isIssueNumber(value) {
    return typeof value === 'number' && Number.isSafeInteger(value) && value > 0;
}
function runUrlOf(context) {
    const { repo, runId, runAttempt } = context;
    if (!repo || !Number.isSafeInteger(runId) || runId <= 0)
        return undefined;
    const safe = /^[A-Za-z0-9._-]+$/;
    if (!safe.test(repo.owner) || !safe.test(repo.repo))
        return undefined;
    let server;
    try {
        server = new URL(context.serverUrl);
    }
    catch {
        return undefined;
    }
    if (server.protocol !== 'https:' && server.protocol !== 'http:')
        return undefined;
    if (server.search || server.hash || /[\s()<>]/.test(server.href))
        return undefined;
    const base = server.href.replace(/\/+$/, '');
    const attempt = Number.isSafeInteger(runAttempt) && runAttempt > 1 ? `/attempts/${runAttempt}` : '';
    return `${base}/${repo.owner}/${repo.repo}/actions/runs/${runId}${attempt}`;
}

;// CONCATENATED MODULE: ./src/github/comment-identity.ts

const ACTIONS_BOT = 'github-actions[bot]';
async function identify(client, budget, capMs) {
    try {
        const data = await budget.run((signal) => client.graphql('query { viewer { login } }', {
            request: { signal }
        }), capMs);
        const login = data.viewer?.login;
        if (typeof login === 'string' && login !== '')
            return { login };
        return { login: ACTIONS_BOT, assumed: 'GraphQL named no viewer' };
    }
    catch (error) {
        return { login: ACTIONS_BOT, assumed: errorMessage(error) };
    }
}
function isOurs(author, viewer) {
    if (typeof author !== 'string' || author === '')
        return false;
    const a = author.toLowerCase();
    const v = viewer.toLowerCase();
    return a === v || (a.endsWith('[bot]') && a === `${v}[bot]`);
}

;// CONCATENATED MODULE: ./src/github/comments-api.ts

const PER_PAGE = 100;
async function findComment(client, ref, marker, viewer, budget) {
    const spoofedBy = [];
    for (let page = 1;; page++) {
        const { data, headers } = await budget.run((signal) => client.rest.issues.listComments({
            owner: ref.owner,
            repo: ref.repo,
            issue_number: ref.issueNumber,
            per_page: PER_PAGE,
            page,
            request: { signal }
        }));
        for (const comment of data) {
            if (!comment.body?.startsWith(marker))
                continue;
            const author = comment.user?.login;
            if (isOurs(author, viewer))
                return { ours: { id: comment.id }, spoofedBy };
            spoofedBy.push(typeof author === 'string' ? author : 'an unknown account');
        }
        if (data.length === 0 || !/rel="next"/.test(headers.link ?? ''))
            return { ours: undefined, spoofedBy };
    }
}
async function updateComment(client, ref, id, body, budget) {
    const { data } = await budget.run((signal) => client.rest.issues.updateComment({
        owner: ref.owner,
        repo: ref.repo,
        comment_id: id,
        body,
        request: { signal }
    }));
    return { id: data.id, url: data.html_url, action: 'updated' };
}
async function createComment(client, ref, body, budget) {
    const { data } = await budget.run((signal) => client.rest.issues.createComment({
        owner: ref.owner,
        repo: ref.repo,
        issue_number: ref.issueNumber,
        body,
        request: { signal }
    }));
    return { id: data.id, url: data.html_url, action: 'created' };
}

;// CONCATENATED MODULE: ./src/github/sticky-comment.ts






const ATTEMPTS = 3;
const RETRY_DELAYS_MS = [2000, 5000];
const IDENTITY_SHARE = 1 / 3;
async function upsertSticky(ref, marker, body, deps) {
    const { clock, log } = deps;
    const budget = new Budget(clock, deps.budgetMs);
    let client;
    let identity;
    let found;
    const fail = (failure) => ({
        failure,
        older: found?.ours !== undefined,
        remainingMs: budget.remainingMs()
    });
    for (let attempt = 1;; attempt++) {
        try {
            if (!client) {
                try {
                    client = await budget.run(() => deps.createClient());
                }
                catch (error) {
                    return fail({ setup: `the GitHub client could not be loaded (${errorMessage(error)})` });
                }
            }
            if (!identity) {
                identity = await identify(client, budget, deps.budgetMs * IDENTITY_SHARE);
                if (identity.assumed)
                    log.info(`Could not learn which account github-token acts as (${(0,shared_text/* oneLine */.TN)(identity.assumed, 200)}); only a comment by ${(0,shared_text/* oneLine */.TN)(identity.login, 100)} is updated.`);
            }
            if (!found) {
                found = await findComment(client, ref, marker, identity.login, budget);
                if (found.spoofedBy.length)
                    log.info(`Ignored ${found.spoofedBy.length} comment(s) that carry this action's marker but were written by ${(0,shared_text/* oneLine */.TN)([...new Set(found.spoofedBy)].join(', '), 200)}: only a comment by ${(0,shared_text/* oneLine */.TN)(identity.login, 100)} is updated.`);
            }
            if (found.ours) {
                try {
                    return { written: await updateComment(client, ref, found.ours.id, body, budget) };
                }
                catch (error) {
                    if (statusOf(error) !== 404)
                        throw error;
                    found = { ...found, ours: undefined };
                }
            }
            return { written: await createComment(client, ref, body, budget) };
        }
        catch (error) {
            const wait = attempt < ATTEMPTS ? retryWaitMs(error, attempt, clock()) : undefined;
            if (wait === undefined || !budget.fits(wait))
                return fail({ error });
            log.debug(`comment attempt ${attempt} failed (${(0,shared_text/* oneLine */.TN)(String(error), 200)}); retrying`);
            try {
                await deps.sleep(wait);
            }
            catch (sleepError) {
                return fail(sleepError instanceof errors/* CancelledError */.cc ? { cancelled: true } : { error });
            }
        }
    }
}
function retryWaitMs(error, attempt, now) {
    const limit = rateLimitOf(error, now);
    if (limit)
        return limit.waitMs;
    if (isTransient(error))
        return RETRY_DELAYS_MS[attempt - 1] ?? 5000;
    return undefined;
}

;// CONCATENATED MODULE: ./src/github/pr-comment.ts







async function commentOnPullRequest(settings, render, deps) {
    const { log, github } = deps;
    if (!settings.commentOnPr) {
        log.debug('comment-on-pr is false: no pull request comment.');
        return '';
    }
    if (!github) {
        log.info('No pull request comment: the GitHub context is not available.');
        return '';
    }
    const { context } = github;
    const target = pullRequestOf(context);
    if ('reason' in target) {
        const line = `No pull request comment: ${target.reason}.`;
        if (target.warn)
            log.warning(line);
        else
            log.info(line);
        return '';
    }
    if (!context.repo) {
        log.warning('No pull request comment: GITHUB_REPOSITORY is not set and the event payload names no repository.');
        return '';
    }
    if (settings.githubToken === '') {
        log.warning('No pull request comment: github-token is empty. Leave it at its default (${{ github.token }}) and grant "permissions: pull-requests: write".');
        return '';
    }
    const ref = { ...context.repo, issueNumber: target.number };
    const rendered = render({
        tag: settings.commentTag,
        runUrl: runUrlOf(context),
        updatedAt: deps.clock(),
        ...commitOf(context),
        ...(context.workflow ? { workflow: context.workflow } : {}),
        ...(context.job ? { job: context.job } : {})
    });
    const budgetMs = deps.budgetMs ?? COMMENT_BUDGET_MS;
    const result = await upsertSticky(ref, commentMarker(settings.commentTag), (deps.scrub ?? ((text) => text))(rendered), {
        createClient: () => github.createClient(settings.githubToken),
        clock: deps.clock,
        sleep: deps.sleep,
        budgetMs,
        log
    });
    if ('written' in result) {
        const { action, id, url } = result.written;
        log.info(`${action === 'created' ? 'Created' : 'Updated'} the comment on pull request #${ref.issueNumber}: ${(0,shared_text/* oneLine */.TN)(url, 300)}`);
        return String(id);
    }
    log.warning(commentWarning(result.failure, {
        issueNumber: ref.issueNumber,
        budgetMs,
        apiUrl: context.apiUrl,
        proxy: context.proxy,
        older: result.older,
        now: deps.clock(),
        remainingMs: result.remainingMs
    }));
    return '';
}
function commitOf(context) {
    const head = context.payload.pull_request
        ?.head?.sha;
    const sha = typeof head === 'string' ? head : context.eventName === 'issue_comment' ? '' : context.sha;
    return sha && /^[0-9a-f]{7,64}$/i.test(sha) ? { sha } : {};
}

;// CONCATENATED MODULE: ./src/report/annotations.ts



const MAX_TASK_ANNOTATIONS = 8;
function annotateFailures(io, failed, product = 'DCDN') {
    for (const result of failed.slice(0, MAX_TASK_ANNOTATIONS)) {
        io.error(`${(0,shared_text/* oneLine */.TN)(result.ObjectPath || 'unknown path', 300)}: ${(0,shared_text/* oneLine */.TN)(detail(result), 300)}`, `${product} task ${(0,shared_text/* oneLine */.TN)(result.TaskId, 40)} ${statusKind(result.Status) === 'failed' ? 'failed' : 'not found'}`);
    }
    const more = failed.length - MAX_TASK_ANNOTATIONS;
    if (more > 0) {
        const tasks = more === 1 ? 'task' : 'tasks';
        io.error(`${more} more ${tasks} failed; the job summary and the failed-task-ids output list them all.`, `${more} more ${product} ${tasks} failed`);
    }
}

;// CONCATENATED MODULE: ./src/report/summary.ts







const SUMMARY_LIMIT_BYTES = (/* unused pure expression or super */ null && (1024 * 1024));
const SUMMARY_BUDGET = 900 * 1024;
const NOTES_RESERVE = 1024;
const summary_MAX_CELL_CHARS = 1000;
const MAX_TABLE_ROWS = 1000;
const LIMITS = { budget: SUMMARY_BUDGET, maxTableRows: MAX_TABLE_ROWS };
function buildSummary(verdict, facts, limits = {}) {
    const { budget, maxTableRows } = { ...LIMITS, ...limits };
    const intro = verdictIntro(verdict, facts);
    const room = budget - utf8Bytes(intro) - NOTES_RESERVE;
    const cell = { maxCellChars: summary_MAX_CELL_CHARS, now: facts.now };
    const total = verdict.results.length;
    const capped = fitTaskTable(verdict, room, utf8Bytes, { ...cell, maxRows: maxTableRows });
    let table = capped;
    let json = '';
    if (capped.shown < total) {
        json = resultsJsonFloorBytes(verdict.results) > room ? '' : jsonSection(verdict.results, room);
        if (json !== '') {
            table = fitTaskTable(verdict, room - utf8Bytes(json), utf8Bytes, {
                ...cell,
                maxRows: maxTableRows
            });
        }
        if (json === '' || table.shown < Math.min(total, maxTableRows)) {
            json = '';
            const all = tableFloorBytes(verdict.results) <= room && wholeTableFits(verdict, room, utf8Bytes, cell)
                ? fitTaskTable(verdict, room, utf8Bytes, cell)
                : undefined;
            table = all?.shown === total ? all : capped;
        }
    }
    const parts = [intro, table.markdown];
    const left = total - table.shown;
    if (left > 0) {
        const failedLeftOut = table.failedShown < table.failedTotal;
        parts.push(json
            ? `${leftOut(table)} of the tables above: the JSON below has every task.`
            : `${leftOut(table)} to stay under GitHub's 1 MiB job summary limit: ${whereEveryTaskIs(facts, failedLeftOut)}.`);
    }
    parts.push(json);
    return {
        markdown: `${parts.filter((part) => part !== '').join('\n\n')}\n`,
        rowsShown: table.shown,
        rowsTotal: total,
        hasJson: json !== '',
        hasEveryTask: json !== '' || left === 0
    };
}
function tableFloorBytes(results) {
    const FIXED_PER_ROW = 14;
    let bytes = 0;
    for (const r of results) {
        bytes += FIXED_PER_ROW + r.TaskId.length + Math.min(r.ObjectPath.length, PATH_CHARS);
    }
    return bytes;
}
function jsonSection(results, maxBytes) {
    const lines = [];
    let size = 0;
    for (const [i, result] of results.entries()) {
        const line = preText(JSON.stringify(result)) + (i < results.length - 1 ? ',' : '');
        size += utf8Bytes(line) + 1;
        if (size > maxBytes)
            return '';
        lines.push(line);
    }
    const section = [
        '<details>',
        `<summary>All ${plural(results.length, 'result')} as JSON</summary>`,
        '',
        `<pre>${preText('[')}`,
        ...lines,
        `${preText(']')}</pre>`,
        '',
        '</details>'
    ].join('\n');
    return utf8Bytes(section) <= maxBytes ? section : '';
}

;// CONCATENATED MODULE: ./src/run/endings.ts











async function reportVerdict(config, outcome, progress, runtime, redactor) {
    const { io } = runtime;
    const verdict = decide(outcome);
    if (outcome.unknownStatuses.length) {
        const shown = outcome.unknownStatuses.map((status) => `"${(0,shared_text/* oneLine */.TN)(status, 40)}"`).join(', ');
        io.warning(`The API answered statuses this action does not know: ${shown}. They are shown as they came and waited on until Complete or Failed.`);
    }
    const written = await writeOutputs(io, verdict);
    annotateFailures(io, failures(verdict));
    const facts = {
        elapsedMs: outcome.elapsedMs,
        calls: progress.requestsSent(),
        timeoutMs: config.timeoutMs,
        lastError: outcome.lastError,
        failOnTimeout: config.failOnTimeout,
        now: runtime.clock(),
        resultsComplete: written.resultsComplete,
        product: config.product.name,
        submission: progress.submission
    };
    const summary = buildSummary(verdict, facts);
    await writeSummary(io, summary.markdown);
    const commentId = verdict.status === 'cancelled'
        ? ''
        : await commentOnPullRequest(config, (context) => commentBody(verdict, facts, { ...context, summaryHasAll: summary.hasEveryTask }).body, commentDeps(runtime, redactor));
    io.setOutput('comment-id', commentId);
    const message = finalMessage(verdict, facts);
    if (verdict.status === 'complete')
        io.info(message);
    else if (verdict.status === 'timed-out' && !config.failOnTimeout)
        io.warning(message);
    else
        io.setFailed(message);
    return verdict;
}
async function endOnError(config, runtime, redactor, error, progress) {
    const { io } = runtime;
    const outcome = outcomeSoFar(config.taskIds, progress, runtime.clock(), 'timed-out');
    const verdict = { ...decide(outcome), status: 'failed' };
    await writeOutputs(io, verdict);
    await writeSummary(io, errorSummary(error, verdict.pendingIds, { product: config.product.name }));
    const commentId = await commentOnPullRequest(config, (context) => errorCommentBody(error, context, {
        taskCount: config.taskIds.length,
        product: config.product.name
    }), commentDeps(runtime, redactor));
    io.setOutput('comment-id', commentId);
    io.setFailed(error.message);
    return undefined;
}
function inputErrorSummary(message) {
    return `### ${statusIcon('failed')} The inputs are not valid\n\n${escapeCell(message)}\n\nNothing was sent.\n`;
}
async function writeSummary(io, markdown) {
    try {
        await io.writeSummary(markdown);
    }
    catch (error) {
        io.warning(`The job summary could not be written (${(0,shared_text/* oneLine */.TN)(error.message, 200)}): the log and the outputs have the results.`);
    }
}
function commentDeps(runtime, redactor) {
    const { github, io, clock, sleep } = runtime;
    return { github, log: io, clock, sleep, scrub: (text) => redactor.scrub(text) };
}

;// CONCATENATED MODULE: ./src/runtime/budget.ts

const BUDGET_GRACE_MS = 800;
function budgeted(inner, deadline, graceMs = BUDGET_GRACE_MS) {
    const { clock } = inner;
    const end = deadline + graceMs;
    let spent = false;
    const left = () => {
        const ms = end - clock();
        if (ms <= 0) {
            spent = true;
            throw new errors/* BudgetExceededError */.Zq(`the timeout (budget) ran out`);
        }
        return ms;
    };
    return {
        transport: {
            send: async (request, timeoutMs) => inner.transport.send(request, Math.min(timeoutMs, left())),
            close: () => inner.transport.close()
        },
        sleep: async (ms) => {
            const room = left();
            await inner.sleep(Math.min(ms, room));
            if (ms >= room)
                left();
        },
        spent: () => spent
    };
}

;// CONCATENATED MODULE: ./src/runtime/redact.ts

const MASK = '***';
const MIN_SECRET = 4;
const MIN_PREFIX = 6;
function encodings(secret) {
    const forms = new Set([
        secret,
        escapeCell(secret),
        preText(secret),
        htmlEscape(secret),
        encodeURIComponent(secret),
        encodeURIComponent(secret).replace(/%20/g, '+'),
        rfc3986(secret),
        JSON.stringify(secret).slice(1, -1),
        JSON.stringify(secret).slice(1, -1).replace(/\//g, '\\/')
    ]);
    return [...forms].filter((form) => form.length >= MIN_SECRET);
}
function createRedactor(mask = () => undefined) {
    let forms = [];
    const secrets = new Set();
    return {
        add(secret) {
            const value = secret.trim();
            if (value.length < MIN_SECRET || secrets.has(value))
                return;
            secrets.add(value);
            mask(value);
            forms = [...new Set([...forms, ...encodings(value)])].sort((a, b) => b.length - a.length);
        },
        scrub(text) {
            let out = text;
            for (const form of forms)
                if (out.includes(form))
                    out = out.split(form).join(MASK);
            if (forms.length && out.includes('\u2026'))
                out = scrubPrefixes(out, forms);
            return out;
        }
    };
}
function redacting(io, redactor) {
    const { scrub } = redactor;
    function* scrubbed(lines) {
        for (const line of lines)
            yield scrub(line);
    }
    return {
        getInput: (name) => io.getInput(name),
        setSecret: (secret) => redactor.add(secret),
        setOutput: (name, value) => io.setOutput(name, scrub(value)),
        info: (message) => io.info(scrub(message)),
        warning: (message) => io.warning(scrub(message)),
        error: (message, title) => io.error(scrub(message), scrub(title)),
        debug: (message) => io.debug(scrub(message)),
        setFailed: (message) => io.setFailed(scrub(message)),
        writeSummary: (markdown) => io.writeSummary(scrub(markdown)),
        writeResultsFile: (lines) => io.writeResultsFile(scrubbed(lines))
    };
}
function htmlEscape(text) {
    return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);
}
function rfc3986(text) {
    return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}
function scrubPrefixes(text, forms) {
    let out = '';
    let from = 0;
    for (let at = text.indexOf('\u2026'); at !== -1; at = text.indexOf('\u2026', at + 1)) {
        let cut = at;
        for (const form of forms) {
            const window = text.slice(Math.max(from, at - form.length + 1), at);
            const head = form.slice(0, MIN_PREFIX);
            for (let i = window.indexOf(head); i !== -1; i = window.indexOf(head, i + 1)) {
                const tail = window.slice(i);
                if (form.startsWith(tail)) {
                    cut = Math.min(cut, at - tail.length);
                    break;
                }
            }
        }
        if (cut < at) {
            out += `${text.slice(from, cut)}${MASK}`;
            from = at;
        }
    }
    return from === 0 ? text : out + text.slice(from);
}

;// CONCATENATED MODULE: ./src/submit/batches.ts

function planBatches(submission, product) {
    const { limits } = product;
    const batches = [];
    for (const list of submission.refreshes) {
        for (const paths of split(list.paths, limits.refreshPerCall[list.kind], limits.domainsPerCall)) {
            const params = {
                ObjectPath: paths.join('\n'),
                ObjectType: product.objectTypes[list.kind]
            };
            if (submission.force && list.kind !== 'File')
                params.Force = 'true';
            batches.push({ operation: 'refresh', kind: list.kind, inputs: list.inputs, paths, params });
        }
    }
    const { prefetch } = submission;
    for (const paths of split(prefetch.paths, limits.prefetchPerCall, limits.domainsPerCall)) {
        const params = { ObjectPath: paths.join('\n') };
        if (prefetch.area)
            params.Area = prefetch.area;
        if (prefetch.l2)
            params.L2Preload = 'true';
        batches.push({
            operation: 'preload',
            kind: undefined,
            inputs: ['prefetch-paths'],
            paths,
            params
        });
    }
    return batches;
}
function split(paths, size, domains) {
    const out = [];
    let current = [];
    let seen = new Set();
    for (const path of paths) {
        const domain = domainOf(path);
        const full = current.length >= size || (!seen.has(domain) && seen.size >= domains);
        if (full) {
            out.push(current);
            current = [];
            seen = new Set();
        }
        current.push(path);
        seen.add(domain);
    }
    if (current.length)
        out.push(current);
    return out;
}

;// CONCATENATED MODULE: ./src/submit/quota.ts





const QUOTA = {
    File: { field: 'Url', unit: 'URL refreshes', one: 'URL refresh' },
    Directory: { field: 'Dir', unit: 'directory refreshes', one: 'directory refresh' },
    Regex: {
        field: 'Regex',
        unit: 'regular-expression refreshes',
        one: 'regular-expression refresh'
    },
    IgnoreParams: {
        field: 'IgnoreParams',
        unit: 'ignore-parameters refreshes',
        one: 'ignore-parameters refresh'
    },
    Prefetch: { field: 'Preload', unit: 'prefetches', one: 'prefetch' }
};
function needs(batches) {
    const byKind = new Map();
    for (const batch of batches) {
        const kind = batch.kind ?? 'Prefetch';
        const need = byKind.get(kind) ?? { kind, inputs: [], count: 0 };
        need.count += batch.paths.length;
        for (const input of batch.inputs)
            if (!need.inputs.includes(input))
                need.inputs.push(input);
        byKind.set(kind, need);
    }
    return [...byKind.values()];
}
async function checkQuota(api, product, batches, log) {
    const wanted = needs(batches);
    if (wanted.length === 0)
        return [];
    const { body, requestId } = await api.call(productRequest(product, 'quota', {}), {
        ramAction: ramAction(product, 'quota'),
        read: (answer) => answer
    });
    const seen = [];
    const left = [];
    const short = [];
    for (const need of wanted) {
        const { field, unit, one } = QUOTA[need.kind];
        const remain = count(body[`${field}Remain`]);
        const quota = count(body[`${field}Quota`]);
        if (remain === undefined) {
            log.warning(`The ${product.name} quota answer has no ${field}Remain: ${unit} were not checked against the daily quota.`);
            continue;
        }
        const ofQuota = quota === undefined ? '' : ` of ${plural_formatCount(quota)}`;
        const line = `${need.inputs.join(' and ')} needs ${plural_formatCount(need.count)} ${need.count === 1 ? one : unit}; ${plural_formatCount(remain)}${ofQuota} remain today`;
        seen.push(line);
        if (need.count > remain)
            short.push({ kind: need.kind, line });
        else if (quota !== undefined)
            left.push({ kind: need.kind, remain: remain - need.count, quota });
    }
    if (short.length > 0) {
        const refreshShort = short.some((entry) => entry.kind !== 'Prefetch');
        throw new errors/* ApiError */.hD(`${short.map((entry) => entry.line).join('; ')}. Nothing was submitted.`, {
            service: product.name,
            code: refreshShort ? 'QuotaExceeded.Refresh' : 'QuotaExceeded.Preload',
            requestId,
            httpStatus: 0,
            hint: 'wait until the daily quota resets, submit fewer paths (a directory instead of its files), or ask Alibaba Cloud to raise the quota.'
        });
    }
    if (seen.length)
        log.info(`Quota checked: ${seen.join('; ')}.`);
    return left;
}
function count(value) {
    const digits = (0,shared_text/* oneLine */.TN)(answer_text(value), 20);
    return /^\d+$/.test(digits) ? Number(digits) : undefined;
}

;// CONCATENATED MODULE: ./src/submit/submit.ts









const TASK_ID = /^\d{1,20}$/;
async function submitAll(submission, deps) {
    const { api, product, log } = deps;
    submission.notes.forEach((note) => log.info(note));
    const batches = planBatches(submission, product);
    const report = { ids: [], submitted: [], quotaLeft: [] };
    if (batches.length === 0)
        return report;
    report.quotaLeft = await checkQuota(api, product, batches, log);
    const submitted = report.ids;
    for (const [index, batch] of batches.entries()) {
        const label = `${product.operations[batch.operation].action} batch ${index + 1} of ${batches.length} (${submit_count(batch)} from ${batch.inputs.join(' and ')})`;
        let ids;
        let mayHaveGone = false;
        try {
            ids = await api.call(productRequest(product, batch.operation, batch.params), {
                retry: submissionPolicy(),
                ramAction: ramAction(product, batch.operation),
                read: (answer) => readIds(answer, idField(batch, product)),
                onLongWait: (ms, reason) => log.info(`${label}: waiting ${Math.round(ms / 1000)} s before trying again (${(0,shared_text/* oneLine */.TN)(reason, 200)}).`),
                onNote: (note) => {
                    mayHaveGone = true;
                    log.warning(`${label}: ${note}`);
                }
            });
        }
        catch (error) {
            if (error instanceof errors/* CancelledError */.cc)
                throw error;
            throw failedBatch(error, { label, index, mayHaveGone }, submitted, product);
        }
        const fresh = ids.filter((id) => !submitted.includes(id));
        submitted.push(...fresh);
        deps.onSubmitted(fresh);
        tally(report, batch, ids);
        log.info(`Submitted ${label}: task ${ids.length === 1 ? 'ID' : 'IDs'} ${ids.join(',')}.`);
    }
    return report;
}
function tally(report, batch, ids) {
    const kind = batch.kind ?? 'Prefetch';
    let entry = report.submitted.find((e) => e.kind === kind);
    if (!entry)
        report.submitted.push((entry = { kind, paths: 0, taskIds: [] }));
    entry.paths += batch.paths.length;
    for (const id of ids)
        if (!entry.taskIds.includes(id))
            entry.taskIds.push(id);
}
function idField(batch, product) {
    return batch.operation === 'refresh' ? 'RefreshTaskId' : product.preloadIdField;
}
function readIds({ body }, field) {
    const ids = answer_text(body[field])
        .split(',')
        .map((id) => id.trim())
        .filter((id) => id !== '');
    if (ids.length === 0 || !ids.every((id) => TASK_ID.test(id))) {
        throw new IncompleteAnswer(`answer without task IDs in ${field}`);
    }
    return [...new Set(ids)];
}
function submit_count(batch) {
    const n = batch.paths.length;
    const noun = batch.kind === undefined
        ? 'URL'
        : batch.kind === 'Directory'
            ? 'directory'
            : batch.kind === 'Regex'
                ? 'regular expression'
                : 'URL';
    return plural(n, noun, noun === 'directory' ? 'directories' : `${noun}s`);
}
function failedBatch(error, { label, index, mayHaveGone }, submitted, product) {
    const shown = submitted.slice(0, 10).join(',');
    const more = submitted.length > 10 ? ` and ${submitted.length - 10} more` : '';
    const earlier = index === 1 ? 'Batch 1 was' : `Batches 1-${index} were`;
    const before = index === 0
        ? 'No batch was submitted before it.'
        : `${earlier} submitted: task IDs ${shown}${more} (in the outputs submitted-task-ids and pending-task-ids).`;
    const api = error instanceof errors/* ApiError */.hD ? error : undefined;
    const why = (0,shared_text/* oneLine */.TN)(error.message, 600).replace(/([^.!?])$/, '$1.');
    const itself = mayHaveGone
        ? ' The API may have carried it out all the same (up to twice) under task IDs this step never got: check the refresh history in the console before running it again.'
        : '';
    return new errors/* ApiError */.hD(`${label} failed: ${why}${itself} ${before}`, {
        service: api?.service ?? product.name,
        code: api?.code ?? '',
        requestId: api?.requestId ?? '',
        httpStatus: api?.httpStatus ?? 0,
        hint: api?.hint,
        accessDenied: api?.accessDenied
    });
}

;// CONCATENATED MODULE: ./src/main.ts
















async function run(outside) {
    const redactor = createRedactor((secret) => outside.io.setSecret(secret));
    const set = new Set();
    const scrubbed = redacting(outside.io, redactor);
    const io = {
        ...scrubbed,
        setOutput: (name, value) => {
            set.add(name);
            scrubbed.setOutput(name, value);
        }
    };
    const runtime = { ...outside, io };
    try {
        return await runChecked(runtime, redactor);
    }
    catch (error) {
        io.debug(error.stack ?? String(error));
        io.setFailed(`Unexpected error: ${(0,shared_text/* oneLine */.TN)(error.message ?? String(error), 300)}`);
        return undefined;
    }
    finally {
        for (const name of OUTPUT_NAMES)
            if (!set.has(name))
                io.setOutput(name, fallback(name));
    }
}
function fallback(name) {
    if (name === 'status')
        return 'failed';
    if (name === 'results')
        return '[]';
    return '';
}
async function runChecked(runtime, redactor) {
    const { io, env } = runtime;
    maskSecrets((name) => io.getInput(name), env, (secret) => io.setSecret(secret));
    let config;
    try {
        const read = readConfig((name) => io.getInput(name), env);
        config = read.config;
        read.warnings.forEach((warning) => io.warning(warning));
    }
    catch (error) {
        if (!(error instanceof errors/* InputError */.dz))
            throw error;
        await writeSummary(io, inputErrorSummary(error.message));
        io.setFailed(error.message);
        return undefined;
    }
    io.info(startLine(config));
    const deadline = runtime.clock() + config.timeoutMs;
    const budget = budgeted({
        transport: runtime.createTransport(config.requestTimeoutMs),
        sleep: runtime.sleep,
        clock: runtime.clock
    }, deadline);
    const progress = startProgress(runtime.clock());
    const endWith = (outcome) => outcome.end === 'timed-out' && progress.answered === 0
        ? endOnError(config, runtime, redactor, unanswered(config, outcome), progress)
        : reportVerdict(config, outcome, progress, runtime, redactor);
    try {
        const api = await connect(config, runtime, budget, deadline);
        progress.requestsSent = () => api.requestsSent;
        config = await submitFirst(config, api, io, progress);
        if (!config.wait)
            return await endSubmitted(io, config, progress);
        const outcome = await waitForTasks(config, runtime, api, budget, deadline, progress);
        return await endWith(outcome);
    }
    catch (error) {
        config = withSubmitted(config, progress.submitted);
        if (error instanceof errors/* CancelledError */.cc) {
            const timedOut = error instanceof errors/* BudgetExceededError */.Zq && !runtime.signal?.aborted;
            const end = timedOut ? 'timed-out' : 'cancelled';
            return await endWith(outcomeSoFar(config.taskIds, progress, runtime.clock(), end));
        }
        if (error instanceof errors/* ApiError */.hD)
            return await endOnError(config, runtime, redactor, error, progress);
        throw error;
    }
    finally {
        budget.transport.close();
    }
}
async function submitFirst(config, api, io, progress) {
    const submitted = [];
    try {
        const submission = await submitAll(config.submission, {
            api,
            product: config.product,
            log: io,
            onSubmitted: (ids) => submitted.push(...ids)
        });
        if (submission.ids.length)
            progress.submission = submission;
    }
    finally {
        io.setOutput('submitted-task-ids', submitted.join(','));
        progress.answered += api.answered;
        progress.submitted = submitted;
    }
    return withSubmitted(config, submitted);
}
function withSubmitted(config, submitted = []) {
    const given = new Set(config.taskIds);
    const added = submitted.filter((id) => !given.has(id));
    return added.length ? { ...config, taskIds: [...config.taskIds, ...added] } : config;
}
async function endSubmitted(io, config, progress) {
    const ending = submittedEnding(config.product, config.taskIds, progress.submitted ?? []);
    await writeOutputs(io, ending.verdict, { status: ending.status });
    await writeSummary(io, ending.summary);
    io.info(ending.message);
    return undefined;
}
function startLine(config) {
    const { name } = config.product;
    const count = config.taskIds.length;
    const given = plural(count, `${name} task`);
    const what = !submitsAnything(config.submission)
        ? `Waiting for ${given}`
        : !config.wait
            ? `Submitting ${name} refreshes and prefetches (not waiting)`
            : count === 0
                ? `Submitting ${name} refreshes and prefetches, then waiting for them`
                : `Submitting ${name} refreshes and prefetches, then waiting for them and ${given}`;
    const limits = config.wait
        ? `timeout ${formatDuration(config.timeoutMs)}, polling every ${formatDuration(config.pollIntervalMs)} to ${formatDuration(config.maxPollIntervalMs)}, at most ${config.maxRequestsPerSecond} calls/s`
        : `timeout ${formatDuration(config.timeoutMs)}, at most ${config.maxRequestsPerSecond} calls/s`;
    return `${what} at ${config.endpoint.host} with ${describeAuth(config.auth)}: ${limits}.`;
}


/***/ }),

/***/ 2066:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   M: () => (/* binding */ abortableSleep),
/* harmony export */   P: () => (/* binding */ abortOnSignals)
/* harmony export */ });
/* harmony import */ var _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8382);

function abortableSleep(signal) {
    return (ms) => new Promise((resolve, reject) => {
        if (signal.aborted) {
            reject(new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc('cancelled'));
            return;
        }
        const onAbort = () => {
            clearTimeout(timer);
            reject(new _shared_errors_js__WEBPACK_IMPORTED_MODULE_0__/* .CancelledError */ .cc('cancelled'));
        };
        const timer = setTimeout(() => {
            signal.removeEventListener('abort', onAbort);
            resolve();
        }, ms);
        signal.addEventListener('abort', onAbort, { once: true });
    });
}
function abortOnSignals(controller, announce, exitNow) {
    for (const name of ['SIGINT', 'SIGTERM']) {
        process.on(name, () => {
            if (controller.signal.aborted)
                exitNow();
            announce(`Received ${name}: the job was cancelled; stopping and writing the results so far.`);
            controller.abort();
        });
    }
}


/***/ }),

/***/ 5153:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  bw: () => (/* binding */ createGitHubBinding)
});

// UNUSED EXPORTS: readPayload, runContext

// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/proxy.js
var lib_proxy = __nccwpck_require__(9783);
// EXTERNAL MODULE: ./src/shared/text.ts
var shared_text = __nccwpck_require__(4646);
// EXTERNAL MODULE: ./src/runtime/undici-on-demand.cjs
var undici_on_demand = __nccwpck_require__(8545);
var undici_on_demand_default = /*#__PURE__*/__nccwpck_require__.n(undici_on_demand);
;// CONCATENATED MODULE: ./src/runtime/undici.ts

async function loadUndici() {
    undici_on_demand_default().provide(await __nccwpck_require__.e(/* import() */ 752).then(__nccwpck_require__.t.bind(__nccwpck_require__, 6752, 19)));
}

// EXTERNAL MODULE: ./src/runtime/user-agent.ts
var user_agent = __nccwpck_require__(3649);
;// CONCATENATED MODULE: ./src/runtime/github-binding.ts





function createGitHubBinding(env) {
    let context;
    return {
        get context() {
            return (context ??= runContext(env));
        },
        createClient: async (token) => {
            await loadUndici();
            const { getOctokit } = await __nccwpck_require__.e(/* import() */ 413).then(__nccwpck_require__.bind(__nccwpck_require__, 2413));
            return getOctokit(token, { baseUrl: apiUrlOf(env), userAgent: user_agent/* USER_AGENT */._ });
        }
    };
}
function runContext(env) {
    const { payload, problem } = readPayload(env.GITHUB_EVENT_PATH);
    const apiUrl = apiUrlOf(env);
    return {
        eventName: env.GITHUB_EVENT_NAME ?? '',
        payload,
        payloadProblem: problem,
        repo: repoOf(env.GITHUB_REPOSITORY, payload),
        serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
        runId: Number.parseInt(env.GITHUB_RUN_ID ?? '', 10),
        runAttempt: Number.parseInt(env.GITHUB_RUN_ATTEMPT ?? '', 10),
        apiUrl,
        proxy: proxyOf(apiUrl),
        sha: env.GITHUB_SHA,
        workflow: env.GITHUB_WORKFLOW,
        job: env.GITHUB_JOB
    };
}
const apiUrlOf = (env) => env.GITHUB_API_URL || 'https://api.github.com';
function readPayload(path) {
    if (!path)
        return { payload: {} };
    const where = `the event file GITHUB_EVENT_PATH (${(0,shared_text/* oneLine */.TN)(path, 150)})`;
    let text;
    try {
        text = (0,external_node_fs_.readFileSync)(path, 'utf8');
    }
    catch (error) {
        const code = error.code;
        const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${String(code ?? error)})`;
        return { payload: {}, problem: `${where} ${why}` };
    }
    try {
        const value = JSON.parse(text.replace(/^\uFEFF/, ''));
        if (value && typeof value === 'object' && !Array.isArray(value))
            return { payload: value };
        return { payload: {}, problem: `${where} does not hold a JSON object` };
    }
    catch (error) {
        return {
            payload: {},
            problem: `${where} is not JSON (${(0,shared_text/* oneLine */.TN)(error.message, 100)})`
        };
    }
}
function repoOf(variable, payload) {
    const [owner, repo, ...rest] = (variable ?? '').split('/');
    if (owner && repo && rest.length === 0)
        return { owner, repo };
    const repository = payload.repository;
    const name = repository?.name;
    const login = repository?.owner?.login;
    if (typeof name === 'string' && name && typeof login === 'string' && login)
        return { owner: login, repo: name };
    return undefined;
}
function proxyOf(apiUrl) {
    try {
        const proxy = (0,lib_proxy/* getProxyUrl */.s)(new URL(apiUrl));
        return proxy?.hostname ? proxy.host : undefined;
    }
    catch {
        return undefined;
    }
}


/***/ }),

/***/ 8570:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  $: () => (/* binding */ runnerIO)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
// EXTERNAL MODULE: external "node:fs"
var external_node_fs_ = __nccwpck_require__(3024);
// EXTERNAL MODULE: external "node:events"
var external_node_events_ = __nccwpck_require__(8474);
;// CONCATENATED MODULE: external "node:stream/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream/promises");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 16 modules
var core = __nccwpck_require__(3340);
;// CONCATENATED MODULE: ./src/runtime/runner-io.ts






const runnerIO = {
    getInput: (name) => core/* getInput */.V4(name),
    setOutput: (name, value) => core/* setOutput */.uH(name, value),
    setSecret: (secret) => core/* setSecret */.Pq(secret),
    info: (message) => core/* info */.pq(message),
    warning: (message) => core/* warning */.$e(message),
    error: (message, title) => core/* error */.z3(message, { title }),
    debug: (message) => core/* debug */.Yz(message),
    setFailed: (message) => core/* setFailed */.C1(message),
    writeSummary: async (markdown) => {
        if (!process.env.GITHUB_STEP_SUMMARY)
            return;
        await core/* summary */.z.addRaw(markdown).write();
    },
    writeResultsFile: async (lines) => {
        const dir = process.env.RUNNER_TEMP;
        if (!dir)
            return '';
        const file = (0,external_node_path_namespaceObject.join)(dir, `dcdn-refresh-wait-${(0,external_node_crypto_.randomUUID)()}.json`);
        const stream = (0,external_node_fs_.createWriteStream)(file);
        let chunk = '';
        for (const line of lines) {
            chunk += `${line}\n`;
            if (chunk.length < 65_536)
                continue;
            const drained = stream.write(chunk);
            chunk = '';
            if (!drained)
                await (0,external_node_events_.once)(stream, 'drain');
        }
        stream.end(chunk);
        await (0,promises_namespaceObject.finished)(stream);
        return file;
    }
};


/***/ }),

/***/ 3649:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   _: () => (/* binding */ USER_AGENT)
/* harmony export */ });
const USER_AGENT = 'dcdn-refresh-wait/0.1';


/***/ }),

/***/ 8382:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   N_: () => (/* binding */ TransientError),
/* harmony export */   Zq: () => (/* binding */ BudgetExceededError),
/* harmony export */   cc: () => (/* binding */ CancelledError),
/* harmony export */   dz: () => (/* binding */ InputError),
/* harmony export */   hD: () => (/* binding */ ApiError)
/* harmony export */ });
class InputError extends Error {
    name = 'InputError';
}
class ApiError extends Error {
    name = 'ApiError';
    service;
    code;
    requestId;
    httpStatus;
    hint;
    accessDenied;
    constructor(message, details) {
        super(message);
        this.service = details.service;
        this.code = details.code;
        this.requestId = details.requestId;
        this.httpStatus = details.httpStatus;
        this.hint = details.hint;
        this.accessDenied = details.accessDenied;
    }
}
class TransientError extends Error {
    name = 'TransientError';
    retryAfterMs;
    constructor(message, retryAfterMs) {
        super(message);
        this.retryAfterMs = retryAfterMs;
    }
}
class CancelledError extends Error {
    name = 'CancelledError';
}
class BudgetExceededError extends CancelledError {
    name = 'BudgetExceededError';
}


/***/ }),

/***/ 4646:
/***/ ((__unused_webpack_module, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Cj: () => (/* binding */ tailOf),
/* harmony export */   TN: () => (/* binding */ oneLine),
/* harmony export */   Uo: () => (/* binding */ headOf)
/* harmony export */ });
function oneLine(text, max = 500) {
    const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').trim();
    const head = headOf(flat, max);
    return head.length < flat.length ? `${head}\u2026` : flat;
}
let segmenter;
function graphemes(text) {
    segmenter ??= new Intl.Segmenter('en', { granularity: 'grapheme' });
    return segmenter.segment(text);
}
function headOf(text, max) {
    if (text.length <= max)
        return text;
    if (isAscii(text, 0, max + 1))
        return text.slice(0, crlfAt(text, max) ? max - 1 : max);
    let end = 0;
    for (const { segment } of graphemes(text)) {
        if (end + segment.length > max)
            break;
        end += segment.length;
    }
    return text.slice(0, end);
}
function tailOf(text, max) {
    if (text.length <= max)
        return text;
    const cut = text.length - max;
    if (isAscii(text, cut - 1, text.length))
        return text.slice(crlfAt(text, cut) ? cut + 1 : cut);
    let from = Math.max(0, text.length - max - 64);
    if (from > 0) {
        const ascii = text.slice(from).search(/[\x20-\x7e]/);
        from = ascii < 0 ? 0 : from + ascii;
    }
    const segments = Array.from(graphemes(text.slice(from)));
    let start = text.length;
    for (let i = segments.length - 1; i >= 0; i--) {
        const { segment } = segments[i];
        if (text.length - start + segment.length > max)
            break;
        start -= segment.length;
    }
    return text.slice(start);
}
function isAscii(text, from, to) {
    for (let i = Math.max(0, from); i < to; i++)
        if (text.charCodeAt(i) > 0x7f)
            return false;
    return true;
}
function crlfAt(text, at) {
    return text[at - 1] === '\r' && text[at] === '\n';
}


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 3024:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ }),

/***/ 8545:
/***/ ((module) => {


// The bundle's 'undici' (tsconfig.json "paths"; why, in CONTRIBUTING.md): the comment path
// provides the real one (undici.ts). Getters answer undefined until then, because module loaders
// read every property as they import this file.
let real;

module.exports = {
  provide(module) {
    real = module;
  },
  get ProxyAgent() {
    return real?.ProxyAgent;
  },
  get fetch() {
    return real?.fetch;
  }
};


/***/ }),

/***/ 3340:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {


// EXPORTS
__nccwpck_require__.d(__webpack_exports__, {
  Yz: () => (/* binding */ debug),
  z3: () => (/* binding */ error),
  V9: () => (/* binding */ getIDToken),
  V4: () => (/* binding */ getInput),
  pq: () => (/* binding */ info),
  C1: () => (/* binding */ setFailed),
  uH: () => (/* binding */ setOutput),
  Pq: () => (/* binding */ setSecret),
  z: () => (/* reexport */ summary),
  $e: () => (/* binding */ warning)
});

// UNUSED EXPORTS: ExitCode, addPath, endGroup, exportVariable, getBooleanInput, getMultilineInput, getState, group, isDebug, markdownSummary, notice, platform, saveState, setCommandEcho, startGroup, toPlatformPath, toPosixPath, toWin32Path

// EXTERNAL MODULE: external "os"
var external_os_ = __nccwpck_require__(857);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/utils.js
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */
/**
 * Sanitizes an input into a string so it can be passed into issueCommand safely
 * @param input input to sanitize into a string
 */
function utils_toCommandValue(input) {
    if (input === null || input === undefined) {
        return '';
    }
    else if (typeof input === 'string' || input instanceof String) {
        return input;
    }
    return JSON.stringify(input);
}
/**
 *
 * @param annotationProperties
 * @returns The command properties to send with the actual annotation command
 * See IssueCommandProperties: https://github.com/actions/runner/blob/main/src/Runner.Worker/ActionCommandManager.cs#L646
 */
function utils_toCommandProperties(annotationProperties) {
    if (!Object.keys(annotationProperties).length) {
        return {};
    }
    return {
        title: annotationProperties.title,
        file: annotationProperties.file,
        line: annotationProperties.startLine,
        endLine: annotationProperties.endLine,
        col: annotationProperties.startColumn,
        endColumn: annotationProperties.endColumn
    };
}
//# sourceMappingURL=utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/command.js


/**
 * Issues a command to the GitHub Actions runner
 *
 * @param command - The command name to issue
 * @param properties - Additional properties for the command (key-value pairs)
 * @param message - The message to include with the command
 * @remarks
 * This function outputs a specially formatted string to stdout that the Actions
 * runner interprets as a command. These commands can control workflow behavior,
 * set outputs, create annotations, mask values, and more.
 *
 * Command Format:
 *   ::name key=value,key=value::message
 *
 * @example
 * ```typescript
 * // Issue a warning annotation
 * issueCommand('warning', {}, 'This is a warning message');
 * // Output: ::warning::This is a warning message
 *
 * // Set an environment variable
 * issueCommand('set-env', { name: 'MY_VAR' }, 'some value');
 * // Output: ::set-env name=MY_VAR::some value
 *
 * // Add a secret mask
 * issueCommand('add-mask', {}, 'secretValue123');
 * // Output: ::add-mask::secretValue123
 * ```
 *
 * @internal
 * This is an internal utility function that powers the public API functions
 * such as setSecret, warning, error, and exportVariable.
 */
function command_issueCommand(command, properties, message) {
    const cmd = new Command(command, properties, message);
    process.stdout.write(cmd.toString() + external_os_.EOL);
}
function command_issue(name, message = '') {
    command_issueCommand(name, {}, message);
}
const CMD_STRING = '::';
class Command {
    constructor(command, properties, message) {
        if (!command) {
            command = 'missing.command';
        }
        this.command = command;
        this.properties = properties;
        this.message = message;
    }
    toString() {
        let cmdStr = CMD_STRING + this.command;
        if (this.properties && Object.keys(this.properties).length > 0) {
            cmdStr += ' ';
            let first = true;
            for (const key in this.properties) {
                if (this.properties.hasOwnProperty(key)) {
                    const val = this.properties[key];
                    if (val) {
                        if (first) {
                            first = false;
                        }
                        else {
                            cmdStr += ',';
                        }
                        cmdStr += `${key}=${escapeProperty(val)}`;
                    }
                }
            }
        }
        cmdStr += `${CMD_STRING}${escapeData(this.message)}`;
        return cmdStr;
    }
}
function escapeData(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A');
}
function escapeProperty(s) {
    return utils_toCommandValue(s)
        .replace(/%/g, '%25')
        .replace(/\r/g, '%0D')
        .replace(/\n/g, '%0A')
        .replace(/:/g, '%3A')
        .replace(/,/g, '%2C');
}
//# sourceMappingURL=command.js.map
;// CONCATENATED MODULE: external "crypto"
const external_crypto_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");
// EXTERNAL MODULE: external "fs"
var external_fs_ = __nccwpck_require__(9896);
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/file-command.js
// For internal use, subject to change.
// We use any as a valid input type
/* eslint-disable @typescript-eslint/no-explicit-any */




function file_command_issueFileCommand(command, message) {
    const filePath = process.env[`GITHUB_${command}`];
    if (!filePath) {
        throw new Error(`Unable to find environment variable for file command ${command}`);
    }
    if (!external_fs_.existsSync(filePath)) {
        throw new Error(`Missing file at path: ${filePath}`);
    }
    external_fs_.appendFileSync(filePath, `${utils_toCommandValue(message)}${external_os_.EOL}`, {
        encoding: 'utf8'
    });
}
function file_command_prepareKeyValueMessage(key, value) {
    const delimiter = `ghadelimiter_${external_crypto_namespaceObject.randomUUID()}`;
    const convertedValue = utils_toCommandValue(value);
    // These should realistically never happen, but just in case someone finds a
    // way to exploit uuid generation let's not allow keys or values that contain
    // the delimiter.
    if (key.includes(delimiter)) {
        throw new Error(`Unexpected input: name should not contain the delimiter "${delimiter}"`);
    }
    if (convertedValue.includes(delimiter)) {
        throw new Error(`Unexpected input: value should not contain the delimiter "${delimiter}"`);
    }
    return `${key}<<${delimiter}${external_os_.EOL}${convertedValue}${external_os_.EOL}${delimiter}`;
}
//# sourceMappingURL=file-command.js.map
;// CONCATENATED MODULE: external "path"
const external_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");
// EXTERNAL MODULE: ./node_modules/@actions/http-client/lib/index.js
var lib = __nccwpck_require__(2779);
;// CONCATENATED MODULE: ./node_modules/@actions/http-client/lib/auth.js
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};
class BasicCredentialHandler {
    constructor(username, password) {
        this.username = username;
        this.password = password;
    }
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`${this.username}:${this.password}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class BearerCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Bearer ${this.token}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
class PersonalAccessTokenCredentialHandler {
    constructor(token) {
        this.token = token;
    }
    // currently implements pre-authorization
    // TODO: support preAuth = false where it hooks on 401
    prepareRequest(options) {
        if (!options.headers) {
            throw Error('The request has no headers');
        }
        options.headers['Authorization'] = `Basic ${Buffer.from(`PAT:${this.token}`).toString('base64')}`;
    }
    // This handler cannot handle 401
    canHandleAuthentication() {
        return false;
    }
    handleAuthentication() {
        return __awaiter(this, void 0, void 0, function* () {
            throw new Error('not implemented');
        });
    }
}
//# sourceMappingURL=auth.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/oidc-utils.js
var oidc_utils_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



class OidcClient {
    static createHttpClient(allowRetry = true, maxRetry = 10) {
        const requestOptions = {
            allowRetries: allowRetry,
            maxRetries: maxRetry
        };
        return new lib/* HttpClient */.Qq('actions/oidc-client', [new BearerCredentialHandler(OidcClient.getRequestToken())], requestOptions);
    }
    static getRequestToken() {
        const token = process.env['ACTIONS_ID_TOKEN_REQUEST_TOKEN'];
        if (!token) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_TOKEN env variable');
        }
        return token;
    }
    static getIDTokenUrl() {
        const runtimeUrl = process.env['ACTIONS_ID_TOKEN_REQUEST_URL'];
        if (!runtimeUrl) {
            throw new Error('Unable to get ACTIONS_ID_TOKEN_REQUEST_URL env variable');
        }
        return runtimeUrl;
    }
    static getCall(id_token_url) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            var _a;
            const httpclient = OidcClient.createHttpClient();
            const res = yield httpclient
                .getJson(id_token_url)
                .catch(error => {
                throw new Error(`Failed to get ID Token. \n 
        Error Code : ${error.statusCode}\n 
        Error Message: ${error.message}`);
            });
            const id_token = (_a = res.result) === null || _a === void 0 ? void 0 : _a.value;
            if (!id_token) {
                throw new Error('Response json body do not have ID Token field');
            }
            return id_token;
        });
    }
    static getIDToken(audience) {
        return oidc_utils_awaiter(this, void 0, void 0, function* () {
            try {
                // New ID Token is requested from action service
                let id_token_url = OidcClient.getIDTokenUrl();
                if (audience) {
                    const encodedAudience = encodeURIComponent(audience);
                    id_token_url = `${id_token_url}&audience=${encodedAudience}`;
                }
                debug(`ID token url is ${id_token_url}`);
                const id_token = yield OidcClient.getCall(id_token_url);
                setSecret(id_token);
                return id_token;
            }
            catch (error) {
                throw new Error(`Error message: ${error.message}`);
            }
        });
    }
}
//# sourceMappingURL=oidc-utils.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/summary.js
var summary_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { access, appendFile, writeFile } = external_fs_.promises;
const SUMMARY_ENV_VAR = 'GITHUB_STEP_SUMMARY';
const SUMMARY_DOCS_URL = 'https://docs.github.com/actions/using-workflows/workflow-commands-for-github-actions#adding-a-job-summary';
class Summary {
    constructor() {
        this._buffer = '';
    }
    /**
     * Finds the summary file path from the environment, rejects if env var is not found or file does not exist
     * Also checks r/w permissions.
     *
     * @returns step summary file path
     */
    filePath() {
        return summary_awaiter(this, void 0, void 0, function* () {
            if (this._filePath) {
                return this._filePath;
            }
            const pathFromEnv = process.env[SUMMARY_ENV_VAR];
            if (!pathFromEnv) {
                throw new Error(`Unable to find environment variable for $${SUMMARY_ENV_VAR}. Check if your runtime environment supports job summaries.`);
            }
            try {
                yield access(pathFromEnv, external_fs_.constants.R_OK | external_fs_.constants.W_OK);
            }
            catch (_a) {
                throw new Error(`Unable to access summary file: '${pathFromEnv}'. Check if the file has correct read/write permissions.`);
            }
            this._filePath = pathFromEnv;
            return this._filePath;
        });
    }
    /**
     * Wraps content in an HTML tag, adding any HTML attributes
     *
     * @param {string} tag HTML tag to wrap
     * @param {string | null} content content within the tag
     * @param {[attribute: string]: string} attrs key-value list of HTML attributes to add
     *
     * @returns {string} content wrapped in HTML element
     */
    wrap(tag, content, attrs = {}) {
        const htmlAttrs = Object.entries(attrs)
            .map(([key, value]) => ` ${key}="${value}"`)
            .join('');
        if (!content) {
            return `<${tag}${htmlAttrs}>`;
        }
        return `<${tag}${htmlAttrs}>${content}</${tag}>`;
    }
    /**
     * Writes text in the buffer to the summary buffer file and empties buffer. Will append by default.
     *
     * @param {SummaryWriteOptions} [options] (optional) options for write operation
     *
     * @returns {Promise<Summary>} summary instance
     */
    write(options) {
        return summary_awaiter(this, void 0, void 0, function* () {
            const overwrite = !!(options === null || options === void 0 ? void 0 : options.overwrite);
            const filePath = yield this.filePath();
            const writeFunc = overwrite ? writeFile : appendFile;
            yield writeFunc(filePath, this._buffer, { encoding: 'utf8' });
            return this.emptyBuffer();
        });
    }
    /**
     * Clears the summary buffer and wipes the summary file
     *
     * @returns {Summary} summary instance
     */
    clear() {
        return summary_awaiter(this, void 0, void 0, function* () {
            return this.emptyBuffer().write({ overwrite: true });
        });
    }
    /**
     * Returns the current summary buffer as a string
     *
     * @returns {string} string of summary buffer
     */
    stringify() {
        return this._buffer;
    }
    /**
     * If the summary buffer is empty
     *
     * @returns {boolen} true if the buffer is empty
     */
    isEmptyBuffer() {
        return this._buffer.length === 0;
    }
    /**
     * Resets the summary buffer without writing to summary file
     *
     * @returns {Summary} summary instance
     */
    emptyBuffer() {
        this._buffer = '';
        return this;
    }
    /**
     * Adds raw text to the summary buffer
     *
     * @param {string} text content to add
     * @param {boolean} [addEOL=false] (optional) append an EOL to the raw text (default: false)
     *
     * @returns {Summary} summary instance
     */
    addRaw(text, addEOL = false) {
        this._buffer += text;
        return addEOL ? this.addEOL() : this;
    }
    /**
     * Adds the operating system-specific end-of-line marker to the buffer
     *
     * @returns {Summary} summary instance
     */
    addEOL() {
        return this.addRaw(external_os_.EOL);
    }
    /**
     * Adds an HTML codeblock to the summary buffer
     *
     * @param {string} code content to render within fenced code block
     * @param {string} lang (optional) language to syntax highlight code
     *
     * @returns {Summary} summary instance
     */
    addCodeBlock(code, lang) {
        const attrs = Object.assign({}, (lang && { lang }));
        const element = this.wrap('pre', this.wrap('code', code), attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML list to the summary buffer
     *
     * @param {string[]} items list of items to render
     * @param {boolean} [ordered=false] (optional) if the rendered list should be ordered or not (default: false)
     *
     * @returns {Summary} summary instance
     */
    addList(items, ordered = false) {
        const tag = ordered ? 'ol' : 'ul';
        const listItems = items.map(item => this.wrap('li', item)).join('');
        const element = this.wrap(tag, listItems);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML table to the summary buffer
     *
     * @param {SummaryTableCell[]} rows table rows
     *
     * @returns {Summary} summary instance
     */
    addTable(rows) {
        const tableBody = rows
            .map(row => {
            const cells = row
                .map(cell => {
                if (typeof cell === 'string') {
                    return this.wrap('td', cell);
                }
                const { header, data, colspan, rowspan } = cell;
                const tag = header ? 'th' : 'td';
                const attrs = Object.assign(Object.assign({}, (colspan && { colspan })), (rowspan && { rowspan }));
                return this.wrap(tag, data, attrs);
            })
                .join('');
            return this.wrap('tr', cells);
        })
            .join('');
        const element = this.wrap('table', tableBody);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds a collapsable HTML details element to the summary buffer
     *
     * @param {string} label text for the closed state
     * @param {string} content collapsable content
     *
     * @returns {Summary} summary instance
     */
    addDetails(label, content) {
        const element = this.wrap('details', this.wrap('summary', label) + content);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML image tag to the summary buffer
     *
     * @param {string} src path to the image you to embed
     * @param {string} alt text description of the image
     * @param {SummaryImageOptions} options (optional) addition image attributes
     *
     * @returns {Summary} summary instance
     */
    addImage(src, alt, options) {
        const { width, height } = options || {};
        const attrs = Object.assign(Object.assign({}, (width && { width })), (height && { height }));
        const element = this.wrap('img', null, Object.assign({ src, alt }, attrs));
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML section heading element
     *
     * @param {string} text heading text
     * @param {number | string} [level=1] (optional) the heading level, default: 1
     *
     * @returns {Summary} summary instance
     */
    addHeading(text, level) {
        const tag = `h${level}`;
        const allowedTag = ['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].includes(tag)
            ? tag
            : 'h1';
        const element = this.wrap(allowedTag, text);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML thematic break (<hr>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addSeparator() {
        const element = this.wrap('hr', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML line break (<br>) to the summary buffer
     *
     * @returns {Summary} summary instance
     */
    addBreak() {
        const element = this.wrap('br', null);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML blockquote to the summary buffer
     *
     * @param {string} text quote text
     * @param {string} cite (optional) citation url
     *
     * @returns {Summary} summary instance
     */
    addQuote(text, cite) {
        const attrs = Object.assign({}, (cite && { cite }));
        const element = this.wrap('blockquote', text, attrs);
        return this.addRaw(element).addEOL();
    }
    /**
     * Adds an HTML anchor tag to the summary buffer
     *
     * @param {string} text link text/content
     * @param {string} href hyperlink
     *
     * @returns {Summary} summary instance
     */
    addLink(text, href) {
        const element = this.wrap('a', text, { href });
        return this.addRaw(element).addEOL();
    }
}
const _summary = new Summary();
/**
 * @deprecated use `core.summary`
 */
const markdownSummary = (/* unused pure expression or super */ null && (_summary));
const summary = _summary;
//# sourceMappingURL=summary.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/path-utils.js

/**
 * toPosixPath converts the given path to the posix form. On Windows, \\ will be
 * replaced with /.
 *
 * @param pth. Path to transform.
 * @return string Posix path.
 */
function toPosixPath(pth) {
    return pth.replace(/[\\]/g, '/');
}
/**
 * toWin32Path converts the given path to the win32 form. On Linux, / will be
 * replaced with \\.
 *
 * @param pth. Path to transform.
 * @return string Win32 path.
 */
function toWin32Path(pth) {
    return pth.replace(/[/]/g, '\\');
}
/**
 * toPlatformPath converts the given path to a platform-specific path. It does
 * this by replacing instances of / and \ with the platform-specific path
 * separator.
 *
 * @param pth The path to platformize.
 * @return string The platform-specific path.
 */
function toPlatformPath(pth) {
    return pth.replace(/[/\\]/g, path.sep);
}
//# sourceMappingURL=path-utils.js.map
// EXTERNAL MODULE: external "string_decoder"
var external_string_decoder_ = __nccwpck_require__(3193);
// EXTERNAL MODULE: external "events"
var external_events_ = __nccwpck_require__(4434);
;// CONCATENATED MODULE: external "child_process"
const external_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");
// EXTERNAL MODULE: external "assert"
var external_assert_ = __nccwpck_require__(2613);
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io-util.js
var io_util_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const { chmod, copyFile, lstat, mkdir, open: io_util_open, readdir, rename, rm, rmdir, stat, symlink, unlink } = external_fs_.promises;
// export const {open} = 'fs'
const IS_WINDOWS = process.platform === 'win32';
/**
 * Custom implementation of readlink to ensure Windows junctions
 * maintain trailing backslash for backward compatibility with Node.js < 24
 *
 * In Node.js 20, Windows junctions (directory symlinks) always returned paths
 * with trailing backslashes. Node.js 24 removed this behavior, which breaks
 * code that relied on this format for path operations.
 *
 * This implementation restores the Node 20 behavior by adding a trailing
 * backslash to all junction results on Windows.
 */
function readlink(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        const result = yield fs.promises.readlink(fsPath);
        // On Windows, restore Node 20 behavior: add trailing backslash to all results
        // since junctions on Windows are always directory links
        if (IS_WINDOWS && !result.endsWith('\\')) {
            return `${result}\\`;
        }
        return result;
    });
}
// See https://github.com/nodejs/node/blob/d0153aee367422d0858105abec186da4dff0a0c5/deps/uv/include/uv/win.h#L691
const UV_FS_O_EXLOCK = 0x10000000;
const READONLY = external_fs_.constants.O_RDONLY;
function exists(fsPath) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        try {
            yield stat(fsPath);
        }
        catch (err) {
            if (err.code === 'ENOENT') {
                return false;
            }
            throw err;
        }
        return true;
    });
}
function isDirectory(fsPath_1) {
    return io_util_awaiter(this, arguments, void 0, function* (fsPath, useStat = false) {
        const stats = useStat ? yield stat(fsPath) : yield lstat(fsPath);
        return stats.isDirectory();
    });
}
/**
 * On OSX/Linux, true if path starts with '/'. On Windows, true for paths like:
 * \, \hello, \\hello\share, C:, and C:\hello (and corresponding alternate separator cases).
 */
function isRooted(p) {
    p = normalizeSeparators(p);
    if (!p) {
        throw new Error('isRooted() parameter "p" cannot be empty');
    }
    if (IS_WINDOWS) {
        return (p.startsWith('\\') || /^[A-Z]:/i.test(p) // e.g. \ or \hello or \\hello
        ); // e.g. C: or C:\hello
    }
    return p.startsWith('/');
}
/**
 * Best effort attempt to determine whether a file exists and is executable.
 * @param filePath    file path to check
 * @param extensions  additional file extensions to try
 * @return if file exists and is executable, returns the file path. otherwise empty string.
 */
function tryGetExecutablePath(filePath, extensions) {
    return io_util_awaiter(this, void 0, void 0, function* () {
        let stats = undefined;
        try {
            // test file exists
            stats = yield stat(filePath);
        }
        catch (err) {
            if (err.code !== 'ENOENT') {
                // eslint-disable-next-line no-console
                console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
            }
        }
        if (stats && stats.isFile()) {
            if (IS_WINDOWS) {
                // on Windows, test for valid extension
                const upperExt = external_path_namespaceObject.extname(filePath).toUpperCase();
                if (extensions.some(validExt => validExt.toUpperCase() === upperExt)) {
                    return filePath;
                }
            }
            else {
                if (isUnixExecutable(stats)) {
                    return filePath;
                }
            }
        }
        // try each extension
        const originalFilePath = filePath;
        for (const extension of extensions) {
            filePath = originalFilePath + extension;
            stats = undefined;
            try {
                stats = yield stat(filePath);
            }
            catch (err) {
                if (err.code !== 'ENOENT') {
                    // eslint-disable-next-line no-console
                    console.log(`Unexpected error attempting to determine if executable file exists '${filePath}': ${err}`);
                }
            }
            if (stats && stats.isFile()) {
                if (IS_WINDOWS) {
                    // preserve the case of the actual file (since an extension was appended)
                    try {
                        const directory = external_path_namespaceObject.dirname(filePath);
                        const upperName = external_path_namespaceObject.basename(filePath).toUpperCase();
                        for (const actualName of yield readdir(directory)) {
                            if (upperName === actualName.toUpperCase()) {
                                filePath = external_path_namespaceObject.join(directory, actualName);
                                break;
                            }
                        }
                    }
                    catch (err) {
                        // eslint-disable-next-line no-console
                        console.log(`Unexpected error attempting to determine the actual case of the file '${filePath}': ${err}`);
                    }
                    return filePath;
                }
                else {
                    if (isUnixExecutable(stats)) {
                        return filePath;
                    }
                }
            }
        }
        return '';
    });
}
function normalizeSeparators(p) {
    p = p || '';
    if (IS_WINDOWS) {
        // convert slashes on Windows
        p = p.replace(/\//g, '\\');
        // remove redundant slashes
        return p.replace(/\\\\+/g, '\\');
    }
    // remove redundant slashes
    return p.replace(/\/\/+/g, '/');
}
// on Mac/Linux, test the execute bit
//     R   W  X  R  W X R W X
//   256 128 64 32 16 8 4 2 1
function isUnixExecutable(stats) {
    return ((stats.mode & 1) > 0 ||
        ((stats.mode & 8) > 0 &&
            process.getgid !== undefined &&
            stats.gid === process.getgid()) ||
        ((stats.mode & 64) > 0 &&
            process.getuid !== undefined &&
            stats.uid === process.getuid()));
}
// Get the path of cmd.exe in windows
function getCmdPath() {
    var _a;
    return (_a = process.env['COMSPEC']) !== null && _a !== void 0 ? _a : `cmd.exe`;
}
//# sourceMappingURL=io-util.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/io/lib/io.js
var io_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};



/**
 * Copies a file or folder.
 * Based off of shelljs - https://github.com/shelljs/shelljs/blob/9237f66c52e5daa40458f94f9565e18e8132f5a6/src/cp.js
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See CopyOptions.
 */
function cp(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        const { force, recursive, copySourceDirectory } = readCopyOptions(options);
        const destStat = (yield ioUtil.exists(dest)) ? yield ioUtil.stat(dest) : null;
        // Dest is an existing file, but not forcing
        if (destStat && destStat.isFile() && !force) {
            return;
        }
        // If dest is an existing directory, should copy inside.
        const newDest = destStat && destStat.isDirectory() && copySourceDirectory
            ? path.join(dest, path.basename(source))
            : dest;
        if (!(yield ioUtil.exists(source))) {
            throw new Error(`no such file or directory: ${source}`);
        }
        const sourceStat = yield ioUtil.stat(source);
        if (sourceStat.isDirectory()) {
            if (!recursive) {
                throw new Error(`Failed to copy. ${source} is a directory, but tried to copy without recursive flag.`);
            }
            else {
                yield cpDirRecursive(source, newDest, 0, force);
            }
        }
        else {
            if (path.relative(source, newDest) === '') {
                // a file cannot be copied to itself
                throw new Error(`'${newDest}' and '${source}' are the same file`);
            }
            yield io_copyFile(source, newDest, force);
        }
    });
}
/**
 * Moves a path.
 *
 * @param     source    source path
 * @param     dest      destination path
 * @param     options   optional. See MoveOptions.
 */
function mv(source_1, dest_1) {
    return io_awaiter(this, arguments, void 0, function* (source, dest, options = {}) {
        if (yield ioUtil.exists(dest)) {
            let destExists = true;
            if (yield ioUtil.isDirectory(dest)) {
                // If dest is directory copy src into dest
                dest = path.join(dest, path.basename(source));
                destExists = yield ioUtil.exists(dest);
            }
            if (destExists) {
                if (options.force == null || options.force) {
                    yield rmRF(dest);
                }
                else {
                    throw new Error('Destination already exists');
                }
            }
        }
        yield mkdirP(path.dirname(dest));
        yield ioUtil.rename(source, dest);
    });
}
/**
 * Remove a path recursively with force
 *
 * @param inputPath path to remove
 */
function rmRF(inputPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (ioUtil.IS_WINDOWS) {
            // Check for invalid characters
            // https://docs.microsoft.com/en-us/windows/win32/fileio/naming-a-file
            if (/[*"<>|]/.test(inputPath)) {
                throw new Error('File path must not contain `*`, `"`, `<`, `>` or `|` on Windows');
            }
        }
        try {
            // note if path does not exist, error is silent
            yield ioUtil.rm(inputPath, {
                force: true,
                maxRetries: 3,
                recursive: true,
                retryDelay: 300
            });
        }
        catch (err) {
            throw new Error(`File was unable to be removed ${err}`);
        }
    });
}
/**
 * Make a directory.  Creates the full path with folders in between
 * Will throw if it fails
 *
 * @param   fsPath        path to create
 * @returns Promise<void>
 */
function mkdirP(fsPath) {
    return io_awaiter(this, void 0, void 0, function* () {
        ok(fsPath, 'a path argument must be provided');
        yield ioUtil.mkdir(fsPath, { recursive: true });
    });
}
/**
 * Returns path of a tool had the tool actually been invoked.  Resolves via paths.
 * If you check and the tool does not exist, it will throw.
 *
 * @param     tool              name of the tool
 * @param     check             whether to check if tool exists
 * @returns   Promise<string>   path to tool
 */
function which(tool, check) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // recursive when check=true
        if (check) {
            const result = yield which(tool, false);
            if (!result) {
                if (IS_WINDOWS) {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also verify the file has a valid extension for an executable file.`);
                }
                else {
                    throw new Error(`Unable to locate executable file: ${tool}. Please verify either the file path exists or the file can be found within a directory specified by the PATH environment variable. Also check the file mode to verify the file is executable.`);
                }
            }
            return result;
        }
        const matches = yield findInPath(tool);
        if (matches && matches.length > 0) {
            return matches[0];
        }
        return '';
    });
}
/**
 * Returns a list of all occurrences of the given tool on the system path.
 *
 * @returns   Promise<string[]>  the paths of the tool
 */
function findInPath(tool) {
    return io_awaiter(this, void 0, void 0, function* () {
        if (!tool) {
            throw new Error("parameter 'tool' is required");
        }
        // build the list of extensions to try
        const extensions = [];
        if (IS_WINDOWS && process.env['PATHEXT']) {
            for (const extension of process.env['PATHEXT'].split(external_path_namespaceObject.delimiter)) {
                if (extension) {
                    extensions.push(extension);
                }
            }
        }
        // if it's rooted, return it if exists. otherwise return empty.
        if (isRooted(tool)) {
            const filePath = yield tryGetExecutablePath(tool, extensions);
            if (filePath) {
                return [filePath];
            }
            return [];
        }
        // if any path separators, return empty
        if (tool.includes(external_path_namespaceObject.sep)) {
            return [];
        }
        // build the list of directories
        //
        // Note, technically "where" checks the current directory on Windows. From a toolkit perspective,
        // it feels like we should not do this. Checking the current directory seems like more of a use
        // case of a shell, and the which() function exposed by the toolkit should strive for consistency
        // across platforms.
        const directories = [];
        if (process.env.PATH) {
            for (const p of process.env.PATH.split(external_path_namespaceObject.delimiter)) {
                if (p) {
                    directories.push(p);
                }
            }
        }
        // find all matches
        const matches = [];
        for (const directory of directories) {
            const filePath = yield tryGetExecutablePath(external_path_namespaceObject.join(directory, tool), extensions);
            if (filePath) {
                matches.push(filePath);
            }
        }
        return matches;
    });
}
function readCopyOptions(options) {
    const force = options.force == null ? true : options.force;
    const recursive = Boolean(options.recursive);
    const copySourceDirectory = options.copySourceDirectory == null
        ? true
        : Boolean(options.copySourceDirectory);
    return { force, recursive, copySourceDirectory };
}
function cpDirRecursive(sourceDir, destDir, currentDepth, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        // Ensure there is not a run away recursive copy
        if (currentDepth >= 255)
            return;
        currentDepth++;
        yield mkdirP(destDir);
        const files = yield ioUtil.readdir(sourceDir);
        for (const fileName of files) {
            const srcFile = `${sourceDir}/${fileName}`;
            const destFile = `${destDir}/${fileName}`;
            const srcFileStat = yield ioUtil.lstat(srcFile);
            if (srcFileStat.isDirectory()) {
                // Recurse
                yield cpDirRecursive(srcFile, destFile, currentDepth, force);
            }
            else {
                yield io_copyFile(srcFile, destFile, force);
            }
        }
        // Change the mode for the newly created directory
        yield ioUtil.chmod(destDir, (yield ioUtil.stat(sourceDir)).mode);
    });
}
// Buffered file copy
function io_copyFile(srcFile, destFile, force) {
    return io_awaiter(this, void 0, void 0, function* () {
        if ((yield ioUtil.lstat(srcFile)).isSymbolicLink()) {
            // unlink/re-link it
            try {
                yield ioUtil.lstat(destFile);
                yield ioUtil.unlink(destFile);
            }
            catch (e) {
                // Try to override file permission
                if (e.code === 'EPERM') {
                    yield ioUtil.chmod(destFile, '0666');
                    yield ioUtil.unlink(destFile);
                }
                // other errors = it doesn't exist, no work to do
            }
            // Copy over symlink
            const symlinkFull = yield ioUtil.readlink(srcFile);
            yield ioUtil.symlink(symlinkFull, destFile, ioUtil.IS_WINDOWS ? 'junction' : null);
        }
        else if (!(yield ioUtil.exists(destFile)) || force) {
            yield ioUtil.copyFile(srcFile, destFile);
        }
    });
}
//# sourceMappingURL=io.js.map
;// CONCATENATED MODULE: external "timers"
const external_timers_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/toolrunner.js
var toolrunner_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};







/* eslint-disable @typescript-eslint/unbound-method */
const toolrunner_IS_WINDOWS = process.platform === 'win32';
/*
 * Class for running command line tools. Handles quoting and arg parsing in a platform agnostic way.
 */
class ToolRunner extends external_events_.EventEmitter {
    constructor(toolPath, args, options) {
        super();
        if (!toolPath) {
            throw new Error("Parameter 'toolPath' cannot be null or empty.");
        }
        this.toolPath = toolPath;
        this.args = args || [];
        this.options = options || {};
    }
    _debug(message) {
        if (this.options.listeners && this.options.listeners.debug) {
            this.options.listeners.debug(message);
        }
    }
    _getCommandString(options, noPrefix) {
        const toolPath = this._getSpawnFileName();
        const args = this._getSpawnArgs(options);
        let cmd = noPrefix ? '' : '[command]'; // omit prefix when piped to a second tool
        if (toolrunner_IS_WINDOWS) {
            // Windows + cmd file
            if (this._isCmdFile()) {
                cmd += toolPath;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows + verbatim
            else if (options.windowsVerbatimArguments) {
                cmd += `"${toolPath}"`;
                for (const a of args) {
                    cmd += ` ${a}`;
                }
            }
            // Windows (regular)
            else {
                cmd += this._windowsQuoteCmdArg(toolPath);
                for (const a of args) {
                    cmd += ` ${this._windowsQuoteCmdArg(a)}`;
                }
            }
        }
        else {
            // OSX/Linux - this can likely be improved with some form of quoting.
            // creating processes on Unix is fundamentally different than Windows.
            // on Unix, execvp() takes an arg array.
            cmd += toolPath;
            for (const a of args) {
                cmd += ` ${a}`;
            }
        }
        return cmd;
    }
    _processLineBuffer(data, strBuffer, onLine) {
        try {
            let s = strBuffer + data.toString();
            let n = s.indexOf(external_os_.EOL);
            while (n > -1) {
                const line = s.substring(0, n);
                onLine(line);
                // the rest of the string ...
                s = s.substring(n + external_os_.EOL.length);
                n = s.indexOf(external_os_.EOL);
            }
            return s;
        }
        catch (err) {
            // streaming lines to console is best effort.  Don't fail a build.
            this._debug(`error processing line. Failed with error ${err}`);
            return '';
        }
    }
    _getSpawnFileName() {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                return process.env['COMSPEC'] || 'cmd.exe';
            }
        }
        return this.toolPath;
    }
    _getSpawnArgs(options) {
        if (toolrunner_IS_WINDOWS) {
            if (this._isCmdFile()) {
                let argline = `/D /S /C "${this._windowsQuoteCmdArg(this.toolPath)}`;
                for (const a of this.args) {
                    argline += ' ';
                    argline += options.windowsVerbatimArguments
                        ? a
                        : this._windowsQuoteCmdArg(a);
                }
                argline += '"';
                return [argline];
            }
        }
        return this.args;
    }
    _endsWith(str, end) {
        return str.endsWith(end);
    }
    _isCmdFile() {
        const upperToolPath = this.toolPath.toUpperCase();
        return (this._endsWith(upperToolPath, '.CMD') ||
            this._endsWith(upperToolPath, '.BAT'));
    }
    _windowsQuoteCmdArg(arg) {
        // for .exe, apply the normal quoting rules that libuv applies
        if (!this._isCmdFile()) {
            return this._uvQuoteCmdArg(arg);
        }
        // otherwise apply quoting rules specific to the cmd.exe command line parser.
        // the libuv rules are generic and are not designed specifically for cmd.exe
        // command line parser.
        //
        // for a detailed description of the cmd.exe command line parser, refer to
        // http://stackoverflow.com/questions/4094699/how-does-the-windows-command-interpreter-cmd-exe-parse-scripts/7970912#7970912
        // need quotes for empty arg
        if (!arg) {
            return '""';
        }
        // determine whether the arg needs to be quoted
        const cmdSpecialChars = [
            ' ',
            '\t',
            '&',
            '(',
            ')',
            '[',
            ']',
            '{',
            '}',
            '^',
            '=',
            ';',
            '!',
            "'",
            '+',
            ',',
            '`',
            '~',
            '|',
            '<',
            '>',
            '"'
        ];
        let needsQuotes = false;
        for (const char of arg) {
            if (cmdSpecialChars.some(x => x === char)) {
                needsQuotes = true;
                break;
            }
        }
        // short-circuit if quotes not needed
        if (!needsQuotes) {
            return arg;
        }
        // the following quoting rules are very similar to the rules that by libuv applies.
        //
        // 1) wrap the string in quotes
        //
        // 2) double-up quotes - i.e. " => ""
        //
        //    this is different from the libuv quoting rules. libuv replaces " with \", which unfortunately
        //    doesn't work well with a cmd.exe command line.
        //
        //    note, replacing " with "" also works well if the arg is passed to a downstream .NET console app.
        //    for example, the command line:
        //          foo.exe "myarg:""my val"""
        //    is parsed by a .NET console app into an arg array:
        //          [ "myarg:\"my val\"" ]
        //    which is the same end result when applying libuv quoting rules. although the actual
        //    command line from libuv quoting rules would look like:
        //          foo.exe "myarg:\"my val\""
        //
        // 3) double-up slashes that precede a quote,
        //    e.g.  hello \world    => "hello \world"
        //          hello\"world    => "hello\\""world"
        //          hello\\"world   => "hello\\\\""world"
        //          hello world\    => "hello world\\"
        //
        //    technically this is not required for a cmd.exe command line, or the batch argument parser.
        //    the reasons for including this as a .cmd quoting rule are:
        //
        //    a) this is optimized for the scenario where the argument is passed from the .cmd file to an
        //       external program. many programs (e.g. .NET console apps) rely on the slash-doubling rule.
        //
        //    b) it's what we've been doing previously (by deferring to node default behavior) and we
        //       haven't heard any complaints about that aspect.
        //
        // note, a weakness of the quoting rules chosen here, is that % is not escaped. in fact, % cannot be
        // escaped when used on the command line directly - even though within a .cmd file % can be escaped
        // by using %%.
        //
        // the saving grace is, on the command line, %var% is left as-is if var is not defined. this contrasts
        // the line parsing rules within a .cmd file, where if var is not defined it is replaced with nothing.
        //
        // one option that was explored was replacing % with ^% - i.e. %var% => ^%var^%. this hack would
        // often work, since it is unlikely that var^ would exist, and the ^ character is removed when the
        // variable is used. the problem, however, is that ^ is not removed when %* is used to pass the args
        // to an external program.
        //
        // an unexplored potential solution for the % escaping problem, is to create a wrapper .cmd file.
        // % can be escaped within a .cmd file.
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\'; // double the slash
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '"'; // double the quote
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _uvQuoteCmdArg(arg) {
        // Tool runner wraps child_process.spawn() and needs to apply the same quoting as
        // Node in certain cases where the undocumented spawn option windowsVerbatimArguments
        // is used.
        //
        // Since this function is a port of quote_cmd_arg from Node 4.x (technically, lib UV,
        // see https://github.com/nodejs/node/blob/v4.x/deps/uv/src/win/process.c for details),
        // pasting copyright notice from Node within this function:
        //
        //      Copyright Joyent, Inc. and other Node contributors. All rights reserved.
        //
        //      Permission is hereby granted, free of charge, to any person obtaining a copy
        //      of this software and associated documentation files (the "Software"), to
        //      deal in the Software without restriction, including without limitation the
        //      rights to use, copy, modify, merge, publish, distribute, sublicense, and/or
        //      sell copies of the Software, and to permit persons to whom the Software is
        //      furnished to do so, subject to the following conditions:
        //
        //      The above copyright notice and this permission notice shall be included in
        //      all copies or substantial portions of the Software.
        //
        //      THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
        //      IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
        //      FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
        //      AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
        //      LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING
        //      FROM, OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS
        //      IN THE SOFTWARE.
        if (!arg) {
            // Need double quotation for empty argument
            return '""';
        }
        if (!arg.includes(' ') && !arg.includes('\t') && !arg.includes('"')) {
            // No quotation needed
            return arg;
        }
        if (!arg.includes('"') && !arg.includes('\\')) {
            // No embedded double quotes or backslashes, so I can just wrap
            // quote marks around the whole thing.
            return `"${arg}"`;
        }
        // Expected input/output:
        //   input : hello"world
        //   output: "hello\"world"
        //   input : hello""world
        //   output: "hello\"\"world"
        //   input : hello\world
        //   output: hello\world
        //   input : hello\\world
        //   output: hello\\world
        //   input : hello\"world
        //   output: "hello\\\"world"
        //   input : hello\\"world
        //   output: "hello\\\\\"world"
        //   input : hello world\
        //   output: "hello world\\" - note the comment in libuv actually reads "hello world\"
        //                             but it appears the comment is wrong, it should be "hello world\\"
        let reverse = '"';
        let quoteHit = true;
        for (let i = arg.length; i > 0; i--) {
            // walk the string in reverse
            reverse += arg[i - 1];
            if (quoteHit && arg[i - 1] === '\\') {
                reverse += '\\';
            }
            else if (arg[i - 1] === '"') {
                quoteHit = true;
                reverse += '\\';
            }
            else {
                quoteHit = false;
            }
        }
        reverse += '"';
        return reverse.split('').reverse().join('');
    }
    _cloneExecOptions(options) {
        options = options || {};
        const result = {
            cwd: options.cwd || process.cwd(),
            env: options.env || process.env,
            silent: options.silent || false,
            windowsVerbatimArguments: options.windowsVerbatimArguments || false,
            failOnStdErr: options.failOnStdErr || false,
            ignoreReturnCode: options.ignoreReturnCode || false,
            delay: options.delay || 10000
        };
        result.outStream = options.outStream || process.stdout;
        result.errStream = options.errStream || process.stderr;
        return result;
    }
    _getSpawnOptions(options, toolPath) {
        options = options || {};
        const result = {};
        result.cwd = options.cwd;
        result.env = options.env;
        result['windowsVerbatimArguments'] =
            options.windowsVerbatimArguments || this._isCmdFile();
        if (options.windowsVerbatimArguments) {
            result.argv0 = `"${toolPath}"`;
        }
        return result;
    }
    /**
     * Exec a tool.
     * Output will be streamed to the live console.
     * Returns promise with return code
     *
     * @param     tool     path to tool to exec
     * @param     options  optional exec options.  See ExecOptions
     * @returns   number
     */
    exec() {
        return toolrunner_awaiter(this, void 0, void 0, function* () {
            // root the tool path if it is unrooted and contains relative pathing
            if (!isRooted(this.toolPath) &&
                (this.toolPath.includes('/') ||
                    (toolrunner_IS_WINDOWS && this.toolPath.includes('\\')))) {
                // prefer options.cwd if it is specified, however options.cwd may also need to be rooted
                this.toolPath = external_path_namespaceObject.resolve(process.cwd(), this.options.cwd || process.cwd(), this.toolPath);
            }
            // if the tool is only a file name, then resolve it from the PATH
            // otherwise verify it exists (add extension on Windows if necessary)
            this.toolPath = yield which(this.toolPath, true);
            return new Promise((resolve, reject) => toolrunner_awaiter(this, void 0, void 0, function* () {
                this._debug(`exec tool: ${this.toolPath}`);
                this._debug('arguments:');
                for (const arg of this.args) {
                    this._debug(`   ${arg}`);
                }
                const optionsNonNull = this._cloneExecOptions(this.options);
                if (!optionsNonNull.silent && optionsNonNull.outStream) {
                    optionsNonNull.outStream.write(this._getCommandString(optionsNonNull) + external_os_.EOL);
                }
                const state = new ExecState(optionsNonNull, this.toolPath);
                state.on('debug', (message) => {
                    this._debug(message);
                });
                if (this.options.cwd && !(yield exists(this.options.cwd))) {
                    return reject(new Error(`The cwd: ${this.options.cwd} does not exist!`));
                }
                const fileName = this._getSpawnFileName();
                const cp = external_child_process_namespaceObject.spawn(fileName, this._getSpawnArgs(optionsNonNull), this._getSpawnOptions(this.options, fileName));
                let stdbuffer = '';
                if (cp.stdout) {
                    cp.stdout.on('data', (data) => {
                        if (this.options.listeners && this.options.listeners.stdout) {
                            this.options.listeners.stdout(data);
                        }
                        if (!optionsNonNull.silent && optionsNonNull.outStream) {
                            optionsNonNull.outStream.write(data);
                        }
                        stdbuffer = this._processLineBuffer(data, stdbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.stdline) {
                                this.options.listeners.stdline(line);
                            }
                        });
                    });
                }
                let errbuffer = '';
                if (cp.stderr) {
                    cp.stderr.on('data', (data) => {
                        state.processStderr = true;
                        if (this.options.listeners && this.options.listeners.stderr) {
                            this.options.listeners.stderr(data);
                        }
                        if (!optionsNonNull.silent &&
                            optionsNonNull.errStream &&
                            optionsNonNull.outStream) {
                            const s = optionsNonNull.failOnStdErr
                                ? optionsNonNull.errStream
                                : optionsNonNull.outStream;
                            s.write(data);
                        }
                        errbuffer = this._processLineBuffer(data, errbuffer, (line) => {
                            if (this.options.listeners && this.options.listeners.errline) {
                                this.options.listeners.errline(line);
                            }
                        });
                    });
                }
                cp.on('error', (err) => {
                    state.processError = err.message;
                    state.processExited = true;
                    state.processClosed = true;
                    state.CheckComplete();
                });
                cp.on('exit', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    this._debug(`Exit code ${code} received from tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                cp.on('close', (code) => {
                    state.processExitCode = code;
                    state.processExited = true;
                    state.processClosed = true;
                    this._debug(`STDIO streams have closed for tool '${this.toolPath}'`);
                    state.CheckComplete();
                });
                state.on('done', (error, exitCode) => {
                    if (stdbuffer.length > 0) {
                        this.emit('stdline', stdbuffer);
                    }
                    if (errbuffer.length > 0) {
                        this.emit('errline', errbuffer);
                    }
                    cp.removeAllListeners();
                    if (error) {
                        reject(error);
                    }
                    else {
                        resolve(exitCode);
                    }
                });
                if (this.options.input) {
                    if (!cp.stdin) {
                        throw new Error('child process missing stdin');
                    }
                    cp.stdin.end(this.options.input);
                }
            }));
        });
    }
}
/**
 * Convert an arg string to an array of args. Handles escaping
 *
 * @param    argString   string of arguments
 * @returns  string[]    array of arguments
 */
function argStringToArray(argString) {
    const args = [];
    let inQuotes = false;
    let escaped = false;
    let arg = '';
    function append(c) {
        // we only escape double quotes.
        if (escaped && c !== '"') {
            arg += '\\';
        }
        arg += c;
        escaped = false;
    }
    for (let i = 0; i < argString.length; i++) {
        const c = argString.charAt(i);
        if (c === '"') {
            if (!escaped) {
                inQuotes = !inQuotes;
            }
            else {
                append(c);
            }
            continue;
        }
        if (c === '\\' && escaped) {
            append(c);
            continue;
        }
        if (c === '\\' && inQuotes) {
            escaped = true;
            continue;
        }
        if (c === ' ' && !inQuotes) {
            if (arg.length > 0) {
                args.push(arg);
                arg = '';
            }
            continue;
        }
        append(c);
    }
    if (arg.length > 0) {
        args.push(arg.trim());
    }
    return args;
}
class ExecState extends external_events_.EventEmitter {
    constructor(options, toolPath) {
        super();
        this.processClosed = false; // tracks whether the process has exited and stdio is closed
        this.processError = '';
        this.processExitCode = 0;
        this.processExited = false; // tracks whether the process has exited
        this.processStderr = false; // tracks whether stderr was written to
        this.delay = 10000; // 10 seconds
        this.done = false;
        this.timeout = null;
        if (!toolPath) {
            throw new Error('toolPath must not be empty');
        }
        this.options = options;
        this.toolPath = toolPath;
        if (options.delay) {
            this.delay = options.delay;
        }
    }
    CheckComplete() {
        if (this.done) {
            return;
        }
        if (this.processClosed) {
            this._setResult();
        }
        else if (this.processExited) {
            this.timeout = (0,external_timers_namespaceObject.setTimeout)(ExecState.HandleTimeout, this.delay, this);
        }
    }
    _debug(message) {
        this.emit('debug', message);
    }
    _setResult() {
        // determine whether there is an error
        let error;
        if (this.processExited) {
            if (this.processError) {
                error = new Error(`There was an error when attempting to execute the process '${this.toolPath}'. This may indicate the process failed to start. Error: ${this.processError}`);
            }
            else if (this.processExitCode !== 0 && !this.options.ignoreReturnCode) {
                error = new Error(`The process '${this.toolPath}' failed with exit code ${this.processExitCode}`);
            }
            else if (this.processStderr && this.options.failOnStdErr) {
                error = new Error(`The process '${this.toolPath}' failed because one or more lines were written to the STDERR stream`);
            }
        }
        // clear the timeout
        if (this.timeout) {
            clearTimeout(this.timeout);
            this.timeout = null;
        }
        this.done = true;
        this.emit('done', error, this.processExitCode);
    }
    static HandleTimeout(state) {
        if (state.done) {
            return;
        }
        if (!state.processClosed && state.processExited) {
            const message = `The STDIO streams did not close within ${state.delay / 1000} seconds of the exit event from process '${state.toolPath}'. This may indicate a child process inherited the STDIO streams and has not yet exited.`;
            state._debug(message);
        }
        state._setResult();
    }
}
//# sourceMappingURL=toolrunner.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/exec/lib/exec.js
var exec_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


/**
 * Exec a command.
 * Output will be streamed to the live console.
 * Returns promise with return code
 *
 * @param     commandLine        command to execute (can include additional args). Must be correctly escaped.
 * @param     args               optional arguments for tool. Escaping is handled by the lib.
 * @param     options            optional exec options.  See ExecOptions
 * @returns   Promise<number>    exit code
 */
function exec_exec(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        const commandArgs = tr.argStringToArray(commandLine);
        if (commandArgs.length === 0) {
            throw new Error(`Parameter 'commandLine' cannot be null or empty.`);
        }
        // Path to tool to execute should be first arg
        const toolPath = commandArgs[0];
        args = commandArgs.slice(1).concat(args || []);
        const runner = new tr.ToolRunner(toolPath, args, options);
        return runner.exec();
    });
}
/**
 * Exec a command and get the output.
 * Output will be streamed to the live console.
 * Returns promise with the exit code and collected stdout and stderr
 *
 * @param     commandLine           command to execute (can include additional args). Must be correctly escaped.
 * @param     args                  optional arguments for tool. Escaping is handled by the lib.
 * @param     options               optional exec options.  See ExecOptions
 * @returns   Promise<ExecOutput>   exit code, stdout, and stderr
 */
function getExecOutput(commandLine, args, options) {
    return exec_awaiter(this, void 0, void 0, function* () {
        var _a, _b;
        let stdout = '';
        let stderr = '';
        //Using string decoder covers the case where a mult-byte character is split
        const stdoutDecoder = new StringDecoder('utf8');
        const stderrDecoder = new StringDecoder('utf8');
        const originalStdoutListener = (_a = options === null || options === void 0 ? void 0 : options.listeners) === null || _a === void 0 ? void 0 : _a.stdout;
        const originalStdErrListener = (_b = options === null || options === void 0 ? void 0 : options.listeners) === null || _b === void 0 ? void 0 : _b.stderr;
        const stdErrListener = (data) => {
            stderr += stderrDecoder.write(data);
            if (originalStdErrListener) {
                originalStdErrListener(data);
            }
        };
        const stdOutListener = (data) => {
            stdout += stdoutDecoder.write(data);
            if (originalStdoutListener) {
                originalStdoutListener(data);
            }
        };
        const listeners = Object.assign(Object.assign({}, options === null || options === void 0 ? void 0 : options.listeners), { stdout: stdOutListener, stderr: stdErrListener });
        const exitCode = yield exec_exec(commandLine, args, Object.assign(Object.assign({}, options), { listeners }));
        //flush any remaining characters
        stdout += stdoutDecoder.end();
        stderr += stderrDecoder.end();
        return {
            exitCode,
            stdout,
            stderr
        };
    });
}
//# sourceMappingURL=exec.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/platform.js
var platform_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};


const getWindowsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout: version } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Version"', undefined, {
        silent: true
    });
    const { stdout: name } = yield exec.getExecOutput('powershell -command "(Get-CimInstance -ClassName Win32_OperatingSystem).Caption"', undefined, {
        silent: true
    });
    return {
        name: name.trim(),
        version: version.trim()
    };
});
const getMacOsInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    var _a, _b, _c, _d;
    const { stdout } = yield exec.getExecOutput('sw_vers', undefined, {
        silent: true
    });
    const version = (_b = (_a = stdout.match(/ProductVersion:\s*(.+)/)) === null || _a === void 0 ? void 0 : _a[1]) !== null && _b !== void 0 ? _b : '';
    const name = (_d = (_c = stdout.match(/ProductName:\s*(.+)/)) === null || _c === void 0 ? void 0 : _c[1]) !== null && _d !== void 0 ? _d : '';
    return {
        name,
        version
    };
});
const getLinuxInfo = () => platform_awaiter(void 0, void 0, void 0, function* () {
    const { stdout } = yield exec.getExecOutput('lsb_release', ['-i', '-r', '-s'], {
        silent: true
    });
    const [name, version] = stdout.trim().split('\n');
    return {
        name,
        version
    };
});
const platform = external_os_.platform();
const arch = external_os_.arch();
const isWindows = platform === 'win32';
const isMacOS = platform === 'darwin';
const isLinux = platform === 'linux';
function getDetails() {
    return platform_awaiter(this, void 0, void 0, function* () {
        return Object.assign(Object.assign({}, (yield (isWindows
            ? getWindowsInfo()
            : isMacOS
                ? getMacOsInfo()
                : getLinuxInfo()))), { platform,
            arch,
            isWindows,
            isMacOS,
            isLinux });
    });
}
//# sourceMappingURL=platform.js.map
;// CONCATENATED MODULE: ./node_modules/@actions/core/lib/core.js
var core_awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};






/**
 * The code to exit an action
 */
var ExitCode;
(function (ExitCode) {
    /**
     * A code indicating that the action was successful
     */
    ExitCode[ExitCode["Success"] = 0] = "Success";
    /**
     * A code indicating that the action was a failure
     */
    ExitCode[ExitCode["Failure"] = 1] = "Failure";
})(ExitCode || (ExitCode = {}));
//-----------------------------------------------------------------------
// Variables
//-----------------------------------------------------------------------
/**
 * Sets env variable for this action and future actions in the job
 * @param name the name of the variable to set
 * @param val the value of the variable. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function exportVariable(name, val) {
    const convertedVal = toCommandValue(val);
    process.env[name] = convertedVal;
    const filePath = process.env['GITHUB_ENV'] || '';
    if (filePath) {
        return issueFileCommand('ENV', prepareKeyValueMessage(name, val));
    }
    issueCommand('set-env', { name }, convertedVal);
}
/**
 * Registers a secret which will get masked from logs
 *
 * @param secret - Value of the secret to be masked
 * @remarks
 * This function instructs the Actions runner to mask the specified value in any
 * logs produced during the workflow run. Once registered, the secret value will
 * be replaced with asterisks (***) whenever it appears in console output, logs,
 * or error messages.
 *
 * This is useful for protecting sensitive information such as:
 * - API keys
 * - Access tokens
 * - Authentication credentials
 * - URL parameters containing signatures (SAS tokens)
 *
 * Note that masking only affects future logs; any previous appearances of the
 * secret in logs before calling this function will remain unmasked.
 *
 * @example
 * ```typescript
 * // Register an API token as a secret
 * const apiToken = "abc123xyz456";
 * setSecret(apiToken);
 *
 * // Now any logs containing this value will show *** instead
 * console.log(`Using token: ${apiToken}`); // Outputs: "Using token: ***"
 * ```
 */
function setSecret(secret) {
    command_issueCommand('add-mask', {}, secret);
}
/**
 * Prepends inputPath to the PATH (for this action and future actions)
 * @param inputPath
 */
function addPath(inputPath) {
    const filePath = process.env['GITHUB_PATH'] || '';
    if (filePath) {
        issueFileCommand('PATH', inputPath);
    }
    else {
        issueCommand('add-path', {}, inputPath);
    }
    process.env['PATH'] = `${inputPath}${path.delimiter}${process.env['PATH']}`;
}
/**
 * Gets the value of an input.
 * Unless trimWhitespace is set to false in InputOptions, the value is also trimmed.
 * Returns an empty string if the value is not defined.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string
 */
function getInput(name, options) {
    const val = process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] || '';
    if (options && options.required && !val) {
        throw new Error(`Input required and not supplied: ${name}`);
    }
    if (options && options.trimWhitespace === false) {
        return val;
    }
    return val.trim();
}
/**
 * Gets the values of an multiline input.  Each value is also trimmed.
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   string[]
 *
 */
function getMultilineInput(name, options) {
    const inputs = getInput(name, options)
        .split('\n')
        .filter(x => x !== '');
    if (options && options.trimWhitespace === false) {
        return inputs;
    }
    return inputs.map(input => input.trim());
}
/**
 * Gets the input value of the boolean type in the YAML 1.2 "core schema" specification.
 * Support boolean input list: `true | True | TRUE | false | False | FALSE` .
 * The return value is also in boolean type.
 * ref: https://yaml.org/spec/1.2/spec.html#id2804923
 *
 * @param     name     name of the input to get
 * @param     options  optional. See InputOptions.
 * @returns   boolean
 */
function getBooleanInput(name, options) {
    const trueValue = ['true', 'True', 'TRUE'];
    const falseValue = ['false', 'False', 'FALSE'];
    const val = getInput(name, options);
    if (trueValue.includes(val))
        return true;
    if (falseValue.includes(val))
        return false;
    throw new TypeError(`Input does not meet YAML 1.2 "Core Schema" specification: ${name}\n` +
        `Support boolean input list: \`true | True | TRUE | false | False | FALSE\``);
}
/**
 * Sets the value of an output.
 *
 * @param     name     name of the output to set
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function setOutput(name, value) {
    const filePath = process.env['GITHUB_OUTPUT'] || '';
    if (filePath) {
        return file_command_issueFileCommand('OUTPUT', file_command_prepareKeyValueMessage(name, value));
    }
    process.stdout.write(external_os_.EOL);
    command_issueCommand('set-output', { name }, utils_toCommandValue(value));
}
/**
 * Enables or disables the echoing of commands into stdout for the rest of the step.
 * Echoing is disabled by default if ACTIONS_STEP_DEBUG is not set.
 *
 */
function setCommandEcho(enabled) {
    issue('echo', enabled ? 'on' : 'off');
}
//-----------------------------------------------------------------------
// Results
//-----------------------------------------------------------------------
/**
 * Sets the action status to failed.
 * When the action exits it will be with an exit code of 1
 * @param message add error issue message
 */
function setFailed(message) {
    process.exitCode = ExitCode.Failure;
    error(message);
}
//-----------------------------------------------------------------------
// Logging Commands
//-----------------------------------------------------------------------
/**
 * Gets whether Actions Step Debug is on or not
 */
function isDebug() {
    return process.env['RUNNER_DEBUG'] === '1';
}
/**
 * Writes debug message to user log
 * @param message debug message
 */
function debug(message) {
    command_issueCommand('debug', {}, message);
}
/**
 * Adds an error issue
 * @param message error issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function error(message, properties = {}) {
    command_issueCommand('error', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a warning issue
 * @param message warning issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function warning(message, properties = {}) {
    command_issueCommand('warning', utils_toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Adds a notice issue
 * @param message notice issue message. Errors will be converted to string via toString()
 * @param properties optional properties to add to the annotation.
 */
function notice(message, properties = {}) {
    issueCommand('notice', toCommandProperties(properties), message instanceof Error ? message.toString() : message);
}
/**
 * Writes info to log with console.log.
 * @param message info message
 */
function info(message) {
    process.stdout.write(message + external_os_.EOL);
}
/**
 * Begin an output group.
 *
 * Output until the next `groupEnd` will be foldable in this group
 *
 * @param name The name of the output group
 */
function startGroup(name) {
    issue('group', name);
}
/**
 * End an output group.
 */
function endGroup() {
    issue('endgroup');
}
/**
 * Wrap an asynchronous function call in a group.
 *
 * Returns the same type as the function itself.
 *
 * @param name The name of the group
 * @param fn The function to wrap in the group
 */
function group(name, fn) {
    return core_awaiter(this, void 0, void 0, function* () {
        startGroup(name);
        let result;
        try {
            result = yield fn();
        }
        finally {
            endGroup();
        }
        return result;
    });
}
//-----------------------------------------------------------------------
// Wrapper action state
//-----------------------------------------------------------------------
/**
 * Saves state for current action, the state can only be retrieved by this action's post job execution.
 *
 * @param     name     name of the state to store
 * @param     value    value to store. Non-string values will be converted to a string via JSON.stringify
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function saveState(name, value) {
    const filePath = process.env['GITHUB_STATE'] || '';
    if (filePath) {
        return issueFileCommand('STATE', prepareKeyValueMessage(name, value));
    }
    issueCommand('save-state', { name }, toCommandValue(value));
}
/**
 * Gets the value of an state set by this action's main execution.
 *
 * @param     name     name of the state to get
 * @returns   string
 */
function getState(name) {
    return process.env[`STATE_${name}`] || '';
}
function getIDToken(aud) {
    return core_awaiter(this, void 0, void 0, function* () {
        return yield OidcClient.getIDToken(aud);
    });
}
/**
 * Summary exports
 */

/**
 * @deprecated use core.summary
 */

/**
 * Path exports
 */

/**
 * Platform utilities exports
 */

//# sourceMappingURL=core.js.map

/***/ }),

/***/ 2779:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

var https__WEBPACK_IMPORTED_MODULE_1___namespace_cache;
var http__WEBPACK_IMPORTED_MODULE_0___namespace_cache;
/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   Qq: () => (/* binding */ HttpClient)
/* harmony export */ });
/* unused harmony exports HttpCodes, Headers, MediaTypes, getProxyUrl, HttpClientError, HttpClientResponse, isHttps */
/* harmony import */ var http__WEBPACK_IMPORTED_MODULE_0__ = __nccwpck_require__(8611);
/* harmony import */ var https__WEBPACK_IMPORTED_MODULE_1__ = __nccwpck_require__(5692);
/* harmony import */ var _proxy_js__WEBPACK_IMPORTED_MODULE_2__ = __nccwpck_require__(9783);
/* harmony import */ var tunnel__WEBPACK_IMPORTED_MODULE_3__ = __nccwpck_require__(770);
/* harmony import */ var undici__WEBPACK_IMPORTED_MODULE_4__ = __nccwpck_require__(8545);
/* eslint-disable @typescript-eslint/no-explicit-any */
var __awaiter = (undefined && undefined.__awaiter) || function (thisArg, _arguments, P, generator) {
    function adopt(value) { return value instanceof P ? value : new P(function (resolve) { resolve(value); }); }
    return new (P || (P = Promise))(function (resolve, reject) {
        function fulfilled(value) { try { step(generator.next(value)); } catch (e) { reject(e); } }
        function rejected(value) { try { step(generator["throw"](value)); } catch (e) { reject(e); } }
        function step(result) { result.done ? resolve(result.value) : adopt(result.value).then(fulfilled, rejected); }
        step((generator = generator.apply(thisArg, _arguments || [])).next());
    });
};





var HttpCodes;
(function (HttpCodes) {
    HttpCodes[HttpCodes["OK"] = 200] = "OK";
    HttpCodes[HttpCodes["MultipleChoices"] = 300] = "MultipleChoices";
    HttpCodes[HttpCodes["MovedPermanently"] = 301] = "MovedPermanently";
    HttpCodes[HttpCodes["ResourceMoved"] = 302] = "ResourceMoved";
    HttpCodes[HttpCodes["SeeOther"] = 303] = "SeeOther";
    HttpCodes[HttpCodes["NotModified"] = 304] = "NotModified";
    HttpCodes[HttpCodes["UseProxy"] = 305] = "UseProxy";
    HttpCodes[HttpCodes["SwitchProxy"] = 306] = "SwitchProxy";
    HttpCodes[HttpCodes["TemporaryRedirect"] = 307] = "TemporaryRedirect";
    HttpCodes[HttpCodes["PermanentRedirect"] = 308] = "PermanentRedirect";
    HttpCodes[HttpCodes["BadRequest"] = 400] = "BadRequest";
    HttpCodes[HttpCodes["Unauthorized"] = 401] = "Unauthorized";
    HttpCodes[HttpCodes["PaymentRequired"] = 402] = "PaymentRequired";
    HttpCodes[HttpCodes["Forbidden"] = 403] = "Forbidden";
    HttpCodes[HttpCodes["NotFound"] = 404] = "NotFound";
    HttpCodes[HttpCodes["MethodNotAllowed"] = 405] = "MethodNotAllowed";
    HttpCodes[HttpCodes["NotAcceptable"] = 406] = "NotAcceptable";
    HttpCodes[HttpCodes["ProxyAuthenticationRequired"] = 407] = "ProxyAuthenticationRequired";
    HttpCodes[HttpCodes["RequestTimeout"] = 408] = "RequestTimeout";
    HttpCodes[HttpCodes["Conflict"] = 409] = "Conflict";
    HttpCodes[HttpCodes["Gone"] = 410] = "Gone";
    HttpCodes[HttpCodes["TooManyRequests"] = 429] = "TooManyRequests";
    HttpCodes[HttpCodes["InternalServerError"] = 500] = "InternalServerError";
    HttpCodes[HttpCodes["NotImplemented"] = 501] = "NotImplemented";
    HttpCodes[HttpCodes["BadGateway"] = 502] = "BadGateway";
    HttpCodes[HttpCodes["ServiceUnavailable"] = 503] = "ServiceUnavailable";
    HttpCodes[HttpCodes["GatewayTimeout"] = 504] = "GatewayTimeout";
})(HttpCodes || (HttpCodes = {}));
var Headers;
(function (Headers) {
    Headers["Accept"] = "accept";
    Headers["ContentType"] = "content-type";
})(Headers || (Headers = {}));
var MediaTypes;
(function (MediaTypes) {
    MediaTypes["ApplicationJson"] = "application/json";
})(MediaTypes || (MediaTypes = {}));
/**
 * Returns the proxy URL, depending upon the supplied url and proxy environment variables.
 * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
 */
function getProxyUrl(serverUrl) {
    const proxyUrl = pm.getProxyUrl(new URL(serverUrl));
    return proxyUrl ? proxyUrl.href : '';
}
const HttpRedirectCodes = [
    HttpCodes.MovedPermanently,
    HttpCodes.ResourceMoved,
    HttpCodes.SeeOther,
    HttpCodes.TemporaryRedirect,
    HttpCodes.PermanentRedirect
];
const HttpResponseRetryCodes = [
    HttpCodes.BadGateway,
    HttpCodes.ServiceUnavailable,
    HttpCodes.GatewayTimeout
];
const RetryableHttpVerbs = ['OPTIONS', 'GET', 'DELETE', 'HEAD'];
const ExponentialBackoffCeiling = 10;
const ExponentialBackoffTimeSlice = 5;
class HttpClientError extends Error {
    constructor(message, statusCode) {
        super(message);
        this.name = 'HttpClientError';
        this.statusCode = statusCode;
        Object.setPrototypeOf(this, HttpClientError.prototype);
    }
}
class HttpClientResponse {
    constructor(message) {
        this.message = message;
    }
    readBody() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                let output = Buffer.alloc(0);
                this.message.on('data', (chunk) => {
                    output = Buffer.concat([output, chunk]);
                });
                this.message.on('end', () => {
                    resolve(output.toString());
                });
            }));
        });
    }
    readBodyBuffer() {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve) => __awaiter(this, void 0, void 0, function* () {
                const chunks = [];
                this.message.on('data', (chunk) => {
                    chunks.push(chunk);
                });
                this.message.on('end', () => {
                    resolve(Buffer.concat(chunks));
                });
            }));
        });
    }
}
function isHttps(requestUrl) {
    const parsedUrl = new URL(requestUrl);
    return parsedUrl.protocol === 'https:';
}
class HttpClient {
    constructor(userAgent, handlers, requestOptions) {
        this._ignoreSslError = false;
        this._allowRedirects = true;
        this._allowRedirectDowngrade = false;
        this._maxRedirects = 50;
        this._allowRetries = false;
        this._maxRetries = 1;
        this._keepAlive = false;
        this._disposed = false;
        this.userAgent = this._getUserAgentWithOrchestrationId(userAgent);
        this.handlers = handlers || [];
        this.requestOptions = requestOptions;
        if (requestOptions) {
            if (requestOptions.ignoreSslError != null) {
                this._ignoreSslError = requestOptions.ignoreSslError;
            }
            this._socketTimeout = requestOptions.socketTimeout;
            if (requestOptions.allowRedirects != null) {
                this._allowRedirects = requestOptions.allowRedirects;
            }
            if (requestOptions.allowRedirectDowngrade != null) {
                this._allowRedirectDowngrade = requestOptions.allowRedirectDowngrade;
            }
            if (requestOptions.maxRedirects != null) {
                this._maxRedirects = Math.max(requestOptions.maxRedirects, 0);
            }
            if (requestOptions.keepAlive != null) {
                this._keepAlive = requestOptions.keepAlive;
            }
            if (requestOptions.allowRetries != null) {
                this._allowRetries = requestOptions.allowRetries;
            }
            if (requestOptions.maxRetries != null) {
                this._maxRetries = requestOptions.maxRetries;
            }
        }
    }
    options(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('OPTIONS', requestUrl, null, additionalHeaders || {});
        });
    }
    get(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('GET', requestUrl, null, additionalHeaders || {});
        });
    }
    del(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('DELETE', requestUrl, null, additionalHeaders || {});
        });
    }
    post(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('POST', requestUrl, data, additionalHeaders || {});
        });
    }
    patch(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PATCH', requestUrl, data, additionalHeaders || {});
        });
    }
    put(requestUrl, data, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('PUT', requestUrl, data, additionalHeaders || {});
        });
    }
    head(requestUrl, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request('HEAD', requestUrl, null, additionalHeaders || {});
        });
    }
    sendStream(verb, requestUrl, stream, additionalHeaders) {
        return __awaiter(this, void 0, void 0, function* () {
            return this.request(verb, requestUrl, stream, additionalHeaders);
        });
    }
    /**
     * Gets a typed object from an endpoint
     * Be aware that not found returns a null.  Other errors (4xx, 5xx) reject the promise
     */
    getJson(requestUrl_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, additionalHeaders = {}) {
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            const res = yield this.get(requestUrl, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    postJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.post(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    putJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.put(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    patchJson(requestUrl_1, obj_1) {
        return __awaiter(this, arguments, void 0, function* (requestUrl, obj, additionalHeaders = {}) {
            const data = JSON.stringify(obj, null, 2);
            additionalHeaders[Headers.Accept] = this._getExistingOrDefaultHeader(additionalHeaders, Headers.Accept, MediaTypes.ApplicationJson);
            additionalHeaders[Headers.ContentType] =
                this._getExistingOrDefaultContentTypeHeader(additionalHeaders, MediaTypes.ApplicationJson);
            const res = yield this.patch(requestUrl, data, additionalHeaders);
            return this._processResponse(res, this.requestOptions);
        });
    }
    /**
     * Makes a raw http request.
     * All other methods such as get, post, patch, and request ultimately call this.
     * Prefer get, del, post and patch
     */
    request(verb, requestUrl, data, headers) {
        return __awaiter(this, void 0, void 0, function* () {
            if (this._disposed) {
                throw new Error('Client has already been disposed.');
            }
            const parsedUrl = new URL(requestUrl);
            let info = this._prepareRequest(verb, parsedUrl, headers);
            // Only perform retries on reads since writes may not be idempotent.
            const maxTries = this._allowRetries && RetryableHttpVerbs.includes(verb)
                ? this._maxRetries + 1
                : 1;
            let numTries = 0;
            let response;
            do {
                response = yield this.requestRaw(info, data);
                // Check if it's an authentication challenge
                if (response &&
                    response.message &&
                    response.message.statusCode === HttpCodes.Unauthorized) {
                    let authenticationHandler;
                    for (const handler of this.handlers) {
                        if (handler.canHandleAuthentication(response)) {
                            authenticationHandler = handler;
                            break;
                        }
                    }
                    if (authenticationHandler) {
                        return authenticationHandler.handleAuthentication(this, info, data);
                    }
                    else {
                        // We have received an unauthorized response but have no handlers to handle it.
                        // Let the response return to the caller.
                        return response;
                    }
                }
                let redirectsRemaining = this._maxRedirects;
                while (response.message.statusCode &&
                    HttpRedirectCodes.includes(response.message.statusCode) &&
                    this._allowRedirects &&
                    redirectsRemaining > 0) {
                    const redirectUrl = response.message.headers['location'];
                    if (!redirectUrl) {
                        // if there's no location to redirect to, we won't
                        break;
                    }
                    const parsedRedirectUrl = new URL(redirectUrl);
                    if (parsedUrl.protocol === 'https:' &&
                        parsedUrl.protocol !== parsedRedirectUrl.protocol &&
                        !this._allowRedirectDowngrade) {
                        throw new Error('Redirect from HTTPS to HTTP protocol. This downgrade is not allowed for security reasons. If you want to allow this behavior, set the allowRedirectDowngrade option to true.');
                    }
                    // we need to finish reading the response before reassigning response
                    // which will leak the open socket.
                    yield response.readBody();
                    // strip authorization header if redirected to a different hostname
                    if (parsedRedirectUrl.hostname !== parsedUrl.hostname) {
                        for (const header in headers) {
                            // header names are case insensitive
                            if (header.toLowerCase() === 'authorization') {
                                delete headers[header];
                            }
                        }
                    }
                    // let's make the request with the new redirectUrl
                    info = this._prepareRequest(verb, parsedRedirectUrl, headers);
                    response = yield this.requestRaw(info, data);
                    redirectsRemaining--;
                }
                if (!response.message.statusCode ||
                    !HttpResponseRetryCodes.includes(response.message.statusCode)) {
                    // If not a retry code, return immediately instead of retrying
                    return response;
                }
                numTries += 1;
                if (numTries < maxTries) {
                    yield response.readBody();
                    yield this._performExponentialBackoff(numTries);
                }
            } while (numTries < maxTries);
            return response;
        });
    }
    /**
     * Needs to be called if keepAlive is set to true in request options.
     */
    dispose() {
        if (this._agent) {
            this._agent.destroy();
        }
        this._disposed = true;
    }
    /**
     * Raw request.
     * @param info
     * @param data
     */
    requestRaw(info, data) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => {
                function callbackForResult(err, res) {
                    if (err) {
                        reject(err);
                    }
                    else if (!res) {
                        // If `err` is not passed, then `res` must be passed.
                        reject(new Error('Unknown error'));
                    }
                    else {
                        resolve(res);
                    }
                }
                this.requestRawWithCallback(info, data, callbackForResult);
            });
        });
    }
    /**
     * Raw request with callback.
     * @param info
     * @param data
     * @param onResult
     */
    requestRawWithCallback(info, data, onResult) {
        if (typeof data === 'string') {
            if (!info.options.headers) {
                info.options.headers = {};
            }
            info.options.headers['Content-Length'] = Buffer.byteLength(data, 'utf8');
        }
        let callbackCalled = false;
        function handleResult(err, res) {
            if (!callbackCalled) {
                callbackCalled = true;
                onResult(err, res);
            }
        }
        const req = info.httpModule.request(info.options, (msg) => {
            const res = new HttpClientResponse(msg);
            handleResult(undefined, res);
        });
        let socket;
        req.on('socket', sock => {
            socket = sock;
        });
        // If we ever get disconnected, we want the socket to timeout eventually
        req.setTimeout(this._socketTimeout || 3 * 60000, () => {
            if (socket) {
                socket.end();
            }
            handleResult(new Error(`Request timeout: ${info.options.path}`));
        });
        req.on('error', function (err) {
            // err has statusCode property
            // res should have headers
            handleResult(err);
        });
        if (data && typeof data === 'string') {
            req.write(data, 'utf8');
        }
        if (data && typeof data !== 'string') {
            data.on('close', function () {
                req.end();
            });
            data.pipe(req);
        }
        else {
            req.end();
        }
    }
    /**
     * Gets an http agent. This function is useful when you need an http agent that handles
     * routing through a proxy server - depending upon the url and proxy environment variables.
     * @param serverUrl  The server URL where the request will be sent. For example, https://api.github.com
     */
    getAgent(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        return this._getAgent(parsedUrl);
    }
    getAgentDispatcher(serverUrl) {
        const parsedUrl = new URL(serverUrl);
        const proxyUrl = _proxy_js__WEBPACK_IMPORTED_MODULE_2__/* .getProxyUrl */ .s(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (!useProxy) {
            return;
        }
        return this._getProxyAgentDispatcher(parsedUrl, proxyUrl);
    }
    _prepareRequest(method, requestUrl, headers) {
        const info = {};
        info.parsedUrl = requestUrl;
        const usingSsl = info.parsedUrl.protocol === 'https:';
        info.httpModule = usingSsl ? /*#__PURE__*/ (https__WEBPACK_IMPORTED_MODULE_1___namespace_cache || (https__WEBPACK_IMPORTED_MODULE_1___namespace_cache = __nccwpck_require__.t(https__WEBPACK_IMPORTED_MODULE_1__, 2))) : /*#__PURE__*/ (http__WEBPACK_IMPORTED_MODULE_0___namespace_cache || (http__WEBPACK_IMPORTED_MODULE_0___namespace_cache = __nccwpck_require__.t(http__WEBPACK_IMPORTED_MODULE_0__, 2)));
        const defaultPort = usingSsl ? 443 : 80;
        info.options = {};
        info.options.host = info.parsedUrl.hostname;
        info.options.port = info.parsedUrl.port
            ? parseInt(info.parsedUrl.port)
            : defaultPort;
        info.options.path =
            (info.parsedUrl.pathname || '') + (info.parsedUrl.search || '');
        info.options.method = method;
        info.options.headers = this._mergeHeaders(headers);
        if (this.userAgent != null) {
            info.options.headers['user-agent'] = this.userAgent;
        }
        info.options.agent = this._getAgent(info.parsedUrl);
        // gives handlers an opportunity to participate
        if (this.handlers) {
            for (const handler of this.handlers) {
                handler.prepareRequest(info.options);
            }
        }
        return info;
    }
    _mergeHeaders(headers) {
        if (this.requestOptions && this.requestOptions.headers) {
            return Object.assign({}, lowercaseKeys(this.requestOptions.headers), lowercaseKeys(headers || {}));
        }
        return lowercaseKeys(headers || {});
    }
    /**
     * Gets an existing header value or returns a default.
     * Handles converting number header values to strings since HTTP headers must be strings.
     * Note: This returns string | string[] since some headers can have multiple values.
     * For headers that must always be a single string (like Content-Type), use the
     * specialized _getExistingOrDefaultContentTypeHeader method instead.
     */
    _getExistingOrDefaultHeader(additionalHeaders, header, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[header];
            if (headerValue) {
                clientHeader =
                    typeof headerValue === 'number' ? headerValue.toString() : headerValue;
            }
        }
        const additionalValue = additionalHeaders[header];
        if (additionalValue !== undefined) {
            return typeof additionalValue === 'number'
                ? additionalValue.toString()
                : additionalValue;
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    /**
     * Specialized version of _getExistingOrDefaultHeader for Content-Type header.
     * Always returns a single string (not an array) since Content-Type should be a single value.
     * Converts arrays to comma-separated strings and numbers to strings to ensure type safety.
     * This was split from _getExistingOrDefaultHeader to provide stricter typing for callers
     * that assign the result to places expecting a string (e.g., additionalHeaders[Headers.ContentType]).
     */
    _getExistingOrDefaultContentTypeHeader(additionalHeaders, _default) {
        let clientHeader;
        if (this.requestOptions && this.requestOptions.headers) {
            const headerValue = lowercaseKeys(this.requestOptions.headers)[Headers.ContentType];
            if (headerValue) {
                if (typeof headerValue === 'number') {
                    clientHeader = String(headerValue);
                }
                else if (Array.isArray(headerValue)) {
                    clientHeader = headerValue.join(', ');
                }
                else {
                    clientHeader = headerValue;
                }
            }
        }
        const additionalValue = additionalHeaders[Headers.ContentType];
        // Return the first non-undefined value, converting numbers or arrays to strings if necessary
        if (additionalValue !== undefined) {
            if (typeof additionalValue === 'number') {
                return String(additionalValue);
            }
            else if (Array.isArray(additionalValue)) {
                return additionalValue.join(', ');
            }
            else {
                return additionalValue;
            }
        }
        if (clientHeader !== undefined) {
            return clientHeader;
        }
        return _default;
    }
    _getAgent(parsedUrl) {
        let agent;
        const proxyUrl = _proxy_js__WEBPACK_IMPORTED_MODULE_2__/* .getProxyUrl */ .s(parsedUrl);
        const useProxy = proxyUrl && proxyUrl.hostname;
        if (this._keepAlive && useProxy) {
            agent = this._proxyAgent;
        }
        if (!useProxy) {
            agent = this._agent;
        }
        // if agent is already assigned use that agent.
        if (agent) {
            return agent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        let maxSockets = 100;
        if (this.requestOptions) {
            maxSockets = this.requestOptions.maxSockets || http__WEBPACK_IMPORTED_MODULE_0__.globalAgent.maxSockets;
        }
        // This is `useProxy` again, but we need to check `proxyURl` directly for TypeScripts's flow analysis.
        if (proxyUrl && proxyUrl.hostname) {
            const agentOptions = {
                maxSockets,
                keepAlive: this._keepAlive,
                proxy: Object.assign(Object.assign({}, ((proxyUrl.username || proxyUrl.password) && {
                    proxyAuth: `${proxyUrl.username}:${proxyUrl.password}`
                })), { host: proxyUrl.hostname, port: proxyUrl.port })
            };
            let tunnelAgent;
            const overHttps = proxyUrl.protocol === 'https:';
            if (usingSsl) {
                tunnelAgent = overHttps ? tunnel__WEBPACK_IMPORTED_MODULE_3__.httpsOverHttps : tunnel__WEBPACK_IMPORTED_MODULE_3__.httpsOverHttp;
            }
            else {
                tunnelAgent = overHttps ? tunnel__WEBPACK_IMPORTED_MODULE_3__.httpOverHttps : tunnel__WEBPACK_IMPORTED_MODULE_3__.httpOverHttp;
            }
            agent = tunnelAgent(agentOptions);
            this._proxyAgent = agent;
        }
        // if tunneling agent isn't assigned create a new agent
        if (!agent) {
            const options = { keepAlive: this._keepAlive, maxSockets };
            agent = usingSsl ? new https__WEBPACK_IMPORTED_MODULE_1__.Agent(options) : new http__WEBPACK_IMPORTED_MODULE_0__.Agent(options);
            this._agent = agent;
        }
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            agent.options = Object.assign(agent.options || {}, {
                rejectUnauthorized: false
            });
        }
        return agent;
    }
    _getProxyAgentDispatcher(parsedUrl, proxyUrl) {
        let proxyAgent;
        if (this._keepAlive) {
            proxyAgent = this._proxyAgentDispatcher;
        }
        // if agent is already assigned use that agent.
        if (proxyAgent) {
            return proxyAgent;
        }
        const usingSsl = parsedUrl.protocol === 'https:';
        proxyAgent = new undici__WEBPACK_IMPORTED_MODULE_4__.ProxyAgent(Object.assign({ uri: proxyUrl.href, pipelining: !this._keepAlive ? 0 : 1 }, ((proxyUrl.username || proxyUrl.password) && {
            token: `Basic ${Buffer.from(`${proxyUrl.username}:${proxyUrl.password}`).toString('base64')}`
        })));
        this._proxyAgentDispatcher = proxyAgent;
        if (usingSsl && this._ignoreSslError) {
            // we don't want to set NODE_TLS_REJECT_UNAUTHORIZED=0 since that will affect request for entire process
            // http.RequestOptions doesn't expose a way to modify RequestOptions.agent.options
            // we have to cast it to any and change it directly
            proxyAgent.options = Object.assign(proxyAgent.options.requestTls || {}, {
                rejectUnauthorized: false
            });
        }
        return proxyAgent;
    }
    _getUserAgentWithOrchestrationId(userAgent) {
        const baseUserAgent = userAgent || 'actions/http-client';
        const orchId = process.env['ACTIONS_ORCHESTRATION_ID'];
        if (orchId) {
            // Sanitize the orchestration ID to ensure it contains only valid characters
            // Valid characters: 0-9, a-z, _, -, .
            const sanitizedId = orchId.replace(/[^a-z0-9_.-]/gi, '_');
            return `${baseUserAgent} actions_orchestration_id/${sanitizedId}`;
        }
        return baseUserAgent;
    }
    _performExponentialBackoff(retryNumber) {
        return __awaiter(this, void 0, void 0, function* () {
            retryNumber = Math.min(ExponentialBackoffCeiling, retryNumber);
            const ms = ExponentialBackoffTimeSlice * Math.pow(2, retryNumber);
            return new Promise(resolve => setTimeout(() => resolve(), ms));
        });
    }
    _processResponse(res, options) {
        return __awaiter(this, void 0, void 0, function* () {
            return new Promise((resolve, reject) => __awaiter(this, void 0, void 0, function* () {
                const statusCode = res.message.statusCode || 0;
                const response = {
                    statusCode,
                    result: null,
                    headers: {}
                };
                // not found leads to null obj returned
                if (statusCode === HttpCodes.NotFound) {
                    resolve(response);
                }
                // get the result from the body
                function dateTimeDeserializer(key, value) {
                    if (typeof value === 'string') {
                        const a = new Date(value);
                        if (!isNaN(a.valueOf())) {
                            return a;
                        }
                    }
                    return value;
                }
                let obj;
                let contents;
                try {
                    contents = yield res.readBody();
                    if (contents && contents.length > 0) {
                        if (options && options.deserializeDates) {
                            obj = JSON.parse(contents, dateTimeDeserializer);
                        }
                        else {
                            obj = JSON.parse(contents);
                        }
                        response.result = obj;
                    }
                    response.headers = res.message.headers;
                }
                catch (err) {
                    // Invalid resource (contents not json);  leaving result obj null
                }
                // note that 3xx redirects are handled by the http layer.
                if (statusCode > 299) {
                    let msg;
                    // if exception/error in body, attempt to get better error
                    if (obj && obj.message) {
                        msg = obj.message;
                    }
                    else if (contents && contents.length > 0) {
                        // it may be the case that the exception is in the body message as string
                        msg = contents;
                    }
                    else {
                        msg = `Failed request: (${statusCode})`;
                    }
                    const err = new HttpClientError(msg, statusCode);
                    err.result = response.result;
                    reject(err);
                }
                else {
                    resolve(response);
                }
            }));
        });
    }
}
const lowercaseKeys = (obj) => Object.keys(obj).reduce((c, k) => ((c[k.toLowerCase()] = obj[k]), c), {});
//# sourceMappingURL=index.js.map

/***/ }),

/***/ 9783:
/***/ ((__unused_webpack___webpack_module__, __webpack_exports__, __nccwpck_require__) => {

/* harmony export */ __nccwpck_require__.d(__webpack_exports__, {
/* harmony export */   s: () => (/* binding */ getProxyUrl)
/* harmony export */ });
/* unused harmony export checkBypass */
function getProxyUrl(reqUrl) {
    const usingSsl = reqUrl.protocol === 'https:';
    if (checkBypass(reqUrl)) {
        return undefined;
    }
    const proxyVar = (() => {
        if (usingSsl) {
            return process.env['https_proxy'] || process.env['HTTPS_PROXY'];
        }
        else {
            return process.env['http_proxy'] || process.env['HTTP_PROXY'];
        }
    })();
    if (proxyVar) {
        try {
            return new DecodedURL(proxyVar);
        }
        catch (_a) {
            if (!proxyVar.startsWith('http://') && !proxyVar.startsWith('https://'))
                return new DecodedURL(`http://${proxyVar}`);
        }
    }
    else {
        return undefined;
    }
}
function checkBypass(reqUrl) {
    if (!reqUrl.hostname) {
        return false;
    }
    const reqHost = reqUrl.hostname;
    if (isLoopbackAddress(reqHost)) {
        return true;
    }
    const noProxy = process.env['no_proxy'] || process.env['NO_PROXY'] || '';
    if (!noProxy) {
        return false;
    }
    // Determine the request port
    let reqPort;
    if (reqUrl.port) {
        reqPort = Number(reqUrl.port);
    }
    else if (reqUrl.protocol === 'http:') {
        reqPort = 80;
    }
    else if (reqUrl.protocol === 'https:') {
        reqPort = 443;
    }
    // Format the request hostname and hostname with port
    const upperReqHosts = [reqUrl.hostname.toUpperCase()];
    if (typeof reqPort === 'number') {
        upperReqHosts.push(`${upperReqHosts[0]}:${reqPort}`);
    }
    // Compare request host against noproxy
    for (const upperNoProxyItem of noProxy
        .split(',')
        .map(x => x.trim().toUpperCase())
        .filter(x => x)) {
        if (upperNoProxyItem === '*' ||
            upperReqHosts.some(x => x === upperNoProxyItem ||
                x.endsWith(`.${upperNoProxyItem}`) ||
                (upperNoProxyItem.startsWith('.') &&
                    x.endsWith(`${upperNoProxyItem}`)))) {
            return true;
        }
    }
    return false;
}
function isLoopbackAddress(host) {
    const hostLower = host.toLowerCase();
    return (hostLower === 'localhost' ||
        hostLower.startsWith('127.') ||
        hostLower.startsWith('[::1]') ||
        hostLower.startsWith('[0:0:0:0:0:0:0:1]'));
}
class DecodedURL extends URL {
    constructor(url, base) {
        super(url, base);
        this._decodedUsername = decodeURIComponent(super.username);
        this._decodedPassword = decodeURIComponent(super.password);
    }
    get username() {
        return this._decodedUsername;
    }
    get password() {
        return this._decodedPassword;
    }
}
//# sourceMappingURL=proxy.js.map

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId].call(module.exports, module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/async module */
/******/ (() => {
/******/ 	var webpackQueues = typeof Symbol === "function" ? Symbol("webpack queues") : "__webpack_queues__";
/******/ 	var webpackExports = typeof Symbol === "function" ? Symbol("webpack exports") : "__webpack_exports__";
/******/ 	var webpackError = typeof Symbol === "function" ? Symbol("webpack error") : "__webpack_error__";
/******/ 	var resolveQueue = (queue) => {
/******/ 		if(queue && queue.d < 1) {
/******/ 			queue.d = 1;
/******/ 			queue.forEach((fn) => (fn.r--));
/******/ 			queue.forEach((fn) => (fn.r-- ? fn.r++ : fn()));
/******/ 		}
/******/ 	}
/******/ 	var wrapDeps = (deps) => (deps.map((dep) => {
/******/ 		if(dep !== null && typeof dep === "object") {
/******/ 			if(dep[webpackQueues]) return dep;
/******/ 			if(dep.then) {
/******/ 				var queue = [];
/******/ 				queue.d = 0;
/******/ 				dep.then((r) => {
/******/ 					obj[webpackExports] = r;
/******/ 					resolveQueue(queue);
/******/ 				}, (e) => {
/******/ 					obj[webpackError] = e;
/******/ 					resolveQueue(queue);
/******/ 				});
/******/ 				var obj = {};
/******/ 				obj[webpackQueues] = (fn) => (fn(queue));
/******/ 				return obj;
/******/ 			}
/******/ 		}
/******/ 		var ret = {};
/******/ 		ret[webpackQueues] = x => {};
/******/ 		ret[webpackExports] = dep;
/******/ 		return ret;
/******/ 	}));
/******/ 	__nccwpck_require__.a = (module, body, hasAwait) => {
/******/ 		var queue;
/******/ 		hasAwait && ((queue = []).d = -1);
/******/ 		var depQueues = new Set();
/******/ 		var exports = module.exports;
/******/ 		var currentDeps;
/******/ 		var outerResolve;
/******/ 		var reject;
/******/ 		var promise = new Promise((resolve, rej) => {
/******/ 			reject = rej;
/******/ 			outerResolve = resolve;
/******/ 		});
/******/ 		promise[webpackExports] = exports;
/******/ 		promise[webpackQueues] = (fn) => (queue && fn(queue), depQueues.forEach(fn), promise["catch"](x => {}));
/******/ 		module.exports = promise;
/******/ 		body((deps) => {
/******/ 			currentDeps = wrapDeps(deps);
/******/ 			var fn;
/******/ 			var getResult = () => (currentDeps.map((d) => {
/******/ 				if(d[webpackError]) throw d[webpackError];
/******/ 				return d[webpackExports];
/******/ 			}))
/******/ 			var promise = new Promise((resolve) => {
/******/ 				fn = () => (resolve(getResult));
/******/ 				fn.r = 0;
/******/ 				var fnQueue = (q) => (q !== queue && !depQueues.has(q) && (depQueues.add(q), q && !q.d && (fn.r++, q.push(fn))));
/******/ 				currentDeps.map((dep) => (dep[webpackQueues](fnQueue)));
/******/ 			});
/******/ 			return fn.r ? promise : getResult();
/******/ 		}, (err) => ((err ? reject(promise[webpackError] = err) : outerResolve(exports)), resolveQueue(queue)));
/******/ 		queue && queue.d < 0 && (queue.d = 0);
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
/******/ 
/******/ // startup
/******/ // Load entry module and return exports
/******/ // This entry module used 'module' so it can't be inlined
/******/ var __webpack_exports__ = __nccwpck_require__(9407);
/******/ __webpack_exports__ = await __webpack_exports__;
/******/ 
