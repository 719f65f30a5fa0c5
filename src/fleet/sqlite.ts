/**
 * The SQLite store of a stateless fleet (docs/stores.md): one database file in the run's
 * folder that every server of the fleet opens with `--store sqlite --store-path <file>`.
 * statebench creates it empty, faults it, and deletes it at the end.
 *
 * - `store-pause` holds the database's write lock for the span: a small child process
 *   (sqlite-lock.ts) opens the file and stays inside `BEGIN EXCLUSIVE`. In WAL mode
 *   readers go on; a server's write waits out its busy timeout and answers 503. With
 *   `standby`, a holder is started ahead, so the lock is taken within milliseconds of
 *   the fault rather than after a Node.js start.
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
  /**
   * Keep a lock holder started and waiting, so that a `store-pause` takes the lock at once
   * (a run whose plan has one). @default false
   */
  readonly standby?: boolean;
}

/** How long a lock holder may take to let go once told, before it is killed. */
const RELEASE_TIMEOUT_MS = 2_000;

/** Creates an empty database at `<dir>/store.sqlite` (replacing any old one) and returns its handle. */
export async function provideSqlite({ dir, name = 'store.sqlite', standby = false }: ProvideSqliteOptions): Promise<SqliteHandle> {
  const path = join(dir, name);
  try {
    mkdirSync(dir, { recursive: true });
    removeDatabase(path);
    createEmpty(path);
  } catch (error) {
    throw new EnvironmentError(`Could not create the SQLite store ${path}: ${(error as Error).message}`);
  }
  return new SqliteStore(path, standby);
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

/** One lock-holder process: started, then told to lock, then told (by its stdin closing) to let go. */
class LockHolder {
  readonly exited: Promise<void>;
  private readonly lines: string[] = [];
  private readonly waiting: ((line: string | undefined) => void)[] = [];
  private readonly child: ChildProcess;
  /** Its pipes are closed: no line will come. */
  private gone = false;

  constructor(path: string) {
    const child = spawn(process.execPath, [lockHolderPath(), path], {
      // Its stdin is its lifeline: closed by release(), or by the kernel when statebench ends.
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    this.child = child;
    child.on('error', () => {}); // a holder that cannot start: no lock, and `close` still ends the waits
    child.stdin?.on('error', () => {});
    trackChild(child.pid, 'SQLite lock holder');
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const waiter = this.waiting.shift();
      if (waiter) waiter(line);
      else this.lines.push(line);
    });
    this.exited = new Promise<void>((resolve) => {
      const gone = () => {
        this.gone = true;
        untrackChild(child.pid);
        for (const waiter of this.waiting.splice(0)) waiter(undefined);
        resolve();
      };
      child.once('close', gone);
      child.once('error', gone);
    });
  }

  get running(): boolean {
    return !this.gone && isRunning(this.child);
  }

  /** Its next line, or undefined once it has exited. */
  private nextLine(): Promise<string | undefined> {
    const line = this.lines.shift();
    if (line !== undefined) return Promise.resolve(line);
    if (this.gone) return Promise.resolve(undefined);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  /** Resolves once the lock is held, or the holder has given up (the file is gone). */
  async lock(): Promise<void> {
    if ((await this.nextLine()) !== 'ready') return;
    this.child.stdin?.write('lock\n');
    await this.nextLine(); // `locked`, or undefined: it could not lock and exited
  }

  /** Rolls back and ends the holder; SIGKILL if it does not go in time. */
  async release(): Promise<void> {
    this.child.stdin?.end();
    const timer = setTimeout(() => signalChild(this.child, 'SIGKILL'), RELEASE_TIMEOUT_MS);
    await this.exited;
    clearTimeout(timer);
  }
}

class SqliteStore implements SqliteHandle, SqliteFaults {
  /** Holding the lock now. */
  private holder: LockHolder | undefined;
  /** Started and waiting for the next pause (with `standby`). */
  private standby: LockHolder | undefined;
  private closed = false;

  constructor(
    readonly path: string,
    private readonly keepStandby: boolean,
  ) {
    if (keepStandby) this.standby = new LockHolder(path);
  }

  get faults(): SqliteFaults {
    return this;
  }

  async pause(): Promise<void> {
    if (this.holder?.running) return;
    const holder = this.standby?.running ? this.standby : new LockHolder(this.path);
    this.standby = undefined;
    this.holder = holder;
    await holder.lock();
  }

  async resume(): Promise<void> {
    const holder = this.holder;
    if (!holder) return;
    this.holder = undefined;
    await holder.release();
    // A repeating pause (every=) finds the next holder ready too.
    if (this.keepStandby && !this.closed) this.standby = new LockHolder(this.path);
  }

  async crash(): Promise<void> {
    await this.resume();
    removeDatabase(this.path);
  }

  async restart(): Promise<void> {
    createEmpty(this.path);
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.resume();
    await this.standby?.release();
    this.standby = undefined;
    removeDatabase(this.path);
    removeDatabase(`${this.path}.new`);
  }
}
