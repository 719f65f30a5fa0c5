import { pick as roundRobin } from './round-robin.js';
import type { PickFn } from './types.js';

/** The cookie that names the backend, as HAProxy's `cookie SERVERID insert`. */
export const STICKY_COOKIE = 'SERVERID';

/**
 * Session affinity by an inserted cookie. A request whose `SERVERID` names an available
 * backend goes there. If it names a member that is down or draining and redispatch is
 * off, there is nowhere to go (the session's server is gone): `undefined`, a 503.
 * Otherwise it is dispatched round-robin and the response carries a new cookie; if the
 * old cookie named a backend that is not available (down, draining, removed, or never
 * known) the session has moved, which is reported as a `rebind`.
 */
export const pick: PickFn = (backends, req) => {
  const wanted = req.cookies[STICKY_COOKIE];
  if (wanted !== undefined) {
    const bound = backends.find((b) => b.id === wanted);
    if (bound) return { backend: bound };
    if (!req.policy.redispatch && req.unavailable.some((b) => b.id === wanted)) return undefined;
  }
  const chosen = roundRobin(backends, req);
  if (!chosen) return undefined;
  return {
    backend: chosen.backend,
    setCookie: { name: STICKY_COOKIE, value: chosen.backend.id },
    ...(wanted !== undefined ? { rebind: true } : {}),
  };
};
