import type { BackendView, PickFn } from './types.js';

/**
 * The backend with the fewest requests in flight. Ties are broken by rotating the
 * starting point with `req.seq`, so equally idle backends share the load instead of
 * the first one taking everything.
 */
export const pick: PickFn = (backends, req) => {
  const n = backends.length;
  if (n === 0) return undefined;
  const start = req.seq % n;
  let best: BackendView | undefined;
  for (let i = 0; i < n; i++) {
    const candidate = backends[(start + i) % n];
    if (candidate && (best === undefined || candidate.inFlight < best.inFlight)) best = candidate;
  }
  return best && { backend: best };
};
