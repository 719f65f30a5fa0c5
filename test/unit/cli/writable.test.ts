import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkWritableFile, checkWritableFolder } from '../../../src/cli/writable.js';
import { EnvironmentError } from '../../../src/errors.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'statebench-writable-'));

async function failure(check: Promise<void>): Promise<EnvironmentError> {
  const error = await check.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!(error instanceof EnvironmentError)) throw new Error(`expected an EnvironmentError, got ${String(error)}`);
  return error;
}

describe('checkWritableFolder', () => {
  it('creates a missing folder, parent by parent, and leaves nothing in it', async () => {
    const out = join(tempDir(), 'a', 'b', 'c');
    await checkWritableFolder('--out', out);
    expect(statSync(out).isDirectory()).toBe(true);
    expect(readdirSync(out)).toEqual([]);
  });

  it('accepts a folder that exists', async () => {
    const out = tempDir();
    await checkWritableFolder('--out', out);
    expect(readdirSync(out)).toEqual([]);
  });

  it('names the flag, the path and the file in the way (ENOTDIR)', async () => {
    const file = join(tempDir(), 'plain');
    writeFileSync(file, 'not a folder');
    const error = await failure(checkWritableFolder('--out', join(file, 'x')));
    expect(error.message).toBe(`Cannot write to \`--out\` \`${file}/x\`: \`${file}\` is a file, not a folder (ENOTDIR).`);
  });

  it('refuses a folder that cannot be created under /proc instead of spinning in mkdir', async () => {
    const error = await failure(checkWritableFolder('--out', '/proc/x'));
    expect(error.message).toBe('Cannot write to `--out` `/proc/x`: could not create the folder `/proc/x` (ENOENT).');
  });

  it('refuses a folder where no file can be created', async () => {
    const error = await failure(checkWritableFolder('--out', '/proc/self'));
    expect(error.message).toMatch(/^Cannot write to `--out` `\/proc\/self`: could not create a file in it \(E[A-Z]+\)\.$/);
  });
});

describe('checkWritableFile', () => {
  it('creates the folder of a file to be written, and not the file', async () => {
    const file = join(tempDir(), 'logs', 'latency.hlog');
    await checkWritableFile('--hdr-log', file);
    expect(readdirSync(join(file, '..'))).toEqual([]);
  });

  it('refuses a path that is a folder (EISDIR)', async () => {
    const folder = tempDir();
    mkdirSync(join(folder, 'hlog'));
    const error = await failure(checkWritableFile('--hdr-log', join(folder, 'hlog')));
    expect(error.message).toBe(`Cannot write to \`--hdr-log\` \`${folder}/hlog\`: it is a folder (EISDIR).`);
  });

  it('refuses a file under a file (ENOTDIR)', async () => {
    const file = join(tempDir(), 'plain');
    writeFileSync(file, '');
    const error = await failure(checkWritableFile('--hdr-log', join(file, 'latency.hlog')));
    expect(error.message).toBe(`Cannot write to \`--hdr-log\` \`${file}/latency.hlog\`: \`${file}\` is a file, not a folder (ENOTDIR).`);
  });
});
