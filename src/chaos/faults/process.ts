import type { Fault } from './types.js';
import { fleetOf, targetOf } from './types.js';

/** SIGKILL: the process's memory is really gone and nothing is flushed. */
export const crash: Fault = {
  summary: 'SIGKILL a server',
  fire: async (planned, context) => {
    const fleet = fleetOf(context);
    await fleet.kill(targetOf(planned));
    return undefined;
  },
};

/** SIGKILL, then after the span the same id on the same port, with empty memory. */
export const restart: Fault = {
  summary: 'SIGKILL a server, then start it again empty after the span',
  fire: async (planned, context) => {
    const fleet = fleetOf(context);
    const target = targetOf(planned);
    await fleet.kill(target);
    return async () => void (await fleet.restart(target));
  },
};

/** SIGTERM: a graceful shutdown that finishes in-flight requests. */
export const stop: Fault = {
  summary: 'SIGTERM a server (graceful: in-flight requests finish)',
  fire: async (planned, context) => {
    const fleet = fleetOf(context);
    await fleet.stop(targetOf(planned));
    return undefined;
  },
};

/** SIGSTOP for the span, then SIGCONT: a GC pause or a hung VM. */
export const pause: Fault = {
  summary: 'SIGSTOP a server for the span, then SIGCONT',
  fire: async (planned, context) => {
    const fleet = fleetOf(context);
    const target = targetOf(planned);
    fleet.pause(target);
    return async () => fleet.resume(target);
  },
};
