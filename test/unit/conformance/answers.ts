import type { Exchange } from '../../../src/conformance/client.js';

/** A hand-written answer, as the probe client would have recorded it. */
export function answer(status: number | undefined, body?: unknown, headers: Exchange['headers'] = { 'x-server-id': 'server-1' }, sent = 'GET /x'): Exchange {
  const text = body === undefined ? '' : JSON.stringify(body);
  return status === undefined
    ? { sent, status, headers: {}, body: undefined, text: '', error: 'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1' }
    : { sent, status, headers, body, text };
}
