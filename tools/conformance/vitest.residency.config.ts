import { defineConfig } from 'vitest/config';

// The GPU-residency measurement (src/residency), kept out of `pnpm test`.
export default defineConfig({
  test: {
    include: ['src/residency/*.measure.ts'],
    testTimeout: 900_000,
    hookTimeout: 300_000,
  },
});
