/**
 * The lock holder of a SQLite `store-pause` (see sqlite.ts). It starts, prints `ready`,
 * and waits: starting Node.js and loading SQLite takes a few hundred milliseconds on a
 * busy machine, which statebench spends before the fault, not in it. On a `lock` line it
 * opens the database file (the one there now: a `store-crash` may have replaced it),
 * takes its write lock with `BEGIN EXCLUSIVE`, prints `locked`, and holds it until its
 * stdin closes, then rolls back and exits. statebench holds the other end of that pipe,
 * and the kernel closes it when statebench ends, however it ends (`kill -9` included),
 * so the lock can never outlive the run, as with the watchdog (watchdog.ts).
 *
 * Run as `node sqlite-lock.js <database file>`.
 */
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';

/** How long to wait for a writer in flight to finish before giving up. */
const ACQUIRE_TIMEOUT_MS = 10_000;

const path = process.argv[2];
if (!path) {
  process.stderr.write('statebench sqlite-lock: expected a database file.\n');
  process.exit(2);
}

let db: Database.Database | undefined;
let released = false;
const release = (): void => {
  if (released) return;
  released = true;
  try {
    db?.exec('ROLLBACK');
    db?.close();
  } finally {
    process.exit(0);
  }
};
process.stdin.on('end', release);
process.stdin.on('close', release);
process.stdin.on('error', release);
process.stdin.resume();

/** Between two attempts: short, so a busy fleet's writers cannot keep the lock from us. */
const RETRY_MS = 1;
const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Takes the write lock, retrying every millisecond. SQLite's own busy handler sleeps
 * longer and longer between attempts (up to 100 ms); against servers that write all the
 * time, a short fixed retry takes the lock between two of their writes, so the pause
 * begins when it is meant to.
 */
function lock(db: Database.Database): void {
  const deadline = Date.now() + ACQUIRE_TIMEOUT_MS;
  for (;;) {
    try {
      db.exec('BEGIN EXCLUSIVE');
      return;
    } catch (error) {
      if ((error as { code?: string }).code !== 'SQLITE_BUSY' || Date.now() >= deadline) throw error;
      Atomics.wait(pause, 0, 0, RETRY_MS);
    }
  }
}

createInterface({ input: process.stdin }).once('line', () => {
  try {
    db = new Database(path, { fileMustExist: true, timeout: 0 });
    lock(db);
    process.stdout.write('locked\n');
  } catch (error) {
    process.stderr.write(`statebench sqlite-lock: cannot lock ${path}: ${(error as Error).message}\n`);
    process.exit(3);
  }
});
process.stdout.write('ready\n');
