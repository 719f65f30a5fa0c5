import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { writeWhole } from '../../../src/report/json.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'statebench-whole-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

/** A pid no process has: above Linux's largest (2^22). */
const GONE_PID = 2 ** 22 + 7;

describe('writeWhole', () => {
  it('removes the temporary files that a killed writer left, and keeps those of live writers and other files', async () => {
    const dir = await tempDir();
    const stale = `.2026-11-28T09-30-00-123Z-pizza.json.${GONE_PID}.0badcafe.tmp`;
    const live = `.2026-11-28T09-31-00-000Z-pizza.json.${process.pid}.deadbeef.tmp`;
    await writeFile(join(dir, stale), '{"schema": "statebench/rep');
    await writeFile(join(dir, live), '{');
    await writeFile(join(dir, 'notes.tmp'), 'mine');
    await writeFile(join(dir, 'old-pizza.json'), '{}\n');

    const path = await writeWhole(dir, 'new-pizza.json', '{"ok":true}\n');

    expect(await readFile(path, 'utf8')).toBe('{"ok":true}\n');
    expect((await readdir(dir)).sort()).toEqual([live, 'new-pizza.json', 'notes.tmp', 'old-pizza.json'].sort());
  });

  it('leaves no temporary file of its own behind', async () => {
    const dir = await tempDir();
    await writeWhole(dir, 'a.md', '# a\n');
    expect(await readdir(dir)).toEqual(['a.md']);
  });
});
