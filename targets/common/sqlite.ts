/**
 * The SQLite database of a stateless target: one file that every server of a
 * one-machine fleet opens (docs/stores.md). better-sqlite3 is synchronous, so each call
 * here runs a few short statements and returns; no transaction is ever held across an
 * `await`, and waiting for a lock another process holds is done between attempts, off
 * the event loop, so one busy database does not stall every other request.
 *
 * The file may be deleted and created anew under a running server (statebench's
 * `store-crash`). An open connection would go on reading the deleted file, so every
 * call first compares the file's inode with the one it opened, and reopens on a change.
 */
import { statSync } from 'node:fs';
import Database from 'better-sqlite3';
import { json, type Reply } from './http.js';
import { StoreUnreachableError } from './stores.js';

type Connection = Database.Database;
type Statement = Database.Statement;

/** How long a call waits for a lock another connection holds before answering 503: Redis's command timeout. */
export const BUSY_TIMEOUT_MS = 2_000;

/** The store could not act, and nothing was applied: the file is gone, or stayed locked past the busy timeout. */
export class StoreUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnavailableError';
  }
}

/** Part of an operation was applied and the rest failed: what the store holds now is unknown to the client. */
export class OutcomeUnknownError extends Error {
  constructor(cause: unknown) {
    super(`store failed half-way: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'OutcomeUnknownError';
  }
}

/**
 * What a target answers when its SQLite store failed. A transaction that fails is rolled
 * back whole, so every SQLite error (busy past the timeout, the file gone, an I/O error)
 * means nothing was applied: `503 store unavailable`, as docs/protocols.md asks. Only an
 * operation made of separate statements can fail half-way: `504`, its outcome unknown.
 */
export function sqliteErrorReply(error: unknown): Reply {
  if (error instanceof OutcomeUnknownError) return json(504, { error: 'store did not answer in time' });
  if (error instanceof StoreUnavailableError || error instanceof Database.SqliteError) return json(503, { error: 'store unavailable' });
  return json(500, { error: 'internal error' });
}

/** The statements of the current connection, prepared once each. */
export type Query = (sql: string) => Statement;

export interface SqliteOptions {
  /** The database file every server of the fleet shares. */
  readonly path: string;
  /** `CREATE … IF NOT EXISTS` statements, run on every (re)open. */
  readonly schema: string;
  /** Receives one line when the file is found replaced or gone. */
  readonly log: (line: string) => void;
  /** @default BUSY_TIMEOUT_MS */
  readonly busyTimeoutMs?: number;
}

export interface Sqlite {
  /** Runs `work` in one write transaction (`BEGIN IMMEDIATE`): all of it is applied, or none. */
  write<T>(work: (q: Query) => T): Promise<T>;
  /** Runs `work` without a transaction of its own: each statement commits alone. */
  run<T>(work: (q: Query) => T): Promise<T>;
  /**
   * Runs `work` in a write transaction once, now, or answers `undefined` when the database
   * is locked or gone: for background chores that the next tick retries.
   */
  tryWrite<T>(work: (q: Query) => T): T | undefined;
  /** As `tryWrite`, without a transaction: for a cheap look before taking the write lock. */
  tryRun<T>(work: (q: Query) => T): T | undefined;
  close(): void;
}

const BUSY = new Set(['SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT', 'SQLITE_BUSY_RECOVERY', 'SQLITE_LOCKED']);
const isBusy = (error: unknown): boolean => error instanceof Database.SqliteError && BUSY.has(error.code);
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The file's identity, or undefined when there is no file. */
function identity(path: string): string | undefined {
  const stat = statSync(path, { throwIfNoEntry: false });
  return stat ? `${stat.dev}:${stat.ino}` : undefined;
}

/**
 * Opens (creating it when absent) the database at `path`, in WAL mode, with `schema`.
 * Throws `StoreUnreachableError` when it cannot: a folder that does not exist, a file
 * that is not a database, or one locked for longer than the busy timeout.
 */
export async function openSqlite(options: SqliteOptions): Promise<Sqlite> {
  const { path, schema, log, busyTimeoutMs = BUSY_TIMEOUT_MS } = options;
  let db: Connection | undefined;
  let opened: string | undefined;
  let statements = new Map<string, Statement>();

  /** Opens the file as it is now; the caller has checked that it exists (or may create it). */
  function open(create: boolean): Connection {
    const id = identity(path); // before opening: a file replaced in between is caught by the next call
    const next = new Database(path, { fileMustExist: !create, timeout: 0 });
    try {
      // WAL: readers never wait for the writer, and a SIGKILLed server loses nothing it committed.
      next.pragma('journal_mode = WAL');
      next.pragma('synchronous = NORMAL');
      next.exec(schema);
    } catch (error) {
      next.close();
      throw error;
    }
    opened = id ?? identity(path);
    statements = new Map();
    return next;
  }

  /** The connection to the file as it is now: reopened when it was replaced, refused when it is gone. */
  function current(): Connection {
    const id = identity(path);
    if (id === undefined) {
      if (opened !== undefined) log(`store file ${path} is gone: answering 503 until it is back`);
      opened = undefined;
      throw new StoreUnavailableError(`store file ${path} is gone`);
    }
    if (db && id === opened) return db;
    // SQLite sees that the old file was unlinked and closes it without a checkpoint, and
    // without deleting the -wal and -shm files by name (they are now the new file's).
    db?.close();
    db = undefined;
    db = open(false);
    log(`store file ${path} opened anew (inode ${id}): its data is what the new file holds`);
    return db;
  }

  const query: Query = (sql) => {
    let statement = statements.get(sql);
    if (!statement) statements.set(sql, (statement = (db as Connection).prepare(sql)));
    return statement;
  };

  /** Calls `attempt` until it is not busy, waiting between tries, for at most the busy timeout. */
  async function patiently<T>(attempt: () => T): Promise<T> {
    const deadline = Date.now() + busyTimeoutMs;
    for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
      try {
        return attempt();
      } catch (error) {
        if (!isBusy(error)) throw error;
        const left = deadline - Date.now();
        if (left <= 0) throw new StoreUnavailableError(`store locked for more than ${busyTimeoutMs} ms`);
        await sleep(Math.min(wait, left));
      }
    }
  }

  function unlessUnavailable<T>(attempt: () => T): T | undefined {
    try {
      return attempt();
    } catch (error) {
      if (isBusy(error) || error instanceof StoreUnavailableError) return undefined;
      throw error;
    }
  }

  const inTransaction = <T>(work: (q: Query) => T): T => current().transaction(() => work(query)).immediate();

  try {
    db = await patiently(() => open(true));
  } catch (error) {
    throw new StoreUnreachableError(`cannot open the SQLite store ${path}: ${(error as Error).message}`);
  }

  return {
    write: (work) => patiently(() => inTransaction(work)),
    run: (work) =>
      patiently(() => {
        current();
        return work(query);
      }),
    tryWrite: (work) => unlessUnavailable(() => inTransaction(work)),
    tryRun: (work) =>
      unlessUnavailable(() => {
        current();
        return work(query);
      }),
    close() {
      db?.close();
      db = undefined;
    },
  };
}
