import { defineConfig } from 'vitest/config';

// Unit tests cover pure logic and need nothing running; end-to-end tests share one
// LocalStack, resolved once by the global setup (environment, Docker, or a host install).
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summaryReporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: [
            'libs/*/tests/**/*.test.ts',
            'services/*/tests/**/*.test.ts',
            'cli/tests/**/*.test.ts',
            'infra/*/tests/**/*.test.ts',
            'bench/tests/**/*.test.ts',
          ],
          exclude: ['**/*.e2e.test.ts', '**/node_modules/**'],
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['test/**/*.e2e.test.ts', 'infra/*/tests/**/*.e2e.test.ts'],
          globalSetup: ['test/support/globalSetup.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
