// Lint that protects the design: promises awaited, type-only imports, no cycles, and no I/O in workflow code.
import tseslint from 'typescript-eslint';
import importX from 'eslint-plugin-import-x';

const nodeBuiltins = ['fs', 'path', 'net', 'http', 'https', 'crypto', 'child_process', 'os', 'stream', 'zlib', 'worker_threads', 'dgram', 'dns', 'tls', 'readline', 'process', 'url'];
const drivers = ['mysql2', 'mysql2/*', 'ioredis', '@aws-sdk/*', 'better-sqlite3', 'fast-csv', '@temporalio/activity', '@temporalio/worker', '@temporalio/client'];

export default tseslint.config(
  { ignores: ['node_modules/**', '.data/**', '.venv/**', 'infra/cdktf.out/**', 'infra/.gen/**', 'dist/**', '**/*.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    plugins: { 'import-x': importX },
    rules: {
      '@typescript-eslint/no-floating-promises': ['error', { allowForKnownSafeCalls: [{ from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite'] }] }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'import-x/no-cycle': 'error',
    },
  },
  {
    files: ['workflows/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: nodeBuiltins.flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'workflows must stay deterministic: do I/O in activities' })),
        patterns: [{ group: drivers, message: 'workflows must not import drivers or activity/worker/client packages: do I/O in activities' }],
      }],
    },
  },
  {
    files: ['domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        paths: ['fs', 'net', 'http', 'https', 'child_process'].flatMap((m) => [m, `node:${m}`]).map((name) => ({ name, message: 'domain/ is pure logic with no I/O' })),
        patterns: [{ group: drivers, message: 'domain/ is pure logic with no I/O' }],
      }],
    },
  },
);
