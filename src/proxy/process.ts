/**
 * A real proxy binary as a child of statebench: found on PATH (or a clear exit 3 naming
 * the package), its output in a log beside the servers', tracked and guarded so that it
 * dies with statebench however statebench ends (`kill -9` included, guard.ts), and
 * stopped politely then forcefully.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { connect } from 'node:net';
import { delimiter, join } from 'node:path';
import { EnvironmentError } from '../errors.js';
import { trackChild, untrackChild } from '../fleet/children.js';
import { guardChild } from '../fleet/guard.js';
import { withLog } from '../fleet/log-file.js';
import { lastLines } from '../fleet/server-process.js';
import { isRunning, signalChildGroup } from '../fleet/signal.js';
import { PROXY_RULES, type ProxyKind } from './kinds.js';

/** The binary of `kind` on `PATH`; an EnvironmentError (exit 3) naming its package otherwise. */
export function findBinary(kind: Exclude<ProxyKind, 'builtin'>, path = process.env.PATH ?? ''): string {
  const rule = PROXY_RULES[kind];
  const name = rule.binary!;
  for (const dir of path.split(delimiter)) {
    if (dir === '') continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  throw new EnvironmentError(`--proxy ${kind}: \`${name}\` is not on PATH. Install it (${rule.install}), or run with --proxy builtin.`);
}

export interface ProxyProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  /** Resolves once the process has exited (and its watchdog is disarmed). */
  readonly exited: Promise<void>;
  running(): boolean;
  /** How it ended, once it has. */
  exitInfo(): string | undefined;
  /** `signal` (SIGTERM by default), then SIGKILL after 2 s; resolves once it exited. Idempotent. */
  stop(signal?: NodeJS.Signals): Promise<void>;
  killSync(): void;
}

const KILL_AFTER_MS = 2000;

/** Spawns `binary args`, its stdout and stderr appended to `logFile`. */
export function spawnProxy(binary: string, args: readonly string[], logFile: string, label: string): ProxyProcess {
  const env = { ...process.env, STATEBENCH_PARENT_PID: String(process.pid) };
  const child = withLog(logFile, label, (fd) => spawn(binary, args, { stdio: ['ignore', fd, fd], env, detached: true }));
  child.on('error', () => {}); // a failed spawn shows as the exit, reported by the caller
  // Its own process group, killed whole: a SIGKILL to nginx's master alone leaves its
  // workers running (they do not watch the master).
  trackChild(child.pid, label, true);
  const guard = child.pid === undefined ? undefined : guardChild(child.pid, true);
  let info: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      // Disarmed as the child is reaped, in the same tick: the watchdog never signals a reused pid.
      guard?.disarm();
      untrackChild(child.pid);
      info = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve();
    });
  });
  let stopping: Promise<void> | undefined;
  return {
    child,
    pid: child.pid ?? -1,
    exited,
    running: () => isRunning(child),
    exitInfo: () => info,
    stop(signal = 'SIGTERM') {
      stopping ??= (async () => {
        if (!isRunning(child)) return exited;
        signalChildGroup(child, signal);
        const killer = setTimeout(() => signalChildGroup(child, 'SIGKILL'), KILL_AFTER_MS);
        await exited;
        clearTimeout(killer);
      })();
      return stopping;
    },
    killSync: () => void signalChildGroup(child, 'SIGKILL'),
  };
}

/** Whether something accepts TCP connections on 127.0.0.1:port. */
function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Waits until the proxy listens on `port`; an EnvironmentError (with the end of its log)
 * when it exits first or takes longer than `timeoutMs`. The caller stops it on error.
 */
export async function waitListening(proxy: ProxyProcess, port: number, logFile: string, label: string, timeoutMs = 10_000, signal?: AbortSignal): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (!proxy.running()) {
      await proxy.exited;
      throw new EnvironmentError(`${label} stopped before it listened (${proxy.exitInfo()}); see ${logFile}\n  ${lastLines(logFile, 5)}`);
    }
    if (await accepts(port)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new EnvironmentError(`${label} did not listen on 127.0.0.1:${port} within ${timeoutMs} ms; see ${logFile}`);
}
