import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  resolve: {
    // Node resolves chrono-node's English-only entry through its `exports` pattern ("./*"); Vite's
    // resolver does not, so tests point it at the same file Node loads.
    alias: { 'chrono-node/en': require.resolve('chrono-node/en').replace(/[\\/]cjs[\\/]/, '/esm/') },
  },
  test: {
    include: ['kernel/**/*.test.ts', 'hosts/**/*.test.ts', 'skills/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'tests/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
