/**
 * The fleet's SQLite file and its store faults (src/fleet/sqlite.ts), on a real file and a
 * real lock-holder process (compiled, from dist/: run `npm run build` first).
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { liveChildren } from '../../../src/fleet/children.js';
import { provideSqlite, type SqliteHandle } from '../../../src/fleet/sqlite.js';

const handles: SqliteHandle[] = [];
async function provide(standby = false): Promise<SqliteHandle> {
  const handle = await provideSqlite({ dir: join(mkdtempSync(join(tmpdir(), 'sb-fleet-sqlite-')), 'store'), standby });
  handles.push(handle);
  return handle;
}

/** Whether a writer could take the lock right now. */
function canWrite(path: string): boolean {
  const db = new Database(path, { timeout: 0 });
  try {
    db.exec('BEGIN IMMEDIATE; ROLLBACK');
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'SQLITE_BUSY') return false;
    throw error;
  } finally {
    db.close();
  }
}

const holders = (): string[] => [...liveChildren().values()].filter((label) => label === 'SQLite lock holder');

afterEach(async () => {
  for (const handle of handles.splice(0)) await handle.close();
});

describe('provideSqlite', () => {
  it('creates an empty database in WAL mode, in a folder it creates', async () => {
    const { path } = await provide();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare("SELECT count(*) AS n FROM sqlite_schema").get()).toEqual({ n: 0 });
    db.close();
  });

  it('store-pause holds the write lock until resume, through a child that is gone afterwards; reads go on', async () => {
    const { path, faults } = await provide();
    await faults.pause();
    expect(canWrite(path)).toBe(false);
    expect(holders()).toHaveLength(1);
    const reader = new Database(path, { readonly: true });
    expect(reader.prepare('SELECT 1 AS one').get()).toEqual({ one: 1 });
    reader.close();
    await faults.resume();
    expect(canWrite(path)).toBe(true);
    expect(holders()).toEqual([]);
    await faults.resume(); // twice is harmless
  });

  it('store-crash deletes the file and its -wal and -shm; restart makes a new, empty one', async () => {
    const { path, faults } = await provide();
    const db = new Database(path);
    db.exec('CREATE TABLE kept (x); INSERT INTO kept VALUES (1)');
    expect(existsSync(`${path}-wal`)).toBe(true);
    await faults.crash();
    for (const suffix of ['', '-wal', '-shm']) expect(existsSync(`${path}${suffix}`), suffix).toBe(false);
    await faults.restart();
    db.close();
    const fresh = new Database(path, { readonly: true });
    expect(fresh.prepare("SELECT count(*) AS n FROM sqlite_schema WHERE name = 'kept'").get()).toEqual({ n: 0 });
    fresh.close();
  });

  it('a pause while the file is gone takes no lock and leaves no child; close releases a pause and deletes the file', async () => {
    const handle = await provide();
    await handle.faults.crash();
    await handle.faults.pause();
    expect(holders()).toEqual([]);
    await handle.faults.restart();
    await handle.faults.pause();
    expect(canWrite(handle.path)).toBe(false);
    await handle.close();
    expect(holders()).toEqual([]);
    expect(existsSync(handle.path)).toBe(false);
  });

  it('with standby, a holder waits ready before the pause, locks the file there at the time (after a crash, the new one), and none is left after close', async () => {
    const handle = await provide(true);
    expect(holders()).toHaveLength(1);
    expect(canWrite(handle.path)).toBe(true); // waiting, not locking
    await handle.faults.crash();
    await handle.faults.restart();
    await handle.faults.pause();
    expect(canWrite(handle.path)).toBe(false);
    await handle.faults.resume();
    expect(canWrite(handle.path)).toBe(true);
    expect(holders()).toHaveLength(1); // the next one, ready for a repeating pause
    await handle.close();
    expect(holders()).toEqual([]);
  });
});
