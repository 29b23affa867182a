'use strict';
// What the bundle gets for 'undici' (the "paths" entry in tsconfig.json). @actions/http-client
// and @actions/github import undici, which compiles its WebAssembly HTTP parser as soon as it
// loads, and its 0.9 MB of source sat in the main chunk. The action sends its own requests with
// node:http; only Octokit (its fetch, and a proxy's agent) needs undici. So the real one is a
// chunk of its own, which the comment path loads and hands over (undici.ts) before it makes
// Octokit. CommonJS, so that the dependencies' imports read these getters when they use them.
// The names are the ones the dependencies import today (grep node_modules for "from 'undici'"
// after a bump); the tests that comment through the bundle fail on a missing one.

// Undefined until provided: module loaders (Jest's, webpack's namespace objects) read every
// property as they import this file.
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
