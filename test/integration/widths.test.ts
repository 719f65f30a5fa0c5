/**
 * The real CLI re-renders the committed sample reports (no load is run): every line that
 * `report` and `compare` print fits an 80-column terminal, as a user reading a pipe or a
 * CI log sees it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPORT_NAMES } from '../fixtures/reports/load.js';
import { SAMPLE_THRESHOLDS, sampleMatrix, sampleRepeats } from '../fixtures/reports/views.js';
import { statebench } from '../helpers/cli.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'reports');

/** The widest line of `text` in terminal columns (the CLI writes no colour to a pipe). */
const widest = (text: string) => Math.max(...text.split('\n').map((line) => [...line].length));

describe('statebench report and compare print within 80 columns', () => {
  const dir = mkdtempSync(join(tmpdir(), 'statebench-widths-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each(REPORT_NAMES)('report %s.json', async (name) => {
    const result = await statebench(['report', join(FIXTURES, `${name}.json`)]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toContain(`statebench · ${name.split('-')[0]}`);
    expect(widest(result.stdout)).toBeLessThanOrEqual(80);
  });

  it('report of a matrix', async () => {
    const path = join(dir, 'matrix.json');
    writeFileSync(path, JSON.stringify(sampleMatrix()));
    const result = await statebench(['report', path]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^│ sticky, redispatch off │/m);
    expect(widest(result.stdout)).toBeLessThanOrEqual(80);
  });

  it('compare of repeated runs, gated, with its regressions (exit 1)', async () => {
    const { base, head } = sampleRepeats();
    writeFileSync(join(dir, 'base.json'), JSON.stringify(base));
    writeFileSync(join(dir, 'head.json'), JSON.stringify(head));
    const result = await statebench(['compare', join(dir, 'base.json'), join(dir, 'head.json'), ...SAMPLE_THRESHOLDS.flatMap((t) => ['--threshold', t])]);
    expect(result.exitCode, result.stderr).toBe(1);
    expect(result.stdout).toContain('95% CI of Δ');
    expect(result.stdout.trimEnd().split('\n').at(-1)).toBe('✗ 2 regressions');
    expect(widest(result.stdout)).toBeLessThanOrEqual(80);
  });
});
