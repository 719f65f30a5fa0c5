import { pickByKey } from './hash.js';
import type { PickFn } from './types.js';

/**
 * Hashing on the client's address (HAProxy's `balance source`, nginx's `ip_hash`, but
 * consistent, as `hash`): every connection from one address goes to one backend while it
 * lives. Behind one address (every virtual user on 127.0.0.1) it pins everything to one
 * backend, which is the classic mistake of load tests behind such a balancer.
 */
export const pick: PickFn = (backends, req) => pickByKey(backends, req, req.clientAddress);
