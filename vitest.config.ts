import { defineConfig } from 'vitest/config';
import { SlowestFirst } from './test/helpers/slowest-first.js';

/**
 * Files whose verdicts ride on timing under a crash with hundreds of WebSockets: run after
 * the others, alone, so another file's fleets do not starve theirs (the chat crash test
 * failed once in four runs beside another file, never alone).
 */
const SOLO = ['test/integration/chat-run.test.ts'];

export default defineConfig({
  test: {
    // An unhandled error or a worker that died under a test file fails the run, and the
    // default reporter shows little of either (test/helpers/failure-causes.ts says why):
    // the second reporter names the file, the test under way, the exit and the causes.
    reporters: ['default', './test/helpers/failure-causes.ts'],
    // The slowest integration files start first, so the two workers end together.
    sequence: { sequencer: SlowestFirst },
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Pure tests: no mocks, stubs or globals to leak, so one module graph serves all
          // files (each file in a fresh one cost 25 s of imports for 3 s of tests).
          isolate: false,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          exclude: SOLO,
          // Integration tests start real fleets: two files at a time on two cores (the
          // machine's), each file's runs kept short; one at a time took twice as long.
          fileParallelism: true,
          maxWorkers: 2,
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'integration-solo',
          include: SOLO,
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 30_000,
        },
      },
    ],
  },
});
