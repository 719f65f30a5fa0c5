/**
 * Toxics for a real proxy, as Toxiproxy does them: a small TCP hop per backend between
 * the proxy and the server. The proxy's configuration names the hop; the hop forwards to
 * the server and applies the toxic in effect for that backend (the same `Toxics` as the
 * built-in balancer's, so the kinds, the validation and the counters are one):
 *
 * - `latency`: every chunk from the proxy waits `delayMs ± jitterMs` before it is sent on
 *   (in order), so each request is late by about that much;
 * - `reset`: setting it resets every connection open through the hop, and new ones are
 *   reset as they come (the proxy sees a connection reset);
 * - `blackhole`: what comes is read and dropped, nothing is answered, until the proxy's
 *   server timeout ends the request.
 *
 * Health checks do not pass through the hop (the proxy checks the server directly), so
 * a toxic never marks a backend down by itself, as with the built-in balancer. The hop
 * keeps its port for the run: a server that moves is a new target, not a new hop.
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import { createRng } from '../driver/rng.js';
import type { BalancerHandle } from '../balancer/handle.js';
import { resetSocket, toxicProblems, Toxics, type Toxic, type ToxicStats } from '../balancer/toxics.js';
import { ConfigError } from '../errors.js';

interface Hop {
  readonly server: Server;
  readonly port: number;
  target: { host: string; port: number };
  readonly sockets: Set<Socket>;
}

export class Hops {
  readonly #hops = new Map<string, Hop>();
  readonly #toxics: Toxics;

  constructor(seed: number) {
    this.#toxics = new Toxics(createRng(seed).next);
  }

  /** The hop's port for backend `id`, forwarding to `url`; a known id is retargeted. */
  async open(id: string, url: string): Promise<number> {
    const target = { host: new URL(url).hostname, port: Number(new URL(url).port) };
    const known = this.#hops.get(id);
    if (known) {
      known.target = target;
      return known.port;
    }
    const sockets = new Set<Socket>();
    const server = createServer((client) => this.#connection(id, hop, client));
    const port = await new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
    });
    server.unref();
    const hop: Hop = { server, port, target, sockets };
    this.#hops.set(id, hop);
    return port;
  }

  has(id: string): boolean {
    return this.#hops.has(id);
  }

  /** In effect on return: a `reset` has reset what was open through the hop. */
  set(id: string, toxic: Toxic): void {
    this.#toxics.set(id, toxic);
  }

  clear(id: string): void {
    this.#toxics.clear(id);
  }

  stats(): ToxicStats {
    return this.#toxics.stats();
  }

  close(): void {
    for (const hop of this.#hops.values()) {
      for (const socket of hop.sockets) socket.destroy();
      hop.server.close();
    }
    this.#hops.clear();
  }

  #connection(id: string, hop: Hop, client: Socket): void {
    client.on('error', () => {});
    if (this.#toxics.get(id)?.kind === 'reset') {
      this.#toxics.count(id);
      resetSocket(client);
      return;
    }
    const upstream = connect(hop.target);
    upstream.on('error', () => resetSocket(client));
    client.on('error', () => resetSocket(upstream));
    const pair = [client, upstream];
    for (const socket of pair) hop.sockets.add(socket);
    const untrack = this.#toxics.track(id, () => pair.forEach(resetSocket));
    const done = (): void => {
      untrack();
      for (const socket of pair) hop.sockets.delete(socket);
    };
    client.once('close', () => {
      done();
      upstream.end();
    });
    upstream.once('close', () => {
      done();
      client.end();
    });
    // In order: a chunk waits for the one before it, delayed or not.
    let queue: Promise<void> = Promise.resolve();
    client.on('data', (chunk: Buffer) => {
      const toxic = this.#toxics.get(id);
      if (toxic?.kind === 'blackhole') return this.#toxics.count(id);
      if (toxic?.kind !== 'latency') {
        queue = queue.then(() => void upstream.write(chunk));
        return;
      }
      this.#toxics.count(id);
      const delay = this.#toxics.delayMs(toxic);
      queue = queue.then(() => new Promise<void>((resolve) => setTimeout(resolve, delay))).then(() => void upstream.write(chunk));
    });
    upstream.on('data', (chunk: Buffer) => {
      if (this.#toxics.get(id)?.kind === 'blackhole') return;
      client.write(chunk);
    });
  }
}

/**
 * A real proxy's toxic operations, on its hops, for a current member (`known` throws for
 * another). A run without hops refuses a toxic outright: never a silent no-op.
 */
export function toxicsOn(proxy: string, hops: Hops | undefined, known: (id: string) => unknown): Pick<BalancerHandle, 'setToxic' | 'clearToxic'> {
  return {
    async setToxic(id, toxic) {
      const problems = toxicProblems(toxic);
      if (problems.length > 0) throw new ConfigError(problems);
      known(id);
      if (!hops) throw new ConfigError(`${proxy}: this run has no hops between the proxy and its servers, so toxics cannot act`);
      hops.set(id, toxic);
    },
    async clearToxic(id) {
      hops?.clear(id);
    },
  };
}

/** The toxic half of a real proxy's stats. */
export function toxicStats(hops: Hops | undefined): ToxicStats {
  return hops ? hops.stats() : { toxicByBackend: {}, toxics: {} };
}
