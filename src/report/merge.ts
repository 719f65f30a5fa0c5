/**
 * A report of `--repeat N` holds N runs per design. The views show one column per design:
 * the repeats merged exactly (counts add, HDR histograms merge), which is why histograms
 * travel with the report.
 */
import { decode, merge, summarize, encode } from '../metrics/histogram.js';
import type { ArchRun, RunResult } from '../result.js';

const add = (records: readonly Record<string, number>[]) => {
  const sum: Record<string, number> = {};
  for (const record of records) for (const [key, value] of Object.entries(record)) sum[key] = (sum[key] ?? 0) + value;
  return sum;
};

function mergeHistograms(runs: readonly ArchRun[], name: string): string | undefined {
  const encoded = runs.map((run) => run.histograms[name]).filter((value): value is string => value !== undefined);
  return encoded.length === 0 ? undefined : encode(merge(encoded.map(decode)));
}

/** One run from several repeats of the same design. */
export function mergeRuns(runs: readonly ArchRun[]): ArchRun {
  const [first] = runs;
  if (!first) throw new RangeError('mergeRuns() of no run');
  if (runs.length === 1) return first;
  const journeys = add(runs.map((run) => run.journeys)) as ArchRun['journeys'];
  const histogramNames = [...new Set(runs.flatMap((run) => Object.keys(run.histograms)))];
  const histograms = Object.fromEntries(histogramNames.map((name) => [name, mergeHistograms(runs, name)!]));
  const latencyOf = (name: string) => summarize(decode(histograms[name]!));
  const money = (pick: (run: ArchRun) => number | undefined) =>
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
    },
    requests: {
      total: runs.reduce((sum, run) => sum + run.requests.total, 0),
      errors: runs.reduce((sum, run) => sum + run.requests.errors, 0),
      byServer: add(runs.map((run) => run.requests.byServer)),
      byBackend: add(runs.map((run) => run.requests.byBackend)),
      byOutcome: add(runs.map((run) => run.requests.byOutcome)) as ArchRun['requests']['byOutcome'],
    },
    rebinds: runs.reduce((sum, run) => sum + (run.rebinds ?? 0), 0),
    latency: histograms.overall ? latencyOf('overall') : first.latency,
    latencyByStep: Object.fromEntries(
      Object.keys(first.latencyByStep).map((step) => [step, histograms[step] ? latencyOf(step) : first.latencyByStep[step]!]),
    ),
    histograms,
    examples: runs.flatMap((run) => run.examples).slice(0, 5),
    ...(runs.some((run) => run.memoryMb) ? { memoryMb: maxima(runs.map((run) => run.memoryMb ?? {})) } : {}),
  };
}

function maxima(records: readonly Record<string, number>[]): Record<string, number> {
  const max: Record<string, number> = {};
  for (const record of records) for (const [key, value] of Object.entries(record)) max[key] = Math.max(max[key] ?? 0, value);
  return max;
}

/** The result with one run per design (repeats merged), in the order designs first appear. */
export function byDesign(result: RunResult): RunResult {
  const archs = [...new Set(result.runs.map((run) => run.arch))];
  if (archs.length === result.runs.length) return result;
  return { ...result, runs: archs.map((arch) => mergeRuns(result.runs.filter((run) => run.arch === arch))) };
}

/** How many runs each design has (1 unless `--repeat`). */
export function repeatsOf(result: RunResult): number {
  return Math.max(...result.runs.map((run) => result.runs.filter((other) => other.arch === run.arch).length), 1);
}
