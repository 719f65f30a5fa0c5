/**
 * One grammar for every fault: `kind[:target][@when][+span][,param=value…]`, e.g.
 * `pause:server-2@4s+2s`, `latency:random@every=3s+1s,delay=300ms`, `rolling@after=200journeys`.
 * Parsing checks a spec against the run (its length, its fleet) and says, for each
 * mistake, what was expected; the caller adds the flag and the value.
 */
import { LIMITS } from '../config/defaults.js';
import type { Parsed } from '../config/units.js';
import { formatLimit, parseDuration } from '../config/units.js';
import { GRAMMAR, KIND_RULES, exampleOf, listOr, serverRange, type KindRule } from './spec-kinds.js';
import { parseWhen } from './spec-when.js';
import { parseExecSpec } from './faults/exec.js';

/** Every fault statebench can inject. */
export type FaultKind =
  | 'crash'
  | 'restart'
  | 'stop'
  | 'pause'
  | 'scale-up'
  | 'scale-down'
  | 'rolling'
  | 'store-pause'
  | 'store-crash'
  | 'latency'
  | 'reset'
  | 'blackhole'
  | 'exec';

/** When a fault fires: ms into the run, once N journeys have completed, or repeatedly. */
export type FaultWhen = { at: number } | { afterJourneys: number } | { everyMs: number };

/** A fault as the user wrote it, checked against the run and with defaults filled in. */
export interface FaultSpec {
  /** The spec as written (trimmed); the `--crash` shorthand is written out as `crash:…`. */
  readonly text: string;
  readonly kind: FaultKind;
  /** `server-N` or `random` (drawn by the seed at each firing); absent for fleet-wide faults. */
  readonly target?: string;
  readonly when: FaultWhen;
  /** How long the fault lasts (or the downtime before coming back); only for kinds that take one. */
  readonly spanMs?: number;
  /** Params in ms, e.g. `{ delayMs: 200, jitterMs: 0 }` for latency; empty for the others. */
  readonly params: Readonly<Record<string, number>>;
  /** `exec:` faults: the shell command run when it fires (src/chaos/faults/exec.ts). */
  readonly command?: string;
  /** `exec:` faults: the shell command run when its span ends (`,revert=…`). */
  readonly revert?: string;
}

/** What a spec is checked against. */
export interface FaultSpecContext {
  readonly durationMs: number;
  readonly servers: number;
}

/** Every fault kind, in the order of the help text. */
export const FAULT_KINDS: readonly FaultKind[] = Object.keys(KIND_RULES) as FaultKind[];

const SHAPE = /^(?::([^@+]*))?(?:@([^@+:]*))?(?:\+([^@+:]*))?$/;
const SERVER_ID = /^server-([1-9]\d*)$/;
const PARAM = /^([a-z]+)=(.*)$/;

const fail = (expected: string): { ok: false; expected: string } => ({ ok: false, expected });

/** Parses one spec such as `pause:server-2@4s+2s` into a FaultSpec with defaults filled in. */
export function parseFaultSpec(text: string, context: FaultSpecContext): Parsed<FaultSpec> {
  const trimmed = text.trim();
  const [head = '', ...paramTexts] = trimmed.split(',');
  const kindText = /^[^:@+]*/.exec(head)![0];
  if (!isFaultKind(kindText)) return fail(`a fault kind (${FAULT_KINDS.join(', ')}) in ${GRAMMAR}, e.g. pause:server-1@4s+2s`);
  const kind = kindText;
  // A command is free text (spaces, colons, commas): its kind writes its own grammar.
  if (kind === 'exec') return parseExecSpec(trimmed, context);
  const rule = KIND_RULES[kind];
  const example = exampleOf(kind, rule);
  const shape = SHAPE.exec(head.slice(kind.length));
  if (!shape) return fail(shapeProblem(head.slice(kind.length)));
  const [, target, whenText, spanText] = shape;

  if (rule.target && (target === undefined || !isServer(target, context.servers))) {
    return fail(`a target ${serverRange(context.servers)} or random for ${kind}, e.g. ${example}`);
  }
  if (!rule.target && target !== undefined) return fail(`no target for ${kind}, e.g. ${example}`);

  const when = parseWhen(whenText, context.durationMs);
  if (!when.ok) return when;

  let spanMs = rule.spanMs;
  if (spanText !== undefined) {
    if (rule.spanMs === undefined) return fail(`no span for ${kind}, e.g. ${example}`);
    const span = parseDuration(spanText);
    if (!span.ok || span.value <= 0) return fail(`a span such as +2s for ${kind}`);
    if (span.value > LIMITS.maxSpanMs) return fail(`a span of at most ${formatLimit(LIMITS.maxSpanMs)} for ${kind}, such as +2s`);
    spanMs = span.value;
  }

  const params = parseParams(kind, rule, paramTexts, example);
  if (!params.ok) return params;

  return {
    ok: true,
    value: {
      text: trimmed,
      kind,
      ...(target === undefined ? {} : { target }),
      when: when.value,
      ...(spanMs === undefined ? {} : { spanMs }),
      params: params.value,
    },
  };
}

/**
 * `--crash server-1[@t]`, kept as shorthand: the same FaultSpec as `crash:server-1[@t]`,
 * with examples in messages written the short way.
 */
export function crashShorthand(text: string, context: FaultSpecContext): Parsed<FaultSpec> {
  const parsed = parseFaultSpec(`crash:${text.trim()}`, context);
  return parsed.ok ? parsed : fail(parsed.expected.replace('e.g. crash:', 'e.g. '));
}

/** Whether a word names a fault kind. */
export function isFaultKind(word: string): word is FaultKind {
  return Object.hasOwn(KIND_RULES, word);
}

function isServer(target: string, servers: number): boolean {
  if (target === 'random') return true;
  const match = SERVER_ID.exec(target);
  return match !== null && Number(match[1]) <= servers;
}

/** What is wrong with the part after the kind, when it is not `[:target][@when][+span]`. */
function shapeProblem(rest: string): string {
  const count = (char: string) => rest.split(char).length - 1;
  if (count('@') > 1) return `a single @when, as in ${GRAMMAR}`;
  if (count('+') > 1) return `a single +span, as in ${GRAMMAR}`;
  if (count('+') === 1 && count('@') === 1 && rest.indexOf('+') < rest.indexOf('@')) return `@when before +span, as in ${GRAMMAR}`;
  return `a target right after the kind, as in ${GRAMMAR}`;
}

/** `delay=300ms,jitter=50ms` → `{ delayMs: 300, jitterMs: 50 }` over the kind's defaults. */
function parseParams(kind: FaultKind, rule: KindRule, texts: readonly string[], example: string): Parsed<Record<string, number>> {
  const defaults = rule.params ?? {};
  const names = Object.keys(defaults);
  if (names.length === 0 && texts.length > 0) return fail(`no params for ${kind}, e.g. ${example}`);
  const values: Record<string, number> = {};
  for (const [name, ms] of Object.entries(defaults)) values[`${name}Ms`] = ms;
  const seen = new Set<string>();
  for (const text of texts) {
    const match = PARAM.exec(text);
    if (!match || !names.includes(match[1]!)) return fail(`a param ${listOr(names)} for ${kind}, e.g. ${example}`);
    const name = match[1]!;
    if (seen.has(name)) return fail(`each param of ${kind} at most once, e.g. ${example}`);
    seen.add(name);
    const value = parseDuration(match[2]!);
    if (!value.ok) return fail(`a duration for ${name}, such as ${name}=300ms`);
    if (value.value > LIMITS.maxParamMs) return fail(`a ${name} of at most ${formatLimit(LIMITS.maxParamMs)}, such as ${name}=300ms`);
    values[`${name}Ms`] = value.value;
  }
  return { ok: true, value: values };
}
