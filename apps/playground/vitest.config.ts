import { defineConfig } from 'vitest/config';

/** Unit tests of the playground's pure logic (`pnpm test`). The browser test has its own config. */
export default defineConfig({
  test: { include: ['src/**/*.test.ts', 'vite/**/*.test.ts'] },
});
