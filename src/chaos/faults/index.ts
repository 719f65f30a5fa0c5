import type { FaultKind } from '../spec.js';
import { scaleDown, scaleUp, rolling } from './membership.js';
import { exec } from './exec.js';
import { blackhole, latency, reset } from './network.js';
import { crash, pause, restart, stop } from './process.js';
import { storeCrash, storePause } from './store.js';
import type { Fault } from './types.js';

/** Every fault by kind: adding one is adding a module and a line. */
export const FAULTS: Readonly<Record<FaultKind, Fault>> = {
  crash,
  restart,
  stop,
  pause,
  'scale-up': scaleUp,
  'scale-down': scaleDown,
  rolling,
  'store-pause': storePause,
  'store-crash': storeCrash,
  latency,
  reset,
  blackhole,
  exec,
};
