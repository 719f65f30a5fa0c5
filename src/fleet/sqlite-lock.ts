/**
 * The lock holder of a SQLite `store-pause` (see sqlite.ts): it opens the database file,
 * takes its write lock with `BEGIN EXCLUSIVE`, prints `locked`, and holds it until its
 * stdin closes, then rolls back and exits. statebench holds the other end of that pipe,
 * and the kernel closes it when statebench ends, however it ends (`kill -9` included),
 * so the lock can never outlive the run, as with the watchdog (watchdog.ts).
 *
 * Run as `node sqlite-lock.js <database file>`.
 */
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

try {
  db = new Database(path, { fileMustExist: true, timeout: ACQUIRE_TIMEOUT_MS });
  db.exec('BEGIN EXCLUSIVE');
  process.stdout.write('locked\n');
} catch (error) {
  process.stderr.write(`statebench sqlite-lock: cannot lock ${path}: ${(error as Error).message}\n`);
  process.exit(3);
}
