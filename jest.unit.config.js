// The inner loop: tests that need no process spawn and no socket (npm run test:unit).
// Everything that talks over loopback or spawns the action lives in the full suite only.
import base from './jest.config.js';

export default {
  ...base,
  testPathIgnorePatterns: [
    '/node_modules/',
    '<rootDir>/__tests__/action/',
    '<rootDir>/__tests__/emulator/',
    '<rootDir>/__tests__/docs/',
    '<rootDir>/__tests__/submit/.*\\.integration\\.test\\.ts$',
    '\\.integration\\.test\\.ts$',
    '<rootDir>/__tests__/github/comment-github\\.test\\.ts$',
    '<rootDir>/__tests__/github/comment-run\\.test\\.ts$',
    '<rootDir>/__tests__/inputs/hostile-input\\.test\\.ts$'
  ]
};
