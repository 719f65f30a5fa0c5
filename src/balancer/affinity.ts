/**
 * The balancer's memory of which backend last took each affinity key (the hash
 * strategy's session cookie), so that a key landing elsewhere counts as a moved session
 * (a rebind), as a sticky cookie naming a gone backend does. Bounded: the least recently
 * routed keys are forgotten first.
 */

/** Keys remembered; a forgotten key is simply not counted if it moves later. */
export const AFFINITY_CAPACITY = 50_000;

export class AffinityMemory {
  /** Map iteration order is insertion order: re-inserting on use makes it an LRU. */
  readonly #last = new Map<string, string>();

  constructor(private readonly capacity = AFFINITY_CAPACITY) {}

  get size(): number {
    return this.#last.size;
  }

  /** Records that `key` went to `backendId`; true when it had last gone to another backend. */
  record(key: string, backendId: string): boolean {
    const previous = this.#last.get(key);
    if (previous !== undefined) this.#last.delete(key);
    else if (this.#last.size >= this.capacity) {
      const oldest = this.#last.keys().next().value;
      if (oldest !== undefined) this.#last.delete(oldest);
    }
    this.#last.set(key, backendId);
    return previous !== undefined && previous !== backendId;
  }
}
