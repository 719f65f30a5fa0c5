/**
 * What each fault kind accepts: a server target or not, a span (and its default) or
 * not, and which params. One table, so the parser, the messages and the help agree.
 */
import type { FaultKind } from './spec.js';

/** How one kind of fault is written. */
export interface KindRule {
  /** Whether the fault acts on one server (`server-N` or `random`). */
  readonly target: boolean;
  /** Default span in ms; absent when the kind takes no span. */
  readonly spanMs?: number;
  /** Params by name (as written, e.g. `delay`) with their default in ms. */
  readonly params?: Readonly<Record<string, number>>;
}

/** Every fault kind and how it is written; the order is the order of the help text. */
export const KIND_RULES: Readonly<Record<FaultKind, KindRule>> = {
  crash: { target: true },
  restart: { target: true, spanMs: 1000 },
  stop: { target: true },
  pause: { target: true, spanMs: 2000 },
  'scale-up': { target: false },
  'scale-down': { target: true },
  rolling: { target: false },
  'store-pause': { target: false, spanMs: 2000 },
  'store-crash': { target: false, spanMs: 500 },
  latency: { target: true, spanMs: 2000, params: { delay: 200, jitter: 0 } },
  reset: { target: true, spanMs: 2000 },
  blackhole: { target: true, spanMs: 2000 },
  // Its own grammar (src/chaos/faults/exec.ts): `exec:COMMAND[@when][+span][,revert=COMMAND]`.
  exec: { target: false, spanMs: 2000 },
};

/** The grammar, named in messages about the shape of a spec. */
export const GRAMMAR = 'kind[:target][@when][+span][,param=value]';

/** A valid spec of this kind, shown in messages: `pause:server-1@40%+2s`. */
export function exampleOf(kind: string, rule: KindRule): string {
  const target = rule.target ? ':server-1' : '';
  const span = rule.spanMs === undefined ? '' : '+2s';
  const param = rule.params ? `,${Object.keys(rule.params)[0]}=300ms` : '';
  return `${kind}${target}@40%${span}${param}`;
}

/** `server-1..server-3`, or just `server-1` for a fleet of one. */
export function serverRange(servers: number): string {
  return servers === 1 ? 'server-1' : `server-1..server-${servers}`;
}

/** A duration as a user would write it: `10s`, `1.5s`, `200ms`. */
export function formatMs(ms: number): string {
  return ms >= 1000 ? `${Number((ms / 1000).toFixed(3))}s` : `${ms}ms`;
}

/** `a or b`, `a, b or c`. */
export function listOr(items: readonly string[]): string {
  return items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} or ${items.at(-1)}`;
}
