import { crash } from './crash.js';
import type { Fault } from './types.js';

/** Every fault by kind: adding one is adding a file and a line. */
export const FAULTS: Readonly<Record<string, Fault>> = { crash };
