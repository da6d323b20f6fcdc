import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['kernel/**/*.test.ts', 'hosts/**/*.test.ts', 'skills/**/*.test.ts', 'main/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}', 'tests/**/*.test.ts'],
    exclude: ['**/node_modules/**', 'dist/**', 'tests/e2e/**'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    reporters: process.env.CI ? ['default'] : ['default'],
  },
});
