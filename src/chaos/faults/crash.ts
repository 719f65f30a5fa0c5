import type { Fault } from './types.js';

/** A crash: SIGKILL, so the process's memory is really gone and nothing is flushed. */
export const crash: Fault = {
  kind: 'crash',
  summary: 'SIGKILL',
  fire: (target, { fleet }) => fleet.kill(target),
};
