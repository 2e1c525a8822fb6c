import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import { builtinModules } from 'node:module';

const NODE_BUILTINS = builtinModules.filter((name) => !name.startsWith('_'));

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '.e2e/**', '**/test/fixtures/decorators/**', 'collector-config/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'separate-type-imports' }],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'Name the exports: no `export *`.' }],
    },
  },
  {
    // Library code logs through OTel diag, never the console; the CLI and examples print on purpose.
    files: ['packages/*/src/**/*.ts'],
    ignores: ['packages/cli/src/**', 'packages/node/src/console-tree-exporter.ts'],
    rules: { 'no-console': 'error' },
  },
  {
    // Core (and the portable part of the kit it bundles) must run on edge runtimes: no Node built-ins.
    files: ['packages/core/src/**/*.ts', 'packages/kit/src/**/*.ts'],
    ignores: ['packages/kit/src/node.ts', 'packages/kit/src/git-revision.ts', 'packages/kit/src/for-each-line.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ regex: '^node:', message: 'core is portable: no Node built-ins.' }], paths: NODE_BUILTINS.map((name) => ({ name, message: 'core is portable: no Node built-ins.' })) }],
    },
  },
  { files: ['**/*.mjs', '**/*.js', '**/*.cjs'], ...tseslint.configs.disableTypeChecked },
  {
    // Plain Node programs that load the built packages the way apps do (CommonJS `require` included).
    files: ['test-support/auto/**', 'examples/auto-instrumentation/src/**'],
    languageOptions: { globals: { process: 'readonly', require: 'readonly', module: 'writable' } },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
);
