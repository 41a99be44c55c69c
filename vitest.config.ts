import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    environment: 'node',
    globalSetup: ['e2e/temp-folder.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
