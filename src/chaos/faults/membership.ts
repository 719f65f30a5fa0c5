import type { BalancerHandle } from '../../balancer/client.js';
import type { Fault } from './types.js';
import { balancerOf, fleetOf, targetOf } from './types.js';

const DRAIN_TIMEOUT_MS = 5000;
const DRAIN_POLL_MS = 50;

/** A new server joins the fleet and the balancer. */
export const scaleUp: Fault = {
  summary: 'start a new server and add it to the balancer',
  fire: async (_planned, context) => {
    const [fleet, balancer] = [fleetOf(context), balancerOf(context)];
    const server = await fleet.add();
    await balancer.add({ id: server.id, url: server.url });
    return undefined;
  },
};

/** Drain a server (no new requests, in-flight ones finish), then stop it. */
export const scaleDown: Fault = {
  summary: 'drain a server, then stop it',
  fire: async (planned, context) => {
    const [fleet, balancer] = [fleetOf(context), balancerOf(context)];
    const target = targetOf(planned);
    await drain(balancer, target);
    await fleet.stop(target);
    await balancer.remove(target);
    return undefined;
  },
};

/** A deploy: every server in turn is drained, restarted and waited for, one at a time. */
export const rolling: Fault = {
  summary: 'restart every server in turn, waiting for health between them',
  fire: async (_planned, context) => {
    const [fleet, balancer] = [fleetOf(context), balancerOf(context)];
    for (const { id } of fleet.servers) {
      await drain(balancer, id);
      const server = await fleet.restart(id);
      await balancer.remove(id);
      await balancer.add({ id, url: server.url });
    }
    return undefined;
  },
};

/** Stops new requests to `id` and waits until its in-flight ones are done. */
export async function drain(balancer: BalancerHandle, id: string): Promise<void> {
  await balancer.drain(id);
  const deadline = Date.now() + DRAIN_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const stats = await balancer.stats();
    if ((stats.inFlight?.[id] ?? 0) === 0) return;
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
  }
}

