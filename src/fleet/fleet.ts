import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError } from '../errors.js';
import { freePort } from './ports.js';
import { startServer, type ServerProcess } from './server-process.js';
import type { TargetDefinition } from './target.js';

export interface FleetOptions {
  readonly definition: TargetDefinition;
  readonly servers: number;
  readonly logDir: string;
  readonly redisUrl?: string;
  /** Prefix of every Redis key of this fleet, so runs sharing a Redis never collide. */
  readonly keyPrefix?: string;
  readonly signal?: AbortSignal;
}

/** Server ids of a fleet of `count`: server-1 … server-N. */
export function serverIds(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `server-${index + 1}`);
}

/**
 * N servers of one target definition on free loopback ports, started together and
 * stopped together. `close()` is idempotent and stops every server that is still alive.
 */
export class Fleet {
  readonly servers: readonly ServerProcess[];
  private closed = false;

  private constructor(servers: readonly ServerProcess[]) {
    this.servers = servers;
  }

  static async start(options: FleetOptions): Promise<Fleet> {
    mkdirSync(options.logDir, { recursive: true });
    const slots = await Promise.all(
      serverIds(options.servers).map(async (id) => ({ id, port: await freePort() })),
    );
    const started = await Promise.allSettled(
      slots.map((slot) =>
        startServer({
          definition: options.definition,
          slot: { ...slot, redisUrl: options.redisUrl, keyPrefix: options.keyPrefix },
          logFile: join(options.logDir, `${slot.id}.log`),
          signal: options.signal,
        }),
      ),
    );
    const servers = started.flatMap((outcome) => (outcome.status === 'fulfilled' ? [outcome.value] : []));
    const failure = started.find((outcome) => outcome.status === 'rejected');
    if (failure) {
      await new Fleet(servers).close();
      throw failure.reason;
    }
    return new Fleet(servers);
  }

  get(id: string): ServerProcess {
    const server = this.servers.find((candidate) => candidate.id === id);
    if (!server) {
      const known = this.servers.map((candidate) => candidate.id).join(', ');
      throw new ConfigError(`Expected a server id of this fleet (${known}), got \`${id}\`.`);
    }
    return server;
  }

  /** A crash: SIGKILL, so the process's memory is really gone. Resolves once it has exited. */
  async kill(id: string): Promise<void> {
    const server = this.get(id);
    server.kill('SIGKILL');
    await server.exited;
  }

  /** Each server's log file, by id, for the report. */
  logs(): Record<string, string> {
    return Object.fromEntries(this.servers.map((server) => [server.id, server.logFile]));
  }

  async close(graceMs = 2000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const alive = this.servers.filter((server) => server.isAlive());
    for (const server of alive) server.kill('SIGTERM');
    const timer = setTimeout(() => alive.forEach((server) => server.kill('SIGKILL')), graceMs);
    await Promise.all(alive.map((server) => server.exited));
    clearTimeout(timer);
  }
}
