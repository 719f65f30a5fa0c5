import { randomBytes } from 'node:crypto';
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
  /** The SQLite file the fleet's servers share (`{storePath}`); each fleet has its own. */
  readonly storePath?: string;
  readonly signal?: AbortSignal;
}

/** Server ids of a fleet of `count`: server-1 … server-N. */
export function serverIds(count: number): string[] {
  return Array.from({ length: count }, (_, index) => `server-${index + 1}`);
}

/**
 * Servers of one target definition on free loopback ports. A server keeps its id and
 * port for the whole run, through restarts; `close()` is idempotent and stops every
 * server that is still alive.
 */
export class Fleet {
  private readonly byId = new Map<string, ServerProcess>();
  private readonly ports = new Map<string, number>();
  /**
   * The key this fleet's servers sign tokens with: random per fleet, so a token is good
   * on every server of this fleet (restarts included) and on no other.
   */
  private readonly secret = randomBytes(32).toString('base64url');
  private closed = false;

  private constructor(private readonly options: FleetOptions) {}

  static async start(options: FleetOptions): Promise<Fleet> {
    mkdirSync(options.logDir, { recursive: true });
    const fleet = new Fleet(options);
    const started = await Promise.allSettled(serverIds(options.servers).map((id) => fleet.launch(id)));
    const failure = started.find((outcome) => outcome.status === 'rejected');
    if (failure) {
      await fleet.close();
      throw failure.reason;
    }
    return fleet;
  }

  /** The current process of every server, in id order. */
  get servers(): readonly ServerProcess[] {
    const number = (server: ServerProcess) => Number(server.id.replace(/\D+/g, ''));
    return [...this.byId.values()].sort((a, b) => number(a) - number(b));
  }

  get(id: string): ServerProcess {
    const server = this.byId.get(id);
    if (!server) {
      const known = [...this.byId.keys()].join(', ');
      throw new ConfigError(`Expected a server id of this fleet (${known}), got \`${id}\`.`);
    }
    return server;
  }

  /** Starts (or starts again, on the same port) server `id` and waits until it is healthy. */
  private async launch(id: string): Promise<ServerProcess> {
    const port = this.ports.get(id) ?? (await freePort());
    this.ports.set(id, port);
    const { definition, redisUrl, keyPrefix, storePath, signal, logDir } = this.options;
    const server = await startServer({
      definition,
      slot: { id, port, secret: this.secret, ...(redisUrl ? { redisUrl } : {}), ...(keyPrefix ? { keyPrefix } : {}), ...(storePath ? { storePath } : {}) },
      logFile: join(logDir, `${id}.log`),
      ...(signal ? { signal } : {}),
    });
    this.byId.set(id, server);
    return server;
  }

  /** A crash: SIGKILL, so the process's memory is really gone. Resolves once it has exited. */
  async kill(id: string): Promise<void> {
    const server = this.get(id);
    server.kill('SIGKILL');
    await server.exited;
  }

  /** A graceful stop: SIGTERM, in-flight requests finish; SIGKILL after `graceMs`. */
  async stop(id: string, graceMs = 5000): Promise<void> {
    const server = this.get(id);
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), graceMs);
    await server.exited;
    clearTimeout(timer);
  }

  /** The same id back on the same port, with empty memory (a fresh process). */
  async restart(id: string): Promise<ServerProcess> {
    const server = this.get(id);
    if (server.isAlive()) await this.stop(id);
    return this.launch(id);
  }

  /** SIGSTOP: the process holds its sockets and answers nothing (a GC pause, a hung VM). */
  pause(id: string): void {
    this.get(id).kill('SIGSTOP');
  }

  resume(id: string): void {
    this.get(id).kill('SIGCONT');
  }

  /** A new server joins: server-(N+1), started and healthy. */
  async add(): Promise<ServerProcess> {
    const taken = new Set(this.byId.keys());
    let index = this.byId.size + 1;
    while (taken.has(`server-${index}`)) index++;
    return this.launch(`server-${index}`);
  }

  /** Each server's log file, by id, for the report. */
  logs(): Record<string, string> {
    return Object.fromEntries(this.servers.map((server) => [server.id, server.logFile]));
  }

  async close(graceMs = 2000): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const alive = this.servers.filter((server) => server.isAlive());
    for (const server of alive) {
      server.kill('SIGCONT'); // a paused server cannot act on SIGTERM
      server.kill('SIGTERM');
    }
    const timer = setTimeout(() => alive.forEach((server) => server.kill('SIGKILL')), graceMs);
    await Promise.all(alive.map((server) => server.exited));
    clearTimeout(timer);
  }
}
