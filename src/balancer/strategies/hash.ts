import { ownerOf } from './placement.js';
import type { BackendView, PickFn } from './types.js';

/** The session cookie the scenarios use; its value is the hash key when present. */
export const HASH_COOKIE = 'sid';

const NONE: readonly BackendView[] = [];

/**
 * Hashing on the `sid` session cookie (the client's address:port when the request has
 * none). Consistent by default, so a membership change moves about 1/N of the sessions;
 * `modulo` moves most of them. With redispatch on, only available backends own keys, so
 * a down backend's keys move to the others. With it off, down and draining members keep
 * their place and their keys are refused (`undefined`, a 503) until they are back.
 */
export const pick: PickFn = (backends, req) => {
  const key = req.cookies[HASH_COOKIE] ?? req.clientKey;
  const held = req.policy.redispatch ? NONE : req.unavailable;
  const index = ownerOf(backends, held, key, req.policy.hashMode);
  // An index past the available ones belongs to a held member: nowhere to go.
  const backend = index === undefined ? undefined : backends[index];
  return backend && { backend, key };
};
