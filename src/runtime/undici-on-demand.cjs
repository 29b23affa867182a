'use strict';
// What the bundle gets for 'undici' (the "paths" entry in tsconfig.json). @actions/http-client
// and @actions/github import undici, which compiles its WebAssembly HTTP parser and builds fetch
// as soon as it loads: about 10 MiB in every run. The action sends its own requests with
// node:http; only Octokit (its fetch, and a proxy's agent) needs undici, so the real one loads
// on first use. CommonJS, because only a require() inside a function is both bundled and
// deferred by ncc. Tests run the sources, with the real undici. The names are the ones the
// dependencies import today (grep node_modules for "from 'undici'" after a bump); the tests that
// comment through the bundle fail on a missing one.

let real;
const undici = () => (real ??= require('undici/index.js'));

module.exports = {
  get ProxyAgent() {
    return undici().ProxyAgent;
  },
  get fetch() {
    return undici().fetch;
  }
};
