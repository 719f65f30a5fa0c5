/**
 * Target files: a service statebench did not write, started from a JSON file, runs the
 * same journeys, faults and checkers as the reference designs, in every scenario.
 */
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../../src/result.js';
import { BIN, statebench, waitForOutput } from '../helpers/cli.js';
import { processesOf } from '../helpers/processes.js';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'targets');
const REDIS = { REDIS_URL: process.env.REDIS_URL ?? 'redis://127.0.0.1:6379' };
const tempDir = () => mkdtempSync(join(tmpdir(), 'statebench-target-'));

/** Runs the CLI with its report in a fresh folder; returns the exit, the output and the report. */
async function runCli(args: readonly string[]) {
  const out = tempDir();
  const result = await statebench([...args, '--out', out, '--quiet'], REDIS);
  const reports = readdirSync(out).filter((name) => name.endsWith('.json'));
  const report = reports.length === 1 ? (JSON.parse(readFileSync(join(out, reports[0]!), 'utf8')) as RunResult) : undefined;
  return { ...result, report, reports };
}

/** What a user reads off a run: per design, its balancer and whether it lost sessions or books. */
function verdicts(report: RunResult | undefined) {
  return report?.runs.map((run) => ({
    design: run.arch,
    balancer: run.balancer,
    lostSessions: run.sessionLoss.journeys > 0,
    consistencyErrors: run.consistency.errors > 0,
  }));
}

describe('run --target', () => {
  it('the reference pizza file gives the verdicts of `run pizza`: a crash loses in-memory sessions, none in Redis', async () => {
    // 30 users: with 10, a crash found no session under way on server-1 in about one run in nine.
    const flags = ['--crash', 'server-1@1s', '--duration', '3s', '--users', '30', '--seed', '7'];
    const [reference, throughFile] = await Promise.all([
      runCli(['run', 'pizza', ...flags]),
      // `both` is the default of `run pizza`; a target file's default is `all` (stateless-naive too).
      runCli(['run', 'pizza', '--target', join('targets', 'pizza', 'designs.json'), '--design', 'both', ...flags]),
    ]);
    expect(reference.exitCode, reference.stderr).toBe(0);
    expect(throughFile.exitCode, throughFile.stderr).toBe(0);
    const expected = [
      { design: 'stateful', balancer: 'sticky', lostSessions: true, consistencyErrors: false },
      { design: 'stateless', balancer: 'round-robin', lostSessions: false, consistencyErrors: false },
    ];
    expect(verdicts(reference.report)).toEqual(expected);
    expect(verdicts(throughFile.report)).toEqual(expected);
  });

  it.concurrent.each(['atm', 'chat'])('%s: the reference servers under another command line are judged by the same checkers', async (scenario) => {
    const { exitCode, stderr, stdout, report } = await runCli(['run', scenario, '--target', join(FIXTURES, `${scenario}.json`), '--users', '6', '--duration', '2s', '--seed', '3']);
    expect(exitCode, stderr).toBe(0);
    // The file's design names are the report's columns.
    expect(stdout).toMatch(/│\s+in-memory\s+│\s+shared-redis\s+│/);
    const [memory, shared] = report!.runs;
    expect([memory!.arch, shared!.arch]).toEqual(['in-memory', 'shared-redis']);
    // atm and chat: customers and sockets land anywhere, whatever the store.
    expect([memory!.balancer, shared!.balancer]).toEqual(['round-robin', 'round-robin']);
    for (const run of [memory!, shared!]) {
      // The wrapped servers answered, each under the id the file gave it ({id}).
      expect(Object.keys(run.requests.byServer).filter((id) => /^server-[123]$/.test(id)).length, run.arch).toBeGreaterThan(0);
      expect(run.journeys.completed, run.arch).toBeGreaterThan(0);
    }
    expect(shared!.consistency.errors).toBe(0);
    // Memory per server is not shared: the checkers catch it, as they do for the reference.
    expect(memory!.consistency.errors).toBeGreaterThan(0);
  });

  it('`fleet --target` starts the design it names behind the balancer auto picks for its store', async () => {
    const child = execa(process.execPath, [BIN, 'fleet', 'pizza', '--target', join('targets', 'pizza', 'designs.json'), '--design', 'stateful', '--servers', '1'], {
      reject: false,
      env: { NO_COLOR: '1' },
      stdin: 'ignore',
    });
    try {
      const out = await waitForOutput(child, 'stdout', 'Ctrl-C');
      const balancerUrl = /balancer \(sticky\): (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      expect(balancerUrl, out).toBeDefined();
      const login = await fetch(`${balancerUrl}/login`, { method: 'POST', body: JSON.stringify({ user: 'alice' }) });
      expect(login.status).toBe(200);
      expect(login.headers.get('x-server-id')).toBe('server-1');
    } finally {
      child.kill('SIGINT');
    }
    expect((await child).exitCode).toBe(0);
    expect(processesOf(child.pid!)).toEqual([]);
  });

  it('a design whose command has a typo: exit 3, `command not found` with its name, before any load, nothing signalled', async () => {
    const folder = tempDir();
    const file = join(folder, 'typo.json');
    const good = JSON.parse(readFileSync(join('targets', 'pizza', 'designs.json'), 'utf8')).designs.stateful;
    const designs = { good: { ...good, cwd: process.cwd() }, 'my-app': { command: 'statebench-no-such-server', args: ['--port', '{port}'], store: 'none' } };
    writeFileSync(file, JSON.stringify({ scenario: 'pizza', designs }));
    // The shell leads its own process group, which a signal to a child that never started
    // (pid undefined, so kill(0)) would take down with it.
    const script = [`${process.execPath} ${BIN} run pizza --target ${file} --users 2 --duration 1s --seed 1 --quiet --out ${folder}`, 'echo "run exit $?"', 'echo survived'];
    const result = await execa('setsid', ['--wait', 'bash', '-c', script.join('\n')], { reject: false, env: { NO_COLOR: '1' }, stdin: 'ignore' });
    expect(result.stdout.split('\n')).toEqual(['run exit 3', 'survived']);
    const lines = result.stderr.split('\n').filter((line) => !line.startsWith('statebench: compiling'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe('statebench: command not found: statebench-no-such-server (design `my-app`); check its `command` and the PATH statebench runs with.');
    // Refused before the good design ran its load: no report, no server of it started.
    expect(readdirSync(folder)).toEqual(['typo.json']);
  });
  // A service written unlike the reference servers (test/fixtures/pizza-app.mjs, one file on
  // node:http), in memory and on Redis, judged by the same journeys and checkers.
  it("a user's own pizza service: a crash loses the in-memory variant's sessions and none of the Redis variant's", async () => {
    const { exitCode, stderr, report } = await runCli([
      'run', 'pizza', '--target', join(FIXTURES, 'pizza-app.json'), '--crash', 'server-1@1s', '--duration', '3s', '--users', '20', '--seed', '7',
    ]);
    expect(exitCode, stderr).toBe(0);
    expect(verdicts(report)).toEqual([
      { design: 'app-memory', balancer: 'sticky', lostSessions: true, consistencyErrors: false },
      { design: 'app-redis', balancer: 'round-robin', lostSessions: false, consistencyErrors: false },
    ]);
  });

  it('a service with a protocol bug is refused before any load: exit 3 naming the failed check, no report', async () => {
    const { exitCode, stderr, reports } = await runCli(['run', 'pizza', '--target', join(FIXTURES, 'pizza-app-buggy.json'), '--duration', '2s', '--users', '2']);
    expect(exitCode).toBe(3);
    expect(stderr).toContain('statebench: pizza/app-buggy does not speak the protocol');
    expect(stderr).toMatch(/✗ pizza: .*without a valid session answers 401/);
    expect(stderr).not.toMatch(/\n\s+at /);
    expect(reports).toEqual([]);
  });
});
