import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeView } from '../../../src/cli/views.js';
import { EnvironmentError } from '../../../src/errors.js';
import { result } from '../report/fixture.js';

describe('writeView', () => {
  it('writes the view beside the JSON report', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'statebench-views-'));
    const path = await writeView(result, join(dir, 'run.json'), 'md');
    expect(path).toBe(join(dir, 'run.md'));
    expect(readFileSync(path, 'utf8')).toContain('stateful');
  });

  it('names its own file when it cannot be written, not "the report"', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'statebench-views-'));
    mkdirSync(join(dir, 'run.html'));
    const error = await writeView(result, join(dir, 'run.json'), 'html').then(
      () => undefined,
      (caught: unknown) => caught,
    );
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(new RegExp(`^Could not write the html view \\(--report\\) to \`${dir}/run\\.html\`: EISDIR`));
    expect((error as Error).message).not.toContain('the report to');
  });
});
