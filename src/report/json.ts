/**
 * The JSON report: the source of every other view (docs/design.md, "The report"). Written whole or not
 * at all, so CI never reads half a report.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.js';
import type { RunResult } from '../result.js';

/** `result` as pretty JSON (2-space indent) with a trailing newline. */
export function renderJson(result: RunResult): string {
  return `${JSON.stringify(result, null, 2)}\n`;
}

/**
 * The report's file name, `<timestamp>-<scenario>[-shard-i-of-n].json`, safe on every filesystem:
 * `2026-11-28T09:30:00.123Z` becomes `2026-11-28T09-30-00-123Z`.
 */
export function reportFileName(result: RunResult): string {
  const date = new Date(result.startedAt);
  const stamp = Number.isNaN(date.getTime()) ? result.startedAt : date.toISOString();
  // Shards of one run share their start: each its own file, side by side for `merge`.
  const shard = result.shard ? `-shard-${result.shard.index}-of-${result.shard.count}` : '';
  return `${safe(stamp.replace(/[:.]/g, '-'))}-${safe(result.scenario)}${shard}.json`;
}

function safe(part: string): string {
  return part.replace(/[^A-Za-z0-9._-]/g, '_');
}

/**
 * Writes `result` to `<dir>/<timestamp>-<scenario>.json`, creating `dir`, and returns the
 * path. The JSON goes to a temporary file in `dir` first, then is renamed over the
 * final name (atomic on one filesystem): a crash leaves the whole report or none.
 * @throws EnvironmentError when the directory or the file cannot be written.
 */
export function writeReport(result: RunResult, dir: string): Promise<string> {
  return writeWhole(dir, reportFileName(result), renderJson(result));
}

/** Any JSON report (e.g. a matrix) as `<dir>/<timestamp>-<name>.json`, whole or not at all. */
export function writeJsonReport(report: { readonly startedAt: string }, dir: string, name: string): Promise<string> {
  const stamp = safe(report.startedAt.replace(/[:.]/g, '-'));
  return writeWhole(dir, `${stamp}-${safe(name)}.json`, `${JSON.stringify(report, null, 2)}\n`);
}

/** A temporary file of writeWhole: `.<name>.<pid of the writer>.<8 hex digits>.tmp`. */
const TEMP_FILE = /^\..+\.(\d+)\.[0-9a-f]{8}\.tmp$/;

/**
 * Writes `text` to `<dir>/<name>` through a temporary file and a rename: whole or not at all.
 * Temporary files that a killed writer left in `dir` are removed first.
 */
export async function writeWhole(dir: string, name: string, text: string): Promise<string> {
  const path = join(dir, name);
  const temp = join(dir, `.${name}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  try {
    await mkdir(dir, { recursive: true });
    await removeStaleTemps(dir);
    const file = await open(temp, 'wx');
    try {
      await file.writeFile(text, 'utf8');
      await file.sync();
    } finally {
      await file.close();
    }
    await rename(temp, path);
    return path;
  } catch (error) {
    await rm(temp, { force: true }).catch(() => undefined);
    const reason = error instanceof Error ? error.message : String(error);
    throw new EnvironmentError(`Could not write the report to \`${dir}\`: ${reason}`, { cause: error });
  }
}

/**
 * Removes the temporary files of writers that are gone (a `kill -9` between the write
 * and the rename). A live writer's file, this process's included, is left alone: it may
 * be a concurrent run writing to the same folder.
 */
export async function removeStaleTemps(dir: string): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const pid = TEMP_FILE.exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) await rm(join(dir, name), { force: true }).catch(() => undefined);
  }
}

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists, but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
