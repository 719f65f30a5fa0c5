/**
 * The one call a design's run makes to load its fleet: the closed model of `--users`, or
 * the open model of `--rate`/`--ramp` (docs/cli.md).
 */
import type { RunConfig } from '../config/types.js';
import type { LoadModel } from '../result.js';
import { runClosedModel } from './closed-model.js';
import { runOpenModel } from './open-model.js';
import type { ModelOptions, ModelResult } from './virtual-user.js';

/** Which model a configuration runs. */
export function loadModelOf(config: Pick<RunConfig, 'open'>): LoadModel {
  return config.open ? 'open' : 'closed';
}

/** Runs the load `config` asks for, with the options both models share. */
export function runLoad(config: Pick<RunConfig, 'open' | 'users' | 'shard'>, options: ModelOptions): Promise<ModelResult> {
  return config.open
    ? runOpenModel({ ...options, arrivals: config.open.arrivals, maxUsers: config.open.maxUsers })
    : runClosedModel({ ...options, users: config.users, ...(config.shard ? { shard: config.shard } : {}) });
}
