'use strict';
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
