import { buildRing, hash32, lookup, type Ring } from './ring.js';
import type { BackendView, PickFn } from './types.js';

/** The session cookie the scenarios use; its value is the hash key when present. */
export const HASH_COOKIE = 'sid';

const MAX_CACHED_RINGS = 16;
/** Rings by snapshot array: the balancer reuses one array until membership changes. */
const byArray = new WeakMap<readonly BackendView[], Ring>();
/** Rings by id list, for callers that rebuild equal arrays (small, oldest evicted first). */
const byIds = new Map<string, Ring>();

function ringFor(backends: readonly BackendView[]): Ring {
  const cached = byArray.get(backends);
  if (cached) return cached;
  const ids = backends.map((b) => b.id);
  const signature = ids.join('\u0000');
  let ring = byIds.get(signature);
  if (!ring) {
    ring = buildRing(ids);
    if (byIds.size >= MAX_CACHED_RINGS) {
      const oldest = byIds.keys().next().value;
      if (oldest !== undefined) byIds.delete(oldest);
    }
    byIds.set(signature, ring);
  }
  byArray.set(backends, ring);
  return ring;
}

/**
 * Consistent hashing on the `sid` session cookie (the client's address:port when the
 * request has none), so a membership change moves about 1/N of the sessions. The ring
 * is cached per membership, so a pick is a hash and a binary search.
 */
export const pick: PickFn = (backends, req) => {
  if (backends.length === 0) return undefined;
  const key = req.cookies[HASH_COOKIE] ?? req.clientKey;
  const owner = lookup(ringFor(backends), hash32(key));
  const backend = owner === undefined ? undefined : backends[owner];
  return backend && { backend };
};
