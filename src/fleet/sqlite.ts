/**
 * The SQLite store of a stateless fleet (docs/stores.md): one database file in the run's
 * folder that every server of the fleet opens with `--store sqlite --store-path <file>`.
 * statebench creates it empty, faults it, and deletes it at the end.
 *
 * - `store-pause` holds the database's write lock for the span: a small child process
 *   (sqlite-lock.ts) opens the file and stays inside `BEGIN EXCLUSIVE`. In WAL mode
 *   readers go on; a server's write waits out its busy timeout and answers 503.
 * - `store-crash` deletes the file with its `-wal` and `-shm`: the data is gone, and the
 *   servers answer 503 until the restart creates it again, empty. They notice the new
 *   file by its inode and reopen it, so none goes on with the deleted one.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { EnvironmentError } from '../errors.js';
import { trackChild, untrackChild } from './children.js';
import type { StoreFaults } from './redis.js';
import { isRunning, signalChild } from './signal.js';

/** What the chaos vocabulary can do to the SQLite file; pause and resume resolve once in effect. */
export interface SqliteFaults extends StoreFaults {
  /** Resolves once the write lock is held (or could not be taken: the file is gone). */
  pause(): Promise<void>;
  /** Resolves once the lock is released. */
  resume(): Promise<void>;
}

/** The SQLite database a stateless fleet keeps its state in. */
export interface SqliteHandle {
  /** The file every server opens: `--store-path`. */
  readonly path: string;
  readonly faults: SqliteFaults;
  /** Releases a pause and deletes the file. */
  close(): Promise<void>;
}

export interface ProvideSqliteOptions {
  /** The folder of the database file, created when absent. */
  readonly dir: string;
  /** @default 'store.sqlite' */
  readonly name?: string;
}

/** How long a lock holder may take to let go once told, before it is killed. */
const RELEASE_TIMEOUT_MS = 2_000;

/** Creates an empty database at `<dir>/store.sqlite` (replacing any old one) and returns its handle. */
export async function provideSqlite({ dir, name = 'store.sqlite' }: ProvideSqliteOptions): Promise<SqliteHandle> {
  const path = join(dir, name);
  try {
    mkdirSync(dir, { recursive: true });
    removeDatabase(path);
    createEmpty(path);
  } catch (error) {
    throw new EnvironmentError(`Could not create the SQLite store ${path}: ${(error as Error).message}`);
  }
  return new SqliteStore(path);
}

const SIDE_FILES = ['-wal', '-shm', '-journal'];

function removeDatabase(path: string): void {
  for (const suffix of ['', ...SIDE_FILES]) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * An empty database in WAL mode, made under another name and renamed into place, so a
 * server never opens a half-made file.
 */
function createEmpty(path: string): void {
  const draft = `${path}.new`;
  removeDatabase(draft);
  const db = new Database(draft);
  db.pragma('journal_mode = WAL');
  db.close(); // the last connection: SQLite removes the draft's -wal and -shm
  renameSync(draft, path);
}

/** The compiled lock holder: next to this file in dist/, or in dist/ when running from the sources (tests). */
function lockHolderPath(): string {
  for (const candidate of [new URL('./sqlite-lock.js', import.meta.url), new URL('../../dist/src/fleet/sqlite-lock.js', import.meta.url)]) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  throw new EnvironmentError(`The lock holder ${fileURLToPath(new URL('./sqlite-lock.js', import.meta.url))} is missing; build first (npm run build).`);
}

class SqliteStore implements SqliteHandle, SqliteFaults {
  private holder: ChildProcess | undefined;
  private holderExited: Promise<void> = Promise.resolve();

  constructor(readonly path: string) {}

  get faults(): SqliteFaults {
    return this;
  }

  async pause(): Promise<void> {
    if (this.holder && isRunning(this.holder)) return;
    const holder = spawn(process.execPath, [lockHolderPath(), this.path], {
      // Its stdin is its lifeline: closed by resume(), or by the kernel when statebench ends.
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    holder.on('error', () => {}); // a holder that cannot start: no lock, and `exit` still ends the wait
    holder.stdin?.on('error', () => {});
    this.holder = holder;
    trackChild(holder.pid, 'SQLite lock holder');
    this.holderExited = new Promise<void>((resolve) => {
      holder.once('close', () => resolve(untrackChild(holder.pid)));
      holder.once('error', () => resolve(untrackChild(holder.pid)));
    });
    const locked = new Promise<void>((resolve) => createInterface({ input: holder.stdout! }).once('line', () => resolve()));
    await Promise.race([locked, this.holderExited]);
  }

  async resume(): Promise<void> {
    const holder = this.holder;
    if (!holder) return;
    this.holder = undefined;
    holder.stdin?.end(); // the holder rolls back and exits
    const timer = setTimeout(() => signalChild(holder, 'SIGKILL'), RELEASE_TIMEOUT_MS);
    await this.holderExited;
    clearTimeout(timer);
  }

  async crash(): Promise<void> {
    await this.resume();
    removeDatabase(this.path);
  }

  async restart(): Promise<void> {
    createEmpty(this.path);
  }

  async close(): Promise<void> {
    await this.resume();
    removeDatabase(this.path);
    removeDatabase(`${this.path}.new`);
  }
}
