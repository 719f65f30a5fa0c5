import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { EnvironmentError } from '../errors.js';
import type { TargetDefinition } from '../fleet/target.js';

/** Whether `path` is a file this process may execute. */
function executable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/**
 * Where a design's command would be found, as `spawn` finds it: a name with a `/` is a
 * path from the design's `cwd`; a bare name is looked up on PATH.
 */
export function findCommand(design: Pick<TargetDefinition, 'command' | 'cwd'>, path: string = process.env.PATH ?? ''): string | undefined {
  const { command, cwd } = design;
  if (command.includes('/')) {
    const full = isAbsolute(command) ? command : resolve(cwd, command);
    return executable(full) ? full : undefined;
  }
  return path
    .split(delimiter)
    .filter((dir) => dir !== '')
    .map((dir) => join(dir, command))
    .find(executable);
}

/**
 * Checks every design's command before anything starts, so a typo in the second design
 * does not surface only after the first one has run its whole load.
 * @throws EnvironmentError (exit 3): `command not found: <command> (design `<name>`)`, or a
 *   missing working directory
 */
export function checkCommands(designs: readonly TargetDefinition[]): void {
  for (const design of designs) {
    if (!existsSync(design.cwd)) throw new EnvironmentError(`design \`${design.name}\`: its working directory ${design.cwd} does not exist.`);
    if (findCommand(design) === undefined) {
      throw new EnvironmentError(`command not found: ${design.command} (design \`${design.name}\`); check its \`command\` and the PATH statebench runs with.`);
    }
  }
}
