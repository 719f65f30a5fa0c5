/**
 * A consistent-hash ring: every backend owns `VNODES` points on a 32-bit circle and a
 * key belongs to the first point at or after its hash. Adding or removing a backend
 * only moves the keys of the arcs it gains or loses, about 1/N of them.
 */

/** Virtual nodes per backend; ~150 keeps the load within a few percent of even. */
export const VNODES = 150;

/** FNV-1a over the string's UTF-16 code units, then the murmur3 finaliser for avalanche. */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export interface Ring {
  /** Sorted point positions. */
  readonly points: Uint32Array;
  /** `owners[i]` is the index (in the id list the ring was built from) owning `points[i]`. */
  readonly owners: Uint32Array;
}

/** Builds the ring for backends with these ids; the points depend only on the ids. */
export function buildRing(ids: readonly string[]): Ring {
  const entries: { point: number; owner: number; id: string }[] = [];
  ids.forEach((id, owner) => {
    for (let v = 0; v < VNODES; v++) entries.push({ point: hash32(`${id}#${v}`), owner, id });
  });
  // Ties (two ids landing on one point) are broken by id, so order of ids never matters.
  entries.sort((a, b) => a.point - b.point || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  return {
    points: Uint32Array.from(entries, (e) => e.point),
    owners: Uint32Array.from(entries, (e) => e.owner),
  };
}

/** The owner index of `key`'s hash: binary search for the first point >= hash, wrapping. */
export function lookup(ring: Ring, hash: number): number | undefined {
  const { points, owners } = ring;
  if (points.length === 0) return undefined;
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((points[mid] as number) < hash) lo = mid + 1;
    else hi = mid;
  }
  return owners[lo === points.length ? 0 : lo];
}
