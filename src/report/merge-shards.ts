/**
 * `statebench merge`: the reports of `run --shard i/n` (docs/remote.md) as one report, as if
 * one process had driven every user. Per design, the shards' runs merge as repeats do
 * (src/report/merge.ts: counts add, HDR histograms merge exactly, rates are recomputed from
 * the sums), with what differs for load that ran at the same time rather than one after
 * another: timelines are placed on the wall clock (`startedAt`), throughputs add, a fault's
 * recovery is the slowest shard's, and the faults are those of the shard that fired them.
 */
import { ConfigError } from '../errors.js';
import type { DesignRun, PhaseFigures, RunResult, SessionLossExample, TimelinePoint } from '../result.js';
import { mergeSpans } from './merge-phases.js';
import { interleave, mergeRuns } from './merge.js';

/** A report with where it was read from, for messages. */
export interface ShardReport {
  readonly path: string;
  readonly result: RunResult;
}

const MAX_EXAMPLES = 5;

/**
 * Checks that the reports are the n shards of one run, each once: the same scenario, seed,
 * users, duration, designs and shard count. @throws ConfigError (exit 2), one line.
 */
export function checkShards(reports: readonly ShardReport[]): void {
  const fail = (message: string): never => {
    throw new ConfigError(message);
  };
  if (reports.length === 0) fail('Expected reports to merge, such as reports/*-shard-*.json, got none.');
  for (const { path, result } of reports) {
    if (!result.shard) fail(`\`${path}\` is not a shard's report (it has no \`shard\`): merge joins the reports of \`run --url … --shard i/n\`.`);
  }
  const [first] = reports as [ShardReport, ...ShardReport[]];
  const count = first.result.shard!.count;
  const designs = (result: RunResult) => result.runs.map((run) => run.arch).join(',');
  const same: readonly [string, (result: RunResult) => unknown][] = [
    ['scenario', (result) => result.scenario],
    ['seed', (result) => result.seed],
    ['shard count', (result) => result.shard!.count],
    ['users', (result) => result.users],
    ['duration', (result) => result.durationMs],
    ['designs', designs],
    ['faults-from shard', (result) => result.shard!.faultsFrom],
  ];
  for (const { path, result } of reports.slice(1)) {
    for (const [what, of] of same) {
      if (of(result) !== of(first.result)) {
        fail(`\`${path}\` has ${what} ${String(of(result))} but \`${first.path}\` has ${String(of(first.result))}: merge joins the shards of one run.`);
      }
    }
  }
  const seen = new Map<number, string>();
  for (const { path, result } of reports) {
    const index = result.shard!.index;
    const earlier = seen.get(index);
    if (earlier !== undefined) fail(`\`${path}\` is shard ${index}/${count} again (as \`${earlier}\`): each shard once.`);
    seen.set(index, path);
  }
  const missing = Array.from({ length: count }, (_, i) => i + 1).filter((index) => !seen.has(index));
  if (missing.length > 0) {
    fail(`shard${missing.length === 1 ? '' : 's'} ${missing.join(', ')} of ${count} missing: merge needs every shard, so the users are exactly the run's.`);
  }
}

/** The n shards of one run as one ordinary report (checked first: see `checkShards`). */
export function mergeShards(reports: readonly ShardReport[]): RunResult {
  checkShards(reports);
  const results = [...reports].map((report) => report.result).sort((a, b) => a.shard!.index - b.shard!.index);
  const first = results[0]!;
  const firing = results.find((result) => result.shard!.index === result.shard!.faultsFrom) ?? first;
  const start = Math.min(...results.map((result) => Date.parse(result.startedAt)));
  // Whole seconds each shard started after the first: where its timeline goes on the wall clock.
  const offsets = results.map((result) => Math.max(0, Math.round((Date.parse(result.startedAt) - start) / 1000)));
  const runs = first.runs.map((_, i) => mergeShardRuns(results.map((result, k) => shifted(result.runs[i]!, offsets[k]!)), firing.runs[i]!));
  const { shard: _shard, ...rest } = first;
  return { ...rest, startedAt: new Date(start).toISOString(), faults: firing.faults, runs, shards: results.length };
}

/** One design's runs of every shard (in shard order), as one run. */
function mergeShardRuns(runs: readonly DesignRun[], firing: DesignRun): DesignRun {
  const merged = mergeRuns(runs);
  const examples = interleave(runs.map((run) => run.examples.map(({ repeat: _repeat, ...example }): SessionLossExample => example))).slice(0, MAX_EXAMPLES);
  const phases = runs.some((run) => run.phases) ? mergeConcurrentPhases(runs.map((run) => run.phases ?? [])) : undefined;
  const notes = shardNotes(runs);
  const { notes: _notes, phases: _phases, ...base } = merged;
  return {
    ...base,
    examples,
    faults: firing.faults,
    logs: Object.assign({}, ...runs.map((run) => run.logs)) as Record<string, string>,
    ...(phases ? { phases } : {}),
    ...(notes.length > 0 ? { notes } : {}),
  };
}

/**
 * Phases of load that ran at once: counts add and latency merges (as for repeats), the
 * throughput is the shards' sum, and recovery is the slowest shard's (`null` if one never
 * recovered): the fleet is back when every shard's users are.
 */
function mergeConcurrentPhases(lists: readonly (readonly PhaseFigures[])[]): PhaseFigures[] {
  const count = Math.max(0, ...lists.map((list) => list.length));
  return Array.from({ length: count }, (_, i) => {
    const phases = lists.map((list) => list[i]).filter((phase): phase is PhaseFigures => phase !== undefined);
    const span = (pick: (phase: PhaseFigures) => PhaseFigures['before']) => {
      const spans = phases.map(pick);
      const throughput = Math.round(spans.reduce((sum, s) => sum + s.throughput, 0) * 100) / 100;
      return { ...mergeSpans(spans), throughput };
    };
    const times = phases.map((phase) => phase.recoveryMs);
    const first = phases[0]!;
    return {
      label: first.label,
      startMs: first.startMs,
      endMs: first.endMs,
      before: span((phase) => phase.before),
      during: span((phase) => phase.during),
      after: span((phase) => phase.after),
      recoveryMs: times.some((t) => t === null) ? null : Math.max(...(times as number[])),
    };
  });
}

/** Notes every shard shares once; otherwise each with the shard it is about. */
function shardNotes(runs: readonly DesignRun[]): string[] {
  const lists = runs.map((run) => run.notes ?? []);
  const shared = lists[0]!.filter((note) => lists.every((list) => list.includes(note)));
  const own = lists.flatMap((list, k) => list.filter((note) => !shared.includes(note)).map((note) => `shard ${k + 1}: ${note}`));
  return [...shared, ...own];
}

/** A run placed `seconds` later on the merged timeline. */
function shifted(run: DesignRun, seconds: number): DesignRun {
  if (seconds === 0) return run;
  const empty = (t: number): TimelinePoint => ({ t, requests: 0, errors: 0, lost: 0, journeys: 0, completed: 0 });
  return {
    ...run,
    timeline: [...Array.from({ length: seconds }, (_, t) => empty(t)), ...run.timeline.map((point) => ({ ...point, t: point.t + seconds }))],
    ...(run.intervals ? { intervals: run.intervals.map((interval) => ({ ...interval, t: interval.t + seconds })) } : {}),
  };
}
