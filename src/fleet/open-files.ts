/**
 * Open files (sockets) a run needs, checked before anything starts. Every virtual user
 * holds a connection to the balancer (chat: its WebSocket; pizza and atm: a keep-alive
 * connection), and the built-in balancer relays each on two sockets, one to the user and
 * one to a server: so the balancer, the busiest process, needs about two descriptors a
 * user. Past the limit, connections fail with EMFILE in the middle of the load, which
 * reads like a fault of the design under test.
 *
 * Node raises its own soft limit to the hard one at start-up, and the fleet and the
 * balancer inherit it: statebench can go no higher. Raising the hard limit takes root
 * (`ulimit -Hn`) or /etc/security/limits.conf (docs/cli.md).
 */
import { readFileSync } from 'node:fs';
import { EnvironmentError } from '../errors.js';

/** Descriptors the balancer holds beyond its users' sockets: its listener, logs, health checks, the driver's reads. */
export const SPARE_FILES = 256;

/** What `users` virtual users need in the balancer. */
export const openFilesNeeded = (users: number): number => 2 * users + SPARE_FILES;

/** This process's soft limit on open files (Linux `/proc/self/limits`); undefined where it cannot be read. */
export function openFilesLimit(limits: () => string = () => readFileSync('/proc/self/limits', 'utf8')): number | undefined {
  try {
    const line = limits()
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    if (soft === 'unlimited') return Number.POSITIVE_INFINITY;
    const n = Number(soft);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * @throws EnvironmentError (exit 3) when `users` need more open files than the limit
 *   allows, naming both figures, the largest `--users` that fits, and how to raise it
 */
export function checkOpenFiles(users: number, limit: number | undefined = openFilesLimit()): void {
  const needed = openFilesNeeded(users);
  if (limit === undefined || needed <= limit) return;
  const fits = Math.max(0, Math.floor((limit - SPARE_FILES) / 2));
  throw new EnvironmentError(
    `--users ${users} needs about ${needed.toLocaleString('en-US')} open files in the balancer (two sockets a user), ` +
      `and this system allows ${limit.toLocaleString('en-US')} (ulimit -n): raise the limit ` +
      `(as root: ulimit -Hn 65536 && ulimit -n 65536, or /etc/security/limits.conf) or run at most ${fits.toLocaleString('en-US')} users`,
  );
}
