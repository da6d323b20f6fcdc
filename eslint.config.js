// Lint: typescript-eslint's recommended rules plus the layering rules of ARCHITECTURE.md
// (the architecture test under tests/architecture enforces the same rules on the import graph).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';

const forbidden = (patterns, message) => ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }];

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
    files: ['kernel/**/*.ts'],
    rules: {
      'no-restricted-imports': forbidden(['electron', 'react', 'react-dom', '**/main/**', '**/renderer/**'], 'kernel/ runs in plain Node: no Electron, React, main/ or renderer/'),
    },
  },
  {
    files: ['skills/**/*.ts'],
    rules: {
      'no-restricted-imports': forbidden(['electron', 'react', '**/main/**', '**/renderer/**'], 'skills import only the skill contract (kernel/contracts or kernel/sdk)'),
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
