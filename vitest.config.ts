import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    env: {
      // For the suite's own AWS SDK calls (reading secrets back from moto): SDK v3 prints a multi-line
      // Node 20 notice. The CLI under test does not inherit this (test/helpers/world-env.mjs removes it):
      // it keeps such warnings off the screen by itself.
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  },
});
