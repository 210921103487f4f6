import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Test files that drive the wizard in a pseudo-terminal (they use test/helpers/pty.ts): they time
// keystrokes against what is on the screen, so they run one at a time after the rest (their own waits
// are generous; CPU starvation is not). Found by their import, so a new one cannot be forgotten.
const E2E = join(dirname(fileURLToPath(import.meta.url)), 'test/e2e');
const TERMINAL = readdirSync(E2E)
  .filter((f) => f.endsWith('.test.ts') && readFileSync(join(E2E, f), 'utf8').includes('/helpers/pty.js'))
  .map((f) => `test/e2e/${f}`);

const shared = {
  globalSetup: ['test/global-setup.ts'],
  testTimeout: 60_000,
  hookTimeout: 60_000,
  env: {
    // For the suite's own AWS SDK calls (reading secrets back from moto): SDK v3 prints a multi-line
    // Node 20 notice. The CLI under test does not inherit this (test/helpers/world-env.mjs removes it):
    // it keeps such warnings off the screen by itself.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  },
};

export default defineConfig({
  test: {
    projects: [
      {
        // Most of the suite waits on child processes (terraform, symflow, moto), so two files at a
        // time keep both cores busy; `npm test` measured it (README, Development).
        test: {
          ...shared,
          name: 'suite',
          include: ['test/**/*.test.ts'],
          exclude: TERMINAL,
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        test: { ...shared, name: 'terminal', include: TERMINAL, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
    ],
  },
});
