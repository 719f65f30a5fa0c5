/**
 * Whether two reports measured the same thing. A comparison of a 10 s, 50-user run with
 * a 4 s, 20-user one says "journeys −60%" about nothing but the settings, so `compare`
 * refuses it (exit 2) unless told `--allow-different` (docs/ci.md).
 */
import { formatPlannedFault, formatSeconds } from '../report/format.js';
import type { RunResult } from '../result.js';

/** The settings a comparison holds fixed, as they read in a header and a message. */
export interface RunSettings {
  readonly scenario: string;
  readonly designs: string;
  readonly users: string;
  /** Browser tabs per user (`--tabs`): `1` for reports without tabs. */
  readonly tabs: string;
  /** An open model's arrival rate, for reports that carry one; `—` for a closed model. */
  readonly rate: string;
  readonly duration: string;
  readonly faults: string;
  readonly seed: string;
}

/** The settings of `result`, each as text. */
export function settingsOf(result: RunResult): RunSettings {
  const rate = (result as { rate?: unknown }).rate;
  return {
    scenario: result.scenario,
    designs: [...new Set(result.runs.map((run) => run.arch))].sort().join(', ') || 'none',
    users: String(result.users),
    tabs: String(result.tabs ?? 1),
    rate: rate === undefined ? '—' : String(rate),
    duration: formatSeconds(result.durationMs),
    faults: result.faults.length === 0 ? 'none' : result.faults.map(formatPlannedFault).join(', '),
    seed: String(result.seed),
  };
}

/** The settings as one line: `pizza · stateful, stateless · 50 users · 10.0s · seed 42 · faults crash server-1 @ 4.0s`. */
export function describeSettings(settings: RunSettings): string {
  const rate = settings.rate === '—' ? '' : ` · rate ${settings.rate}`;
  const tabs = settings.tabs === '1' ? '' : ` × ${settings.tabs} tabs`;
  return `${settings.scenario} · ${settings.designs} · ${settings.users} users${tabs}${rate} · ${settings.duration} · seed ${settings.seed} · faults ${settings.faults}`;
}

/** Each setting in which `base` and `head` differ, one line each (`users: 50 in base, 20 in head`); empty when comparable. */
export function settingDifferences(base: RunResult, head: RunResult): string[] {
  const b = settingsOf(base);
  const h = settingsOf(head);
  return (Object.keys(b) as (keyof RunSettings)[])
    .filter((key) => b[key] !== h[key])
    .map((key) => `${key}: ${b[key]} in base, ${h[key]} in head`);
}
