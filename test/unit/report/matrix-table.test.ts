import { describe, expect, it } from 'vitest';
import { MATRIX_SCHEMA, type MatrixResult } from '../../../src/orchestrator/matrix.js';
import { recoveryText, renderMatrix } from '../../../src/report/matrix-table.js';
import type { ArchRun } from '../../../src/result.js';
import { result } from './fixture.js';

const [stateful, stateless] = result.runs as [ArchRun, ArchRun];
const phase = (recoveryMs: number | null) => {
  const span = { fromMs: 0, toMs: 1, requests: 1, errors: 0, errorRate: 0, throughput: 1, lost: 0, latency: stateful.latency };
  return { label: 'crash server-1', startMs: 4000, endMs: 4000, before: span, during: span, after: span, recoveryMs };
};

describe('renderMatrix', () => {
  const matrix: MatrixResult = {
    schema: MATRIX_SCHEMA,
    scenario: 'pizza',
    seed: 9,
    durationMs: 3000,
    users: 20,
    startedAt: result.startedAt,
    cells: [
      { variant: { strategy: 'round-robin', redispatch: true }, result: { ...result, runs: [{ ...stateful, phases: [phase(0)] }, { ...stateless, phases: [phase(600)] }] } },
      { variant: { strategy: 'sticky', redispatch: false }, result: { ...result, runs: [{ ...stateful, phases: [phase(null)] }, stateless] } },
    ],
  };
  const text = renderMatrix(matrix, { color: false });

  it('has a row per design and balancer setting, grouped by design', () => {
    const rows = text.split('\n').filter((line) => /^│ state/.test(line));
    expect(rows.map((row) => row.split('│')[1]!.trim() + ' / ' + row.split('│')[2]!.trim())).toEqual([
      'stateful / round-robin',
      'stateful / sticky, redispatch off',
      'stateless / round-robin',
      'stateless / sticky, redispatch off',
    ]);
    expect(text).toContain('faults: crash server-1 @ 4.0s');
  });

  it('shows session loss, errors, p99 and recovery per row', () => {
    const row = text.split('\n').find((line) => line.startsWith('│ stateful  │ round-robin'))!;
    expect(row).toContain('9.0%');
    expect(row).toContain('98.77');
    expect(row).toContain('0.0 s');
    expect(text.split('\n').find((line) => line.startsWith('│ stateful  │ sticky'))).toContain('none');
  });

  it('says — when a run had no fault, and the longest recovery when it had several', () => {
    expect(recoveryText(stateless)).toBe('—');
    expect(recoveryText({ ...stateless, phases: [phase(200), phase(1500)] })).toBe('1.5 s');
  });
});
