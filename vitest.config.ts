import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    include: ['test/**/*.test.ts'],
    // The suite is CPU-bound: most of it waits on terraform and its AWS provider starting. Two files at
    // a time keep both cores of a CI runner busy (`npm test` measured it at ~1.9 cores; README,
    // Development). The pseudo-terminal files run among the rest: their waits are for what is on the
    // screen, with generous timeouts, and they passed at a load of 17 on 2 cores; a separate serial
    // group for them cost ~100 s of one idle core.
    maxWorkers: 2,
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
