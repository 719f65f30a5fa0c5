/**
 * Command-line flags shared by every reference target. Targets are standalone programs
 * (users copy them and run them by hand), so this parser has no dependencies and
 * reports every problem at once, on one stderr line, before exiting 2.
 */

/** The parsed flags of a reference target. */
export interface TargetArgs {
  readonly port: number;
  /** Server id, echoed in `x-server-id` on every response. */
  readonly id: string;
  /** @default '127.0.0.1' */
  readonly host: string;
  /** Redis URL (stateless only): `--redis-url`, else env `REDIS_URL`. */
  readonly redisUrl: string | undefined;
  /** Prefix of every Redis key, so runs sharing one Redis do not collide. @default 'sb:' */
  readonly keyPrefix: string;
  /** HMAC secret for stateless tokens: `--secret`, else env `STATEBENCH_SECRET`, else a dev secret. */
  readonly secret: string;
  /** Idle lifetime of a session, refreshed on every use. @default 1800 */
  readonly ttlSeconds: number;
}

export interface ParseOptions {
  /** Stateless targets cannot run without a store. */
  readonly requireRedis: boolean;
}

/** Fixed so that every server of a fleet started without a secret still agrees on one. */
const DEV_SECRET = 'statebench-dev-secret-do-not-use-in-production';

const FLAGS = ['port', 'id', 'host', 'redis-url', 'key-prefix', 'secret', 'ttl-seconds'] as const;
type Flag = (typeof FLAGS)[number];

/** Parses `argv` (without node and script) into flags; returns every problem found. */
export function parseTargetArgs(
  argv: readonly string[],
  options: ParseOptions,
  env: NodeJS.ProcessEnv = process.env,
): { args: TargetArgs; problems: [] } | { args: undefined; problems: string[] } {
  const problems: string[] = [];
  const raw = new Map<Flag, string>();
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i] ?? '';
    const match = /^--([a-z-]+)(?:=(.*))?$/s.exec(token);
    const name = match?.[1];
    if (!match || !name || !(FLAGS as readonly string[]).includes(name)) {
      problems.push(`Unknown argument \`${token}\`.`);
      continue;
    }
    // `--port --id x` is a forgotten value, not a port named "--id".
    const next = argv[i + 1];
    const value = match[2] ?? (next !== undefined && !next.startsWith('--') ? argv[++i] : undefined);
    if (value === undefined) problems.push(`Expected a value after \`--${name}\`.`);
    else raw.set(name as Flag, value);
  }

  const port = Number(raw.get('port'));
  if (!raw.has('port')) problems.push('Missing required `--port <n>`.');
  else if (!/^\d+$/.test(raw.get('port') ?? '') || port > 65535) {
    problems.push(`Expected \`--port\` to be an integer from 0 to 65535, got \`${raw.get('port')}\`.`);
  }

  // The id travels in an HTTP header, so it must be a valid header value.
  const id = raw.get('id');
  if (id === undefined) problems.push('Missing required `--id <server-id>`.');
  else if (!/^[A-Za-z0-9._:-]+$/.test(id)) {
    problems.push(`Expected \`--id\` to use only letters, digits, '.', '_', ':' or '-', got \`${id}\`.`);
  }

  const redisUrl = raw.get('redis-url') ?? (env.REDIS_URL || undefined);
  if (redisUrl !== undefined && !/^rediss?:\/\/./.test(redisUrl)) {
    problems.push(`Expected \`--redis-url\` to look like redis://host:port, got \`${redisUrl}\`.`);
  } else if (redisUrl === undefined && options.requireRedis) {
    problems.push('Missing required `--redis-url <url>` (or env REDIS_URL) for a stateless target.');
  }

  const ttlRaw = raw.get('ttl-seconds') ?? '1800';
  const ttlSeconds = Number(ttlRaw);
  if (!/^\d+$/.test(ttlRaw) || ttlSeconds <= 0) {
    problems.push(`Expected \`--ttl-seconds\` to be a positive integer, got \`${ttlRaw}\`.`);
  }

  const secret = raw.get('secret') ?? (env.STATEBENCH_SECRET || DEV_SECRET);
  if (secret === '') problems.push('Expected `--secret` to be non-empty.');

  if (problems.some((p) => p.startsWith('Unknown'))) problems.push(`Known flags: ${FLAGS.map((f) => `--${f}`).join(', ')}.`);
  if (problems.length > 0 || id === undefined) return { args: undefined, problems };
  const host = raw.get('host') ?? '127.0.0.1';
  const keyPrefix = raw.get('key-prefix') ?? 'sb:';
  return { args: { port, id, host, redisUrl, keyPrefix, secret, ttlSeconds }, problems: [] };
}

/** Parses `process.argv`; on bad usage prints one line on stderr and exits 2. */
export function parseArgsOrExit(options: ParseOptions): TargetArgs {
  const { args, problems } = parseTargetArgs(process.argv.slice(2), options);
  if (args) return args;
  process.stderr.write(`${problems.join(' ')}\n`);
  process.exit(2);
}
