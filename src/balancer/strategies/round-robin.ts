import type { PickFn } from './types.js';

/** Cycles through the backends: the n-th decision goes to backend `n mod N`. */
export const pick: PickFn = (backends, req) => {
  if (backends.length === 0) return undefined;
  const backend = backends[req.seq % backends.length];
  return backend && { backend };
};
