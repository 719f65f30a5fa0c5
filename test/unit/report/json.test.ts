import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../../src/errors.js';
import { renderJson, reportFileName, writeReport } from '../../../src/report/json.js';
import { result } from './fixture.js';

const dirs: string[] = [];
async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'statebench-report-'));
  dirs.push(dir);
  return dir;
}
afterEach(async () => {
  await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })));
});

describe('renderJson', () => {
  it('is pretty, 2-space JSON with a trailing newline that parses back to the result', () => {
    const text = renderJson(result);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text).toContain('\n  "schema": "statebench/report@1",');
    expect(JSON.parse(text)).toEqual(result);
  });
});

describe('writeReport', () => {
  it('names the file from the start time and scenario, safe for any filesystem', () => {
    expect(reportFileName(result)).toBe('2026-11-28T09-30-00-123Z-pizza.json');
  });

  it('creates the directory, writes a parseable report and leaves no temporary file', async () => {
    const dir = join(await tempDir(), 'reports', 'nested');
    const path = await writeReport(result, dir);
    expect(path).toBe(join(dir, '2026-11-28T09-30-00-123Z-pizza.json'));
    const parsed = JSON.parse(await readFile(path, 'utf8'));
    expect(parsed.schema).toBe('statebench/report@1');
    expect(parsed).toEqual(result);
    expect(await readdir(dir)).toEqual(['2026-11-28T09-30-00-123Z-pizza.json']);
  });

  it('fails with an EnvironmentError, and writes nothing, when the directory cannot be made', async () => {
    const base = await tempDir();
    const blocker = await writeReport(result, base); // a file where a directory should be
    await expect(writeReport(result, join(blocker, 'sub'))).rejects.toBeInstanceOf(EnvironmentError);
    expect(await readdir(base)).toEqual(['2026-11-28T09-30-00-123Z-pizza.json']);
  });
});
