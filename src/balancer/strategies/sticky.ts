import { pick as roundRobin } from './round-robin.js';
import type { PickFn } from './types.js';

/** The cookie that names the backend, as HAProxy's `cookie SERVERID insert`. */
export const STICKY_COOKIE = 'SERVERID';

/**
 * Session affinity by an inserted cookie. A request whose `SERVERID` names an available
 * backend goes there. Otherwise it is dispatched round-robin and the response carries a
 * new cookie; if the old cookie named a backend that is no longer available (down,
 * draining or removed) the session has moved, which is reported as a `rebind`.
 */
export const pick: PickFn = (backends, req) => {
  const wanted = req.cookies[STICKY_COOKIE];
  if (wanted !== undefined) {
    const bound = backends.find((b) => b.id === wanted);
    if (bound) return { backend: bound };
  }
  const chosen = roundRobin(backends, req);
  if (!chosen) return undefined;
  return {
    backend: chosen.backend,
    setCookie: { name: STICKY_COOKIE, value: chosen.backend.id },
    ...(wanted !== undefined ? { rebind: true } : {}),
  };
};
