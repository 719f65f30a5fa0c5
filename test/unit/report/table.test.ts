import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderTable } from '../../../src/report/table.js';
import { formatInt, formatMs, formatPercent } from '../../../src/report/format.js';
import type { RunResult, SpanFigures } from '../../../src/result.js';
import { loadReport } from '../../fixtures/reports/load.js';
import { result } from './fixture.js';

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);

/** The lines of the box, borders included. */
const boxLines = (text: string) => text.split('\n').filter((l) => /^[┌├│└]/.test(stripVTControlCharacters(l)));

/** The prose of `text` with the lines wrapped to 80 columns joined again. */
const unwrap = (text: string) => text.replace(/\n {2,4}(?=\S)/g, ' ');

/** The cells of the row whose label is `label`; a fault's row is `fault: label`, in the table the fault heads. */
function cells(text: string, label: string): string[] {
  const fault = /^(?<fault>[^:]+): (?<row>.+ b\/d\/a|recovery)$/.exec(label)?.groups;
  const lines = boxLines(text);
  const from = fault ? lines.findIndex((l) => l.startsWith(`│ ${fault.fault} `)) : 0;
  const line = lines.slice(Math.max(0, from)).find((l) => l.startsWith(`│ ${fault ? fault.row : label} `));
  if (line === undefined) throw new Error(`no row ${label}`);
  return line.split('│').slice(2, -1).map((c) => c.trim());
}

describe('renderTable', () => {
  const plain = renderTable(result, { color: false });

  it('heads the table with scenario, seed, duration, users and faults', () => {
    const [title, faults] = plain.split('\n');
    expect(title).toBe('statebench · pizza · seed 42 · 10.0s · 50 users');
    expect(faults).toBe('faults: crash server-1 @ 4.0s');
  });

  it('puts designs in columns and every figure of the result in its row', () => {
    expect(cells(plain, '')).toEqual(['stateful', 'stateless']);
    expect(cells(plain, 'balancer')).toEqual(['sticky', 'round-robin']);
    expect(cells(plain, 'servers')).toEqual(['3', '3']);
    expect(cells(plain, 'journeys started')).toEqual(['412', '415']);
    expect(cells(plain, 'journeys completed')).toEqual(['368', '415']);
    expect(cells(plain, 'journeys lost')).toEqual(['37', '0']);
    expect(cells(plain, 'journeys failed')).toEqual(['7', '0']);
    expect(cells(plain, 'session loss')).toEqual(['9.0%', '0%']);
    expect(cells(plain, 'requests')).toEqual(['2,051', '2,093']);
    expect(cells(plain, 'request errors')).toEqual(['19 (0.9%)', '3 (0.1%)']);
    expect(cells(plain, 'latency p50 (ms)')).toEqual(['1.23', '2.35']);
    expect(cells(plain, 'latency p90 (ms)')).toEqual(['4.57', '3.46']);
    expect(cells(plain, 'latency p99 (ms)')).toEqual(['98.77', '7.89']);
    expect(cells(plain, 'latency p99.9 (ms)')).toEqual(['1,502.11', '12.35']);
    expect(cells(plain, 'latency max (ms)')).toEqual(['5,004.23', '23.46']);
  });

  it('has one row per server, in natural order, with a dash where a design never reached it', () => {
    const rows = boxLines(plain).filter((l) => l.startsWith('│ requests server-')).map((l) => l.split('│')[1]!.trim());
    expect(rows).toEqual(['requests server-1', 'requests server-2', 'requests server-3', 'requests server-10']);
    expect(cells(plain, 'requests server-1')).toEqual(['611', '541']);
    expect(cells(plain, 'requests server-10')).toEqual(['5', '—']);
  });

  it('right-aligns numbers and keeps every line of the box the same width', () => {
    const lines = boxLines(`${plain.split('┘\n')[0]!}┘`);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
    const row = lines.find((l) => l.startsWith('│ servers '))!;
    expect(row).toMatch(/ 3 │ +3 │$/);
  });

  it('says in plain words what happened to each design', () => {
    expect(unwrap(plain)).toContain('stateful: 37 of 412 journeys (9.0%) lost their session, 19 of 2,051 requests failed (0.9%)');
    expect(unwrap(plain)).toContain('stateless: no session lost, 3 of 2,093 requests failed (0.1%).');
  });

  it('names consistency errors by kind', () => {
    const atm: RunResult = {
      ...result,
      runs: [{ ...result.runs[0]!, consistency: { errors: 3, byKind: { 'stale-read': 2, overdraft: 1 } } }],
    };
    expect(renderTable(atm, { color: false })).toContain('3 consistency errors (stale-read 2, overdraft 1).');
  });

  it('writes no ANSI code without colour, and colours verdicts with it', () => {
    expect(plain).not.toMatch(ANSI);
    const coloured = renderTable(result, { color: true });
    expect(coloured).toMatch(ANSI);
    expect(stripVTControlCharacters(coloured)).toBe(plain);
    expect(coloured).toContain('\u001b[31m'); // red: the stateful session loss
    expect(coloured).toContain('\u001b[32m'); // green: zero loss, zero consistency errors
    expect(coloured).toContain('\u001b[33m'); // yellow: 0.1% errors is small
  });

  it('keeps the box aligned when coloured (widths ignore ANSI codes)', () => {
    const lines = boxLines(`${stripVTControlCharacters(renderTable(result, { color: true })).split('┘\n')[0]!}┘`);
    expect(new Set(lines.map((l) => l.length)).size).toBe(1);
  });

  it('says when no fault was scheduled or one never fired', () => {
    expect(renderTable({ ...result, faults: [] }, { color: false })).toContain('faults: none');
    const fault = { atMs: 20_000, kind: 'crash', target: 'server-2' };
    const late = { ...result, faults: [fault], runs: result.runs.map((run) => ({ ...run, faults: [fault] })) };
    const text = renderTable(late, { color: false });
    expect(text).toContain('faults: crash server-2 @ 20.0s');
    expect(unwrap(text)).toMatch(/stateful: .*crash server-2 @ 20\.0s did not fire\./);
  });

  it('shows each consistency kind, the money in dollars and peak memory when a run has them', () => {
    const [stateful, stateless] = result.runs;
    const withBooks: RunResult = {
      ...result,
      scenario: 'atm',
      runs: [
        {
          ...stateful!,
          consistency: { errors: 5, byKind: { 'stale-read': 4, 'divergent-read': 1 }, moneyMintedCents: 2_112_000, moneyDestroyedCents: 0 },
          memoryMb: { driver: 80.5, balancer: 40.2, 'server-1': 50, 'server-2': 51.5 },
        },
        { ...stateless!, consistency: { errors: 0, byKind: { 'stale-read': 0, 'divergent-read': 0 }, moneyMintedCents: 0, moneyDestroyedCents: 0 } },
      ],
    };
    const text = renderTable(withBooks, { color: false });
    expect(cells(text, '  stale-read')).toEqual(['4', '0']);
    expect(cells(text, '  divergent-read')).toEqual(['1', '0']);
    expect(cells(text, 'money minted')).toEqual(['$21,120.00', '$0.00']);
    expect(cells(text, 'memory servers (MiB)')).toEqual(['101.5', '—']);
    expect(cells(text, 'memory driver (MiB)')).toEqual(['80.5', '—']);
  });

  describe('before / during / after each fault, from a real run', () => {
    const triple = (pick: (span: SpanFigures) => string) => (phase: NonNullable<RunResult['runs'][number]['phases']>[number]) =>
      [phase.before, phase.during, phase.after].map(pick).join(' / ');

    it('shows p99, errors, throughput and lost sessions for pizza', () => {
      const crash = loadReport('pizza-crash');
      const text = renderTable(crash, { color: false });
      const label = crash.runs[0]!.phases![0]!.label;
      const phases = crash.runs.map((r) => r.phases![0]!);
      expect(cells(text, `${label}: p99 ms b/d/a`)).toEqual(phases.map(triple((s) => formatMs(s.latency.p99))));
      expect(cells(text, `${label}: errors b/d/a`)).toEqual(phases.map(triple((s) => formatPercent(s.errorRate))));
      expect(cells(text, `${label}: req/s b/d/a`)).toEqual(phases.map(triple((s) => formatInt(Math.round(s.throughput)))));
      expect(cells(text, `${label}: lost b/d/a`)).toEqual(phases.map(triple((s) => formatInt(s.lost))));
      expect(phases[0]!.during.lost + phases[0]!.after.lost).toBeGreaterThan(0);
      expect(text).not.toContain('consistency b/d/a');
    });

    it('shows consistency errors instead for a checked scenario (chat)', () => {
      const pause = loadReport('chat-pause');
      const text = renderTable(pause, { color: false });
      const label = pause.runs[0]!.phases![0]!.label;
      const phases = pause.runs.map((r) => r.phases![0]!);
      expect(cells(text, `${label}: consistency b/d/a`)).toEqual(phases.map(triple((s) => formatInt(s.consistencyErrors!))));
      // The stateful design's errors are all in some phase; the stateless design has none.
      const [stateful, stateless] = phases;
      expect(stateful!.before.consistencyErrors! + stateful!.during.consistencyErrors! + stateful!.after.consistencyErrors!)
        .toBe(pause.runs[0]!.consistency.errors);
      expect(cells(text, `${label}: consistency b/d/a`)[1]).toBe('0 / 0 / 0');
      expect(stateless!.during.consistencyErrors).toBe(0);
      expect(text).not.toContain('lost b/d/a');
    });
  });
});
