/**
 * Reading one number out of a design's run by a dotted path (`latency.p99`,
 * `consistency.byKind.stale-read`, `phases.0.recoveryMs`), with a reason in plain words
 * when the path leads nowhere. Shared by `--assert` and `compare --threshold`.
 */
import type { DesignRun, RunResult } from '../result.js';

/**
 * The top-level fields of a run. A metric path must start with one of them, which lets
 * a typo fail at parse time (exit 2) and tells `stateful.latency.p99` (a design first)
 * from `latency.p99` (every design). Deliberately not typed against `DesignRun`, so that
 * changing a run's fields breaks no build elsewhere; list a new field here to make it
 * assertable (a unit test checks the list covers a full run).
 */
export const RUN_FIELDS = {
  arch: true, balancer: true, servers: true, journeys: true, sessionLoss: true, consistency: true,
  requests: true, rebinds: true, latency: true, latencyByStep: true, timeline: true, histograms: true,
  intervals: true, memoryMb: true, logs: true, examples: true, faults: true, trace: true, notes: true,
  phases: true, repeat: true, model: true, saturation: true,
} as const;

/** The fields worth naming in a hint: those that hold figures. */
export const FIGURE_FIELDS =
  'journeys, sessionLoss, consistency, requests, latency, latencyByStep, phases, rebinds, servers, memoryMb';

/** Whether `name` is a top-level field of a run. */
export function isRunField(name: string): boolean {
  return Object.hasOwn(RUN_FIELDS, name);
}

/**
 * Maps of counts where an absent key means none happened: `consistency.byKind.stale-read`
 * reads 0 on a run without stale reads, so `== 0` can be asserted.
 */
const COUNT_MAPS = new Set(['consistency.byKind', 'requests.byServer', 'requests.byBackend', 'requests.indeterminateBy']);

/** A number read from a run, or why there is none. */
export type Resolved = { ok: true; value: number } | { ok: false; reason: string };

/**
 * The number at `path` in `run`. Keys that contain dots (a step named `cart.add`) are
 * found too. A `recoveryMs` of null (never recovered before the end of the load) reads as
 * `Infinity`: worse than any time, so `< 2000` fails and a comparison sees it got worse.
 */
export function resolveMetric(run: DesignRun, path: string): Resolved {
  return walk(run, path.split('.'), []);
}

function walk(value: unknown, rest: readonly string[], walked: readonly string[]): Resolved {
  const here = walked.join('.');
  if (rest.length === 0) return leaf(value, here);
  if (value === null || typeof value !== 'object') {
    return { ok: false, reason: `\`${here}\` is ${describe(value)} and has no field \`${rest.join('.')}\`` };
  }
  let firstFailure: Resolved | undefined;
  for (let take = 1; take <= rest.length; take++) {
    const key = rest.slice(0, take).join('.');
    if (!Object.hasOwn(value, key)) continue;
    const found = walk((value as Record<string, unknown>)[key], rest.slice(take), [...walked, key]);
    if (found.ok) return found;
    firstFailure ??= found;
  }
  if (firstFailure) return firstFailure;
  if (COUNT_MAPS.has(here) && rest.length === 1 && !Array.isArray(value)) return { ok: true, value: 0 };
  return { ok: false, reason: missing(value, [...walked, rest[0]!].join('.'), here) };
}

function leaf(value: unknown, path: string): Resolved {
  if (typeof value === 'number') return { ok: true, value };
  if (value === null && path.endsWith('recoveryMs')) return { ok: true, value: Infinity };
  if (Array.isArray(value)) {
    return { ok: false, reason: `\`${path}\` is a list, not a number; pick an entry, e.g. \`${path}.0\`` };
  }
  if (value !== null && typeof value === 'object') {
    const numbers = numericKeys(value);
    const hint = numbers.length > 0 ? `; its figures are ${list(numbers.map((k) => `${path}.${k}`))}` : '';
    return { ok: false, reason: `\`${path}\` is a group of fields, not a number${hint}` };
  }
  return { ok: false, reason: `\`${path}\` is ${describe(value)}, not a number` };
}

function missing(value: object, path: string, parent: string): string {
  const keys = Object.keys(value);
  // A top-level field is known (parsing checked it): an optional one this run lacks.
  if (parent === '') return `no field \`${path}\` in the run (the report was made without it)`;
  if (Array.isArray(value)) return `no entry \`${path}\` (\`${parent}\` has ${value.length})`;
  if (keys.length === 0) return `no field \`${path}\` (\`${parent}\` is empty)`;
  return `no field \`${path}\` (\`${parent}\` has ${list(keys)})`;
}

function numericKeys(value: object): string[] {
  return Object.entries(value).filter(([, v]) => typeof v === 'number').map(([k]) => k);
}

function list(items: readonly string[], most = 8): string {
  const shown = items.slice(0, most).join(', ');
  return items.length > most ? `${shown}, …` : shown;
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'absent';
  if (typeof value === 'string') return `text (\`${value.length > 30 ? `${value.slice(0, 30)}…` : value}\`)`;
  return `a ${typeof value}`;
}

/**
 * The runs of `result` by design, in report order. A report made with repeats holds
 * several runs of one design (each may carry a `repeat` index); they are grouped here.
 */
export function runsByDesign(result: RunResult): Map<string, DesignRun[]> {
  const groups = new Map<string, DesignRun[]>();
  for (const run of result.runs) {
    const group = groups.get(run.arch);
    if (group) group.push(run);
    else groups.set(run.arch, [run]);
  }
  return groups;
}

/**
 * What a metric path should have been, as the end of a phrase (`an assertion …`), or
 * undefined when it is well formed: dot-separated non-empty parts, the first a run field.
 */
export function pathProblem(path: string): string | undefined {
  const parts = path.split('.');
  if (parts.some((p) => p === '')) return 'whose metric has no empty part between dots';
  if (!isRunField(parts[0]!)) return `whose metric starts with a field of a run (${FIGURE_FIELDS})`;
  return undefined;
}
