import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // The accuracy suite detects faces in the six 1920 px sample photos and dozens of transformed copies of
    // them; that takes tens of seconds on a 2-core machine.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
