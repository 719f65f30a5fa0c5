/**
 * The SQLite connection of a stateless target (targets/common/sqlite.ts), on real files:
 * WAL, all-or-nothing writes, a busy timeout that ends in 503, and a file deleted and
 * made anew under it (store-crash), which must never be read from its old copy.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { openSqlite, OutcomeUnknownError, sqliteErrorReply, StoreUnavailableError, type Sqlite } from '../../../targets/common/sqlite.js';

const SCHEMA = 'CREATE TABLE IF NOT EXISTS note (id INTEGER PRIMARY KEY, text TEXT NOT NULL);';
const opened: Sqlite[] = [];
const others: Database.Database[] = [];
const lines: string[] = [];

async function open(path: string, busyTimeoutMs = 2_000): Promise<Sqlite> {
  const db = await openSqlite({ path, schema: SCHEMA, log: (line) => lines.push(line), busyTimeoutMs });
  opened.push(db);
  return db;
}

/** A connection of another "process" (another server, the lock holder). */
function other(path: string): Database.Database {
  const db = new Database(path, { timeout: 0 });
  others.push(db);
  return db;
}

const fileIn = (): string => join(mkdtempSync(join(tmpdir(), 'sb-sqlite-unit-')), 'store.sqlite');
const texts = (db: Sqlite): Promise<string[]> => db.run((q) => (q('SELECT text FROM note ORDER BY id').all() as { text: string }[]).map((r) => r.text));
const add = (db: Sqlite, text: string): Promise<unknown> => db.write((q) => q('INSERT INTO note (text) VALUES (?)').run(text));

afterEach(() => {
  for (const db of opened.splice(0)) db.close();
  for (const db of others.splice(0)) if (db.open) db.close();
  lines.length = 0;
});

describe('openSqlite', () => {
  it('creates the file in WAL mode with the schema', async () => {
    const path = fileIn();
    const db = await open(path);
    await add(db, 'hello');
    expect(other(path).pragma('journal_mode', { simple: true })).toBe('wal');
    expect(await texts(db)).toEqual(['hello']);
  });

  it('applies a write transaction whole or not at all', async () => {
    const db = await open(fileIn());
    const failing = db.write((q) => {
      q('INSERT INTO note (text) VALUES (?)').run('half');
      throw new Error('the second half failed');
    });
    await expect(failing).rejects.toThrow('the second half failed');
    expect(await texts(db)).toEqual([]);
  });

  it('waits for a lock another connection holds, then gives up with a 503 after the busy timeout, nothing applied', async () => {
    const path = fileIn();
    const db = await open(path, 100);
    const holder = other(path);
    holder.exec('BEGIN EXCLUSIVE');
    const refused = await add(db, 'blocked').catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(StoreUnavailableError);
    expect(sqliteErrorReply(refused)).toMatchObject({ status: 503, body: { error: 'store unavailable' } });
    // WAL: readers go on while the writer's lock is held.
    expect(await texts(db)).toEqual([]);
    holder.exec('ROLLBACK');
    await add(db, 'after');
    expect(await texts(db)).toEqual(['after']);
  });

  it('succeeds when the lock is released within the busy timeout', async () => {
    const path = fileIn();
    const db = await open(path);
    const holder = other(path);
    holder.exec('BEGIN EXCLUSIVE');
    const waiting = add(db, 'waited');
    setTimeout(() => holder.exec('ROLLBACK'), 50);
    await waiting;
    expect(await texts(db)).toEqual(['waited']);
  });

  it('answers 503 while the file is gone, and then reads the new file, never the deleted one', async () => {
    const path = fileIn();
    const db = await open(path);
    await add(db, 'old');
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${path}${suffix}`, { force: true });
    const gone = await texts(db).catch((error: unknown) => error);
    expect(gone).toBeInstanceOf(StoreUnavailableError);
    expect(sqliteErrorReply(gone)).toMatchObject({ status: 503 });
    expect(db.tryWrite(() => 'ran')).toBeUndefined();

    // Another server opens the new file first and writes, its row still in the WAL.
    const server2 = await open(path);
    await add(server2, 'new');
    expect(await texts(db)).toEqual(['new']);
    expect(lines.some((line) => line.includes('is gone'))).toBe(true);
    expect(lines.some((line) => line.includes('opened anew'))).toBe(true);
    // Closing the old connection deleted no file of the new one: a third opener sees the row.
    expect(other(path).prepare('SELECT text FROM note').all()).toEqual([{ text: 'new' }]);
  });

  it('cannot open a file in a folder that does not exist: StoreUnreachableError', async () => {
    await expect(open(join(fileIn(), 'nope', 'store.sqlite'))).rejects.toMatchObject({ name: 'StoreUnreachableError' });
  });
});

describe('sqliteErrorReply', () => {
  it('tells 503 (nothing applied), 504 (applied in part) and 500 (a bug) apart', () => {
    const sqliteError = new Database.SqliteError('disk I/O error', 'SQLITE_IOERR');
    expect(sqliteErrorReply(sqliteError)).toEqual({ status: 503, body: { error: 'store unavailable' }, headers: undefined });
    expect(sqliteErrorReply(new OutcomeUnknownError(sqliteError))).toMatchObject({ status: 504, body: { error: 'store did not answer in time' } });
    expect(sqliteErrorReply(new TypeError('x is undefined'))).toMatchObject({ status: 500, body: { error: 'internal error' } });
  });
});
