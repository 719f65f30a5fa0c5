import type { RunConfig, StrategyName } from '../config/types.js';
import { PROXY_RULES, supports } from '../proxy/kinds.js';
import type { RunResult } from '../result.js';
import { run, type RunOptions } from './run.js';

/** One balancer setting of the matrix. */
export interface MatrixVariant {
  readonly strategy: StrategyName;
  readonly redispatch: boolean;
}

/** Every strategy; sticky and hash both with and without redispatch, where it matters. */
export const MATRIX_VARIANTS: readonly MatrixVariant[] = [
  { strategy: 'round-robin', redispatch: true },
  { strategy: 'random', redispatch: true },
  { strategy: 'least-connections', redispatch: true },
  { strategy: 'sticky', redispatch: true },
  { strategy: 'sticky', redispatch: false },
  { strategy: 'hash', redispatch: true },
  { strategy: 'hash', redispatch: false },
];

export const MATRIX_SCHEMA = 'statebench/matrix@1';

/** Every design against every balancer setting, with the same seed and fault schedule. */
export interface MatrixResult {
  readonly schema: typeof MATRIX_SCHEMA;
  readonly scenario: string;
  readonly seed: number;
  readonly durationMs: number;
  readonly users: number;
  readonly startedAt: string;
  /** One run result per variant, each holding every design. */
  readonly cells: readonly { readonly variant: MatrixVariant; readonly result: RunResult }[];
}

/** The settings the run's proxy can express (nginx: no sticky, no redispatch off). */
export function matrixVariants(config: Pick<RunConfig, 'proxy'>): readonly MatrixVariant[] {
  const rule = PROXY_RULES[config.proxy];
  return MATRIX_VARIANTS.filter((variant) => supports(config.proxy, variant.strategy) && (variant.redispatch || rule.redispatchOff));
}

/** Runs the matrix one cell after another; the caller renders it. */
export async function runMatrix(config: RunConfig, options: RunOptions & { onCell?: (variant: MatrixVariant, index: number) => void } = {}): Promise<MatrixResult> {
  const startedAt = (options.now ?? (() => new Date()))().toISOString();
  const cells: { variant: MatrixVariant; result: RunResult }[] = [];
  for (const [index, variant] of matrixVariants(config).entries()) {
    options.signal?.throwIfAborted();
    options.onCell?.(variant, index);
    const result = await run({ ...config, balancer: variant.strategy, redispatch: variant.redispatch }, options);
    cells.push({ variant, result });
  }
  return { schema: MATRIX_SCHEMA, scenario: config.scenario, seed: config.seed, durationMs: config.durationMs, users: config.users, startedAt, cells };
}
