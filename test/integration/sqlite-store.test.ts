/**
 * The stateless designs on SQLite (`--store sqlite`, or `auto` without Redis): the same
 * verdicts as on Redis, the report names the store, and the store faults act on the file.
 */
import { mkdtempSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { RawRunOptions } from '../../src/config/run-config.js';
import type { RunResult } from '../../src/result.js';
import { BIN, statebench } from '../helpers/cli.js';
import { design, runScenario } from '../helpers/runs.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'statebench-sqlite-'));
const onSqlite = (scenario: string, raw: RawRunOptions): Promise<RunResult> => runScenario(scenario, { store: 'sqlite', ...raw });

describe('a machine without Redis', () => {
  it('`run pizza --crash server-1` runs on SQLite, says so in one line, and gives the same verdicts; the report says sqlite', async () => {
    // A PATH with node and nothing else, and no REDIS_URL: nothing but Node.js.
    const bin = tempDir();
    symlinkSync(process.execPath, join(bin, 'node'));
    const out = tempDir();
    const result = await execa('node', [BIN, 'run', 'pizza', '--crash', 'server-1@1s', '--duration', '2.5s', '--users', '30', '--seed', '3', '--out', out], {
      reject: false,
      extendEnv: false,
      env: { PATH: bin, NO_COLOR: '1' },
      cwd: out,
      stdin: 'ignore',
    });
    expect(result.exitCode, result.stderr).toBe(0);
    const lines = result.stderr.split('\n').filter((line) => line.includes('SQLite'));
    expect(lines).toEqual([
      'statebench: no Redis: --redis-url and REDIS_URL are unset and redis-server is not on PATH, so the stateless designs keep their state in SQLite (one file per fleet). ' +
        'For Redis, install redis-server or pass --redis-url; --store redis makes a missing Redis an error (docs/stores.md).',
    ]);
    const report = JSON.parse(readFileSync(join(out, readdirSync(out).find((name) => name.endsWith('.json'))!), 'utf8')) as RunResult;
    const stateful = design(report, 'stateful');
    const stateless = design(report, 'stateless');
    expect([stateful.store, stateless.store]).toEqual(['none', 'sqlite']);
    expect(stateful.sessionLoss.journeys).toBeGreaterThan(0);
    expect(stateless.sessionLoss.journeys).toBe(0);
    expect(result.stdout.split('\n').find((line) => /^\W*store\b/.test(line))).toMatch(/none.*sqlite/);
  });
});

describe('atm and chat on SQLite', () => {
  it('atm: the atomic withdrawal keeps the books; the naive read-modify-write still loses updates', async () => {
    const result = await onSqlite('atm', { design: 'stateless,stateless-naive', joint: '50%', think: '5ms', users: '16', duration: '2.5s', seed: '11' });
    const stateless = design(result, 'stateless');
    const naive = design(result, 'stateless-naive');
    expect([stateless.store, naive.store]).toEqual(['sqlite', 'sqlite']);
    expect(stateless.consistency.errors).toBe(0);
    expect(naive.consistency.byKind['lost-update']).toBeGreaterThan(0);
  });

  it('chat: stateless loses no message, delivered between servers through the outbox', async () => {
    const result = await onSqlite('chat', { design: 'stateless', users: '12', duration: '2.5s', think: '50ms', seed: '21' });
    const stateless = design(result, 'stateless');
    expect(stateless.store).toBe('sqlite');
    expect(stateless.consistency.byKind.lost).toBe(0);
    expect(stateless.consistency.errors).toBe(0);
    expect(stateless.latencyByStep.delivery?.count).toBeGreaterThan(0);
    // The outbox's polling interval is what delivery between servers waits for: the report says it.
    expect(stateless.storePollMs).toBe(50);
    expect(stateless.notes).toContain('the servers poll their store every 50 ms for what other servers wrote: delivery between servers waits up to that long');
  });
});

describe('store faults on SQLite', () => {
  const PIZZA: RawRunOptions = { design: 'stateless', users: '8', think: '10ms', seed: '2' };

  it('store-crash deletes the file: the stateless design loses sessions, and the note says what happened', async () => {
    const stateless = design(await onSqlite('pizza', { ...PIZZA, duration: '2.5s', fault: ['store-crash@1s+500ms'] }), 'stateless');
    expect(stateless.sessionLoss.journeys).toBeGreaterThan(0);
    expect(stateless.notes).toEqual(['the store (SQLite) had its file deleted at 1.0 s and came back empty: it lost its state']);
  });

  it('store-pause holds the write lock: writes fail (503) during the window, none after, and no session is lost', async () => {
    const stateless = design(await onSqlite('pizza', { ...PIZZA, duration: '3.5s', fault: ['store-pause@500ms+2500ms'] }), 'stateless');
    const [phase] = stateless.phases ?? [];
    expect(phase!.during.errors).toBeGreaterThan(0);
    expect(phase!.after.errors).toBe(0);
    expect(stateless.sessionLoss.journeys).toBe(0);
  });
});

describe('check on SQLite', () => {
  it('`check pizza --store sqlite` gives the stateless design its own file and it conforms', async () => {
    const result = await statebench(['check', 'pizza', '--design', 'stateless', '--store', 'sqlite'], { REDIS_URL: undefined });
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^pizza\/stateless conforms: \d+ passed, 0 failed/m);
  });
});
