import { atm } from './atm/index.js';
import { chat } from './chat/index.js';
import { pizza } from './pizza/index.js';
import type { Scenario } from './types.js';

/** Every scenario by name: adding one is adding a folder and a line. */
export const SCENARIOS: Readonly<Record<string, Scenario>> = { pizza, atm, chat };

export function scenarioNames(): string[] {
  return Object.keys(SCENARIOS);
}
