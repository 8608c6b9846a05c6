/**
 * Jest runs the TypeScript sources as ES modules (NestJS 12 ships ESM only), resolving the `#lib` imports of
 * package.json through the `chengyun-source` condition to the sources, not to dist/.
 * @type {import('jest').Config}
 */
export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  testEnvironmentOptions: { customExportConditions: ['chengyun-source', 'node', 'node-addons'] },
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, tsconfig: 'tsconfig.json' }],
    // ESM-only packages that a CommonJS dependency require()s (Jest on Node 20 cannot require ESM itself).
    '^.+/node_modules/.+\\.js$': ['ts-jest', { useESM: true, tsconfig: { allowJs: true, checkJs: false } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!(content-disposition)/)'],
  testMatch: ['<rootDir>/{apps,libs,test}/**/*.spec.ts', '<rootDir>/test/**/*.e2e-spec.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 30000,
  maxWorkers: 2,
};
