// ESM Jest: ts-jest transpiles each file (type checking is `npm run typecheck`).
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/__tests__'],
  extensionsToTreatAsEsm: ['.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: { isolatedModules: true } }]
  },
  testTimeout: 20000
};
