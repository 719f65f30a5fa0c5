/**
 * Where the hash strategy's keys live for one member list: a consistent-hash ring, or
 * the list sorted by id for `hash mod N`. Both are built once per membership and cached,
 * so a pick is a hash plus a binary search (ring) or a division (modulo).
 */
import { buildRing, hash32, lookup, type Ring } from './ring.js';
import type { BackendView, HashMode } from './types.js';

interface Placement {
  /** `[...available, ...held]` ids, the index space of every owner returned. */
  readonly ids: readonly string[];
  ring?: Ring;
  /** Indices into `ids`, sorted by id, so that modulo does not depend on the pool's order. */
  order?: Uint32Array;
}

const MAX_CACHED = 16;
/** By snapshot arrays: the balancer reuses its arrays until membership changes. */
const byArrays = new WeakMap<readonly BackendView[], WeakMap<readonly BackendView[], Placement>>();
/** By id list, for callers that rebuild equal arrays (small, oldest evicted first). */
const byIds = new Map<string, Placement>();

function placementFor(available: readonly BackendView[], held: readonly BackendView[]): Placement {
  let inner = byArrays.get(available);
  const cached = inner?.get(held);
  if (cached) return cached;
  const ids = [...available, ...held].map((b) => b.id);
  const signature = ids.join('\u0000');
  let placement = byIds.get(signature);
  if (!placement) {
    placement = { ids };
    if (byIds.size >= MAX_CACHED) {
      const oldest = byIds.keys().next().value;
      if (oldest !== undefined) byIds.delete(oldest);
    }
    byIds.set(signature, placement);
  }
  if (!inner) byArrays.set(available, (inner = new WeakMap()));
  inner.set(held, placement);
  return placement;
}

function sortedOrder(ids: readonly string[]): Uint32Array {
  const order = Array.from(ids.keys()).sort((a, b) => {
    const x = ids[a] as string;
    const y = ids[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  });
  return Uint32Array.from(order);
}

/**
 * The index, in `[...available, ...held]`, of the member that owns `key`; `undefined`
 * when there is no member at all. Held members own their keys but take no request, so
 * an index past `available` means "bound to a member that cannot take it now".
 */
export function ownerOf(
  available: readonly BackendView[],
  held: readonly BackendView[],
  key: string,
  mode: HashMode,
): number | undefined {
  const placement = placementFor(available, held);
  const n = placement.ids.length;
  if (n === 0) return undefined;
  const hash = hash32(key);
  if (mode === 'modulo') {
    placement.order ??= sortedOrder(placement.ids);
    return placement.order[hash % n];
  }
  placement.ring ??= buildRing(placement.ids);
  return lookup(placement.ring, hash);
}
