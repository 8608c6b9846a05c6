// @ts-check
/**
 * ESLint flat config (ESLint 10 + typescript-eslint 8).
 *
 * - TypeScript files (everything tsconfig.json includes: apps, libs, test, bench) get the type-checked rules.
 * - Plain JavaScript (this file, jest.config.js, scripts/*.mjs, apps/web) gets @eslint/js recommended only:
 *   no type information, because tsconfig.json does not include those files.
 * - Architecture boundaries from docs/architecture.md (pure libraries, apps never import each other) are
 *   enforced with `@typescript-eslint/no-restricted-imports`. Import cycles are checked by `npm run cycles`.
 */
import js from '@eslint/js';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS_FILES = ['**/*.ts', '**/*.mts', '**/*.cts'];
const PURE_LIBS = ['core', 'hotline', 'grid', 'calendar', 'directory', 'simulator'];

/** Module specifiers a pure library may not load (regular expressions, matched against the import source). */
const PURE_LIB_BANNED = [
  // Nest, the event-store clients (EventStoreDB and its successor KurrentDB)
  '^@(nestjs|eventstore|kurrent)/',
  // Redis, queues, SQLite
  '^(ioredis|bullmq|better-sqlite3)(/.*)?$',
  // the impure libraries, through package.json "imports"
  '^#(event-store|platform|read-models)(/.*)?$',
  // file, network and process I/O
  '^(node:)?(fs|net|http|https|http2|child_process)(/.*)?$',
  // the same libraries (or an app) reached by a relative path
  '^\\.{1,2}/(.*/)?(event-store|platform|read-models)/src(/|$)',
  '^\\.{1,2}/(.*/)?apps/',
];
const PURE_LIB_MESSAGE =
  'Pure libraries (libs/core, libs/hotline, libs/grid, libs/calendar, libs/directory, libs/simulator) import nothing from Nest, Redis, BullMQ, ' +
  'SQLite, the event store, libs/platform, libs/read-models or file/network I/O: see docs/architecture.md ' +
  '(Layout). Put the I/O behind a port in an impure library or an app.';

/** `import()` is not seen by no-restricted-imports; esquery regexes may not contain '/', hence \u002F. */
const dynamicImportSelector = (regex) =>
  `ImportExpression[source.value=/${regex.replaceAll('/', '\\u002F')}/]`;

/** Apps import libraries, never each other. */
const noImportFrom = (otherApp, thisApp) => ({
  files: [`apps/${thisApp}/**`],
  rules: {
    '@typescript-eslint/no-restricted-imports': [
      'error',
      {
        patterns: [
          {
            // `…/apps/worker/…` at any depth, or `../../worker/…` climbing out of apps/<this>/src
            regex: `((^|/)apps/${otherApp}(/|$))|(^(\\.\\./){2,}${otherApp}(/|$))`,
            message:
              `apps/${thisApp} must not import from apps/${otherApp}: apps import libraries, never each other ` +
              '(docs/architecture.md, Layout). Move the shared code into a library under libs/.',
          },
        ],
      },
    ],
  },
});

export default defineConfig(
  globalIgnores(['dist/', 'node_modules/', 'coverage/', 'data/', 'test-output/', '**/*.d.ts']),

  js.configs.recommended,
  {
    // Registered for every file so the boundary rules below also cover plain JavaScript in apps/ and libs/.
    plugins: { '@typescript-eslint': tseslint.plugin },
    rules: {
      // An empty block is allowed only when a comment inside says why (`catch { /* best effort: … */ }`);
      // no-empty never reports a block that contains a comment.
      'no-empty': ['error', { allowEmptyCatch: false }],
    },
  },

  // Plain JavaScript: config files and scripts run by Node.
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { sourceType: 'module', globals: { ...globals.node } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: { ...globals.node } },
  },
  // The browser console (served as static files).
  {
    files: ['apps/web/**/*.js', 'apps/web/**/*.mjs'],
    languageOptions: { globals: { ...globals.browser } },
  },

  // TypeScript, with type information from tsconfig.json (customConditions included).
  {
    files: TS_FILES,
    extends: [tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': [
        'error',
        {
          // A `default` branch does not make a switch over a union exhaustive: a new event or command type
          // must be handled (or listed) explicitly wherever the union is switched on.
          considerDefaultExhaustiveForUnions: false,
          // ...but a defensive `default` (e.g. throwing on a value from outside) stays allowed.
          allowDefaultCaseForExhaustiveSwitch: true,
          requireDefaultForNonUnion: false,
        },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        {
          argsIgnorePattern: '^_',
          varsIgnorePattern: '^_',
          caughtErrorsIgnorePattern: '^_',
          destructuredArrayIgnorePattern: '^_',
        },
      ],
    },
  },
  {
    // Jest's `expect(obj.method).toHaveBeenCalled()` and mocks pass methods around unbound on purpose;
    // supertest's `response.body` is `any`, and the assertions on it are the type check.
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // Pure libraries: no framework, no infrastructure, no I/O.
  {
    files: PURE_LIBS.map((lib) => `libs/${lib}/**`),
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { patterns: PURE_LIB_BANNED.map((regex) => ({ regex, message: PURE_LIB_MESSAGE })) },
      ],
      'no-restricted-syntax': [
        'error',
        ...PURE_LIB_BANNED.map((regex) => ({
          selector: dynamicImportSelector(regex),
          message: PURE_LIB_MESSAGE,
        })),
      ],
    },
  },

  // Apps never import each other.
  noImportFrom('worker', 'api'),
  noImportFrom('api', 'worker'),
);
