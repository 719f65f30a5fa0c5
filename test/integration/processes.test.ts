/**
 * Processes never outlive statebench, and statebench never signals one it did not start:
 * a missing redis-server, a typo in a target's command, a kill -9, a signal at any moment.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors.js';
import { Fleet } from '../../src/fleet/fleet.js';
import { provideRedis } from '../../src/fleet/redis.js';
import type { TargetDefinition } from '../../src/fleet/target.js';
import { BIN, waitForOutput } from '../helpers/cli.js';
import { childrenOf, processesMatching, processesOf } from '../helpers/processes.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'statebench-procs-'));

/** Polls `read` until its list is `empty` (or not) or `tries` run out; returns the last list. */
async function until<T>(read: () => T[], empty: boolean, tries = 50): Promise<T[]> {
  let list = read();
  for (let i = 0; i < tries && (list.length === 0) !== empty; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    list = read();
  }
  return list;
}
const untilEmpty = <T>(read: () => T[]): Promise<T[]> => until(read, true);
const untilNotEmpty = <T>(read: () => T[]): Promise<T[]> => until(read, false);

const noSuchCommand: TargetDefinition = {
  name: 'typo',
  command: 'statebench-test-pizza-srvr',
  args: ['--port', '{port}'],
  cwd: process.cwd(),
  env: {},
  healthPath: '/healthz',
  store: 'none',
};

describe('a command that cannot start', () => {
  it('without redis-server on PATH, `run --store redis` and `fleet --store redis` exit 3 with the "No Redis" line and their shell survives', async () => {
    // A PATH with node and nothing else; the shell is the leader of its own process group,
    // which a kill(0) (a signal to a child that never started) would take down.
    const bin = tempDir();
    symlinkSync(process.execPath, join(bin, 'node'));
    const work = tempDir();
    const script = [
      `export PATH=${bin}`,
      'unset REDIS_URL',
      `cd ${work}`,
      `node ${BIN} run pizza --arch stateless --store redis --users 1 --duration 1s --out ${work}`,
      'echo "run exit $?"',
      `node ${BIN} fleet pizza --arch stateless --store redis`,
      'echo "fleet exit $?"',
      'echo survived',
    ].join('\n');
    const result = await execa('setsid', ['--wait', 'bash', '-c', script], { reject: false, env: { NO_COLOR: '1' }, stdin: 'ignore' });
    expect(result.stdout.split('\n')).toEqual(['run exit 3', 'fleet exit 3', 'survived']);
    const noRedis = result.stderr.split('\n').filter((line) => line.startsWith('statebench: No Redis: '));
    expect(noRedis, result.stderr).toHaveLength(2);
    expect(noRedis[0]).toContain('redis-server is not on PATH');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a target command with a typo is named as such (exit 3 material), with nothing signalled', async () => {
    const error = await Fleet.start({ definition: noSuchCommand, servers: 2, logDir: tempDir() }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(
      /^command not found: statebench-test-pizza-srvr \(design `typo`, server-[12]\); check its `command` and the PATH statebench runs with\.$/,
    );
  });

  it('a target whose working directory is missing is named as such, not as a missing command', async () => {
    const missing = join(tempDir(), 'gone');
    const definition = { ...noSuchCommand, command: process.execPath, cwd: missing };
    const error = await Fleet.start({ definition, servers: 1, logDir: tempDir() }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toBe(`design \`typo\`, server-1: its working directory ${missing} does not exist.`);
  });
});

describe('the private Redis', () => {
  it('starts in a log folder that does not exist yet, creating it', async () => {
    const logDir = join(tempDir(), 'logs', 'not-yet');
    const redis = await provideRedis({ logDir });
    try {
      expect(redis.owned).toBe(true);
      expect(existsSync(join(logDir, 'redis.log'))).toBe(true);
    } finally {
      await redis.close();
    }
  });

  it('names the log file, not PATH, when its log cannot be written', async () => {
    const file = join(tempDir(), 'a-file');
    writeFileSync(file, '');
    const error = await provideRedis({ logDir: join(file, 'logs') }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(
      new RegExp(`^Could not open the log file of the private redis-server, ${join(file, 'logs', 'redis.log')}: ENOTDIR`),
    );
    expect((error as Error).message).not.toContain('PATH');
  });

  it('says "No Redis" only when the binary is missing', async () => {
    const error = await provideRedis({ logDir: tempDir(), command: 'statebench-test-no-redis-server' }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(/^No Redis: --redis-url and REDIS_URL are unset and statebench-test-no-redis-server is not on PATH\./);
  });

  // A user's own server (here one that ignores STATEBENCH_PARENT_PID) cannot watch statebench.
  it('a target that does not watch statebench still dies with it: after kill -9 of `fleet`, its servers are gone', async () => {
    const target = join(import.meta.dirname, '..', 'fixtures', 'targets', 'deaf.json');
    const child = execa(process.execPath, [BIN, 'fleet', 'pizza', '--target', target, '--servers', '2'], { reject: false, env: { NO_COLOR: '1' }, stdin: 'ignore' });
    const out = await waitForOutput(child, 'stdout', 'Ctrl-C');
    const ports = [...out.matchAll(/server-\d: http:\/\/127\.0\.0\.1:(\d+)/g)].map((match) => match[1]!);
    expect(ports, out).toHaveLength(2);
    const servers = () => ports.flatMap((port) => processesMatching(`pizza-app.mjs --port ${port} `));
    expect(servers()).toHaveLength(2);
    child.kill('SIGKILL');
    await child;
    expect(await untilEmpty(servers)).toEqual([]);
  });

  it('dies with statebench: after kill -9, no redis-server of its own and no child is left', async () => {
    const child = execa(process.execPath, [BIN, 'run', 'pizza', '--arch', 'stateless', '--servers', '1', '--users', '1', '--duration', '30s', '--out', tempDir()], {
      reject: false,
      env: { NO_COLOR: '1', REDIS_URL: '' },
      stdin: 'ignore',
    });
    const seen = await waitForOutput(child, 'stderr', '(private redis-server)');
    const address = /redis: redis:\/\/(127\.0\.0\.1:\d+) \(private/.exec(seen)?.[1];
    expect(address, seen).toBeDefined();
    expect(processesMatching(`redis-server ${address}`)).toHaveLength(1);
    child.kill('SIGKILL');
    await child;
    expect(await untilEmpty(() => processesMatching(`redis-server ${address}`))).toEqual([]);
    expect(await untilEmpty(() => processesOf(child.pid!))).toEqual([]);
  });
});

describe('signals at any moment', () => {
  it('SIGTERM during start-up exits 143 and leaves nothing running', async () => {
    const child = execa(process.execPath, [BIN, 'run', 'pizza', '--arch', 'stateful', '--servers', '2', '--users', '1', '--duration', '30s', '--out', tempDir()], {
      reject: false,
      env: { NO_COLOR: '1' },
      stdin: 'ignore',
    });
    await waitForOutput(child, 'stderr', 'statebench: pizza');
    child.kill('SIGTERM');
    const result = await child;
    expect(result.exitCode).toBe(143);
    expect(result.stderr).toContain('interrupted by SIGTERM; everything stopped, no report written.');
    expect(processesOf(child.pid!)).toEqual([]);
  });

  it('SIGINT while the reports are written lets them finish: exit 0, every file whole, no "stopping"', async () => {
    // $GITHUB_STEP_SUMMARY on a FIFO holds the last write open until the test reads it.
    const out = tempDir();
    const summary = join(tempDir(), 'summary.fifo');
    await execa('mkfifo', [summary]);
    const child = execa(process.execPath, [BIN, 'run', 'pizza', '--arch', 'stateful', '--servers', '1', '--users', '1', '--duration', '1s', '--out', out, '--quiet'], {
      reject: false,
      env: { NO_COLOR: '1', GITHUB_STEP_SUMMARY: summary },
      stdin: 'ignore',
    });
    try {
      const stdout = await waitForOutput(child, 'stdout', 'report: ');
      expect(stdout).toContain('session loss');
      const answered = waitForOutput(child, 'stderr', 'statebench: SIGINT');
      child.kill('SIGINT');
      const stderr = await answered;
      const markdown = await readFile(summary, 'utf8');
      const result = await child;
      expect(result.exitCode).toBe(0);
      expect(stderr).not.toContain('stopping');
      expect(result.stderr).toContain('SIGINT: the run is over, finishing its reports');
      expect(markdown).toContain('| stateful |');
      expect(readdirSync(out).filter((name) => name.endsWith('.json'))).toHaveLength(1);
      expect(readdirSync(out).filter((name) => name.endsWith('.tmp'))).toEqual([]);
      expect(processesOf(child.pid!)).toEqual([]);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});

const alive = (pid: number): boolean => {
  try {
    return !/\) Z /.test(readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

describe('one watchdog per run', () => {
  // The deaf target's servers ignore STATEBENCH_PARENT_PID: only the watchdog can stop them.
  it('one watchdog guards all the servers of a run; after kill -9 of `run` mid-load, no server, balancer or watchdog is left', async () => {
    const target = join(import.meta.dirname, '..', 'fixtures', 'targets', 'deaf.json');
    const child = execa(process.execPath, [BIN, 'run', 'pizza', '--target', target, '--servers', '2', '--users', '1', '--duration', '30s', '--out', tempDir()], {
      reject: false,
      env: { NO_COLOR: '1' },
      stdin: 'ignore',
    });
    await waitForOutput(child, 'stderr', 'servers up behind');
    const started = childrenOf(child.pid!);
    const watchdogs = started.filter((process) => process.command.includes('watchdog.js'));
    const servers = started.filter((process) => process.command.includes('pizza-app.mjs'));
    expect(watchdogs, JSON.stringify(started)).toHaveLength(1);
    expect(servers, JSON.stringify(started)).toHaveLength(2);
    expect(started.length, JSON.stringify(started)).toBeGreaterThanOrEqual(4); // and the balancer
    child.kill('SIGKILL');
    await child;
    expect(await untilEmpty(() => started.filter((process) => alive(process.pid)))).toEqual([]);
  });
});

// A user's server is often a wrapper (`npm start`, `sh -c`, a master with workers): bash
// here runs node as its child, not in its place. A signal to bash alone leaves node on the port.
describe('a server started through a wrapper', () => {
  const target = join(import.meta.dirname, '..', 'fixtures', 'targets', 'wrapped.json');

  it('is crashed whole: the process on the port dies, so its in-memory sessions are lost', async () => {
    const out = tempDir();
    const subprocess = execa(process.execPath, [BIN, 'run', 'pizza', '--target', target, '--design', 'wrapped', '--servers', '2', '--users', '20', '--crash', 'server-1@1s', '--duration', '3s', '--seed', '3', '--quiet', '--out', out], {
      reject: false,
      env: { NO_COLOR: '1' },
      stdin: 'ignore',
    });
    const child = await subprocess;
    expect(child.exitCode, child.stderr).toBe(0);
    const report = JSON.parse(await readFile(/report: (.+\.json)/.exec(child.stdout)![1]!, 'utf8')) as { runs: { sessionLoss: { journeys: number } }[] };
    expect(report.runs[0]!.sessionLoss.journeys).toBeGreaterThan(0);
    expect(await untilEmpty(() => processesOf(subprocess.pid!))).toEqual([]);
  });

  it('after kill -9 of `fleet`, the servers under the wrappers are gone too', async () => {
    const child = execa(process.execPath, [BIN, 'fleet', 'pizza', '--target', target, '--design', 'wrapped-deaf', '--servers', '2'], { reject: false, env: { NO_COLOR: '1' }, stdin: 'ignore' });
    const out = await waitForOutput(child, 'stdout', 'Ctrl-C');
    const ports = [...out.matchAll(/server-\d: http:\/\/127\.0\.0\.1:(\d+)/g)].map((match) => match[1]!);
    expect(ports, out).toHaveLength(2);
    const servers = () => ports.flatMap((port) => processesMatching(`pizza-app.mjs --port ${port} `));
    // Per port, the wrapper and the node under it.
    for (const port of ports) {
      const commands = processesMatching(`pizza-app.mjs --port ${port} `).map((server) => server.command.split(' ')[0]);
      expect(commands.sort()).toEqual(['bash', 'node']);
    }
    child.kill('SIGKILL');
    await child;
    expect(await untilEmpty(servers)).toEqual([]);
  });

  it('nginx in front: after kill -9 of `run --proxy nginx`, neither its master nor its workers are left', async () => {
    const out = tempDir();
    const child = execa(process.execPath, [BIN, 'run', 'pizza', '--design', 'stateless', '--proxy', 'nginx', '--users', '2', '--duration', '30s', '--out', out], {
      reject: false,
      env: { NO_COLOR: '1' },
      stdin: 'ignore',
    });
    await waitForOutput(child, 'stderr', 'servers up behind');
    // nginx writes its title over its environment, so it is found by its prefix (-p <out>/…).
    const [master] = await untilNotEmpty(() => processesMatching(`nginx: master process`).filter((process) => process.command.includes(out)));
    expect(master).toBeDefined();
    const workers = await untilNotEmpty(() => childrenOf(master!.pid));
    expect(workers.map((process) => process.command)).toEqual(workers.map(() => 'nginx: worker process'));
    child.kill('SIGKILL');
    await child;
    expect(await untilEmpty(() => [master!, ...workers].filter((process) => alive(process.pid)))).toEqual([]);
  });
});
