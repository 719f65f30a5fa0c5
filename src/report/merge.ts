/**
 * A report of `--repeat N` holds N runs per design. The views show one column per design:
 * the repeats merged exactly (counts add, HDR histograms merge), which is why histograms
 * travel with the report. Every figure is merged: the fault phases and the timeline add
 * up, recovery is the median with its range, examples come from every repeat. What stays
 * the first repeat's (the faults' fired times, the logs, a trace) says so in the notes.
 */
import { decode, merge, summarize, encode } from '../metrics/histogram.js';
import type { DesignRun, LateArrivals, RunResult, SessionLossExample } from '../result.js';
import { mergePhases, mergeTimelines } from './merge-phases.js';

/** As many examples as one run keeps. */
const MAX_EXAMPLES = 5;

const add = (records: readonly Record<string, number>[]) => {
  const sum: Record<string, number> = {};
  for (const record of records) for (const [key, value] of Object.entries(record)) sum[key] = (sum[key] ?? 0) + value;
  return sum;
};

function mergeHistograms(runs: readonly DesignRun[], name: string): string | undefined {
  const encoded = runs.map((run) => run.histograms[name]).filter((value): value is string => value !== undefined);
  return encoded.length === 0 ? undefined : encode(merge(encoded.map(decode)));
}

/** One run from several repeats of the same design. */
export function mergeRuns(runs: readonly DesignRun[]): DesignRun {
  const [first] = runs;
  if (!first) throw new RangeError('mergeRuns() of no run');
  if (runs.length === 1) return first;
  const journeys = add(runs.map((run) => run.journeys)) as DesignRun['journeys'];
  const histogramNames = [...new Set(runs.flatMap((run) => Object.keys(run.histograms)))];
  const histograms = Object.fromEntries(histogramNames.map((name) => [name, mergeHistograms(runs, name)!]));
  const latencyOf = (name: string) => summarize(decode(histograms[name]!));
  const money = (pick: (run: DesignRun) => number | undefined) =>
    runs.some((run) => pick(run) !== undefined) ? runs.reduce((sum, run) => sum + (pick(run) ?? 0), 0) : undefined;
  const minted = money((run) => run.consistency.moneyMintedCents);
  const destroyed = money((run) => run.consistency.moneyDestroyedCents);
  const { repeat: _repeat, ...base } = first;
  return {
    ...base,
    journeys,
    sessionLoss: {
      journeys: journeys.lost,
      rate: journeys.started === 0 ? 0 : Math.round((journeys.lost / journeys.started) * 10_000) / 10_000,
    },
    consistency: {
      errors: runs.reduce((sum, run) => sum + run.consistency.errors, 0),
      byKind: add(runs.map((run) => run.consistency.byKind)),
      examples: runs.flatMap((run) => run.consistency.examples ?? []).slice(0, 18),
      ...(minted === undefined ? {} : { moneyMintedCents: minted }),
      ...(destroyed === undefined ? {} : { moneyDestroyedCents: destroyed }),
      ...mergeLate(runs),
    },
    requests: {
      total: runs.reduce((sum, run) => sum + run.requests.total, 0),
      errors: runs.reduce((sum, run) => sum + run.requests.errors, 0),
      byServer: add(runs.map((run) => run.requests.byServer)),
      byBackend: add(runs.map((run) => run.requests.byBackend)),
      byOutcome: add(runs.map((run) => run.requests.byOutcome)) as DesignRun['requests']['byOutcome'],
      ...(runs.some((run) => run.requests.indeterminateBy) ? { indeterminateBy: add(runs.map((run) => run.requests.indeterminateBy ?? {})) } : {}),
    },
    rebinds: runs.reduce((sum, run) => sum + (run.rebinds ?? 0), 0),
    latency: histograms.overall ? latencyOf('overall') : first.latency,
    latencyByStep: Object.fromEntries(
      Object.keys(first.latencyByStep).map((step) => [step, histograms[step] ? latencyOf(step) : first.latencyByStep[step]!]),
    ),
    histograms,
    examples: interleave(runs.map((run, i) => run.examples.map((example): SessionLossExample => ({ ...example, repeat: run.repeat ?? i + 1 }))))
      .slice(0, MAX_EXAMPLES),
    ...(runs.some((run) => run.memoryMb) ? { memoryMb: maxima(runs.map((run) => run.memoryMb ?? {})) } : {}),
    timeline: mergeTimelines(runs.map((run) => run.timeline)),
    ...(runs.some((run) => run.phases) ? { phases: mergePhases(runs.map((run) => run.phases)) } : {}),
    ...(runs.some((run) => run.intervals) ? { intervals: mergeIntervals(runs) } : {}),
    ...mergeNotes(runs),
  };
}

/** One from each list in turn, so that every repeat (or shard) shows in the first few. */
export function interleave<T>(lists: readonly (readonly T[])[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < Math.max(0, ...lists.map((list) => list.length)); i++) {
    for (const list of lists) if (i < list.length) out.push(list[i]!);
  }
  return out;
}

/** The per-second latency histograms of every repeat, merged second by second. */
function mergeIntervals(runs: readonly DesignRun[]): NonNullable<DesignRun['intervals']> {
  const bySecond = new Map<number, string[]>();
  for (const interval of runs.flatMap((run) => run.intervals ?? [])) {
    bySecond.set(interval.t, [...(bySecond.get(interval.t) ?? []), interval.histogram]);
  }
  return [...bySecond].sort(([a], [b]) => a - b).map(([t, list]) => ({ t, histogram: encode(merge(list.map(decode))) }));
}

/** Notes every repeat shares once; otherwise each note with the repeat it is about. */
function mergeNotes(runs: readonly DesignRun[]): Pick<DesignRun, 'notes'> {
  const lists = runs.map((run) => run.notes ?? []);
  const same = lists.every((list) => list.join('\n') === lists[0]!.join('\n'));
  const notes = same ? lists[0]! : lists.flatMap((list, i) => list.map((note) => `repeat ${runs[i]!.repeat ?? i + 1}: ${note}`));
  return notes.length === 0 ? {} : { notes };
}

function maxima(records: readonly Record<string, number>[]): Record<string, number> {
  const max: Record<string, number> = {};
  for (const record of records) for (const [key, value] of Object.entries(record)) max[key] = Math.max(max[key] ?? 0, value);
  return max;
}

/** The result with one run per design (repeats merged), in the order designs first appear. */
export function byDesign(result: RunResult): RunResult {
  const designs = [...new Set(result.runs.map((run) => run.arch))];
  if (designs.length === result.runs.length) return result;
  return { ...result, runs: designs.map((design) => mergeRuns(result.runs.filter((run) => run.arch === design))) };
}

/** How many runs each design has (1 unless `--repeat`). */
export function repeatsOf(result: RunResult): number {
  return Math.max(...result.runs.map((run) => result.runs.filter((other) => other.arch === run.arch).length), 1);
}

/** Chat's late arrivals, summed over the repeats that counted them (same window). */
function mergeLate(runs: readonly DesignRun[]): { late?: LateArrivals } {
  const counted = runs.flatMap((run) => (run.consistency.late ? [run.consistency.late] : []));
  if (counted.length === 0) return {};
  const sum = (pick: (late: LateArrivals) => number) => counted.reduce((total, late) => total + pick(late), 0);
  return { late: { windowMs: counted[0]!.windowMs, messages: sum((late) => late.messages), typing: sum((late) => late.typing) } };
}
