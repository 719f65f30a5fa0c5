import type { Fault } from './types.js';
import { balancerOf, targetOf } from './types.js';

/** At the balancer, between it and one backend, like Toxiproxy's toxics. */
export const latency: Fault = {
  summary: 'add delay (with jitter) to every request to a server, for the span',
  fire: async (planned, context) => {
    const balancer = balancerOf(context);
    const target = targetOf(planned);
    await balancer.setToxic(target, { kind: 'latency', delayMs: planned.params.delayMs ?? 200, jitterMs: planned.params.jitterMs ?? 0 });
    return () => balancer.clearToxic(target);
  },
};

export const reset: Fault = {
  summary: 'reset connections to a server, for the span',
  fire: async (planned, context) => {
    const balancer = balancerOf(context);
    const target = targetOf(planned);
    await balancer.setToxic(target, { kind: 'reset' });
    return () => balancer.clearToxic(target);
  },
};

export const blackhole: Fault = {
  summary: 'accept requests to a server and never answer them, for the span',
  fire: async (planned, context) => {
    const balancer = balancerOf(context);
    const target = targetOf(planned);
    await balancer.setToxic(target, { kind: 'blackhole' });
    return () => balancer.clearToxic(target);
  },
};
