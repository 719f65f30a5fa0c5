import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { onStore, referenceDesigns } from '../../../src/designs/index.js';
import { decideStore, onPath, settleStores } from '../../../src/fleet/store-choice.js';
import { expandTarget } from '../../../src/fleet/target.js';

/** A PATH folder holding only an executable file named `redis-server` (never run here). */
function pathWithRedisServer(): string {
  const folder = mkdtempSync(join(tmpdir(), 'sb-store-choice-'));
  writeFileSync(join(folder, 'redis-server'), '#!/bin/sh\nexit 1\n');
  chmodSync(join(folder, 'redis-server'), 0o755);
  return folder;
}
const emptyPath = () => mkdtempSync(join(tmpdir(), 'sb-store-choice-empty-'));

const NO_REDIS_NOTE =
  'statebench: no Redis: --redis-url and REDIS_URL are unset and redis-server is not on PATH, so the stateless designs keep their state in SQLite (one file per fleet). ' +
  'For Redis, install redis-server or pass --redis-url; --store redis makes a missing Redis an error (docs/stores.md).';

describe('--store auto', () => {
  it('uses SQLite, with the one line saying so and how to use Redis, when no Redis is given and redis-server is not on PATH', async () => {
    expect(await decideStore('auto', { env: { PATH: emptyPath() } })).toEqual({ store: 'sqlite', note: NO_REDIS_NOTE });
  });

  it('uses Redis, silently, when redis-server is on PATH (statebench starts its own)', async () => {
    expect(await decideStore('auto', { env: { PATH: `${emptyPath()}:${pathWithRedisServer()}` } })).toEqual({ store: 'redis' });
  });

  it('uses SQLite when the given Redis does not answer PING, naming it', async () => {
    const decision = await decideStore('auto', { redisUrl: 'redis://127.0.0.1:1', env: { PATH: pathWithRedisServer() } });
    expect(decision.store).toBe('sqlite');
    expect(decision.note).toMatch(/^statebench: Redis at redis:\/\/127\.0\.0\.1:1 did not answer PING \(.+\), so the stateless designs keep their state in SQLite/);
  });

  it('leaves a store named outright as it is, without looking for Redis', async () => {
    expect(await decideStore('redis', { env: { PATH: emptyPath() } })).toEqual({ store: 'redis' });
    expect(await decideStore('sqlite', { redisUrl: 'redis://127.0.0.1:1' })).toEqual({ store: 'sqlite' });
  });

  it('finds an executable on PATH, and not a folder that lacks it', () => {
    expect(onPath('redis-server', { PATH: pathWithRedisServer() })).toBe(true);
    expect(onPath('redis-server', { PATH: emptyPath() })).toBe(false);
    expect(onPath('redis-server', {})).toBe(false);
  });
});

describe('settling the designs on a store', () => {
  const pizza = referenceDesigns('pizza').designs;

  it('puts each design that runs on several stores on the chosen one, with its args; a design of one store keeps it', async () => {
    const settled = await settleStores('auto', pizza, { env: { PATH: emptyPath() } });
    expect(settled.store).toBe('sqlite');
    expect(settled.designs.stateful).toEqual(pizza.stateful);
    expect(settled.designs.stateless).toMatchObject({ store: 'sqlite', args: [...pizza.stateless!.args, '--store', 'sqlite', '--store-path', '{storePath}'] });
    expect(settled.designs.stateless!.storeArgs).toBeUndefined();
  });

  it('decides nothing (no PING, no line) when no design runs on several stores', async () => {
    const settled = await settleStores('auto', { stateful: pizza.stateful! }, { env: { PATH: emptyPath() } });
    expect(settled.note).toBeUndefined();
    expect(settled.designs.stateful).toEqual(pizza.stateful);
  });

  it('fills {storePath} with the fleet file, and {redisUrl} on Redis', () => {
    const slot = { port: 4000, id: 'server-1', redisUrl: 'redis://127.0.0.1:6379', keyPrefix: 'sb:x:', storePath: '/tmp/run/store.sqlite' };
    expect(expandTarget(onStore(pizza.stateless!, 'sqlite'), slot).args.slice(-4)).toEqual(['--store', 'sqlite', '--store-path', '/tmp/run/store.sqlite']);
    expect(expandTarget(onStore(pizza.stateless!, 'redis'), slot).args.slice(-4)).toEqual(['--redis-url', 'redis://127.0.0.1:6379', '--key-prefix', 'sb:x:']);
  });
});
