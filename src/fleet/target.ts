import { PROJECT_ROOT } from '../paths.js';

/**
 * How to start one server of a fleet: a command, its working directory and an
 * environment, with `{port}`, `{id}`, `{redisUrl}`, `{keyPrefix}` and `{secret}`
 * placeholders. The reference designs are described this way too, so a user's own
 * service slots in with a definition instead of code (docs/protocols.md, "Starting a
 * target").
 */
export interface TargetDefinition {
  /** Shown in reports, e.g. `pizza/stateless`. */
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Answers 200 once the server is ready. @default '/healthz' */
  readonly healthPath: string;
  /** Whether `{redisUrl}` must be filled, i.e. the fleet needs a Redis. */
  readonly needsRedis: boolean;
}

/** Values for the placeholders of one server. */
export interface TargetSlot {
  readonly port: number;
  readonly id: string;
  readonly redisUrl?: string;
  readonly keyPrefix?: string;
  /** The fleet's signing key, drawn at random per fleet and shared by its servers. */
  readonly secret?: string;
}

export function fillPlaceholders(text: string, slot: TargetSlot): string {
  return text
    .replaceAll('{port}', String(slot.port))
    .replaceAll('{id}', slot.id)
    .replaceAll('{redisUrl}', slot.redisUrl ?? '')
    .replaceAll('{keyPrefix}', slot.keyPrefix ?? '')
    .replaceAll('{secret}', slot.secret ?? '');
}

/** The command line and environment of one server, placeholders filled. */
export function expandTarget(def: TargetDefinition, slot: TargetSlot) {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(def.env)) env[key] = fillPlaceholders(value, slot);
  return {
    command: def.command,
    args: def.args.map((arg) => fillPlaceholders(arg, slot)),
    cwd: def.cwd,
    env,
  };
}

/**
 * A reference design shipped with statebench: `node dist/targets/<scenario>/<arch>/server.js`.
 * The secret travels in the environment, not the command line, where `ps` would show it.
 */
export function referenceTarget(scenario: string, arch: string, needsRedis: boolean): TargetDefinition {
  const args = [`dist/targets/${scenario}/${arch}/server.js`, '--port', '{port}', '--id', '{id}'];
  if (needsRedis) args.push('--redis-url', '{redisUrl}', '--key-prefix', '{keyPrefix}');
  return {
    label: `${scenario}/${arch}`,
    command: process.execPath,
    args,
    cwd: PROJECT_ROOT,
    env: { STATEBENCH_SECRET: '{secret}' },
    healthPath: '/healthz',
    needsRedis,
  };
}
