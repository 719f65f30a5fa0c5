import { ownerOf } from './placement.js';
import type { BackendView, Pick, PickFn, RequestView } from './types.js';

/** The session cookie the scenarios use; its value is the hash key when present. */
export const HASH_COOKIE = 'sid';

const NONE: readonly BackendView[] = [];

/**
 * The backend that owns `key`. Consistent by default, so a membership change moves about
 * 1/N of the keys; `modulo` moves most of them. With redispatch on, only available
 * backends own keys, so a down backend's keys move to the others. With it off, down and
 * draining members keep their place and their keys are refused (`undefined`, a 503)
 * until they are back.
 */
export function pickByKey(backends: readonly BackendView[], req: RequestView, key: string): Pick | undefined {
  const held = req.policy.redispatch ? NONE : req.unavailable;
  const index = ownerOf(backends, held, key, req.policy.hashMode);
  // An index past the available ones belongs to a held member: nowhere to go.
  const backend = index === undefined ? undefined : backends[index];
  return backend && { backend, key };
}

/**
 * Hashing on the `sid` session cookie. A request without one (a login) hashes on the
 * client's address, as `source` does, so that each client's first request lands where
 * its address does, whatever port its connection came from.
 */
export const pick: PickFn = (backends, req) => pickByKey(backends, req, req.cookies[HASH_COOKIE] ?? req.clientAddress);
