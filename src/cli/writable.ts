/**
 * Output paths are checked before the load, so a run never measures for minutes and
 * then fails to write what it measured: the folder is created and a file is created and
 * removed there. A failure is the environment's (exit 3), in one line naming the flag
 * and the path (docs/cli.md).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { EnvironmentError } from '../errors.js';

const codeOf = (error: unknown) => (error as NodeJS.ErrnoException).code ?? String(error);

type Failure = (why: string) => EnvironmentError;

const failure =
  (flag: string, path: string): Failure =>
  (why) =>
    new EnvironmentError(`Cannot write to \`${flag}\` \`${path}\`: ${why}.`);

/**
 * Creates `dir` (one folder at a time) and checks a file can be created in it.
 * @throws EnvironmentError naming `flag` and `dir`.
 */
export async function checkWritableFolder(flag: string, dir: string): Promise<void> {
  const fail = failure(flag, dir);
  await makeFolder(resolve(dir), fail);
  await probe(resolve(dir), fail, 'in it');
}

/**
 * Checks that `file` can be written: it is not a folder, and its folder can be created
 * and written (files are written beside their final name, then renamed).
 * @throws EnvironmentError naming `flag` and `file`.
 */
export async function checkWritableFile(flag: string, file: string): Promise<void> {
  const fail = failure(flag, file);
  if ((await stat(file).catch(() => undefined))?.isDirectory()) throw fail('it is a folder (EISDIR)');
  const folder = dirname(resolve(file));
  await makeFolder(folder, fail);
  await probe(folder, fail, `in \`${folder}\``);
}

/** Creates and removes a file in `folder`: what a write there will need. */
async function probe(folder: string, fail: Failure, where: string): Promise<void> {
  const path = join(folder, `.statebench-probe-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await (await open(path, 'wx')).close();
  } catch (error) {
    throw fail(`could not create a file ${where} (${codeOf(error)})`);
  }
  await rm(path, { force: true });
}

/**
 * `mkdir -p`, one level at a time. Node's recursive mkdir spins forever on some paths
 * (`/proc/x`: ENOENT for a parent that exists), so statebench walks up to the nearest
 * existing ancestor itself and creates each missing folder below it.
 */
async function makeFolder(dir: string, fail: Failure): Promise<void> {
  const missing: string[] = [];
  for (let at = dir; ; at = dirname(at)) {
    let info;
    try {
      info = await stat(at);
    } catch (error) {
      const code = codeOf(error);
      if ((code === 'ENOENT' || code === 'ENOTDIR') && dirname(at) !== at) {
        missing.unshift(at);
        continue;
      }
      throw fail(`could not read \`${at}\` (${code})`);
    }
    if (!info.isDirectory()) throw fail(`\`${at}\` is a file, not a folder (ENOTDIR)`);
    break;
  }
  for (const folder of missing) {
    try {
      await mkdir(folder);
    } catch (error) {
      if (codeOf(error) === 'EEXIST' && (await stat(folder).catch(() => undefined))?.isDirectory()) continue;
      throw fail(`could not create the folder \`${folder}\` (${codeOf(error)})`);
    }
  }
}
