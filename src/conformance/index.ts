/**
 * The conformance probe (docs/conformance.md): before a target is measured, one of its
 * servers is asked the scenario's protocol directly, not through a balancer, and every
 * answer is judged for the shape the journeys and checkers rely on.
 */
import { EnvironmentError, InternalError } from '../errors.js';
import { probeAtm } from './atm.js';
import { probeChat } from './chat.js';
import { ProbeClient } from './client.js';
import { judgeHealth } from './common.js';
import { judgeServerIds } from './judge.js';
import { probePizza } from './pizza.js';
import type { ConformanceCheck, ProbeOptions, ScenarioProbe } from './types.js';

export type { ConformanceCheck, ProbeOptions } from './types.js';

/**
 * How long a request or an awaited frame may take: generous, since no check is about
 * speed and a loaded machine (or a cold JIT) must not turn into a protocol failure.
 */
const DEFAULT_TIMEOUT_MS = 10_000;

/** Each scenario's probe by name: adding a scenario is adding a file and a line. */
export const PROBES: Readonly<Record<string, ScenarioProbe>> = { pizza: probePizza, atm: probeAtm, chat: probeChat };

/**
 * Probes the server at `url` (e.g. `http://127.0.0.1:4100`) for `scenario`'s protocol:
 * the health path, the scenario's own checks, then `x-server-id` on every answer it got.
 * Resolves with every check, passed or not; rejects only when aborted.
 */
export async function probe(scenario: string, url: string, options: ProbeOptions): Promise<ConformanceCheck[]> {
  const scenarioProbe = PROBES[scenario];
  // Scenario names are validated where they are read; one without a probe is a missing line here.
  if (!scenarioProbe) throw new InternalError(`no conformance probe for scenario \`${scenario}\` (known: ${Object.keys(PROBES).join(', ')}).`);
  const client = new ProbeClient(url.replace(/\/+$/, ''), options.serverId, options.timeoutMs ?? DEFAULT_TIMEOUT_MS, options.signal);
  try {
    const health = await client.http({ method: 'GET', path: options.healthPath ?? '/healthz' });
    const checks = [...judgeHealth(health, scenario, options.serverId), ...(await scenarioProbe(client))];
    return [...checks, judgeServerIds(client.exchanges, options.serverId)];
  } finally {
    client.close();
  }
}

/** The required checks that failed: what refuses a target. */
export function failures(checks: readonly ConformanceCheck[]): ConformanceCheck[] {
  return checks.filter((check) => check.required && !check.ok);
}

/** The advisory checks that failed, as the run's notes (`protocol warning: …`). */
export function protocolWarnings(checks: readonly ConformanceCheck[]): string[] {
  return checks.filter((check) => !check.ok).map((check) => `protocol warning: ${check.name} (expected ${check.expected}, got ${check.got})`);
}

/**
 * The failed required checks of `design` as one EnvironmentError (exit 3), a short list:
 * each check, what was sent, what was expected and what came back. Undefined when none failed.
 */
export function conformanceError(design: string, checks: readonly ConformanceCheck[]): EnvironmentError | undefined {
  const failed = failures(checks);
  if (failed.length === 0) return undefined;
  const lines = [`${design} does not speak the protocol: ${failed.length} required check${failed.length === 1 ? '' : 's'} failed (docs/conformance.md):`];
  for (const check of failed) {
    lines.push(`✗ ${check.name}`, `    sent:     ${check.sent}`, `    expected: ${check.expected}`, `    got:      ${check.got}`);
  }
  return new EnvironmentError(lines.join('\n'));
}
