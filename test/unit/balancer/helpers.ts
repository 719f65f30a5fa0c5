import type { BackendView, RequestView } from '../../../src/balancer/strategies/types.js';

export function backends(...ids: string[]): BackendView[] {
  return ids.map((id) => ({ id, inFlight: 0 }));
}

export function request(overrides: Partial<RequestView> = {}): RequestView {
  return { cookies: {}, clientKey: '127.0.0.1:50000', seq: 0, random: 0, ...overrides };
}
