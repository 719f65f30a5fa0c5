/**
 * Counts of a history: requests by outcome, by server and by cause; journeys by fate;
 * the session-loss rate. Pure functions, so each is tested on a hand-written history.
 */
import type { DesignRun } from '../../result.js';
import { NO_SERVER, type Cause, type RunHistory } from '../history.js';
import { round } from './round.js';

/** Requests of a history; `byBackend` is the balancer's, added by the orchestrator. */
export type RequestCounts = Omit<DesignRun['requests'], 'byBackend'> & {
  /** Indeterminate requests by why, when the driver said why for any of them. */
  readonly indeterminateBy?: Partial<Record<Cause, number>>;
};

/**
 * How many requests there were, how many counted as errors, how many each server
 * answered (naturally sorted: server-2 before server-10; `-`, no server, left out), by
 * outcome, and the indeterminate ones by cause.
 */
export function requestCounts(history: RunHistory): RequestCounts {
  const byOutcome = { ok: 0, fail: 0, indeterminate: 0 };
  const byServer = new Map<string, number>();
  const byCause = new Map<Cause, number>();
  let errors = 0;
  for (let row = 0; row < history.requestCount; row++) {
    const outcome = history.outcome(row);
    byOutcome[outcome] += 1;
    if (history.countsAsError(row)) errors += 1;
    const server = history.server(row);
    if (server !== NO_SERVER) byServer.set(server, (byServer.get(server) ?? 0) + 1);
    const cause = outcome === 'indeterminate' ? history.cause(row) : undefined;
    if (cause !== undefined) byCause.set(cause, (byCause.get(cause) ?? 0) + 1);
  }
  return {
    total: history.requestCount,
    errors,
    byServer: Object.fromEntries([...byServer].sort(([a], [b]) => compareServerIds(a, b))),
    byOutcome,
    ...(byCause.size > 0 ? { indeterminateBy: Object.fromEntries([...byCause].sort(([a], [b]) => a.localeCompare(b))) } : {}),
  };
}

/** Journeys by fate; `dropped` counts the open model's arrivals that found no free user. */
export type JourneyCounts = Pick<DesignRun, 'sessionLoss'> & { readonly journeys: DesignRun['journeys'] & { readonly dropped?: number } };

/** Journeys by fate (`dropped` only when an arrival was dropped) and the session-loss rate. */
export function journeyCounts(history: RunHistory): JourneyCounts {
  const counts = { started: 0, completed: 0, lost: 0, failed: 0, dropped: 0 };
  for (let row = 0; row < history.journeyCount; row++) counts[history.journeyEvent(row)] += 1;
  const { dropped, ...journeys } = counts;
  return {
    journeys: dropped > 0 ? { ...journeys, dropped } : journeys,
    sessionLoss: { journeys: counts.lost, rate: counts.started === 0 ? 0 : round(counts.lost / counts.started, 4) },
  };
}

/** Orders server ids naturally: server-2 before server-10. */
function compareServerIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
