import { execa, type ResultPromise } from 'execa';
import { join } from 'node:path';
import { expect } from 'vitest';

export const BIN = join(import.meta.dirname, '..', '..', 'bin', 'statebench.js');

/** Runs the real CLI (compiled, as a user would) and never rejects. */
export function statebench(args: readonly string[], env: Record<string, string | undefined> = {}) {
  return execa(process.execPath, [BIN, ...args], { reject: false, env: { NO_COLOR: '1', ...env }, stdin: 'ignore' });
}

/** Resolves with what `stream` printed once it includes `text`; rejects if the child exits first. */
export function waitForOutput(child: ResultPromise, stream: 'stdout' | 'stderr', text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = '';
    child[stream]!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      if (seen.includes(text)) resolve(seen);
    });
    void child.then(() => reject(new Error(`exited before printing ${JSON.stringify(text)}: ${seen}`)));
  });
}

/** A usage error as the CLI rules want it: exit 2, one line naming the flag and the value, no stack. */
export async function expectUsageError(args: readonly string[], flag: string, value: string): Promise<void> {
  const result = await statebench(args);
  expect(result.exitCode).toBe(2);
  const lines = result.stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toContain(flag);
  expect(lines[0]).toContain(`\`${value}\``);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}
