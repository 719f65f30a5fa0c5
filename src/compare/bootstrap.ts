/**
 * A bootstrap confidence interval of the difference of two means, for telling a real
 * shift between two sets of repeated runs from run-to-run noise. Seeded, so the same
 * samples always give the same interval.
 */
import { createRng } from '../driver/rng.js';

/** Options of `bootstrapDifference`. */
export interface BootstrapOptions {
  /**
   * How many resamples to draw.
   * @default 2000
   */
  readonly resamples?: number;
  /**
   * Seed of the resampling RNG.
   * @default 1
   */
  readonly seed?: number;
  /**
   * Coverage of the interval, in (0, 1).
   * @default 0.95
   */
  readonly confidence?: number;
}

/** The difference head − base of the means, and its interval. */
export interface BootstrapInterval {
  /** mean(head) − mean(base) of the samples as given. */
  readonly estimate: number;
  /** Percentile interval `[lo, hi]` of the resampled differences. */
  readonly interval: readonly [number, number];
}

/** Arithmetic mean; NaN for no value. */
export function mean(values: readonly number[]): number {
  let sum = 0;
  for (const v of values) sum += v;
  return sum / values.length;
}

/**
 * Percentile-bootstrap interval of mean(head) − mean(base): each resample draws
 * `base.length` values from `base` and `head.length` from `head`, with replacement,
 * independently; the interval holds the middle `confidence` share of the differences.
 * @throws RangeError for an empty sample, a non-finite value or options out of range.
 */
export function bootstrapDifference(
  baseSamples: readonly number[],
  headSamples: readonly number[],
  options: BootstrapOptions = {},
): BootstrapInterval {
  const { resamples = 2000, seed = 1, confidence = 0.95 } = options;
  if (baseSamples.length === 0 || headSamples.length === 0) throw new RangeError('bootstrap of an empty sample');
  if (![...baseSamples, ...headSamples].every(Number.isFinite)) throw new RangeError('bootstrap of a non-finite value');
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`resamples must be a positive integer, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`confidence must be in (0, 1), got ${confidence}`);
  const rng = createRng(seed);
  const resampledMean = (sample: readonly number[]) => {
    let sum = 0;
    for (let i = 0; i < sample.length; i++) sum += sample[Math.floor(rng.next() * sample.length)]!;
    return sum / sample.length;
  };
  const differences = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) differences[r] = resampledMean(headSamples) - resampledMean(baseSamples);
  differences.sort();
  const tail = (1 - confidence) / 2;
  return {
    estimate: mean(headSamples) - mean(baseSamples),
    interval: [quantile(differences, tail), quantile(differences, 1 - tail)],
  };
}

/** The `q` quantile of sorted `values`, interpolating linearly between neighbours. */
function quantile(values: Float64Array, q: number): number {
  const at = q * (values.length - 1);
  const below = Math.floor(at);
  const above = Math.min(below + 1, values.length - 1);
  return values[below]! + (values[above]! - values[below]!) * (at - below);
}
