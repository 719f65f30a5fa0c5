import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { BIN, expectUsageError, statebench, waitForOutput } from '../helpers/cli.js';
import { processesMatching, processesOf } from '../helpers/processes.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'statebench-cli-'));

describe('statebench CLI', () => {
  // Each flag's usage error is checked in-process (test/unit/cli/main.test.ts); this is
  // the real binary's exit code and stderr for one of them.
  it('rejects a bad flag value with exit 2 and one line naming the flag and the value', async () => {
    await expectUsageError(['run', 'pizza', '--users', '0'], '`--users`', '0');
  });

  it.each([
    [['run', 'pizza', '--userz', '5'], "statebench: unknown option '--userz' (did you mean --users?)"],
    [['scenarios', 'pizza'], 'statebench: unexpected argument `pizza` for `scenarios` (it takes none).'],
  ])('refuses %j with exit 2 and exactly one line', async (args, line) => {
    const result = await statebench(args);
    expect(result.exitCode).toBe(2);
    expect(result.stderr.split('\n')).toEqual([line]);
  });

  it.each([
    ['--out', (file: string) => ['--out', join(file, 'reports')], (file: string) => `\`${file}\` is a file, not a folder (ENOTDIR)`],
    ['--out', () => ['--out', '/proc/x'], () => 'could not create the folder `/proc/x` (ENOENT)'],
    ['--hdr-log', (file: string) => ['--hdr-log', join(file, 'latency.hlog')], (file: string) => `\`${file}\` is a file, not a folder (ENOTDIR)`],
  ])('exits 3 before any load when %s cannot be written, naming the flag and the path', async (flag, args, why) => {
    const file = join(tempDir(), 'plain');
    writeFileSync(file, 'a file, not a folder');
    const [, path] = args(file);
    // The timeout only keeps a regression (mkdir spinning on /proc) from outliving the test.
    const result = await execa(process.execPath, [BIN, 'run', 'pizza', '--users', '1', '--duration', '1s', '--out', tempDir(), ...args(file)], {
      reject: false,
      env: { NO_COLOR: '1' },
      stdin: 'ignore',
      timeout: 30_000,
    });
    expect(result.exitCode).toBe(3);
    expect(result.stderr.split('\n')).toEqual([`statebench: Cannot write to \`${flag}\` \`${path}\`: ${why(file)}.`]);
    expect(result.stdout).toBe('');
  });

  it('with --store redis, exits 3 with a clear message when the given Redis does not answer', async () => {
    // (--store auto would use SQLite instead, saying so: docs/stores.md)
    const result = await statebench(['run', 'pizza', '--arch', 'stateless', '--store', 'redis', '--redis-url', 'redis://127.0.0.1:1', '--out', tempDir()]);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toContain('Redis at redis://127.0.0.1:1 did not answer PING');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('lists the scenarios and their designs', async () => {
    const result = await statebench(['scenarios']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(/^pizza /m);
    expect(result.stdout).toContain('stateful');
    expect(result.stdout).toContain('sticky');
  });

  it('runs, prints a plain table under NO_COLOR and writes a whole JSON report', async () => {
    const out = tempDir();
    const result = await statebench(['run', 'pizza', '--users', '5', '--duration', '2s', '--seed', '3', '--crash', 'server-1@1s', '--out', out]);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stdout).not.toContain("\u001b[");
    expect(result.stdout).toContain('stateful');
    expect(result.stdout).toContain('stateless');
    const path = /report: (.+\.json)/.exec(result.stdout)?.[1];
    expect(path).toBeDefined();
    const report = JSON.parse(readFileSync(path!, 'utf8'));
    expect(report).toMatchObject({ schema: 'statebench/report@1', scenario: 'pizza', seed: 3, durationMs: 2000 });
    expect(report.faults).toEqual([{ atMs: 1000, kind: 'crash', target: 'server-1', label: 'crash server-1', spec: 'crash:server-1@1s' }]);
    expect(report.runs.map((r: { arch: string }) => r.arch)).toEqual(['stateful', 'stateless']);
    for (const archRun of report.runs) {
      expect(Object.keys(archRun)).toEqual(expect.arrayContaining(['journeys', 'sessionLoss', 'consistency', 'requests', 'latency', 'timeline', 'logs']));
      expect(archRun.timeline).toHaveLength(2);
    }
    expect(result.stderr).toContain('seed 3');
  });

  it('prints the seed it drew, so the run can be replayed', async () => {
    const result = await statebench(['run', 'pizza', '--arch', 'stateful', '--users', '2', '--duration', '1s', '--out', tempDir(), '--quiet']);
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(readFileSync(/report: (.+\.json)/.exec(result.stdout)![1]!, 'utf8'));
    expect(result.stdout + result.stderr).toContain(`--seed ${report.seed}`);
  });

  it('on SIGINT stops every server, the balancer and its private Redis, and writes no report', async () => {
    const out = tempDir();
    const env = { ...process.env, NO_COLOR: '1', REDIS_URL: '' };
    const child = execa(process.execPath, [BIN, 'run', 'pizza', '--arch', 'stateless', '--users', '5', '--duration', '60s', '--out', out], {
      reject: false,
      env,
      stdin: 'ignore',
    });
    const seen = await waitForOutput(child, 'stderr', 'journeys');
    const redisAddress = /redis: redis:\/\/(127\.0\.0\.1:\d+) \(private/.exec(seen)?.[1];
    expect(redisAddress, seen).toBeDefined();
    expect(processesMatching(`redis-server ${redisAddress}`)).toHaveLength(1);
    expect(processesOf(child.pid!).length).toBeGreaterThanOrEqual(4); // 3 servers and the balancer
    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(130);
    expect(result.stderr).toContain('no report written');
    expect(processesOf(child.pid!)).toEqual([]);
    expect(processesMatching(`redis-server ${redisAddress}`)).toEqual([]);
    expect(readdirSync(out).filter((name) => name.endsWith('.json'))).toEqual([]);
  });
});
