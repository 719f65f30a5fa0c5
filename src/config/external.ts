/**
 * The flags of a run against a fleet statebench did not start (docs/remote.md): `--url`,
 * `--server ID=URL`, and the shard flags `--shard i/n`, `--faults-from k`, `--start-at`.
 * Each problem is one line naming the flag, the value and what was expected.
 */
import type { FaultSpec } from '../chaos/spec.js';
import type { Parsed } from './units.js';
import { parseInteger } from './units.js';

/** The flags as the command line gave them. */
export interface RawExternalOptions {
  readonly url?: string;
  readonly server?: readonly string[];
  readonly shard?: string;
  readonly faultsFrom?: string;
  readonly startAt?: string;
}

/** A fleet run elsewhere: where its balancer answers, and its servers when named. */
export interface ExternalTarget {
  /** Where journeys go: the user's balancer (or one server). */
  readonly url: string;
  /** `--server ID=URL`: for the final audits, the conformance probe and per-server figures. */
  readonly servers: readonly { readonly id: string; readonly url: string }[];
}

/** `--shard i/n` (1-based), and the shard that fires the faults. */
export interface ShardConfig {
  readonly index: number;
  readonly count: number;
  /** `--faults-from k`: the one shard whose faults act; the others only record them. @default 1 */
  readonly faultsFrom: number;
}

export interface ExternalConfig {
  readonly external?: ExternalTarget;
  readonly shard?: ShardConfig;
  /** `--start-at`, ms since the epoch: the load starts then, in every shard. */
  readonly startAtMs?: number;
}

/** The most shards a run is split into: one per load machine. */
export const MAX_SHARDS = 256;
/** Scenarios whose checkers need every user in one process: chat's users message each other. */
const UNSHARDABLE: Readonly<Record<string, string>> = {
  chat: "chat's users message each other, and its checkers need every sender and recipient in one history",
};

const SERVER = /^([A-Za-z0-9][A-Za-z0-9._-]*)=(.+)$/;

/** What the rest of the configuration tells these flags. */
export interface ExternalContext {
  readonly scenario: string;
  readonly faults: readonly FaultSpec[];
  readonly repeat: number;
  /** Other flags given with `--url` that only a fleet statebench starts can use. */
  readonly ownedOnly: readonly { readonly flag: string; readonly value: string }[];
  readonly now?: () => number;
}

/** Parses the external and shard flags; `problems` holds one line per mistake. */
export function parseExternal(raw: RawExternalOptions, context: ExternalContext): ExternalConfig & { problems: string[] } {
  const problems: string[] = [];
  const add = (flag: string, value: string, expected: string) => problems.push(`Expected \`${flag}\` to be ${expected}, got \`${value}\`.`);
  const url = raw.url === undefined ? undefined : httpUrl(raw.url);
  if (raw.url !== undefined && !url) add('--url', raw.url, 'an http(s) URL of a balancer or server, such as http://127.0.0.1:8080');
  const servers: { id: string; url: string }[] = [];
  for (const text of raw.server ?? []) {
    const match = SERVER.exec(text.trim());
    const serverUrl = match ? httpUrl(match[2]!) : undefined;
    if (!match || !serverUrl) add('--server', text, 'ID=URL, such as server-1=http://10.0.0.5:4100');
    else if (servers.some((server) => server.id === match[1])) add('--server', text, `a server id given once (${match[1]} is given twice)`);
    else servers.push({ id: match[1]!, url: serverUrl });
  }
  const needsUrl = (flag: string, value: string | undefined) => {
    if (value !== undefined && raw.url === undefined) add(flag, value, 'given with --url (it names parts of a fleet statebench did not start)');
  };
  needsUrl('--server', raw.server?.[0]);
  needsUrl('--shard', raw.shard);
  needsUrl('--start-at', raw.startAt);
  if (raw.url !== undefined) {
    for (const { flag, value } of context.ownedOnly) add(flag, value, 'left out with --url (statebench does not start that fleet)');
    for (const fault of context.faults) {
      if (fault.kind !== 'exec') {
        add('--fault', fault.text, `an exec: fault with --url (statebench did not start that fleet, so it cannot ${fault.kind} its servers): write the command, e.g. exec:docker compose kill pizza-1@4s`);
      }
    }
  }
  const shard = raw.shard === undefined ? undefined : parseShard(raw.shard);
  if (shard && !shard.ok) add('--shard', raw.shard!, shard.expected);
  const shardValue = shard?.ok ? shard.value : undefined;
  let faultsFrom = 1;
  if (raw.faultsFrom !== undefined) {
    const parsed = parseInteger(raw.faultsFrom, 1);
    if (raw.shard === undefined) add('--faults-from', raw.faultsFrom, 'given with --shard (it names the shard that fires the faults)');
    else if (!parsed.ok || (shardValue && parsed.value > shardValue.count)) add('--faults-from', raw.faultsFrom, `a shard from 1 to ${shardValue?.count ?? 'n'}`);
    else faultsFrom = parsed.value;
  }
  if (shardValue) {
    const why = UNSHARDABLE[context.scenario];
    if (why) add('--shard', raw.shard!, `left out for ${context.scenario} (${why}); shard pizza or atm`);
    if (context.repeat > 1) add('--repeat', String(context.repeat), '1 with --shard (merge shards of one run, then compare runs)');
    for (const fault of context.faults) {
      if ('afterJourneys' in fault.when) add('--fault', fault.text, 'a fault at a time (@4s, @40%, @every=3s) with --shard: only time is shared between shards, not journey counts');
    }
  }
  let startAtMs: number | undefined;
  if (raw.startAt !== undefined) {
    const parsed = Date.parse(raw.startAt);
    const now = (context.now ?? Date.now)();
    if (!/^\d{4}-\d\d-\d\dT/.test(raw.startAt) || Number.isNaN(parsed)) add('--start-at', raw.startAt, 'an ISO time such as 2026-01-31T12:00:00Z');
    else if (parsed > now + MAX_WAIT_MS) add('--start-at', raw.startAt, 'a time within the next hour');
    else startAtMs = parsed;
  }
  return {
    problems,
    ...(url ? { external: { url, servers } } : {}),
    ...(shardValue ? { shard: { ...shardValue, faultsFrom } } : {}),
    ...(startAtMs === undefined ? {} : { startAtMs }),
  };
}

/** The longest `--start-at` wait: a time further off is most likely a typo. */
export const MAX_WAIT_MS = 60 * 60_000;

/** `2/3` → index 2 of 3. */
export function parseShard(text: string): Parsed<{ index: number; count: number }> {
  const expected = `i/n with 1 ≤ i ≤ n ≤ ${MAX_SHARDS}, such as 2/3`;
  const match = /^(\d+)\/(\d+)$/.exec(text.trim());
  if (!match) return { ok: false, expected };
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (index < 1 || count < 1 || index > count || count > MAX_SHARDS) return { ok: false, expected };
  return { ok: true, value: { index, count } };
}

/** An http(s) URL without a trailing slash, or undefined. */
function httpUrl(text: string): string | undefined {
  try {
    const parsed = new URL(text.trim());
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return undefined;
    if (parsed.search !== '' || parsed.hash !== '') return undefined;
    return parsed.href.replace(/\/+$/, '');
  } catch {
    return undefined;
  }
}
