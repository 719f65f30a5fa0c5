/**
 * What the views say about how the load was made: which model measured the latencies
 * (a caption under every table), and, when statebench's own processes were past their
 * threshold, that the figures include statebench's own delay (docs/NOTES.md).
 */
import type { DesignRun, LoadModel, ProcessSaturation, RequestCause, RunResult } from '../result.js';
import { formatInt } from './format.js';

/** The model of a run; reports from before the open model were closed. */
export function modelOf(run: DesignRun): LoadModel {
  return run.model ?? 'closed';
}

const MODEL_NOTES: Record<LoadModel, string> = {
  closed:
    'Closed model: each user waits for an answer before its next step, so latency is service time; ' +
    'requests a stall kept users from sending are never measured (the open model, --rate, counts them).',
  open:
    'Open model: journeys arrive at a set rate whatever the fleet does; each step counts from its place ' +
    "in its journey's schedule, so a stall shows in every later step of the journeys it held up.",
};

/** The caption on the model(s) of `runs`, one sentence per model used. */
export function modelNote(runs: readonly DesignRun[]): string {
  const models = [...new Set(runs.map(modelOf))].sort();
  return models.map((model) => MODEL_NOTES[model]).join(' ');
}

/** The users of a run's header: `50 users`, or the open model's pool, `at most 800 users (open model)`. */
export function usersText(result: Pick<RunResult, 'users' | 'runs'>): string {
  return result.runs.some((run) => modelOf(run) === 'open') ? `at most ${formatInt(result.users)} users (open model)` : `${formatInt(result.users)} users`;
}

/** How a cause reads in a row label. */
export const CAUSE_LABELS: Record<RequestCause, string> = {
  timeout: 'no answer: timeout',
  reset: 'no answer: reset',
  refused: 'no answer: refused',
  'status-502': 'balancer 502',
  'status-503': 'balancer 503',
  'status-504': '504 (gateway timeout)',
  other: 'no answer: other',
};

function describeProcess(name: string, figures: ProcessSaturation): string {
  return `its ${name}'s event loop ran ${figures.eventLoopDelayP99Ms} ms late at p99 (at worst ${figures.eventLoopDelayMaxMs} ms) at ${figures.cpuPercent}% of a core`;
}

/**
 * The warning for a run whose driver or balancer was saturated, in plain words, or
 * undefined when neither was (or the report predates the figures).
 */
export function saturationNote(run: DesignRun): string | undefined {
  const saturation = run.saturation;
  if (!saturation?.saturated) return undefined;
  const parts = [describeProcess('driver', saturation.driver)];
  if (saturation.balancer) parts.push(describeProcess('balancer', saturation.balancer));
  const worst = Math.max(saturation.driver.eventLoopDelayP99Ms, saturation.balancer?.eventLoopDelayP99Ms ?? 0);
  return `statebench itself was a bottleneck: ${parts.join(', and ')}. The latencies include up to about ${worst} ms ` +
    "(p99) of statebench's own delay: run fewer users, or use the open model (--rate) at a rate the fleet can take.";
}
