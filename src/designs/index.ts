import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, InternalError } from '../errors.js';
import { PROJECT_ROOT } from '../paths.js';
import { scenarioNames } from '../scenarios/index.js';
import { parseTargetFile, type TargetFile } from './target-file.js';

export { parseTargetFile, type TargetFile } from './target-file.js';
export { STORES, hasFaultableStore, offersStores, onStore, storeNames, storeOf, storesOf, type StoreKind } from './stores.js';

/**
 * Reads a target file (`--target FILE`).
 * @returns the file, or the problems found in it, each one line
 */
export function readTargetFile(path: string): { readonly file?: TargetFile; readonly problems: readonly string[] } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    return { problems: [`Expected \`--target\` to be a readable target file, got \`${path}\` (${code}).`] };
  }
  return parseTargetFile(path, text, scenarioNames());
}

/** Where a scenario's reference designs are described, as any user's are. */
export function referenceFilePath(scenario: string): string {
  return join(PROJECT_ROOT, 'targets', scenario, 'designs.json');
}

const references = new Map<string, TargetFile>();

/**
 * A scenario's reference designs, read from `targets/<scenario>/designs.json` through the
 * same parser as a user's file. That file ships with statebench: a problem in it is a bug.
 */
export function referenceDesigns(scenario: string): TargetFile {
  const cached = references.get(scenario);
  if (cached) return cached;
  const { file, problems } = readTargetFile(referenceFilePath(scenario));
  if (!file) throw new InternalError(`the reference designs of ${scenario} are broken: ${problems.join(' ')}`);
  references.set(scenario, file);
  return file;
}

/**
 * The designs `--design` picks from a file: one name, a comma list, `all`, or `both`
 * (stateful and stateless, where the file has both: the classic comparison).
 * @param owner names the file in a message: `pizza`, or the target file's path
 * @returns the names, or the problem with the choice as one line
 */
export function pickDesigns(file: TargetFile, text: string, owner: string, flag = '--design'): { readonly names?: readonly string[]; readonly problem?: string } {
  const names = Object.keys(file.designs);
  const words: Record<string, readonly string[]> = { all: names };
  if (names.includes('stateful') && names.includes('stateless')) words.both = ['stateful', 'stateless'];
  const picked = text.split(',').map((word) => word.trim());
  const unknown = picked.find((word) => !names.includes(word) && !(picked.length === 1 && words[word]));
  if (unknown === undefined && picked.length > 0) {
    const chosen = picked.length === 1 && words[picked[0]!] ? words[picked[0]!]! : picked;
    return { names: [...new Set(chosen)] };
  }
  const choices = [...Object.keys(words), ...names].join(', ');
  return { problem: `Expected \`${flag}\` to be one of ${choices} (the designs of ${owner}), or a comma list of them, got \`${text}\`.` };
}

/** Throws the file's problems as a ConfigError (exit 2). */
export function designsOrThrow(result: { readonly file?: TargetFile; readonly problems: readonly string[] }): TargetFile {
  if (!result.file) throw new ConfigError(result.problems);
  return result.file;
}
