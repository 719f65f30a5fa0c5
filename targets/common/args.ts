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
  /** Where a stateless target keeps its state: `--store`. @default 'redis' */
  readonly store: StoreKind;
  /** Redis URL (`--store redis`): `--redis-url`, else env `REDIS_URL`. */
  readonly redisUrl: string | undefined;
  /** The SQLite database file (`--store sqlite`) that every server of the fleet opens. */
  readonly storePath: string | undefined;
  /** How often a server polls the SQLite outbox for frames other servers routed to it (chat). @default 50 */
  readonly pollMs: number;
  /** Prefix of every Redis key, so runs sharing one Redis do not collide. @default 'sb:' */
  readonly keyPrefix: string;
  /**
   * HMAC key of the tokens this target signs: `--secret`, else env `STATEBENCH_SECRET`,
   * else, with `--insecure-dev-secret`, a fixed public one. Empty for a target that signs
   * nothing and was given none.
   */
  readonly secret: string;
  /** True when `secret` is the public development secret. */
  readonly insecureSecret: boolean;
  /** Idle lifetime of a session, refreshed on every use. @default 1800 */
  readonly ttlSeconds: number;
  /** Absolute lifetime of a signed token (its `exp`), in seconds. @default 43200 */
  readonly tokenTtlSeconds: number;
}

/** The stores a stateless target can keep its state in (docs/stores.md). */
export const STORE_KINDS = ['redis', 'sqlite'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

export interface ParseOptions {
  /** Stateless targets cannot run without a store: `--redis-url`, or `--store-path` with `--store sqlite`. */
  readonly requireStore: boolean;
  /** Targets that sign tokens cannot run without a secret (or `--insecure-dev-secret`). */
  readonly requireSecret: boolean;
}

/**
 * Fixed so that every server of a fleet started by hand with `--insecure-dev-secret`
 * still agrees on one. It is in the source code, so anyone can sign tokens with it.
 */
export const DEV_SECRET = 'statebench-dev-secret-do-not-use-in-production';
/** RFC 7518 §3.2: an HS256 key of at least the hash's size, 256 bits. */
const MIN_SECRET_BYTES = 32;

const FLAGS = [
  'port',
  'id',
  'host',
  'store',
  'redis-url',
  'store-path',
  'poll-ms',
  'key-prefix',
  'secret',
  'insecure-dev-secret',
  'ttl-seconds',
  'token-ttl-seconds',
] as const;
type Flag = (typeof FLAGS)[number];
/** Flags that take no value. */
const SWITCHES: readonly Flag[] = ['insecure-dev-secret'];

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
    if (SWITCHES.includes(name as Flag)) {
      if (match[2] === undefined) raw.set(name as Flag, '');
      else problems.push(`Expected no value after \`--${name}\`, got \`${match[2]}\`.`);
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

  const { store, redisUrl, storePath } = resolveStore(raw, env, options, problems);
  const pollMs = positiveInteger(raw, 'poll-ms', '50', problems);
  const ttlSeconds = positiveInteger(raw, 'ttl-seconds', '1800', problems);
  const tokenTtlSeconds = positiveInteger(raw, 'token-ttl-seconds', '43200', problems);
  const { secret, insecureSecret } = resolveSecret(raw, env, options, problems);

  if (problems.some((p) => p.startsWith('Unknown'))) problems.push(`Known flags: ${FLAGS.map((f) => `--${f}`).join(', ')}.`);
  if (problems.length > 0 || id === undefined) return { args: undefined, problems };
  const host = raw.get('host') ?? '127.0.0.1';
  const keyPrefix = raw.get('key-prefix') ?? 'sb:';
  return {
    args: { port, id, host, store, redisUrl, storePath, pollMs, keyPrefix, secret, insecureSecret, ttlSeconds, tokenTtlSeconds },
    problems: [],
  };
}

function positiveInteger(raw: ReadonlyMap<Flag, string>, flag: Flag, fallback: string, problems: string[]): number {
  const text = raw.get(flag) ?? fallback;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value <= 0 || !Number.isSafeInteger(value)) {
    problems.push(`Expected \`--${flag}\` to be a positive integer, got \`${text}\`.`);
  }
  return value;
}

/** The store and where it is: a Redis URL, or a SQLite file; each flag only with its own store. */
function resolveStore(raw: ReadonlyMap<Flag, string>, env: NodeJS.ProcessEnv, options: ParseOptions, problems: string[]) {
  const text = raw.get('store') ?? 'redis';
  const store = (STORE_KINDS as readonly string[]).includes(text) ? (text as StoreKind) : undefined;
  if (store === undefined) problems.push(`Expected \`--store\` to be one of ${STORE_KINDS.join(', ')}, got \`${text}\`.`);
  const storePath = raw.get('store-path');
  if (store === 'sqlite') {
    if (storePath === '') problems.push('Expected `--store-path` to name a file, got an empty value.');
    else if (storePath === undefined && options.requireStore) problems.push('Missing required `--store-path <file>` for `--store sqlite`.');
    if (raw.has('redis-url')) problems.push('Expected no `--redis-url` with `--store sqlite`: the store is the `--store-path` file.');
    return { store, redisUrl: undefined, storePath };
  }
  if (storePath !== undefined) problems.push('Expected `--store-path` only with `--store sqlite`.');
  const redisUrl = raw.get('redis-url') ?? (env.REDIS_URL || undefined);
  if (redisUrl !== undefined && !/^rediss?:\/\/./.test(redisUrl)) {
    problems.push(`Expected \`--redis-url\` to look like redis://host:port, got \`${redisUrl}\`.`);
  } else if (redisUrl === undefined && options.requireStore && store === 'redis') {
    problems.push('Missing required `--redis-url <url>` (or env REDIS_URL) for a stateless target.');
  }
  return { store: store ?? 'redis', redisUrl, storePath: undefined };
}

/** The signing key, checked; never echoed in a message, only its length. */
function resolveSecret(raw: ReadonlyMap<Flag, string>, env: NodeJS.ProcessEnv, options: ParseOptions, problems: string[]) {
  const given = raw.get('secret') ?? (env.STATEBENCH_SECRET || undefined);
  const source = raw.has('secret') ? '`--secret`' : 'env STATEBENCH_SECRET';
  if (given !== undefined) {
    const bytes = Buffer.byteLength(given);
    if (bytes < MIN_SECRET_BYTES) problems.push(`Expected ${source} to be at least ${MIN_SECRET_BYTES} bytes, got ${bytes}.`);
    return { secret: given, insecureSecret: false };
  }
  if (raw.has('insecure-dev-secret')) return { secret: DEV_SECRET, insecureSecret: true };
  const alreadySaid = problems.some((problem) => problem.includes('`--secret`'));
  if (options.requireSecret && !alreadySaid) {
    problems.push(
      `Missing required \`--secret <key>\` (or env STATEBENCH_SECRET), the key of ${MIN_SECRET_BYTES}+ bytes that signs this fleet's tokens; ` +
        '`--insecure-dev-secret` uses a fixed public one, for trying a server by hand.',
    );
  }
  return { secret: '', insecureSecret: false };
}

/** Parses `process.argv`; on bad usage prints one line on stderr and exits 2. */
export function parseArgsOrExit(options: ParseOptions): TargetArgs {
  const { args, problems } = parseTargetArgs(process.argv.slice(2), options);
  if (args) {
    if (args.insecureSecret && options.requireSecret) {
      process.stderr.write(`${args.id}: signing tokens with the public development secret (--insecure-dev-secret): anyone can forge them\n`);
    }
    return args;
  }
  process.stderr.write(`${problems.join(' ')}\n`);
  process.exit(2);
}
