import { DEFAULTS } from './defaults.js';
import type { FaultSpec } from './types.js';
import { parseOffset, type Parsed } from './units.js';

const SERVER_ID = /^server-(\d+)$/;

/**
 * `--crash server-1` (at 40% of the run) or `--crash server-1@4s` / `@40%`.
 * The time must fall inside the run and the server must be one of the fleet.
 */
export function parseCrash(text: string, durationMs: number, servers: number): Parsed<FaultSpec> {
  const expected = `a server id server-1..server-${servers}, optionally @time inside the run (e.g. server-1@4s or server-1@40%)`;
  const [target = '', at, ...rest] = text.split('@');
  const match = SERVER_ID.exec(target);
  if (!match || rest.length > 0 || Number(match[1]) < 1 || Number(match[1]) > servers) return { ok: false, expected };
  if (at === undefined) return { ok: true, value: { kind: 'crash', target, atMs: Math.round(durationMs * DEFAULTS.crashAtFraction) } };
  const offset = parseOffset(at, durationMs);
  if (!offset.ok || offset.value >= durationMs) return { ok: false, expected };
  return { ok: true, value: { kind: 'crash', target, atMs: offset.value } };
}
