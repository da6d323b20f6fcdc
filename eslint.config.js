// Lint: typescript-eslint's recommended rules plus the layering rules of ARCHITECTURE.md
// (the architecture test under tests/architecture enforces the same rules on the import graph).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const forbidden = (patterns, message, paths = []) => ['error', { paths, patterns: patterns.map((group) => ({ group: [group], message })) }];
// Skills reach files and programs only through ctx.fs and ctx.exec (their tests may set up files directly).
const FS_AND_PROCESSES = ['node:fs', 'node:fs/promises', 'node:child_process', 'fs', 'fs/promises', 'child_process'].map((name) => ({
  name,
  message: 'skills use the file system and run programs only through ctx.fs and ctx.exec',
}));

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'release/**', 'artifacts/**', 'test-results/**', '**/*.d.ts', 'skills/**/problems/**', 'tests/fixtures/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['kernel/**/*.{ts,mjs}'],
    rules: {
      'no-restricted-imports': forbidden(['electron', 'react', 'react-dom', '**/main/**', '**/renderer/**', '**/hosts/**'], 'kernel/ is a library in plain Node: no Electron, React, hosts/, main/ or renderer/'),
    },
  },
  {
    files: ['skills/**/*.ts'],
    rules: {
      'no-restricted-imports': forbidden(['electron', 'react', '**/main/**', '**/renderer/**', '**/hosts/**'], 'skills import only the skill contract (kernel/contracts or kernel/sdk)'),
    },
  },
  {
    files: ['skills/**/*.ts'],
    ignores: ['skills/**/*.test.ts'],
    rules: {
      'no-restricted-imports': forbidden(['electron', 'react', '**/main/**', '**/renderer/**', '**/hosts/**'], 'skills import only the skill contract (kernel/contracts or kernel/sdk)', FS_AND_PROCESSES),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'no-restricted-imports': forbidden(['electron', 'node:*', 'better-sqlite3', '**/kernel/!(contracts)/**'], 'the renderer talks only to its bridge and the contracts'),
    },
  },
  {
    files: ['scripts/**/*.mjs', 'bin/**/*.js', 'eslint.config.js'],
    languageOptions: { globals: { ...globals.node } },
  },
);
