/**
 * A fleet statebench did not start (docs/remote.md): `statebench fleet` runs apart, and
 * `run --url` drives it; an `exec:` fault kills one of its servers; two shards of one run
 * merge into the report one process would have written.
 */
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decode, encode, merge } from '../../src/metrics/histogram.js';
import type { RunResult } from '../../src/result.js';
import { BIN, statebench, waitForOutput } from '../helpers/cli.js';
import { processesOf } from '../helpers/processes.js';

const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';

interface ApartFleet {
  readonly child: ResultPromise;
  readonly balancer: string;
  readonly servers: readonly { id: string; url: string; pid: number }[];
}

/** `statebench fleet …` as a child, with the URLs and pids it prints. */
async function startFleet(args: readonly string[]): Promise<ApartFleet> {
  const child = execa(process.execPath, [BIN, 'fleet', ...args], { reject: false, env: { NO_COLOR: '1' }, stdin: 'ignore' });
  let err = '';
  child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const out = await waitForOutput(child, 'stdout', 'Ctrl-C').catch((error: Error) => {
    throw new Error(`${error.message}\n${err}`);
  });
  const balancer = /^balancer \([^)]*\): (\S+)$/m.exec(out)![1]!;
  const servers = [...out.matchAll(/^(server-\d+): (\S+) {2}pid (\d+)/gm)].map((m) => ({ id: m[1]!, url: m[2]!, pid: Number(m[3]) }));
  return { child, balancer, servers };
}

async function stopFleet(fleet: ApartFleet | undefined): Promise<void> {
  if (!fleet) return;
  fleet.child.kill('SIGINT');
  await fleet.child;
  expect(processesOf(fleet.child.pid!)).toEqual([]);
}

const readReport = (dir: string, match = /\.json$/): RunResult => {
  const file = readdirSync(dir).find((name) => match.test(name));
  return JSON.parse(readFileSync(join(dir, file!), 'utf8')) as RunResult;
};
const serverFlags = (fleet: ApartFleet) => fleet.servers.flatMap((server) => ['--server', `${server.id}=${server.url}`]);

describe('run --url: a fleet statebench did not start', () => {
  let sticky: ApartFleet | undefined;
  let bank: ApartFleet | undefined;

  beforeAll(async () => {
    // One after the other: a busy 2-core machine starts servers slowly.
    sticky = await startFleet(['pizza', '--design', 'stateful', '--servers', '3']);
    bank = await startFleet(['atm', '--design', 'stateless', '--servers', '2', '--store', 'redis', '--redis-url', REDIS_URL]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all([stopFleet(sticky), stopFleet(bank)]);
  }, 30_000);

  it('refuses a fault that needs a child statebench owns, naming exec: as the way, before any load', async () => {
    const result = await statebench(['run', 'pizza', '--url', sticky!.balancer, '--crash', 'server-1@1s']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toContain('exec:docker compose kill');
    expect(result.stderr).not.toContain('journeys');
  });

  it('an exec: fault kills one server of the sticky fleet, and its users lose their sessions', async () => {
    const out = mkdtempSync(join(tmpdir(), 'statebench-remote-'));
    const victim = sticky!.servers[0]!;
    const result = await statebench([
      'run', 'pizza', '--url', sticky!.balancer, ...serverFlags(sticky!), '--design', 'stateful', '--balancer', 'sticky',
      '--users', '12', '--duration', '3s', '--seed', '5', '--fault', `exec:kill -9 ${victim.pid}@1s`, '--out', out, '--quiet',
    ]);
    expect(result.exitCode, result.stderr).toBe(0);
    const report = readReport(out);
    const [run] = report.runs;
    expect(run!.proxy).toBe('external');
    expect(run!.arch).toBe('stateful');
    expect(run!.faults[0]!.exec).toEqual({ command: `kill -9 ${victim.pid}`, exitCode: 0, output: '' });
    expect(run!.requests.byServer[victim.id]).toBeGreaterThan(0);
    expect(run!.journeys.lost).toBeGreaterThan(0);
    expect(run!.sessionLoss.rate).toBeGreaterThan(0);
    expect(run!.logs).toEqual({});
  }, 60_000);

  describe('two shards, merged, against one unsharded run of the same seed', () => {
    const dirs = { one: '', two: '', whole: '' };
    let merged: RunResult;
    let shards: RunResult[];
    let whole: RunResult;
    const load = ['atm', '--design', 'stateless', '--users', '8', '--duration', '2s', '--joint', '50%', '--seed', '11'];

    beforeAll(async () => {
      for (const key of Object.keys(dirs) as (keyof typeof dirs)[]) dirs[key] = mkdtempSync(join(tmpdir(), `statebench-shard-${key}-`));
      const flags = ['--url', bank!.balancer, ...serverFlags(bank!), '--quiet'];
      // Both shards wait for one start, a few seconds off, so their clocks line up.
      const startAt = new Date(Date.now() + 6000).toISOString();
      const shardRun = (index: number, dir: string) =>
        statebench(['run', ...load, ...flags, '--shard', `${index}/2`, '--start-at', startAt, '--fault', 'exec:true@1s', '--out', dir]);
      // A fleet keeps its accounts between runs: the unsharded run gets a fresh one, and
      // runs meanwhile (each run's checker judges only its own accounts).
      const unshardedRun = async () => {
        const fresh = await startFleet(['atm', '--design', 'stateless', '--servers', '2', '--store', 'redis', '--redis-url', REDIS_URL]);
        try {
          return await statebench(['run', ...load, '--url', fresh.balancer, ...serverFlags(fresh), '--quiet', '--out', dirs.whole]);
        } finally {
          await stopFleet(fresh);
        }
      };
      const [one, two, unsharded] = await Promise.all([shardRun(1, dirs.one), shardRun(2, dirs.two), unshardedRun()]);
      expect(one.exitCode, one.stderr).toBe(0);
      expect(two.exitCode, two.stderr).toBe(0);
      expect(unsharded.exitCode, unsharded.stderr).toBe(0);
      shards = [readReport(dirs.one), readReport(dirs.two)];
      whole = readReport(dirs.whole);
      const mergedFile = join(dirs.whole, 'merged.out');
      const merging = await statebench(['merge', join(dirs.one, readdirSync(dirs.one).find((f) => f.endsWith('.json'))!), join(dirs.two, readdirSync(dirs.two).find((f) => f.endsWith('.json'))!), '--out', mergedFile]);
      expect(merging.exitCode, merging.stderr).toBe(0);
      merged = JSON.parse(readFileSync(mergedFile, 'utf8')) as RunResult;
    }, 240_000);

    it('names each shard in its report, and only the first fires the faults', () => {
      expect(shards.map((shard) => shard.shard)).toEqual([{ index: 1, count: 2, faultsFrom: 1 }, { index: 2, count: 2, faultsFrom: 1 }]);
      expect(shards[0]!.startedAt).toBe(shards[1]!.startedAt);
      expect(shards[0]!.runs[0]!.faults[0]!.exec?.exitCode).toBe(0);
      expect(shards[1]!.runs[0]!.faults[0]).toMatchObject({ kind: 'exec', atMs: 1000, firedByShard: 1 });
      expect(shards[1]!.runs[0]!.faults[0]!.exec).toBeUndefined();
      for (const shard of shards) expect(shard.runs[0]!.journeys.started).toBeGreaterThan(0);
    });

    it('adds the counts exactly', () => {
      const [a, b] = shards.map((shard) => shard.runs[0]!);
      const m = merged.runs[0]!;
      expect(merged.shards).toBe(2);
      expect(merged.shard).toBeUndefined();
      expect(merged.users).toBe(whole.users);
      expect(m.journeys).toEqual({
        started: a!.journeys.started + b!.journeys.started,
        completed: a!.journeys.completed + b!.journeys.completed,
        lost: a!.journeys.lost + b!.journeys.lost,
        failed: a!.journeys.failed + b!.journeys.failed,
      });
      expect(m.requests.total).toBe(a!.requests.total + b!.requests.total);
      expect(m.requests.byOutcome.ok).toBe(a!.requests.byOutcome.ok + b!.requests.byOutcome.ok);
      expect(m.timeline.reduce((sum, point) => sum + point.requests, 0)).toBe(m.requests.total);
    });

    it('merges the histograms exactly as merging them by hand does', () => {
      for (const name of Object.keys(whole.runs[0]!.histograms)) {
        const byHand = encode(merge(shards.map((shard) => decode(shard.runs[0]!.histograms[name]!))));
        expect(merged.runs[0]!.histograms[name], name).toBe(byHand);
      }
      expect(merged.runs[0]!.latency.count).toBe(shards[0]!.runs[0]!.latency.count + shards[1]!.runs[0]!.latency.count);
    });

    it('keeps the checkers agreeing with the unsharded run: no consistency error on a store-backed bank', () => {
      expect(whole.runs[0]!.consistency.errors).toBe(0);
      expect(merged.runs[0]!.consistency.errors).toBe(0);
      expect(merged.runs[0]!.consistency.byKind).toEqual(whole.runs[0]!.consistency.byKind);
    });

    it('is an ordinary report: report and compare read it', async () => {
      const path = join(dirs.whole, 'merged.json');
      writeFileSync(path, `${JSON.stringify(merged)}\n`);
      const shown = await statebench(['report', path]);
      expect(shown.exitCode, shown.stderr).toBe(0);
      expect(shown.stdout).toContain('stateless');
      const compared = await statebench(['compare', join(dirs.whole, readdirSync(dirs.whole).find((f) => f.endsWith('-atm.json'))!), path, '--allow-different']);
      expect([0, 1]).toContain(compared.exitCode);
    });

    it('refuses a report merged with itself, and reports of different seeds, with one line each', async () => {
      const first = join(dirs.one, readdirSync(dirs.one).find((f) => f.endsWith('.json'))!);
      const itself = await statebench(['merge', first, first]);
      expect(itself.exitCode).toBe(2);
      expect(itself.stderr.trim().split('\n')).toHaveLength(1);
      expect(itself.stderr).toContain('is shard 1/2 again');

      const other = join(dirs.two, 'other-seed.json');
      writeFileSync(other, JSON.stringify({ ...shards[1], seed: 12 }));
      const seeds = await statebench(['merge', first, other]);
      expect(seeds.exitCode).toBe(2);
      expect(seeds.stderr.trim().split('\n')).toHaveLength(1);
      expect(seeds.stderr).toContain('has seed 12');
    });
  });
});
