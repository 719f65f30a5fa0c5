/**
 * How to start one server of a fleet: a command, its working directory and an
 * environment, with `{port}`, `{id}`, `{redisUrl}`, `{keyPrefix}`, `{storePath}` and
 * `{secret}` placeholders. Every design is one, read from a target file (docs/targets.md): the
 * reference designs from `targets/<scenario>/designs.json`, a user's own from `--target`.
 */
export interface TargetDefinition {
  /** The design's name in its file, e.g. `stateless`: the report's column. */
  readonly name: string;
  /** The command, `{node}` already replaced by the Node.js running statebench. */
  readonly command: string;
  readonly args: readonly string[];
  /** Absolute. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Answers 200 once the server is ready. @default '/healthz' */
  readonly healthPath: string;
  /** How long a server may take to answer `healthPath` after it is started (a target file's `readyTimeout`). @default READY_TIMEOUT_MS */
  readonly readyTimeoutMs?: number;
  /**
   * Where the design keeps its state: a name in `STORES` (src/designs/stores.ts). For a
   * design that runs on several stores, the first it names, until `--store` picks one.
   */
  readonly store: string;
  /**
   * A design that runs on several stores: the args each adds to `args` (a target file's
   * `store` object). Absent once a store is picked (see `onStore`), or for a design of one store.
   */
  readonly storeArgs?: Readonly<Record<string, readonly string[]>>;
}

/** How long a server may take to get ready, unless its target file says otherwise: 10 s. */
export const READY_TIMEOUT_MS = 10_000;

/** Values for the placeholders of one server. */
export interface TargetSlot {
  readonly port: number;
  readonly id: string;
  readonly redisUrl?: string;
  readonly keyPrefix?: string;
  /** The SQLite database file the fleet shares (`store: sqlite`). */
  readonly storePath?: string;
  /** The fleet's signing key, drawn at random per fleet and shared by its servers. */
  readonly secret?: string;
}

/** The placeholders a target file may use in `args` and `env` (`{node}` is for `command`). */
export const PLACEHOLDERS = ['port', 'id', 'redisUrl', 'keyPrefix', 'storePath', 'secret'] as const;

export function fillPlaceholders(text: string, slot: TargetSlot): string {
  return text
    .replaceAll('{port}', String(slot.port))
    .replaceAll('{id}', slot.id)
    .replaceAll('{redisUrl}', slot.redisUrl ?? '')
    .replaceAll('{keyPrefix}', slot.keyPrefix ?? '')
    .replaceAll('{storePath}', slot.storePath ?? '')
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
