import type { PickFn } from './types.js';

/** Uniformly random over the backends, driven only by the seeded `req.random`. */
export const pick: PickFn = (backends, req) => {
  if (backends.length === 0) return undefined;
  // min() guards a random of exactly 1 from a misbehaving generator.
  const index = Math.min(backends.length - 1, Math.floor(req.random * backends.length));
  const backend = backends[index];
  return backend && { backend };
};
