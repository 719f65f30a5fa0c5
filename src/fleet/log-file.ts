import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import { EnvironmentError } from '../errors.js';

/**
 * Opens `file` for appending, creating its folder first, and returns the descriptor.
 * A child's log is opened here, before the child is spawned, so that a log that cannot
 * be written is reported as such and never mistaken for a missing command (both are
 * ENOENT once they reach the spawn).
 * @throws EnvironmentError naming the file and the reason.
 */
export function openLog(file: string, owner: string): number {
  try {
    mkdirSync(dirname(file), { recursive: true });
    return openSync(file, 'a');
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new EnvironmentError(`Could not open the log file of ${owner}, ${file}: ${reason}`);
  }
}

/** Runs `spawn` with the log's descriptor and closes it afterwards (the child holds its own copy). */
export function withLog<T>(file: string, owner: string, spawn: (fd: number) => T): T {
  const fd = openLog(file, owner);
  try {
    return spawn(fd);
  } finally {
    closeSync(fd);
  }
}
