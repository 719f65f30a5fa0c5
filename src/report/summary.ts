/**
 * The story of a run in plain words, a few sentences long: what broke, what it cost each
 * design's users, and how fast each came back. Scenario-aware (carts for pizza, the
 * books for atm, messages for chat) and deterministic: the same report, the same words.
 */
import type { DesignRun, FaultRecord, RunResult } from '../result.js';
import { formatDollars, formatInt, formatPercent, formatPlannedFault, ratio } from './format.js';
import { saturationNote } from './load-notes.js';

type Noun = readonly [singular: string, plural: string];

/** What each checker's kinds are called in a sentence. */
const KIND_NOUNS: Record<string, Noun> = {
  'stale-read': ['stale read', 'stale reads'],
  overdraft: ['overdraft', 'overdrafts'],
  'lost-update': ['lost update', 'lost updates'],
  'money-minted': ['account with money minted', 'accounts with money minted'],
  'money-destroyed': ['account with money destroyed', 'accounts with money destroyed'],
  'divergent-read': ['divergent read', 'divergent reads'],
  lost: ['message lost', 'messages lost'],
  duplicated: ['duplicated message', 'duplicated messages'],
  'out-of-order': ['message out of order', 'messages out of order'],
  'unread-mismatch': ['wrong unread count', 'wrong unread counts'],
  'stale-presence': ['stale presence', 'stale presences'],
  'typing-lost': ['typing event lost', 'typing events lost'],
};

/** What a lost session takes with it, per scenario. */
const SESSION_NOUNS: Record<string, Noun> = { pizza: ['cart', 'carts'] };

/** `3` + ['cart', 'carts'] → "3 carts"; 1 → "1 cart". */
function count(n: number, [one, many]: Noun): string {
  return `${formatInt(n)} ${n === 1 ? one : many}`;
}

/** "a", "a and b", "a, b and c". */
function joinAnd(parts: readonly string[]): string {
  if (parts.length <= 1) return parts[0] ?? '';
  return `${parts.slice(0, -1).join(', ')} and ${parts[parts.length - 1]}`;
}

/** Seconds with one decimal and a space: 4000 → "4.0 s". */
function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

/** Capitalises a sentence, unless it starts with an id such as `server-1`. */
function sentenceCase(text: string): string {
  const first = text.split(' ')[0] ?? '';
  return /[\d-]/.test(first) ? text : text.charAt(0).toUpperCase() + text.slice(1);
}

/** A fired fault as an event: "server-1 crashed at 4.0 s", "server-2 was paused at 2.0 s for 1.0 s". */
export function describeFault(fault: FaultRecord): string {
  const at = fault.atMs ?? fault.firedAtMs;
  const when = at !== undefined ? ` at ${seconds(at)}` :
    fault.afterJourneys !== undefined ? ` after ${formatInt(fault.afterJourneys)} journeys` : '';
  const spanMs = fault.spanMs ??
    (fault.firedAtMs !== undefined && fault.endedAtMs !== undefined ? fault.endedAtMs - fault.firedAtMs : undefined);
  const span = spanMs !== undefined && spanMs > 0 ? ` for ${seconds(spanMs)}` : '';
  const who = fault.target === '-' || fault.target === '' ? undefined : fault.target;
  const named = (phrase: (target: string) => string): string =>
    who === undefined ? `${fault.label ?? fault.kind} fired${when}` : phrase(who);
  switch (fault.kind) {
    case 'crash': return named((t) => `${t} crashed${when}`);
    case 'restart': return named((t) => `${t} was restarted empty${when}`);
    case 'stop': return named((t) => `${t} was stopped${when}`);
    case 'pause': return named((t) => `${t} was paused${when}${span}`);
    case 'scale-up': return `a server was added${when}`;
    case 'scale-down': return named((t) => `${t} was drained and stopped${when}`);
    case 'rolling': return `every server was restarted in turn${when}`;
    case 'store-pause': return `the store was unreachable${when}${span}`;
    case 'store-crash': return `the store crashed${when} and came back empty`;
    case 'latency': return named((t) => `requests to ${t} were slowed${when}${span}`);
    case 'reset': return named((t) => `connections to ${t} were reset${when}${span}`);
    case 'blackhole': return named((t) => `${t} stopped answering${when}${span}`);
    default: return `${fault.label ?? fault.kind} fired${when}${span}`;
  }
}

/** The faults of the run, each as fired in the first design that fired it. */
function firedFaults(result: RunResult): FaultRecord[] {
  const count = Math.max(result.faults.length, ...result.runs.map((r) => r.faults.length));
  const fired: FaultRecord[] = [];
  for (let i = 0; i < count; i++) {
    const fault = result.runs.map((r) => r.faults[i]).find((f) => f?.firedAtMs !== undefined);
    if (fault) fired.push(fault);
  }
  return fired;
}

/** "stale-read 305, overdraft 44" in words: "305 stale reads, 44 overdrafts". */
function kindList(byKind: Record<string, number>, skip?: string): string[] {
  return Object.entries(byKind)
    .filter(([kind, n]) => n > 0 && kind !== skip)
    .map(([kind, n]) => count(n, KIND_NOUNS[kind] ?? [kind, kind]));
}

/** What the scenario's checker found, as predicates of "the <design> fleet …". */
function consistencyPredicates(scenario: string, run: DesignRun): string[] {
  const { errors, byKind, moneyMintedCents, moneyDestroyedCents } = run.consistency;
  if (scenario === 'atm') {
    if (errors === 0) return ['kept its books'];
    const money = [
      moneyMintedCents ? `minted ${formatDollars(moneyMintedCents)}` : '',
      moneyDestroyedCents ? `destroyed ${formatDollars(moneyDestroyedCents)}` : '',
    ].filter((p) => p !== '');
    return [`broke its books ${count(errors, ['time', 'times'])} (${kindList(byKind).join(', ')})`, ...money];
  }
  if (scenario === 'chat') {
    const lost = byKind.lost ?? 0;
    const others = kindList(byKind, 'lost');
    const head = lost === 0 ? 'lost no message' : `lost ${count(lost, ['message', 'messages'])}`;
    if (others.length === 0) return [head];
    return [`${head}${lost === 0 ? ' but had' : ', with'} ${joinAnd(others)}`];
  }
  if (errors === 0) return Object.keys(byKind).length > 0 ? ['made no consistency error'] : [];
  return [`made ${count(errors, ['consistency error', 'consistency errors'])} (${kindList(byKind).join(', ')})`];
}

/** One design's part of the story: what its users lost, what failed, how fast it came back. */
function runClause(scenario: string, run: DesignRun): string {
  const { started, failed } = run.journeys;
  const { requests } = run;
  const lost = run.sessionLoss.journeys;
  const noun = SESSION_NOUNS[scenario] ?? ['session', 'sessions'];
  const predicates: string[] = [];
  const sessionsMatter = scenario !== 'atm' && scenario !== 'chat';
  if (lost === 0 && sessionsMatter) predicates.push(`lost no ${noun[0]}`);
  predicates.push(...consistencyPredicates(scenario, run));
  if (failed > 0) predicates.push(`failed ${formatInt(failed)} of ${formatInt(started)} journeys`);
  if (requests.errors > 0) {
    predicates.push(`had ${formatInt(requests.errors)} of ${formatInt(requests.total)} requests fail ` +
      `(${formatPercent(ratio(requests.errors, requests.total))})`);
  }
  const phases = run.phases ?? [];
  for (const phase of phases) {
    const from = phases.length > 1 ? ` from ${phase.label}` : '';
    // Merged repeats: the median, and how many runs it is the median of.
    const of = phase.recoveryRange ? ` (median of ${formatInt(phase.recoveryRange.repeats)} runs)` : '';
    if (phase.recoveryMs === null) predicates.push(`had not recovered${from} by the end of the run${of}`);
    else if (phase.recoveryMs > 0) predicates.push(`recovered${from} in ${seconds(phase.recoveryMs)}${of}`);
  }
  if (lost === 0) return `the ${run.arch} fleet ${joinAnd(predicates.length > 0 ? predicates : ['kept every user'])}`;
  const loss = `${formatInt(lost)} of ${formatInt(started)} ${run.arch} journeys ` +
    `(${formatPercent(run.sessionLoss.rate)}) lost ${lost === 1 ? `its ${noun[0]}` : `their ${noun[1]}`}`;
  return predicates.length === 0 ? loss : `${loss}, and the fleet ${joinAnd(predicates)}`;
}

/**
 * The run's story as a few plain sentences, e.g. "server-1 crashed at 4.0 s: 37 of 412
 * stateful journeys (9.0%) lost their carts; the stateless fleet lost no cart and
 * recovered in 0.3 s." Then any fault that did not fire, and the runs' notes.
 */
export function summarize(result: RunResult): string[] {
  const clauses = result.runs.map((run) => runClause(result.scenario, run)).join('; ');
  const fired = firedFaults(result);
  const events = fired.map(describeFault);
  let lead: string;
  if (result.faults.length === 0 && fired.length === 0) lead = `with no fault injected, ${clauses}.`;
  else if (fired.length === 0) lead = `no fault fired: ${clauses}.`;
  else if (events.length <= 3) lead = `${joinAnd(events)}: ${clauses}.`;
  else lead = `${events.slice(0, 2).join(', ')} and ${formatInt(events.length - 2)} more faults fired: ${clauses}.`;
  const sentences = [sentenceCase(lead)];
  for (const run of result.runs) {
    for (const fault of run.faults.filter((f) => f.firedAtMs === undefined)) {
      sentences.push(sentenceCase(`${formatPlannedFault(fault)} did not fire in the ${run.arch} run.`));
    }
  }
  for (const run of result.runs) {
    const saturated = saturationNote(run);
    if (saturated) sentences.push(`Warning on ${run.arch}: ${saturated}`);
  }
  for (const run of result.runs) {
    for (const note of run.notes ?? []) sentences.push(`Note on ${run.arch}: ${note}`);
  }
  return sentences;
}
