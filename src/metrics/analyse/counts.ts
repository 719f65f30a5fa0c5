/**
 * Counts of a history: requests by outcome, by server and by cause; journeys by fate;
 * the session-loss rate. Pure functions, so each is tested on a hand-written history.
 */
import type { DesignRun, LoadModel, RequestCause } from '../../result.js';
import { NO_SERVER, type RunHistory } from '../history.js';
import { round } from './round.js';

/** Requests of a history; `byBackend` is the balancer's, added by the orchestrator. */
export type RequestCounts = Omit<DesignRun['requests'], 'byBackend'>;

/**
 * How many requests there were, how many counted as errors, how many each server
 * answered (naturally sorted: server-2 before server-10; `-`, no server, left out), by
 * outcome, and those without a definite answer by cause (when the driver gave one).
 */
export function requestCounts(history: RunHistory): RequestCounts {
  const byOutcome = { ok: 0, fail: 0, indeterminate: 0 };
  const byServer = new Map<string, number>();
  const byCause = new Map<RequestCause, number>();
  let errors = 0;
  for (let row = 0; row < history.requestCount; row++) {
    const outcome = history.outcome(row);
    byOutcome[outcome] += 1;
    if (history.countsAsError(row)) errors += 1;
    const server = history.server(row);
    if (server !== NO_SERVER) byServer.set(server, (byServer.get(server) ?? 0) + 1);
    const cause = outcome === 'ok' ? undefined : history.cause(row);
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

/**
 * Journeys by fate and the session-loss rate. `dropped` (arrivals of the open model that
 * found no free user) shows in an open model's figures even at 0, elsewhere only if any.
 */
export function journeyCounts(history: RunHistory, model: LoadModel = 'closed'): Pick<DesignRun, 'journeys' | 'sessionLoss'> {
  const counts = { started: 0, completed: 0, lost: 0, failed: 0, dropped: 0 };
  for (let row = 0; row < history.journeyCount; row++) counts[history.journeyEvent(row)] += 1;
  const { dropped, ...journeys } = counts;
  return {
    journeys: model === 'open' || dropped > 0 ? { ...journeys, dropped } : journeys,
    sessionLoss: { journeys: counts.lost, rate: counts.started === 0 ? 0 : round(counts.lost / counts.started, 4) },
  };
}

/** Orders server ids naturally: server-2 before server-10. */
function compareServerIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
