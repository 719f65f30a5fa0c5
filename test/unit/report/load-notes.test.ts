import { describe, expect, it } from 'vitest';
import { renderHtml, renderMarkdown, renderTable } from '../../../src/report/index.js';
import { modelNote, saturationNote } from '../../../src/report/load-notes.js';
import { comparisonRows, rowLabel } from '../../../src/report/rows.js';
import { summarize } from '../../../src/report/summary.js';
import type { DesignRun, RunResult } from '../../../src/result.js';
import { result } from './fixture.js';

const calm = { eventLoopDelayP99Ms: 1.5, eventLoopDelayMaxMs: 8, cpuPercent: 40 };
const busy = { eventLoopDelayP99Ms: 62.4, eventLoopDelayMaxMs: 180, cpuPercent: 99 };

function withRuns(change: (run: DesignRun, index: number) => Partial<DesignRun>): RunResult {
  return { ...result, runs: result.runs.map((run, i) => ({ ...run, ...change(run, i) })) };
}

const labels = (r: RunResult) => comparisonRows(r.runs).flat().map(rowLabel);

describe('the load model in the views', () => {
  it('says which model measured the latencies, and that the closed one measures service time', () => {
    expect(modelNote(result.runs)).toMatch(/^Closed model: .*service time/);
    const open = withRuns(() => ({ model: 'open', journeys: { started: 10, completed: 10, lost: 0, failed: 0, dropped: 2 } }));
    expect(modelNote(open.runs)).toMatch(/^Open model: .*schedule/);
    for (const text of [renderTable(open, { color: false }), renderHtml(open), renderMarkdown(open)]) {
      expect(text).toContain('Open model:');
    }
    expect(renderTable(result, { color: false })).toContain('Closed model:');
    const rows = comparisonRows(open.runs).flat();
    expect(rows.find((row) => row.label === 'load model')?.cells.map((c) => c.text)).toEqual(['open', 'open']);
    expect(rows.find((row) => row.label === 'journeys dropped')?.cells[0]).toEqual({ text: '2', tone: 'bad' });
    expect(labels(result)).not.toContain('journeys dropped');
  });

  it('shows the cause of each request without a definite answer, a row per cause met', () => {
    const r = withRuns((run, i) => ({ requests: { ...run.requests, ...(i === 0 ? { indeterminateBy: { timeout: 7, 'status-502': 3 } } : {}) } }));
    const rows = comparisonRows(r.runs).flat();
    expect(rows.find((row) => row.label.trim() === 'no answer: timeout')?.cells.map((c) => c.text)).toEqual(['7', '0']);
    expect(rows.find((row) => row.label.trim() === 'balancer 502')?.cells.map((c) => c.text)).toEqual(['3', '0']);
    expect(labels(r).some((label) => label.includes('reset'))).toBe(false);
  });
});

describe('the saturation note', () => {
  it('is there, with the figures and what to do, when the driver or the balancer was saturated', () => {
    const r = withRuns((_, i) => ({ saturation: i === 0 ? { driver: busy, balancer: calm, saturated: true } : { driver: calm, balancer: calm, saturated: false } }));
    const note = saturationNote(r.runs[0]!)!;
    expect(note).toContain("statebench's own delay");
    expect(note).toContain('62.4 ms');
    expect(note).toContain('99%');
    expect(note).toMatch(/fewer users.*--rate/);
    expect(saturationNote(r.runs[1]!)).toBeUndefined();
    expect(summarize(r).filter((s) => s.includes("statebench's own delay"))).toHaveLength(1);
    expect(renderTable(r, { color: false })).toContain("statebench's own delay");
    expect(renderHtml(r)).toContain('statebench&#39;s own delay');
    const cell = comparisonRows(r.runs).flat().find((row) => row.label === 'driver loop delay p99 (ms)')!.cells;
    expect(cell.map((c) => c.tone)).toEqual(['bad', 'good']);
  });

  it('is not there for a light run, nor for a report from before the figures', () => {
    const light = withRuns(() => ({ saturation: { driver: calm, balancer: calm, saturated: false } }));
    for (const r of [light, result]) {
      expect(summarize(r).join(' ')).not.toContain("statebench's own delay");
      expect(renderTable(r, { color: false })).not.toContain("statebench's own delay");
    }
    expect(labels(result)).not.toContain('driver loop delay p99 (ms)');
  });
});

describe('the header of an open-model run', () => {
  it("gives the pool's size as at most so many users, in every view", () => {
    const open = { ...withRuns(() => ({ model: 'open' as const })), users: 800 };
    for (const text of [renderTable(open, { color: false }), renderHtml(open), renderMarkdown(open)]) {
      expect(text).toContain('at most 800 users (open model)');
    }
    expect(renderTable(result, { color: false })).not.toContain('(open model)');
  });
});
