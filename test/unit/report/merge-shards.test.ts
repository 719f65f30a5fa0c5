import { describe, expect, it } from 'vitest';
import { decode, encode, merge } from '../../../src/metrics/histogram.js';
import { checkShards, mergeShards } from '../../../src/report/merge-shards.js';
import type { RunResult } from '../../../src/result.js';
import { loadReport } from '../../fixtures/reports/load.js';

/** The sample pizza report as shard `index` of `count`, started `offsetS` seconds late. */
function shard(index: number, count: number, offsetS = 0): RunResult {
  const report = loadReport('pizza-crash');
  const startedAt = new Date(Date.parse(report.startedAt) + offsetS * 1000).toISOString();
  return { ...report, startedAt, shard: { index, count, faultsFrom: 1 } };
}
const named = (result: RunResult, path = `shard-${result.shard?.index}.json`) => ({ path, result });

describe('merging the shards of one run', () => {
  it('adds counts and merges histograms exactly, per design, into an ordinary report', () => {
    const [a, b] = [shard(1, 2), shard(2, 2)];
    const merged = mergeShards([named(b), named(a)]);
    expect(merged.shard).toBeUndefined();
    expect(merged.shards).toBe(2);
    merged.runs.forEach((run, i) => {
      const one = a.runs[i]!;
      expect(run.journeys.started).toBe(2 * one.journeys.started);
      expect(run.requests.total).toBe(2 * one.requests.total);
      expect(run.sessionLoss.rate).toBeCloseTo(one.sessionLoss.rate, 4);
      expect(run.histograms.overall).toBe(encode(merge([decode(one.histograms.overall!), decode(one.histograms.overall!)])));
      for (const phase of run.phases ?? []) expect(phase.recoveryRange).toBeUndefined();
    });
  });

  it('places timelines on the wall clock: a shard that started 2 s later counts 2 s later', () => {
    const [a, b] = [shard(1, 2), shard(2, 2, 2)];
    const merged = mergeShards([named(a), named(b)]);
    const timeline = merged.runs[0]!.timeline;
    const own = a.runs[0]!.timeline;
    expect(timeline).toHaveLength(own.length + 2);
    expect(timeline[0]!.requests).toBe(own[0]!.requests);
    expect(timeline[own.length + 1]!.requests).toBe(own[own.length - 1]!.requests);
    expect(merged.startedAt).toBe(a.startedAt);
  });

  it.each([
    ['the same shard twice (a report merged with itself)', () => [named(shard(1, 2), 'a.json'), named(shard(1, 2), 'a.json')], 'is shard 1/2 again'],
    ['a missing shard', () => [named(shard(1, 3)), named(shard(3, 3))], 'shard 2 of 3 missing'],
    ['different seeds', () => [named(shard(1, 2)), named({ ...shard(2, 2), seed: 9 })], 'has seed 9'],
    ['different scenarios', () => [named(shard(1, 2)), named({ ...shard(2, 2), scenario: 'atm' })], 'has scenario atm'],
    ['different shard counts', () => [named(shard(1, 2)), named(shard(2, 3))], 'has shard count 3'],
    ['a report that is no shard', () => [named(loadReport('pizza-crash'), 'run.json')], '`run.json` is not a shard'],
  ])('refuses %s, in one line', (_what, reports, expected) => {
    expect(() => checkShards(reports())).toThrow(expected);
    try {
      checkShards(reports());
    } catch (error) {
      expect((error as Error).message.split('\n')).toHaveLength(1);
    }
  });
});
