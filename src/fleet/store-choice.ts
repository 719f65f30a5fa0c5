import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { offersStores, onStore } from '../designs/stores.js';
import type { TargetDefinition } from './target.js';
import { ping } from './redis.js';

/** `--store`: where the designs that run on several stores keep their state (docs/stores.md). */
export const STORE_CHOICES = ['auto', 'redis', 'sqlite'] as const;
export type StoreChoice = (typeof STORE_CHOICES)[number];
/** What `auto` settles on. */
export type SettledStore = Exclude<StoreChoice, 'auto'>;

export interface StoreDecision {
  readonly store: SettledStore;
  /** Said to the user, once, when `auto` fell back to SQLite: why, and how to use Redis instead. */
  readonly note?: string;
}

/** How long `auto` waits for a given Redis to answer PING before it uses SQLite. */
const PING_TIMEOUT_MS = 1000;

/**
 * What `--store` means for this run. `auto` uses Redis when the given one
 * (`--redis-url`/`REDIS_URL`) answers PING, or when none is given and `redis-server` is
 * on PATH (statebench starts its own); otherwise SQLite, with a note saying so.
 */
export async function decideStore(choice: StoreChoice, options: { readonly redisUrl?: string; readonly env?: NodeJS.ProcessEnv }): Promise<StoreDecision> {
  if (choice !== 'auto') return { store: choice };
  const { redisUrl, env = process.env } = options;
  if (redisUrl) {
    const problem = await ping(redisUrl, PING_TIMEOUT_MS);
    if (!problem) return { store: 'redis' };
    return { store: 'sqlite', note: fallbackNote(`Redis at ${redisUrl} did not answer PING (${problem})`, 'start Redis there') };
  }
  if (onPath('redis-server', env)) return { store: 'redis' };
  return { store: 'sqlite', note: fallbackNote('no Redis: --redis-url and REDIS_URL are unset and redis-server is not on PATH', 'install redis-server or pass --redis-url') };
}

function fallbackNote(why: string, fix: string): string {
  return `statebench: ${why}, so the stateless designs keep their state in SQLite (one file per fleet). For Redis, ${fix}; --store redis makes a missing Redis an error (docs/stores.md).`;
}

/** Whether `command` is an executable file in a folder of `env.PATH`. */
export function onPath(command: string, env: NodeJS.ProcessEnv): boolean {
  return (env.PATH ?? '').split(delimiter).some((folder) => {
    if (folder === '') return false;
    try {
      accessSync(join(folder, command), constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

/**
 * Settles `--store` for a set of designs: decides `auto` only when some design runs on
 * several stores (no PING, no note otherwise), and returns each design on its store.
 */
export async function settleStores<T extends Readonly<Record<string, TargetDefinition>>>(
  choice: StoreChoice,
  designs: T,
  options: { readonly redisUrl?: string; readonly env?: NodeJS.ProcessEnv },
): Promise<StoreDecision & { readonly designs: T }> {
  const needed = Object.values(designs).some(offersStores);
  const decision = needed ? await decideStore(choice, options) : { store: choice === 'auto' ? 'redis' : choice };
  const settled = Object.fromEntries(Object.entries(designs).map(([name, design]) => [name, onStore(design, decision.store)])) as unknown as T;
  return { ...decision, designs: settled };
}
