import { DEFAULT_POLICY, type AffinityPolicy, type BackendView, type RequestView } from '../../../src/balancer/strategies/types.js';

export function backends(...ids: string[]): BackendView[] {
  return ids.map((id) => ({ id, inFlight: 0 }));
}

export function request(overrides: Partial<RequestView> = {}): RequestView {
  return { cookies: {}, clientAddress: '127.0.0.1', seq: 0, random: 0, unavailable: [], policy: DEFAULT_POLICY, ...overrides };
}

export function policy(overrides: Partial<AffinityPolicy>): AffinityPolicy {
  return { ...DEFAULT_POLICY, ...overrides };
}
