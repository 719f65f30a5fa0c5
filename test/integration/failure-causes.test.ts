/**
 * The reporter that explains what vitest's default reporter counts without showing
 * (test/helpers/failure-causes.ts), over fixture test files that fail in those ways: a
 * worker killed under a test, and a rejection left behind by a passing one.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const VITEST = join(ROOT, 'node_modules', 'vitest', 'vitest.mjs');

describe('failure causes in the CI log', () => {
  it('names the file whose worker died, its test under way and the signal, and every unhandled error with its file and cause', async () => {
    const result = await execa(process.execPath, [VITEST, 'run', '--root', join(ROOT, 'test', 'fixtures', 'failure-causes')], {
      reject: false,
      env: { NO_COLOR: '1', CI: '1' },
      stdin: 'ignore',
    });
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('worker-dies.fixture.ts never finished; under way: "is under way when its worker dies"');
    expect(result.stderr).toMatch(/a vitest worker \(pid \d+\) ended at \S+: killed by SIGKILL/);
    expect(result.stderr).toMatch(/Unhandled Rejection in rejects-late\.fixture\.ts "waits for it": Error: rejected after the test/);
    expect(result.stderr).toMatch(/caused by: Error: the root cause/);
    // The pool's error, with its cause: the worker's exit, or the write to it that failed
    // first (EPIPE), whichever vitest saw first.
    expect(result.stderr).toMatch(/Worker forks emitted error\.[\s\S]*caused by: Error: (Worker exited unexpectedly|write EPIPE)/);
  });
});
