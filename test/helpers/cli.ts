import { execa, type ResultPromise } from 'execa';
import { join } from 'node:path';

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
